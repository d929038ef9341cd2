import { useMemo } from 'react';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import { Shell } from '../../components/shell';
import { Banner, ButtonLink, Card, Loading, PageHeader } from '../../components/ui';
import { Link } from '../../router';
import { ServiceName, StatusBadge } from '../rides/ride-ui';
import { MapView, type MapPin } from '../../components/map';
import { errorText } from '../../lib/errors';
import { useAsync, useInterval } from '../../lib/hooks';
import { opsRidesApi, type Order } from '../rides/rides-api';

const OPEN = ['requested', 'offered'] as const;

/** Orders still looking for a provider: the ones ops may need to act on. */
async function openOrders(cityId: string): Promise<Order[]> {
  const lists = await Promise.all(OPEN.map((status) => opsRidesApi.orders({ status, limit: 200 }).catch(() => [] as Order[])));
  return lists.flat().filter((o) => o.cityId === cityId);
}

async function load(cityId: string) {
  const [live, orders] = await Promise.all([opsRidesApi.live(cityId), openOrders(cityId)]);
  return { live, orders };
}

/** Ops: providers online (idle or busy) and open orders on one map, refreshed every few seconds. */
export function OpsLivePage() {
  const i18n = useI18n();
  const { t, num: n } = i18n;
  const cities = useAsync(() => api.catalog.cities(), []);
  const city = cities.data?.[0] as ({ id: string; center?: { lat: number; lng: number } } | undefined);
  const live = useAsync(() => (city ? load(city.id) : Promise.resolve(null)), [city?.id]);
  useInterval(async () => { if (city) live.setData(await load(city.id)); }, 5000, !!city);
  const data = live.data;
  const pins = useMemo(() => {
    if (!data) return [];
    const out: MapPin[] = data.live.providers.map((p) => ({ id: `p-${p.providerId}`, kind: p.state, lat: p.lat, lng: p.lng, title: `${p.providerId} · ${p.fleetType}` }));
    for (const o of data.orders) out.push({ id: `o-${o.id}`, kind: 'order', lat: o.origin.lat, lng: o.origin.lng, title: o.id });
    return out;
  }, [data]);
  return (
    <Shell wide>
      <PageHeader title={t('opsLive.title')} subtitle={t('opsLive.subtitle')} actions={<ButtonLink to="/ops/orders" variant="secondary" icon="list">{t('opsLive.orders')}</ButtonLink>} />
      {cities.error || live.error ? <Banner kind="error">{errorText(i18n, cities.error ?? live.error)}</Banner> : null}
      {!data && !live.error && <Loading />}
      {city && (
        <div className="stack-lg">
          <div className="stats stats-3">
            <div className="stat"><span className="muted small">{t('opsLive.idle')}</span><strong>{n(data?.live.idle ?? 0)}</strong></div>
            <div className="stat"><span className="muted small">{t('opsLive.busy')}</span><strong>{n(data?.live.busy ?? 0)}</strong></div>
            <div className="stat"><span className="muted small">{t('opsLive.openOrders')}</span><strong>{n(data?.orders.length ?? 0)}</strong></div>
          </div>
          <MapView center={city.center ?? { lat: 38.0792, lng: 46.2887 }} zoom={12} pins={pins} label={t('opsLive.mapLabel')} className="map-tall" />
          <ul className="legend">
            <li><span className="map-pin-dot legend-idle" aria-hidden="true" />{t('opsLive.idle')}</li>
            <li><span className="map-pin-dot legend-busy" aria-hidden="true" />{t('opsLive.busy')}</li>
            <li><span className="map-pin-dot legend-order" aria-hidden="true" />{t('opsLive.openOrders')}</li>
          </ul>
          {data && data.orders.length > 0 && (
            <Card title={t('opsLive.openOrders')}>
              <ul className="list">
                {data.orders.map((o) => (
                  <li key={o.id}>
                    <Link to={`/ops/orders/${o.id}`} className="list-row">
                      <span className="list-main"><strong><ServiceName code={o.serviceCode} /></strong><span className="muted small">{i18n.dateTime(o.createdAt)}</span></span>
                      <StatusBadge status={o.status} />
                    </Link>
                  </li>
                ))}
              </ul>
            </Card>
          )}
        </div>
      )}
    </Shell>
  );
}
