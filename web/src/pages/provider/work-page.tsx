import { useMemo, useState } from 'react';
import { api, type City } from '../../api';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { Shell } from '../../components/shell';
import { Badge, Banner, Button, Card, PageHeader } from '../../components/ui';
import { Checkbox } from '../../components/fields';
import { useToast } from '../../components/toast';
import { MapView, type LatLng, type MapPin } from '../../components/map';
import { errorText } from '../../lib/errors';
import { useAsync, useInterval } from '../../lib/hooks';
import { providerApi, ridesApi, type Offer, type Order } from '../rides/rides-api';
import { ACTIVE, StarRating } from '../rides/ride-ui';
import { useLive, type LiveMessage } from '../rides/live';
import { useProviderPosition } from './position';
import { OfferCard } from './offer-card';
import { JobCard } from './job-card';

/** Where the provider is heading now: the pickup, then the drop-off (or back to the sender). */
function targetOf(job: Order | null | undefined): LatLng | null {
  if (!job) return null;
  if (job.status === 'accepted') return job.origin;
  if (job.status === 'in_progress') return job.destination;
  if (job.status === 'returning') return job.origin;
  return null;
}

function WorkMap({ position, job, offer }: { position: LatLng | null; job: Order | null; offer: Offer | null }) {
  const { t } = useI18n();
  const pins = useMemo(() => {
    const out: MapPin[] = [];
    const from = job?.origin ?? offer?.pickup;
    const to = job?.destination ?? offer?.dropoff;
    if (from) out.push({ id: 'o', kind: 'origin', label: t('work.nav.pickup'), ...from });
    if (to) out.push({ id: 'd', kind: 'destination', label: t('work.nav.dropoffShort'), ...to });
    if (position) out.push({ id: 'me', kind: 'me', label: t('work.me'), ...position });
    return out;
  }, [position?.lat, position?.lng, job?.id, offer?.id, t]);
  const from = job?.origin ?? offer?.pickup;
  const to = job?.destination ?? offer?.dropoff;
  return (
    <MapView center={position ?? from ?? { lat: 38.0792, lng: 46.2887 }} pins={pins}
      lines={from && to ? [{ id: 'r', points: [from, to], dashed: true }] : []}
      fitKey={`${job?.id ?? offer?.id ?? 'none'}|${position ? 'p' : ''}`} label={t('work.mapLabel')} className="map-tall" />
  );
}

/** ORD-14: the provider rates the customer after the job, once; skipping is fine. */
function RateCustomer({ order, onClose }: { order: Order; onClose(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [stars, setStars] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = async (n: number) => {
    setStars(n);
    setBusy(true);
    setError(null);
    try { await ridesApi.rate(order.id, n); onClose(); } catch (e) { setError(errorText(i18n, e)); } finally { setBusy(false); }
  };
  return (
    <Card title={t('work.rateCustomer', { name: order.customer?.firstName ?? t('work.customer') })} actions={<Button variant="ghost" onClick={onClose}>{t('work.skip')}</Button>}>
      <StarRating value={stars} onValue={(n) => void send(n)} disabled={busy} />
      {error && <Banner kind="error">{error}</Banner>}
    </Card>
  );
}

/** The provider's working screen: online toggle, location, offers with countdown, the current job. */
export function ProviderWorkPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const toast = useToast();
  const { me } = useSession();
  const status = useAsync(() => providerApi.me(), []);
  const cities = useAsync(() => api.catalog.cities(), []);
  const job = useAsync(() => providerApi.current(), []);
  const [online, setOnline] = useState<boolean | null>(null);
  const [offer, setOffer] = useState<Offer | null>(null);
  const [busy, setBusy] = useState<'toggle' | 'accept' | 'reject' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [finished, setFinished] = useState<Order | null>(null);
  const isOnline = online ?? (!!status.data && status.data.presence.state !== 'offline');
  const current = job.data && ACTIVE.has(job.data.status) ? job.data : null;
  const center = (cities.data?.[0] as (City & { center?: LatLng }) | undefined)?.center ?? null;
  const pos = useProviderPosition({ online: isOnline, start: center, target: targetOf(current) });

  const onLive = (m: LiveMessage) => {
    if (m.type === 'offer' && m.offer) setOffer(m.offer as Offer);
    if (m.type === 'offer.withdrawn') setOffer((o) => (o && o.id === m.offerId ? null : o));
    if (m.type === 'assigned' || m.type === 'order.status') job.reload();
  };
  useLive(isOnline && me ? `provider:${me.id}` : null, onLive);
  useInterval(async () => {
    if (!current) setOffer(await providerApi.offer().catch(() => null));
    job.setData(await providerApi.current());
  }, 3000, isOnline || !!current);

  const toggle = async () => {
    setBusy('toggle');
    setError(null);
    try {
      if (isOnline) { await providerApi.offline(); setOnline(false); setOffer(null); }
      else {
        const at = pos.position ?? center;
        if (!at) throw new Error('no position');
        await providerApi.online(at);
        setOnline(true);
      }
    } catch (e) { setError(errorText(i18n, e)); } finally { setBusy(null); }
  };
  const answer = async (accept: boolean) => {
    if (!offer) return;
    setBusy(accept ? 'accept' : 'reject');
    setError(null);
    try {
      if (accept) job.setData(await providerApi.accept(offer.id));
      else await providerApi.reject(offer.id);
    } catch (e) { setError(errorText(i18n, e)); job.reload(); } finally { setOffer(null); setBusy(null); }
  };
  const jobChanged = (o: Order | null) => {
    job.setData(o);
    if (o && !ACTIVE.has(o.status)) toast(t(o.status === 'completed' ? 'work.jobDone' : 'work.jobEnded'), 'success');
    if (o?.status === 'completed') setFinished(o);
  };

  return (
    <Shell>
      <PageHeader title={t('work.title')} back="/provider" />
      <div className="stack-lg">
        {status.error ? <Banner kind="error">{errorText(i18n, status.error)}</Banner> : null}
        <Card>
          <div className="status-hero">
            <span className={isOnline ? 'status-dot status-dot-on' : 'status-dot'} aria-hidden="true" />
            <div className="list-main">
              <strong>{t(isOnline ? 'work.online' : 'work.offline')}</strong>
              <span className="muted small">{t(isOnline ? (current ? 'work.onJob' : 'work.waiting') : 'work.offlineHint')}</span>
            </div>
            <Button variant={isOnline ? 'secondary' : 'primary'} busy={busy === 'toggle'} onClick={() => void toggle()} disabled={!!current && isOnline}>
              {t(isOnline ? 'work.goOffline' : 'work.goOnline')}
            </Button>
          </div>
          <div className="row">
            <Badge tone={pos.source === 'gps' ? 'good' : 'neutral'}>{t(pos.source === 'gps' ? 'work.loc.gps' : pos.source === 'demo' ? 'work.loc.demo' : 'work.loc.pending')}</Badge>
            {pos.rejected > 0 && <Badge tone="bad">{t('work.loc.rejected', { n: pos.rejected })}</Badge>}
          </div>
          {pos.source === 'demo' && <Checkbox label={t('work.loc.simulate')} hint={t('work.loc.simulateHint')} checked={pos.simulate} onValue={pos.setSimulate} />}
          {error && <Banner kind="error">{error}</Banner>}
        </Card>
        {offer && !current && <OfferCard offer={offer} position={pos.position} busy={busy === 'accept' || busy === 'reject' ? busy : null} onAccept={() => void answer(true)} onReject={() => void answer(false)} />}
        <WorkMap position={pos.position} job={current} offer={current ? null : offer} />
        {finished && !current && <RateCustomer order={finished} onClose={() => setFinished(null)} />}
        {current && <JobCard order={current} position={pos.position} myId={me?.id} onChange={jobChanged} />}
        {isOnline && !current && !offer && <p className="muted center" role="status">{t('work.noOffer')}</p>}
      </div>
    </Shell>
  );
}
