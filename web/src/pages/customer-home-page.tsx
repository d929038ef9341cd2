import { api, type Service, type UserSelf } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { useSession } from '../session';
import { Link } from '../router';
import { Shell } from '../components/shell';
import { Badge, Banner, ButtonLink, Card, Loading } from '../components/ui';
import { Icon, type IconName } from '../components/icons';
import { useToast } from '../components/toast';
import { errorText } from '../lib/errors';
import { useAsync } from '../lib/hooks';

const SERVICE_ICON: Record<string, IconName> = {
  car_ride: 'car', moto_ride: 'moto', moto_parcel: 'box', van_parcel: 'truck', moving: 'home', errand: 'clipboard', payment_order: 'card',
};
/** Services the rides-and-parcels screens (issue 4) can order; the rest are still to come. */
const ORDERABLE: ReadonlySet<string> = new Set(['car_ride', 'moto_ride', 'moto_parcel', 'van_parcel']);
/** Services with their own screens outside rides and parcels (errands: issue 7). */
const TILE_LINK: Record<string, string> = { errand: '/errands' };
const KIND_ICON: Record<string, IconName> = { ride: 'car', parcel: 'box', moving: 'truck', errand: 'clipboard', payment_order: 'card' };

interface Readiness { canOrder: boolean; missing: string[]; termsAccepted: boolean }

/** What stands between the customer and a first order (ACC-1, ACC-8, ACC-9). */
async function loadReadiness(me: UserSelf, locale: string): Promise<Readiness> {
  const [eligibility, terms] = await Promise.all([api.me.eligibility(), api.terms.current(locale).catch(() => null)]);
  const missing = new Set(eligibility.reasons);
  if (me.status === 'blocked') missing.add('ACCOUNT_BLOCKED');
  if (!me.profileComplete) missing.add('PROFILE_INCOMPLETE');
  if (terms && !terms.accepted) missing.add('TERMS_NOT_ACCEPTED');
  return { canOrder: eligibility.canOrder, missing: [...missing], termsAccepted: terms?.accepted ?? true };
}

function Checklist({ r }: { r: Readiness }) {
  const { t } = useI18n();
  const item = (done: boolean, label: MessageKey, to: string, action: MessageKey) => (
    <li className={done ? 'check-item check-done' : 'check-item'}>
      <span className="check-icon" aria-hidden="true"><Icon name={done ? 'check' : 'clock'} size={16} /></span>
      <span className="check-label">{t(label)}<span className="sr-only">{done ? ` — ${t('home.done')}` : ` — ${t('home.todo')}`}</span></span>
      {!done && <ButtonLink to={to} variant="secondary">{t(action)}</ButtonLink>}
    </li>
  );
  return (
    <Card title={r.canOrder ? t('home.readyTitle') : t('home.missingTitle')} subtitle={r.canOrder ? t('home.readyText') : t('home.missingText')}>
      <ul className="checklist">
        {item(!r.missing.includes('PROFILE_INCOMPLETE'), 'home.itemProfile', '/profile', 'home.completeProfile')}
        {item(!r.missing.includes('TERMS_NOT_ACCEPTED'), 'home.itemTerms', '/terms', 'home.readTerms')}
      </ul>
    </Card>
  );
}

function ServiceTiles({ services, off }: { services: Service[]; off: boolean }) {
  const { t, locale } = useI18n();
  const toast = useToast();
  return (
    <div className={off ? 'tiles tiles-off' : 'tiles'}>
      {services.map((s) => (ORDERABLE.has(s.code) || TILE_LINK[s.code]) && !off ? (
        <Link key={s.id} to={TILE_LINK[s.code] ?? `/rides/new?service=${s.code}`} className="tile">
          <span className="tile-icon"><Icon name={SERVICE_ICON[s.code]} size={26} /></span>
          <span className="tile-name">{s.names[locale]}</span>
        </Link>
      ) : (
        <button key={s.id} type="button" className="tile" onClick={() => toast(t('home.comingSoonToast', { service: s.names[locale] }))}>
          <span className="tile-icon"><Icon name={SERVICE_ICON[s.code] ?? KIND_ICON[s.kind] ?? 'sparkle'} size={26} /></span>
          <span className="tile-name">{s.names[locale]}</span>
          <Badge>{t('home.comingSoon')}</Badge>
        </button>
      ))}
    </div>
  );
}

export function CustomerHomePage() {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const { me } = useSession();
  const readiness = useAsync(() => loadReadiness(me!, locale), [me, locale]);
  const services = useAsync(() => api.catalog.services(), []);
  if (!me) return null;
  const blocked = me.status === 'blocked' || readiness.data?.missing.includes('ACCOUNT_BLOCKED');

  return (
    <Shell>
      <div className="hello">
        <h1 className="page-title">{me.firstName ? t('home.hello', { name: me.firstName }) : t('home.helloNoName')}</h1>
        <p className="page-subtitle">{t('home.subtitle')}</p>
      </div>
      <div className="stack-lg">
        {blocked && (
          <Banner kind="error" title={t('home.blockedTitle')}>
            <p>{me.blockedReason ? t('home.blockedReason', { reason: me.blockedReason }) : t('home.blockedNoReason')}</p>
            <p>{t('home.blockedHelp')}</p>
          </Banner>
        )}
        {readiness.loading && !readiness.data && <Loading />}
        {readiness.error ? <Banner kind="error">{errorText(i18n, readiness.error)}</Banner> : null}
        {readiness.data && !blocked && <Checklist r={readiness.data} />}
        <section aria-labelledby="services-title">
          <div className="owner-head"><h2 id="services-title" className="section-title">{t('home.services')}</h2><Link to="/rides" className="list-cta">{t('rides.historyLink')}</Link></div>
          {services.loading && !services.data && <Loading />}
          {services.error ? <Banner kind="error">{errorText(i18n, services.error)}</Banner> : null}
          {services.data && <ServiceTiles services={services.data} off={!!blocked} />}
        </section>
      </div>
    </Shell>
  );
}
