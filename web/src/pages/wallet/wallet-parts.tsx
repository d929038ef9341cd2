import type { ReactNode } from 'react';
import { useI18n } from '../../i18n';
import { Link } from '../../router';
import { Banner, ButtonLink, Card, Loading } from '../../components/ui';
import { Icon } from '../../components/icons';
import { Balance, LoadMore, StatementList, usePaged } from '../money/money-ui';
import { moneyApi, type Balance as BalanceView, type MyAccount, type PaymentLink, type StatementLine } from '../money/money-api';
import { LINK_REASON_LABEL } from '../money/labels';
import { errorText } from '../../lib/errors';

/** The big number of a wallet, with what is held for orders in progress when something is. */
export function BalanceHero({ label, balance, children, actions }: { label: ReactNode; balance: BalanceView; children?: ReactNode; actions?: ReactNode }) {
  const { t, toman } = useI18n();
  const held = BigInt(balance.pendingRials);
  return (
    <section className="card balance-card" aria-label={typeof label === 'string' ? label : undefined}>
      <span className="balance-label">{label}</span>
      <Balance rials={balance.balanceRials} className="balance-big" />
      {held !== 0n && <p className="balance-held">{t('wallet.held', { held: toman(held < 0n ? -held : held), available: toman(balance.availableRials) })}</p>}
      {children}
      {actions && <div className="balance-actions">{actions}</div>}
    </section>
  );
}

/** PAY-2: why a wallet is below zero and how it is paid back. */
export function NegativeBalanceBanner({ balance, provider, topupTo }: { balance: BalanceView; provider?: boolean; topupTo: string }) {
  const { t, toman } = useI18n();
  const v = BigInt(balance.balanceRials);
  if (v >= 0n) return null;
  return (
    <Banner kind="warning" title={t(provider ? 'wallet.negativeProviderTitle' : 'wallet.negativeTitle', { amount: toman(-v) })}
      action={<ButtonLink to={topupTo} variant="secondary" icon="plus">{t(provider ? 'wallet.payDebt' : 'wallet.topup')}</ButtonLink>}>
      <p>{t(provider ? 'wallet.negativeProviderText' : 'wallet.negativeText')}</p>
    </Banner>
  );
}

/** PAY-5: charges sent to this user by payment link that are still open. */
export function OpenCharges({ links }: { links: PaymentLink[] }) {
  const { t, toman, dateTime } = useI18n();
  if (!links.length) return null;
  return (
    <Card title={t('charges.title')} subtitle={t('charges.subtitle')}>
      <ul className="list">
        {links.map((l) => (
          <li key={l.id}>
            <Link to={`/p/${encodeURIComponent(l.code)}`} className="list-row">
              <span className="line-icon line-icon-debit" aria-hidden="true"><Icon name="receipt" size={18} /></span>
              <span className="list-main">
                <strong>{toman(l.amountRials)} · {t(LINK_REASON_LABEL[l.reason])}</strong>
                <span className="muted small" dir="auto">{l.description}</span>
                <span className="muted small">{t('charges.until', { date: dateTime(l.expiresAt) })}</span>
              </span>
              <span className="list-cta">{t('charges.pay')}</span>
            </Link>
          </li>
        ))}
      </ul>
    </Card>
  );
}

/** One of my accounts' statement, paged as the list scrolls. */
export function MyStatement({ account, titleOf, empty }: { account: MyAccount; titleOf?: (l: StatementLine) => string | undefined; empty: { title: ReactNode; text?: ReactNode; action?: ReactNode } }) {
  const i18n = useI18n();
  const paged = usePaged((cursor) => moneyApi.statement(account, cursor).then((p) => ({ items: p.items, next: p.nextCursor })), [account]);
  const detailsOf = (l: StatementLine) => (l.reference?.type === 'payment'
    ? <Link to={`/payments/${encodeURIComponent(l.reference.id)}`} className="small">{i18n.t('wallet.details')}</Link>
    : null);
  return (
    <>
      {paged.error ? <Banner kind="error">{errorText(i18n, paged.error)}</Banner> : null}
      {!paged.items && !paged.error && <Loading />}
      {paged.items && <StatementList lines={paged.items} titleOf={titleOf} extraOf={detailsOf} empty={empty} />}
      <LoadMore paged={paged} />
    </>
  );
}
