import type { ReactNode } from 'react';
import { api } from '../api';
import { LOCALES } from '../i18n/digits';
import { useI18n, type MessageKey } from '../i18n';
import { useSession } from '../session';
import { Link, navigate, useLocation } from '../router';
import { AREA_HOME, AREA_LABEL, areasOf, hasRole, homeArea, rememberArea, type Area } from '../areas';
import { Icon, type IconName } from './icons';
import { Menu } from './menu';

export function LanguageMenu() {
  const { t, locale, setLocale } = useI18n();
  const { me, replaceMe } = useSession();
  const choose = (next: typeof locale) => {
    setLocale(next);
    // Keep the profile in step, so SMS arrive in the same language (best effort).
    if (me && me.locale !== next) {
      api.me.update({ locale: next }).then(replaceMe, () => undefined);
    }
  };
  return (
    <Menu
      label={t('lang.menu')}
      button={<><Icon name="globe" /><span className="lang-short">{t(`lang.${locale}` as MessageKey)}</span></>}
      items={LOCALES.map((l) => ({ key: l, lang: l, label: t(`lang.${l}` as MessageKey), current: l === locale, onSelect: () => choose(l) }))}
    />
  );
}

function AccountMenu({ area }: { area: Area }) {
  const { t, digits } = useI18n();
  const { me, signOut } = useSession();
  if (!me) return null;
  const areas = areasOf(me);
  const name = [me.firstName, me.lastName].filter(Boolean).join(' ') || t('account.noName');
  const items = [
    ...(areas.length > 1 ? areas.map((a) => ({
      key: `area-${a}`, current: a === area, label: t('account.switchTo', { area: t(AREA_LABEL[a]) }),
      onSelect: () => { rememberArea(a); navigate(AREA_HOME[a]); },
    })) : []),
    { key: 'profile', label: t('nav.profile'), onSelect: () => navigate('/profile') },
    ...(hasRole(me, 'provider') ? [] : [{ key: 'onboarding', label: t('onb.nav'), onSelect: () => navigate('/onboarding') }]),
    { key: 'kyc', label: t('kycp.nav'), onSelect: () => navigate('/kyc') },
    { key: 'companies', label: t('cmp.nav'), onSelect: () => navigate('/companies') },
    { key: 'signout', label: t('account.signOut'), danger: true, onSelect: () => { void signOut().then(() => navigate('/signin')); } },
  ];
  return (
    <Menu
      label={t('account.menu')}
      button={<Icon name="user" />}
      header={<div className="menu-head"><strong>{name}</strong><span className="muted"><bdi dir="ltr">{digits(me.mobile)}</bdi></span></div>}
      items={items}
    />
  );
}

interface Tab { to: string; label: MessageKey; icon: IconName; match: string; also?: string[]; exact?: boolean }

/** The money pages of ops (issue 3) sit under one tab. */
const OPS_MONEY_PATHS = ['/ops/ledger', '/ops/settlements', '/ops/promotions', '/ops/payment-links', '/ops/penalties'];

function tabsOf(area: Area, isAdmin: boolean, canSearch: boolean): Tab[] {
  if (area === 'ops') {
    return [
      { to: '/ops/reviews', label: 'nav.reviews', icon: 'clipboard', match: '/ops/reviews' },
      ...(canSearch ? [{ to: '/ops/kyc', label: 'kycOps.title' as const, icon: 'user' as const, match: '/ops/kyc' }, { to: '/ops/companies', label: 'cmpOps.title' as const, icon: 'users' as const, match: '/ops/companies' }] : []),
      ...(canSearch ? [{ to: '/ops/users', label: 'nav.users' as const, icon: 'users' as const, match: '/ops/users' }] : []),
      ...(canSearch ? [{ to: '/ops/orders', label: 'opsOrders.nav' as const, icon: 'car' as const, match: '/ops/orders', also: ['/ops/live'] }] : []),
      ...(canSearch ? [{ to: '/ops/dashboard', label: 'opsDash.nav' as const, icon: 'sparkle' as const, match: '/ops/dashboard' }] : []),
      ...(canSearch ? [{ to: '/ops/errands', label: 'err.nav' as const, icon: 'clipboard' as const, match: '/ops/errands' }] : []),
      ...(canSearch ? [{ to: '/ops/providers', label: 'opsProv.nav' as const, icon: 'moto' as const, match: '/ops/providers' }] : []),
      { to: '/ops/payment-orders', label: 'xpo.nav', icon: 'wallet', match: '/ops/payment-orders' },
      ...(canSearch ? [{ to: '/ops/claims', label: 'clm.nav' as const, icon: 'list' as const, match: '/ops/claims', also: ['/ops/complaints'] }] : []),
      ...(canSearch ? [{ to: '/ops/shop', label: 'shop.ops.title' as const, icon: 'clipboard' as const, match: '/ops/shop', also: ['/ops/provider-requests', '/ops/guarantee-returns'] }] : []),
      { to: '/ops/money', label: 'nav.money', icon: 'wallet', match: '/ops/money', also: OPS_MONEY_PATHS },
      ...(canSearch ? [{ to: '/ops/rewards', label: 'rwd.title' as const, icon: 'sparkle' as const, match: '/ops/rewards' }] : []),
      { to: '/ops/settings', label: 'nav.settings', icon: 'sliders', match: '/ops/settings' },
      { to: '/ops/audit', label: 'nav.audit', icon: 'list', match: '/ops/audit' },
      ...(isAdmin ? [{ to: '/ops/terms', label: 'nav.terms' as const, icon: 'doc' as const, match: '/ops/terms' }] : []),
    ];
  }
  const wallet = area === 'provider' ? '/provider/wallet' : '/wallet';
  return [
    { to: AREA_HOME[area], label: 'nav.home', icon: 'home', match: AREA_HOME[area], exact: true },
    { to: wallet, label: 'nav.wallet', icon: 'wallet', match: wallet, also: ['/payments', ...(area === 'customer' ? [] : ['/wallet'])] },
    { to: area === 'provider' ? '/provider/errands' : '/errands', label: 'err.nav', icon: 'clipboard', match: area === 'provider' ? '/provider/errands' : '/errands' },
    ...(area === 'customer' ? [{ to: '/payment-orders', label: 'xpo.nav' as const, icon: 'wallet' as const, match: '/payment-orders' }] : []),
    ...(area === 'provider' ? [{ to: '/provider/shop', label: 'shop.nav' as const, icon: 'clipboard' as const, match: '/provider/shop', also: ['/provider/requests', '/provider/guarantee'] }] : []),
    area === 'provider'
      ? { to: '/provider/complaints', label: 'clm.provider.nav', icon: 'list', match: '/provider/complaints' }
      : { to: '/claims', label: 'clm.nav', icon: 'list', match: '/claims', also: ['/complaints'] },
    { to: '/profile', label: 'nav.profile', icon: 'user', match: '/profile' },
    { to: '/terms', label: 'nav.termsShort', icon: 'doc', match: '/terms' },
  ];
}

/** Which area the current page belongs to; shared pages (profile, terms) keep the last one. */
export function areaOfPath(path: string, fallback: Area): Area {
  if (path.startsWith('/ops')) return 'ops';
  if (path.startsWith('/provider')) return 'provider';
  if (path.startsWith('/home') || path.startsWith('/rides')) return 'customer';
  // A provider's top-up and receipts live under /wallet/ too, so only the wallet itself is the customer's.
  if (path === '/wallet') return 'customer';
  return fallback;
}

/** The frame of every page: brand, area tabs, language and account menus, then the page. */
export function Shell({ children, wide }: { children: ReactNode; wide?: boolean }) {
  const { t } = useI18n();
  const { me } = useSession();
  const { path } = useLocation();
  const area = areaOfPath(path, homeArea(me));
  const tabs = me ? tabsOf(area, hasRole(me, 'ops_admin'), hasRole(me, 'ops_agent', 'ops_admin')) : [];
  return (
    <>
      <a href="#main" className="skip-link">{t('common.skipToContent')}</a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link to="/" className="brand" aria-label={t('app.home')}>
            <span className="brand-mark" aria-hidden="true">{t('app.mark')}</span>
            <span className="brand-name">{t('app.name')}</span>
            {me && areasOf(me).length > 0 && <span className="brand-area">{t(AREA_LABEL[area])}</span>}
          </Link>
          <div className="topbar-actions">
            <LanguageMenu />
            {me && <AccountMenu area={area} />}
          </div>
        </div>
        {tabs.length > 0 && (
          <nav className="tabs" aria-label={t('nav.label')}>
            {tabs.map((tab) => {
              const current = path === tab.match || (!tab.exact && [tab.match, ...(tab.also ?? [])].some((m) => path === m || path.startsWith(`${m}/`)));
              return (
                <Link key={tab.to} to={tab.to} className={current ? 'tab tab-current' : 'tab'} aria-current={current ? 'page' : undefined}>
                  <Icon name={tab.icon} size={18} />
                  <span>{t(tab.label)}</span>
                </Link>
              );
            })}
          </nav>
        )}
      </header>
      <main id="main" className={wide ? 'page page-wide' : 'page'} tabIndex={-1}>{children}</main>
    </>
  );
}
