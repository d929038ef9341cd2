import { useMemo, type ReactNode } from 'react';
import { request } from '../../api';
import { useI18n } from '../../i18n';
import { Shell } from '../../components/shell';
import { Banner, Card, Details, Loading, PageHeader } from '../../components/ui';
import { MapView, type MapPin } from '../../components/map';
import { errorText } from '../../lib/errors';
import { useAsync, useInterval } from '../../lib/hooks';
import type { z } from 'zod';
import type * as X from '../../../../src/modules/trips/trips.schemas';
import { ServiceName, StatusBadge, useMinutes } from './ride-ui';

type SharedTrip = z.infer<typeof X.sharedTripReply>;
const load = (token: string) => request<SharedTrip>('GET', `/v1/share/${encodeURIComponent(token)}`, { auth: false });

/** ORD-13: the public page of a shared trip: status, provider first name and vehicle, position, ETA; no numbers. */
export function SharedTripPage({ token }: { token: string }) {
  const i18n = useI18n();
  const { t, digits } = i18n;
  const minutes = useMinutes();
  const trip = useAsync(() => load(token), [token]);
  useInterval(async () => { trip.setData(await load(token)); }, 5000, !!trip.data);
  const s = trip.data;
  const pins = useMemo(() => {
    if (!s) return [];
    const out: MapPin[] = [{ id: 'd', kind: 'destination', label: t('rides.destination'), ...s.destination }];
    if (s.position) out.push({ id: 'p', kind: 'provider', label: s.provider?.firstName ?? t('rides.provider'), lat: s.position.lat, lng: s.position.lng });
    return out;
  }, [s, t]);
  const v = s?.provider?.vehicle;
  return (
    <Shell>
      <PageHeader title={t('rides.sharedTitle', { name: s?.customer.firstName ?? '' })} subtitle={s ? <ServiceName code={s.serviceCode} /> : undefined} />
      {trip.error ? <Banner kind="error">{errorText(i18n, trip.error)}</Banner> : null}
      {!s && !trip.error && <Loading />}
      {s && (
        <div className="stack-lg">
          <MapView center={s.position ?? s.destination} pins={pins} fitKey={s.position ? 'p' : 'd'} label={t('rides.trackMapLabel')} className="map-tall" />
          <Card>
            <Details rows={[
              [t('opsOrders.status'), <StatusBadge key="s" status={s.status} />],
              ...(s.provider ? [[t('rides.provider'), [s.provider.firstName, v?.make, v?.model, v?.colour].filter(Boolean).join(' · ')] as [string, string]] : []),
              ...(v?.plate ? [[t('rides.plate'), <bdi key="p" dir="auto">{digits(v.plate)}</bdi>] as [string, ReactNode]] : []),
              ...(s.eta ? [[t('rides.eta'), minutes(s.eta.seconds)] as [string, string]] : []),
            ]} />
          </Card>
        </div>
      )}
    </Shell>
  );
}
