import { useState } from 'react';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import { Shell } from '../../components/shell';
import { Banner, ButtonLink, Card, EmptyState, Loading, PageHeader } from '../../components/ui';
import { errorText } from '../../lib/errors';
import { useAsync, useInterval } from '../../lib/hooks';
import { Segmented } from '../money/money-ui';
import { ServiceName } from '../rides/ride-ui';
import { opsRidesApi, type OpsDashboard } from '../rides/rides-api';

type Days = '1' | '7' | '30';

/** OPS-3: how the city's orders went over the last day, week or month, refreshed every minute. */
export function OpsDashboardPage() {
  const i18n = useI18n();
  const { t, num: n } = i18n;
  const [days, setDays] = useState<Days>('1');
  const cities = useAsync(() => api.catalog.cities(), []);
  const city = cities.data?.[0] as ({ id: string } | undefined);
  const dash = useAsync(() => (city ? opsRidesApi.dashboard(city.id, Number(days)) : Promise.resolve(null)), [city?.id, days]);
  useInterval(async () => { if (city) dash.setData(await opsRidesApi.dashboard(city.id, Number(days))); }, 60_000, !!city);
  const d = dash.data;
  const minutes = d?.acceptSecondsMedian == null ? null : d.acceptSecondsMedian;
  return (
    <Shell wide>
      <PageHeader title={t('opsDash.title')} subtitle={t('opsDash.subtitle')}
        actions={<ButtonLink to="/ops/live" variant="secondary" icon="globe">{t('opsOrders.liveMap')}</ButtonLink>} />
      <Segmented label={t('opsDash.period')} value={days} onValue={setDays}
        options={[{ value: '1', label: t('opsDash.day') }, { value: '7', label: t('opsDash.week') }, { value: '30', label: t('opsDash.month') }]} />
      {cities.error || dash.error ? <Banner kind="error">{errorText(i18n, cities.error ?? dash.error)}</Banner> : null}
      {!d && !dash.error && <Loading />}
      {d && (
        <div className="stack-lg dash">
          <div className="stats stats-3">
            <Stat label={t('opsDash.orders')} value={n(d.totals.orders)} />
            <Stat label={t('opsDash.completed')} value={n(d.totals.completed)} />
            <Stat label={t('opsDash.cancelled')} value={t('opsDash.percent', { value: d.totals.cancelledPercent })} />
            <Stat label={t('opsDash.open')} value={n(d.totals.open)} />
            <Stat label={t('opsDash.fares')} value={i18n.toman(d.totals.completedFareRials)} />
            <Stat label={t('opsDash.acceptWait')} value={minutes === null ? '—' : i18n.clock(minutes)} />
          </div>
          {d.totals.orders === 0 ? (
            <EmptyState icon="car" title={t('opsDash.empty')}>{t('opsDash.emptyHint')}</EmptyState>
          ) : (
            <>
              <Card title={d.unit === 'hour' ? t('opsDash.perHour') : t('opsDash.perDay')}>
                <BucketChart d={d} />
              </Card>
              <Card title={t('opsDash.byService')}>
                <ul className="dash-bars">
                  {d.byService.map((s) => (
                    <li key={s.serviceCode}>
                      <span className="dash-bar-label"><ServiceName code={s.serviceCode} /></span>
                      <span className="dash-bar-track"><span className="dash-bar-fill" style={{ inlineSize: `${(100 * s.orders) / Math.max(1, d.byService[0].orders)}%` }} /></span>
                      <span className="dash-bar-value">{t('opsDash.serviceValue', { orders: s.orders, completed: s.completed })}</span>
                    </li>
                  ))}
                </ul>
              </Card>
            </>
          )}
        </div>
      )}
    </Shell>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return <div className="stat"><span className="muted small">{label}</span><strong>{value}</strong></div>;
}

/** Orders per bucket as columns (created, with the completed part darker); time runs in the reading direction. */
function BucketChart({ d }: { d: OpsDashboard }) {
  const i18n = useI18n();
  const { t, num: n } = i18n;
  const max = Math.max(1, ...d.buckets.map((b) => b.created));
  const label = (at: string) => (d.unit === 'hour' ? n(Number(at.slice(11, 13))) : i18n.dayMonth(at.slice(0, 10)));
  const every = Math.ceil(d.buckets.length / 8);
  return (
    <figure className="dash-chart" aria-label={t('opsDash.chartLabel')}>
      <div className="dash-cols" role="list">
        {d.buckets.map((b, i) => (
          <div key={b.at} className="dash-col" role="listitem" title={`${label(b.at)}: ${t('opsDash.bucketValue', { created: b.created, completed: b.completed, cancelled: b.cancelled })}`}>
            <span className="dash-col-bar" style={{ blockSize: `${(100 * b.created) / max}%` }}>
              <span className="dash-col-done" style={{ blockSize: b.created ? `${(100 * b.completed) / b.created}%` : 0 }} />
            </span>
            <span className="dash-col-label" aria-hidden={i % every !== 0}>{i % every === 0 ? label(b.at) : ''}</span>
          </div>
        ))}
      </div>
      <figcaption className="legend">
        <span><span className="map-pin-dot dash-legend-created" aria-hidden="true" />{t('opsDash.created')}</span>
        <span><span className="map-pin-dot dash-legend-done" aria-hidden="true" />{t('opsDash.completed')}</span>
        <span className="muted small">{t('opsDash.max', { value: max })}</span>
      </figcaption>
    </figure>
  );
}
