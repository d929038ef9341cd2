import { useI18n } from '../../i18n';
import { Shell } from '../../components/shell';
import { Badge, Banner, ButtonLink, Card, EmptyState, Loading, PageHeader } from '../../components/ui';
import { errorText } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { errandsApi } from './errands-api';
import { ErrandRow } from './errands-ui';

/** ERR-1 / ERR-5: the errand catalogue and the customer's errands. */
export function ErrandsPage() {
  const i18n = useI18n();
  const { t, locale, toman, num } = i18n;
  const services = useAsync(() => errandsApi.services(), []);
  const mine = useAsync(() => errandsApi.mine(), []);
  const byCode = new Map((services.data ?? []).map((s) => [s.code, s]));
  return (
    <Shell>
      <PageHeader title={t('err.title')} subtitle={t('err.subtitle')} />
      {services.error || mine.error ? <Banner kind="error">{errorText(i18n, services.error ?? mine.error)}</Banner> : null}
      {services.loading && !services.data ? <Loading /> : null}
      <Card title={t('err.catalogue')}>
        <ul className="list">
          {(services.data ?? []).map((s) => (
            <li key={s.code} className="list-row">
              <span className="list-main">
                <strong>{s.names[locale]}</strong>
                <span className="muted">
                  {s.priceMode === 'rule' ? t('err.priceRule', { base: toman(s.baseRials), item: toman(s.perItemRials) }) : t('err.priceQuote')}
                  {' — '}{t('err.leadDays', { n: num(s.leadDays) })}
                </span>
                {s.requiredDocuments.length ? <span className="muted">{t('err.requiredDocs')}: {s.requiredDocuments.map((d) => d[locale]).join('، ')}</span> : null}
                {s.volumeTiers.length ? <span className="muted">{s.volumeTiers.map((v) => t('err.tier', { n: num(v.minQuantity), off: num(v.percentOff) })).join('، ')}</span> : null}
              </span>
              {s.powerOfAttorney ? <Badge tone="warn">{t('err.poa')}</Badge> : null}
              <ButtonLink to={`/errands/new?service=${s.code}`} variant="secondary">{t('err.request')}</ButtonLink>
            </li>
          ))}
        </ul>
      </Card>
      <h2 className="section-title">{t('err.mine')}</h2>
      {mine.data && mine.data.length === 0 ? <EmptyState icon="clipboard" title={t('err.none')} /> : null}
      {mine.data && mine.data.length > 0 ? (
        <ul className="list card-list">
          {mine.data.map((e) => <li key={e.id}><ErrandRow errand={e} to={`/errands/${e.id}`} service={byCode.get(e.serviceCode)} /></li>)}
        </ul>
      ) : null}
    </Shell>
  );
}
