import { useMemo, useState, type ReactNode } from 'react';
import { useI18n } from '../../i18n';
import { Link } from '../../router';
import { Shell } from '../../components/shell';
import { Banner, Button, Card, Details, EmptyState, Loading, PageHeader } from '../../components/ui';
import { TextArea, TextField } from '../../components/fields';
import { useToast } from '../../components/toast';
import { MapView, metresBetween, type MapPin } from '../../components/map';
import { errorText } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { opsRidesApi, type Order, type OrderEvent } from '../rides/rides-api';
import { ACTIVE, ServiceName, StatusBadge, useKm } from '../rides/ride-ui';

function History({ events }: { events: OrderEvent[] }) {
  const i18n = useI18n();
  const { t, dateTime } = i18n;
  if (!events.length) return <EmptyState icon="clock" title={t('opsOrders.noHistory')} />;
  return (
    <ol className="timeline">
      {events.map((e, i) => {
        const status = e.to ?? e.type;
        const note = typeof e.data.reason === 'string' ? e.data.reason : null;
        return (
          <li key={e.id ?? i} className="timeline-item">
            <span className="timeline-dot" aria-hidden="true" />
            <div className="list-main">
              <div className="row"><StatusBadge status={status} /><time className="muted small">{dateTime(e.at)}</time></div>
              <span className="small">{t('opsOrders.by')} {i18n.has(`opsOrders.role.${e.actorRole}`) ? t(`opsOrders.role.${e.actorRole}` as 'opsOrders.role.system') : e.actorRole}{e.actorId ? <> <bdi dir="ltr" className="mono">{e.actorId}</bdi></> : null}</span>
              {note && <span className="small muted" dir="auto">{note}</span>}
              {e.lat != null && e.lng != null && <bdi dir="ltr" className="small muted">{i18n.digits(`${e.lat.toFixed(5)}, ${e.lng.toFixed(5)}`)}</bdi>}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

function OrderFacts({ o }: { o: Order }) {
  const i18n = useI18n();
  const { t, toman, dateTime } = i18n;
  const km = useKm();
  const rows: Array<[string, ReactNode]> = [
    [t('opsOrders.id'), <bdi key="i" dir="ltr" className="mono">{o.id}</bdi>],
    [t('rides.service'), <ServiceName key="s" code={o.serviceCode} />],
    [t('opsOrders.status'), <StatusBadge key="st" status={o.status} />],
    [t('rides.price.total'), toman(o.priceRials)],
    [t('rides.payTitle'), t(o.paymentMethod === 'cash' ? 'rides.pay.cash' : o.paymentMethod === 'company' ? 'rides.pay.company' : 'rides.pay.wallet')],
    [t('opsOrders.distance'), km(metresBetween(o.origin, o.destination))],
    [t('rides.when'), dateTime(o.createdAt)],
    [t('opsOrders.customer'), o.customer ? <span key="c">{o.customer.firstName ?? ''} <bdi dir="ltr">{i18n.digits(o.customer.maskedMobile)}</bdi></span> : '—'],
    [t('rides.provider'), o.provider ? <Link key="p" to={`/ops/users/${o.provider.id}`}>{o.provider.firstName ?? o.provider.id}</Link> : '—'],
  ];
  if (o.parcel) rows.push([t('rides.parcel.contents'), String(o.parcel.contents ?? o.parcel.category ?? '')]);
  return <Details rows={rows} />;
}

/** PRV-12: hand the job to another provider or back to dispatch; cancel without a fee. Every action needs a reason. */
function OpsActions({ o, onDone }: { o: Order; onDone(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const toast = useToast();
  const [reason, setReason] = useState('');
  const [providerId, setProviderId] = useState('');
  const [busy, setBusy] = useState<'reassign' | 'cancel' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const act = async (kind: 'reassign' | 'cancel') => {
    setBusy(kind);
    setError(null);
    try {
      if (kind === 'reassign') await opsRidesApi.reassign(o.id, reason.trim(), providerId.trim() || undefined);
      else await opsRidesApi.cancel(o.id, reason.trim());
      toast(t('opsOrders.done'), 'success');
      setReason('');
      onDone();
    } catch (e) { setError(errorText(i18n, e)); } finally { setBusy(null); }
  };
  const ok = reason.trim().length >= 3;
  return (
    <Card title={t('opsOrders.actions')}>
      <TextArea label={t('opsOrders.reason')} value={reason} onValue={setReason} rows={2} maxLength={500} name="reason" />
      {o.provider && <TextField label={t('opsOrders.toProvider')} hint={t('opsOrders.toProviderHint')} value={providerId} onValue={setProviderId} name="providerId" ltr />}
      {error && <Banner kind="error">{error}</Banner>}
      <div className="row">
        {o.provider && <Button variant="secondary" busy={busy === 'reassign'} disabled={!ok || busy !== null} onClick={() => void act('reassign')}>{t(providerId.trim() ? 'opsOrders.handOver' : 'opsOrders.redispatch')}</Button>}
        <Button variant="danger" busy={busy === 'cancel'} disabled={!ok || busy !== null} onClick={() => void act('cancel')}>{t('opsOrders.cancel')}</Button>
      </div>
    </Card>
  );
}

/** Ops: one order with its route, parties and full history (who, when, where). */
export function OpsOrderPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const order = useAsync(() => opsRidesApi.order(id), [id]);
  const o = order.data;
  const pins = useMemo<MapPin[]>(() => {
    if (!o) return [];
    const out: MapPin[] = [
      { id: 'o', kind: 'origin', label: t('rides.origin'), ...o.origin },
      { id: 'd', kind: 'destination', label: t('rides.destination'), ...o.destination },
    ];
    if (o.provider?.position) out.push({ id: 'p', kind: 'provider', label: o.provider.firstName ?? t('rides.provider'), lat: o.provider.position.lat, lng: o.provider.position.lng });
    return out;
  }, [o, t]);
  return (
    <Shell wide>
      <PageHeader title={t('opsOrders.detailTitle')} back="/ops/orders" />
      {order.error ? <Banner kind="error">{errorText(i18n, order.error)}</Banner> : null}
      {!o && !order.error && <Loading />}
      {o && (
        <div className="columns">
          <div className="stack-lg">
            <OrderFacts o={o} />
            <MapView center={o.origin} pins={pins} lines={[{ id: 'r', points: [o.origin, o.destination], dashed: true }]} fitKey={o.id} label={t('rides.trackMapLabel')} className="map-mid" />
          </div>
          <div className="stack-lg">
            {ACTIVE.has(o.status) && <OpsActions o={o} onDone={order.reload} />}
            <Card title={t('opsOrders.history')}><History events={o.history ?? []} /></Card>
          </div>
        </div>
      )}
    </Shell>
  );
}
