import { useMemo, useState } from 'react';
import { useI18n } from '../../i18n';
import { Shell } from '../../components/shell';
import { Badge, Banner, Button, ButtonLink, Card, Details, Loading, PageHeader, Spinner } from '../../components/ui';
import { Icon } from '../../components/icons';
import { TextArea } from '../../components/fields';
import { useToast } from '../../components/toast';
import { MapView, metresBetween, type MapPin } from '../../components/map';
import { errorText } from '../../lib/errors';
import { useAsync, useInterval } from '../../lib/hooks';
import { ridesApi, type Order } from './rides-api';
import { useLive, type LiveMessage } from './live';
import { ChatPanel } from './chat';
import { ChangeCard } from './order-options';
import { ACTIVE, SEARCHING, ServiceName, StarRating, StatusBadge, useKm, useMinutes } from './ride-ui';

/** City traffic, for an ETA when the server sends none: about 25 km/h door to door. */
const CITY_SPEED_MS = 25 / 3.6;

function etaOf(order: Order): number | null {
  const pos = order.provider?.position;
  if (!pos) return null;
  const target = order.status === 'in_progress' ? order.destination : order.origin;
  return metresBetween(pos, target) / CITY_SPEED_MS;
}

function TripMap({ order }: { order: Order }) {
  const { t } = useI18n();
  const pos = order.provider?.position;
  const pins = useMemo(() => {
    const out: MapPin[] = [
      { id: 'o', kind: 'origin', label: t('rides.origin'), ...order.origin },
      { id: 'd', kind: 'destination', label: t('rides.destination'), ...order.destination },
    ];
    if (pos) out.push({ id: 'p', kind: 'provider', label: order.provider?.firstName ?? t('rides.provider'), lat: pos.lat, lng: pos.lng });
    return out;
  }, [order.origin, order.destination, pos?.lat, pos?.lng, t]);
  return <MapView center={order.origin} pins={pins} lines={[{ id: 'r', points: [order.origin, order.destination], dashed: true }]} fitKey={pos ? 'with-provider' : 'route'} label={t('rides.trackMapLabel')} className="map-tall" />;
}

function Searching({ order }: { order: Order }) {
  const { t } = useI18n();
  return (
    <Card className="searching">
      <div className="searching-pulse" aria-hidden="true"><Icon name="search" size={30} /></div>
      <h2 className="card-title center">{t('rides.searchingTitle')}</h2>
      <p className="muted center">{t('rides.searchingText')}</p>
      <div className="row center-row"><Spinner /><StatusBadge status={order.status} /></div>
    </Card>
  );
}

function ShareButton({ orderId }: { orderId: string }) {
  const i18n = useI18n();
  const toast = useToast();
  const [url, setUrl] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const share = async () => {
    setBusy(true);
    try {
      const r = await ridesApi.share(orderId);
      const full = new URL(r.url, location.origin).toString();
      setUrl(full);
      if (navigator.share) await navigator.share({ title: i18n.t('rides.shareTitle'), url: full }).catch(() => undefined);
      else await navigator.clipboard?.writeText(full).then(() => toast(i18n.t('rides.shareCopied'), 'success'), () => undefined);
    } catch (e) { toast(errorText(i18n, e), 'error'); } finally { setBusy(false); }
  };
  return (
    <div className="stack">
      <Button variant="secondary" icon="link" busy={busy} onClick={() => void share()}>{i18n.t('rides.share')}</Button>
      {url && <p className="link-url"><bdi dir="ltr">{url}</bdi></p>}
    </div>
  );
}

function CancelBox({ order, onDone }: { order: Order; onDone(o: Order): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const feeApplies = order.status === 'accepted' || order.status === 'arrived';
  const cancel = async () => {
    setBusy(true);
    setError(null);
    try { onDone(await ridesApi.cancel(order.id, 'customer_request')); } catch (e) { setError(errorText(i18n, e)); } finally { setBusy(false); }
  };
  if (!open) return <Button variant="ghost" icon="x" onClick={() => setOpen(true)}>{t('rides.cancel')}</Button>;
  return (
    <div className="confirm-box">
      <p>{t(feeApplies ? 'rides.cancelFeeWarning' : 'rides.cancelSure')}</p>
      {error && <Banner kind="error">{error}</Banner>}
      <div className="row">
        <Button variant="danger" busy={busy} onClick={() => void cancel()}>{t('rides.cancelConfirm')}</Button>
        <Button variant="ghost" onClick={() => setOpen(false)}>{t('rides.keepOrder')}</Button>
      </div>
    </div>
  );
}

/** ORD-18: a relay number connects the call; neither side sees the other's number. */
function CallButton({ orderId }: { orderId: string }) {
  const i18n = useI18n();
  const toast = useToast();
  const [relay, setRelay] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const call = async () => {
    setBusy(true);
    try { setRelay((await ridesApi.call(orderId)).relayNumber); } catch (e) { toast(errorText(i18n, e), 'error'); } finally { setBusy(false); }
  };
  if (relay) return <a className="btn btn-secondary" href={`tel:${relay}`}><Icon name="message" size={18} /><span>{i18n.t('rides.call')} <bdi dir="ltr">{i18n.digits(relay)}</bdi></span></a>;
  return <Button variant="secondary" busy={busy} onClick={() => void call()}>{i18n.t('rides.call')}</Button>;
}

function ProviderCard({ order }: { order: Order }) {
  const { t, digits } = useI18n();
  const minutes = useMinutes();
  const [chat, setChat] = useState(false);
  const eta = etaOf(order);
  const v = order.provider?.vehicle as { make?: string; model?: string; colour?: string; plate?: string } | null | undefined;
  return (
    <Card>
      <div className="provider-head">
        <span className="avatar" aria-hidden="true">{(order.provider?.firstName ?? '؟').slice(0, 1)}</span>
        <div className="list-main">
          <strong>{order.provider?.firstName ?? t('rides.provider')}</strong>
          {v && <span className="muted small">{[v.make, v.model, v.colour].filter(Boolean).join(' · ')}{v.plate ? <> · <bdi dir="auto">{digits(v.plate)}</bdi></> : null}</span>}
        </div>
        <StatusBadge status={order.status} />
      </div>
      {eta != null && order.status !== 'arrived' && (
        <p className="eta" role="status"><Icon name="clock" size={18} /> {t(order.status === 'in_progress' ? 'rides.etaDrop' : 'rides.etaPickup', { time: minutes(eta) })}</p>
      )}
      {order.status === 'arrived' && <Banner kind="info">{t('rides.arrivedText')}</Banner>}
      <div className="row">
        <Button variant="secondary" icon="message" onClick={() => setChat(!chat)} aria-expanded={chat}>{t('rides.chat.open')}</Button>
        <CallButton orderId={order.id} />
      </div>
      <ShareButton orderId={order.id} />
      <p className="muted small">{t('rides.chat.privacy')}</p>
      {chat && <ChatPanel orderId={order.id} me="customer" />}
    </Card>
  );
}

function RateBox({ orderId }: { orderId: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [stars, setStars] = useState(0);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = async () => {
    setBusy(true);
    setError(null);
    try { await ridesApi.rate(orderId, stars, comment.trim() || undefined); setDone(true); } catch (e) { setError(errorText(i18n, e)); } finally { setBusy(false); }
  };
  if (done) return <Banner kind="success">{t('rides.rate.thanks')}</Banner>;
  return (
    <Card title={t('rides.rate.title')}>
      <StarRating value={stars} onValue={setStars} disabled={busy} />
      <TextArea label={t('rides.rate.comment')} value={comment} onValue={setComment} rows={2} maxLength={500} name="comment" />
      {error && <Banner kind="error">{error}</Banner>}
      <Button block busy={busy} disabled={stars === 0} onClick={() => void send()}>{t('rides.rate.send')}</Button>
    </Card>
  );
}

function Completed({ order }: { order: Order }) {
  const { t, toman, dateTime } = useI18n();
  return (
    <>
      <div className="result result-good">
        <span className="result-icon"><Icon name="check" size={36} /></span>
        <h2 className="page-title">{t(order.kind === 'parcel' ? 'rides.deliveredTitle' : 'rides.completedTitle')}</h2>
        <strong className="result-amount amount">{toman(order.priceRials)}</strong>
        <p className="muted">{t(order.paymentMethod === 'cash' ? 'rides.paidCash' : order.paymentMethod === 'company' ? 'rides.paidCompany' : 'rides.paidWallet')}</p>
      </div>
      <Details rows={[
        [t('rides.service'), <ServiceName key="s" code={order.serviceCode} />],
        [t('rides.when'), order.completedAt ? dateTime(order.completedAt) : dateTime(order.createdAt)],
        ...(order.provider ? [[t('rides.provider'), order.provider.firstName ?? '']] as Array<[string, string]> : []),
      ]} />
      <ButtonLink to={order.receiptId ? `/wallet/receipts/${order.receiptId}` : '/wallet/receipts'} variant="secondary" icon="receipt" block>{t('rides.receipt')}</ButtonLink>
      <RateBox orderId={order.id} />
      <AfterTripLinks order={order} />
    </>
  );
}

function Ended({ order }: { order: Order }) {
  const i18n = useI18n();
  const { t, toman } = i18n;
  const reason = order.reason && i18n.has(`rides.endReason.${order.reason.code}`) ? `rides.endReason.${order.reason.code}` : null;
  const title = order.status === 'expired' ? 'rides.expiredTitle' : order.status === 'returned' ? 'rides.returnedTitle' : order.status === 'no_show' ? 'rides.noShowTitle' : 'rides.cancelledTitle';
  return (
    <div className="stack-lg">
      <div className="result result-warn">
        <span className="result-icon"><Icon name={order.status === 'returned' ? 'box' : 'ban'} size={36} /></span>
        <h2 className="page-title">{t(title)}</h2>
        {order.status === 'expired' && <p className="muted">{t('rides.expiredText')}</p>}
        {reason && order.status !== 'expired' && <p className="muted">{i18n.has(reason) ? t(reason) : null}</p>}
        {BigInt(order.feeRials || '0') > 0n && <p>{t('rides.feeCharged', { fee: toman(order.feeRials) })}</p>}
      </div>
      <ButtonLink to={`/rides/new?service=${order.serviceCode}`} block icon="plus">{t('rides.orderAgain')}</ButtonLink>
      {order.status === 'returned' && <AfterTripLinks order={order} />}
    </div>
  );
}

/** CLM-1 / CLM-2 after a job: report parcel damage, or complain about the provider. */
function AfterTripLinks({ order }: { order: Order }) {
  const { t } = useI18n();
  return (
    <div className="row">
      {order.kind === 'parcel' && <ButtonLink to={`/claims/new?order=${order.id}`} variant="ghost" icon="box">{t('clm.new.title')}</ButtonLink>}
      {order.provider && <ButtonLink to={`/complaints/new?order=${order.id}`} variant="ghost" icon="alert">{t('clm.complaint.title')}</ButtonLink>}
    </div>
  );
}

/** The customer follows the order live (ORD-13): searching, provider coming, trip, payment, rating. */
export function TripPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const km = useKm();
  const order = useAsync(() => ridesApi.get(id), [id]);
  const o = order.data;
  const active = !!o && ACTIVE.has(o.status);
  const onLive = (m: LiveMessage) => {
    if (m.type === 'order.status' && m.order) order.setData(m.order as Order);
    else if (m.type === 'order.status') order.reload();
    if (m.type === 'provider.position' && o?.provider) {
      order.setData({ ...o, provider: { ...o.provider, position: { lat: Number(m.lat), lng: Number(m.lng), at: String(m.at ?? '') } } });
    }
  };
  const live = useLive(active ? `order:${id}` : null, onLive);
  // The socket carries the news; polling covers a socket that could not open.
  useInterval(async () => { order.setData(await ridesApi.get(id)); }, live.connected ? 15000 : 4000, active);

  return (
    <Shell>
      <PageHeader title={o ? <ServiceName code={o.serviceCode} /> : t('rides.tripTitle')} back="/rides"
        subtitle={o ? km(metresBetween(o.origin, o.destination)) : undefined}
        actions={active ? <Badge tone={live.connected ? 'good' : 'neutral'}>{t(live.connected ? 'rides.live' : 'rides.updating')}</Badge> : undefined} />
      {order.error ? <Banner kind="error">{errorText(i18n, order.error)}</Banner> : null}
      {!o && !order.error && <Loading />}
      {o && (
        <div className="stack-lg">
          {o.status !== 'completed' && <TripMap order={o} />}
          {SEARCHING.has(o.status) && <Searching order={o} />}
          {active && !SEARCHING.has(o.status) && <ProviderCard order={o} />}
          {active && !SEARCHING.has(o.status) && o.status !== 'returning' && <ChangeCard order={o} onDone={order.setData} />}
          {o.status === 'completed' && <Completed order={o} />}
          {o.status === 'scheduled' && o.scheduledAt && <Banner kind="info" title={t('rides.scheduledTitle')}>{t('rides.scheduledFor', { time: i18n.dateTime(o.scheduledAt) })}</Banner>}
          {!active && o.status !== 'completed' && o.status !== 'scheduled' && <Ended order={o} />}
          {(active || o.status === 'scheduled') && o.status !== 'in_progress' && o.status !== 'returning' && <CancelBox order={o} onDone={order.setData} />}
        </div>
      )}
    </Shell>
  );
}

