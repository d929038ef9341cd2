import { useState, type ReactNode } from 'react';
import { toAsciiDigits, useI18n, type MessageKey } from '../../i18n';
import { Link, navigate } from '../../router';
import { Shell } from '../../components/shell';
import { Badge, Banner, Button, Card, Details, EmptyState, Loading, PageHeader } from '../../components/ui';
import { Checkbox, SelectField, TextField } from '../../components/fields';
import { useToast } from '../../components/toast';
import { errorText } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { Timeline } from '../shop/shop-parts';
import { OpsSelfServiceTabs } from '../shop/ops-shop-pages';
import { requestsApi, type ChangeRequest, type SubmitBody } from './requests-api';

type Kind = ChangeRequest['type'];
const TONE: Record<ChangeRequest['status'], 'neutral' | 'good' | 'bad' | 'warn'> = { submitted: 'warn', approved: 'good', rejected: 'bad', cancelled: 'neutral' };
const typeKey = (k: string) => `prq.type.${k}` as MessageKey;
const statusKey = (s: string) => `prq.status.${s}` as MessageKey;
const docKey = (d: string) => `prq.doc.${d}` as MessageKey;

/** PRV-4 for the provider: my requests and the form for a new one. */
export function ProviderRequestsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const list = useAsync(() => requestsApi.mine(), []);
  return (
    <Shell>
      <PageHeader title={t('prq.title')} subtitle={t('prq.subtitle')} back="/provider/shop" />
      <div className="stack-lg">
        <NewRequestForm onDone={(id) => navigate(`/provider/requests/${encodeURIComponent(id)}`)} />
        {list.data?.length === 0 && <EmptyState icon="list" title={t('prq.none')} />}
        <ul className="list card-list">
          {list.data?.map((r) => (
            <li key={r.id}>
              <Link to={`/provider/requests/${encodeURIComponent(r.id)}`} className="list-row list-link">
                <span className="list-main"><strong>{t(typeKey(r.type))}</strong><span className="muted">{i18n.dateTime(r.createdAt)}</span></span>
                <Badge tone={TONE[r.status]}>{t(statusKey(r.status))}</Badge>
              </Link>
            </li>
          ))}
        </ul>
      </div>
    </Shell>
  );
}

const EMPTY_VEHICLE = { make: '', model: '', modelYear: '', plate: '', colour: '', seats: '1' };

function NewRequestForm({ onDone }: { onDone(id: string): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const docs = useAsync(() => requestsApi.documents(), []);
  const [kind, setKind] = useState<Kind>('documents');
  const [mobile, setMobile] = useState('');
  const [code, setCode] = useState('');
  const [codeSent, setCodeSent] = useState(false);
  const [fleet, setFleet] = useState<'motorcycle' | 'van' | 'car'>('motorcycle');
  const [motoKind, setMotoKind] = useState<'parcel' | 'taxi' | 'both'>('both');
  const [withVehicle, setWithVehicle] = useState(false);
  const [v, setV] = useState(EMPTY_VEHICLE);
  const [picked, setPicked] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const vehicle = { make: v.make, model: v.model, modelYear: Number(toAsciiDigits(v.modelYear)) || 0, plate: v.plate, colour: v.colour, seats: Number(toAsciiDigits(v.seats)) || 1 };
  const showVehicle = kind === 'vehicle' || (kind === 'fleet' && withVehicle);
  function body(): SubmitBody {
    if (kind === 'mobile') return { type: 'mobile', newMobile: toAsciiDigits(mobile), code: toAsciiDigits(code) };
    if (kind === 'vehicle') return { type: 'vehicle', vehicle, documentIds: picked };
    if (kind === 'fleet') return { type: 'fleet', fleetType: fleet, ...(fleet === 'motorcycle' ? { motorcycleKind: motoKind } : {}), ...(withVehicle ? { vehicle } : {}), documentIds: picked };
    return { type: 'documents', documentIds: picked };
  }
  async function run(fn: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try { await fn(); } catch (err) { setError(err); } finally { setBusy(false); }
  }
  return (
    <Card title={t('prq.new')}>
      <div className="stack">
        <SelectField label={t('prq.type')} name="type" value={kind} onValue={(x) => setKind(x as Kind)}
          options={(['documents', 'vehicle', 'fleet', 'mobile'] as const).map((k) => ({ value: k, label: t(typeKey(k)) }))} />
        {kind === 'mobile' && (
          <>
            <TextField label={t('prq.newMobile')} name="mobile" inputMode="tel" ltr value={i18n.digits(mobile)} onValue={(x) => setMobile(toAsciiDigits(x))} />
            <Button variant="secondary" busy={busy} onClick={() => run(async () => { await requestsApi.mobileCode(mobile); setCodeSent(true); })}>{t('prq.sendCode')}</Button>
            {codeSent && <TextField label={t('prq.code')} name="code" inputMode="numeric" ltr value={i18n.digits(code)} onValue={(x) => setCode(toAsciiDigits(x))} />}
          </>
        )}
        {kind === 'fleet' && (
          <>
            <SelectField label={t('prq.fleet')} name="fleet" value={fleet} onValue={(x) => setFleet(x as typeof fleet)}
              options={(['motorcycle', 'van', 'car'] as const).map((f) => ({ value: f, label: t(`prq.fleet.${f}` as MessageKey) }))} />
            {fleet === 'motorcycle' && <SelectField label={t('prq.motoKind')} name="motoKind" value={motoKind} onValue={(x) => setMotoKind(x as typeof motoKind)}
              options={(['parcel', 'taxi', 'both'] as const).map((k) => ({ value: k, label: t(`prq.moto.${k}` as MessageKey) }))} />}
            <Checkbox label={t('prq.newVehicle')} checked={withVehicle} onValue={setWithVehicle} />
            <p className="muted">{t('prq.fleetHint')}</p>
          </>
        )}
        {showVehicle && (
          <>
            {(['make', 'model', 'modelYear', 'plate', 'colour', 'seats'] as const).map((f) => (
              <TextField key={f} label={t(`prq.vehicle.${f}` as MessageKey)} name={f} value={v[f]} onValue={(x) => setV({ ...v, [f]: x })} />
            ))}
          </>
        )}
        {kind !== 'mobile' && (
          <fieldset className="stack">
            <legend>{t('prq.attach')}</legend>
            {docs.data?.length === 0 && <p className="muted">{t('prq.noDocuments')}</p>}
            {docs.data?.filter((d) => d.status !== 'rejected').map((d) => (
              <Checkbox key={d.id} label={`${t(docKey(d.type))} (${t(`prq.docStatus.${d.status}` as MessageKey)})`} checked={picked.includes(d.id)}
                onValue={(on) => setPicked((p) => (on ? [...p, d.id] : p.filter((x) => x !== d.id)))} />
            ))}
          </fieldset>
        )}
        {error ? <Banner kind="error">{errorText(i18n, error)}</Banner> : null}
        <Button busy={busy} disabled={kind === 'mobile' && !codeSent} onClick={() => run(async () => onDone((await requestsApi.submit(body())).id))}>{t('prq.submit')}</Button>
      </div>
    </Card>
  );
}

function RequestDetails({ r }: { r: ChangeRequest }) {
  const i18n = useI18n();
  const { t } = i18n;
  const p = r.payload;
  return (
    <Details rows={[
      [t('prq.type'), t(typeKey(r.type))],
      ...(p.newMobile ? [[t('prq.newMobile'), <span key="m" dir="ltr">{i18n.digits(p.newMobile)}</span>] as [string, ReactNode]] : []),
      ...(p.fleetType ? [[t('prq.fleet'), `${t(`prq.fleet.${p.fleetType}` as MessageKey)} · ${(p.serviceCodes ?? []).join('، ')}`] as [string, string]] : []),
      ...(p.vehicle && r.type !== 'documents' ? [[t('prq.vehicle'), i18n.digits([p.vehicle.make, p.vehicle.model, p.vehicle.year, p.vehicle.plate, p.vehicle.colour].filter(Boolean).join(' · '))] as [string, string]] : []),
      ...(r.rejectReason ? [[t('grt.rejectReason'), r.rejectReason] as [string, string]] : []),
    ]} />
  );
}

/** One request with its timeline; withdraw while open. */
export function ProviderRequestPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const r = useAsync(() => requestsApi.get(id), [id]);
  return (
    <Shell>
      <PageHeader title={t('prq.title')} back="/provider/requests" />
      {r.error ? <Banner kind="error">{errorText(i18n, r.error)}</Banner> : null}
      {!r.data && !r.error && <Loading />}
      {r.data && (
        <Card title={t(typeKey(r.data.type))} actions={<Badge tone={TONE[r.data.status]}>{t(statusKey(r.data.status))}</Badge>}>
          <RequestDetails r={r.data} />
          <Timeline events={r.data.events} />
          {r.data.status === 'submitted' && <Button variant="secondary" onClick={async () => r.setData(await requestsApi.cancel(id))}>{t('prq.withdraw')}</Button>}
        </Card>
      )}
    </Shell>
  );
}

/** PRV-4 queue for ops. */
export function OpsRequestsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const list = useAsync(() => requestsApi.ops.list('submitted'), []);
  return (
    <Shell wide>
      <PageHeader title={t('prq.ops.title')} />
      <OpsSelfServiceTabs current="requests" />
      {list.data?.length === 0 && <EmptyState icon="check" title={t('prq.none')} />}
      <ul className="list card-list">
        {list.data?.map((r) => (
          <li key={r.id}>
            <Link to={`/ops/provider-requests/${encodeURIComponent(r.id)}`} className="list-row list-link">
              <span className="list-main"><strong>{t(typeKey(r.type))}</strong><span className="muted">{i18n.dateTime(r.createdAt)}</span></span>
              <Badge tone={TONE[r.status]}>{t(statusKey(r.status))}</Badge>
            </Link>
          </li>
        ))}
      </ul>
    </Shell>
  );
}

/** One request for ops: attached documents (approve them here), then approve (applies the change) or reject. */
export function OpsRequestPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const toast = useToast();
  const r = useAsync(() => requestsApi.ops.get(id), [id]);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function run(fn: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try { await fn(); toast(t('shop.saved'), 'success'); r.reload(); } catch (err) { setError(err); } finally { setBusy(false); }
  }
  const d = r.data;
  return (
    <Shell wide>
      <PageHeader title={t('prq.ops.title')} back="/ops/provider-requests" />
      {r.error ? <Banner kind="error">{errorText(i18n, r.error)}</Banner> : null}
      {d && (
        <div className="stack-lg">
          <Card title={<Link to={`/ops/users/${encodeURIComponent(d.userId)}`}>{i18n.digits(d.userId)}</Link>} actions={<Badge tone={TONE[d.status]}>{t(statusKey(d.status))}</Badge>}>
            <RequestDetails r={d} />
            <ul className="list">
              {d.documents.map((doc) => (
                <li key={doc.id} className="list-row">
                  <span className="list-main"><strong>{t(docKey(doc.type))}</strong><span className="muted">{t(`prq.docStatus.${doc.status}` as MessageKey)}</span></span>
                  {doc.status === 'pending' && <Button variant="secondary" busy={busy} onClick={() => run(() => requestsApi.ops.approveDocument(doc.id))}>{t('prq.approveDocument')}</Button>}
                </li>
              ))}
            </ul>
          </Card>
          {error ? <Banner kind="error">{errorText(i18n, error)}</Banner> : null}
          {d.status === 'submitted' && (
            <Card title={t('grt.ops.decide')}>
              <div className="stack">
                <Button busy={busy} onClick={() => run(() => requestsApi.ops.approve(id))}>{t('prq.approve')}</Button>
                <TextField label={t('grt.rejectReason')} name="reason" value={reason} onValue={setReason} />
                <Button variant="danger" busy={busy} disabled={reason.trim().length < 3} onClick={() => run(() => requestsApi.ops.reject(id, reason))}>{t('prq.reject')}</Button>
              </div>
            </Card>
          )}
          <Card title={t('timeline.title')}><Timeline events={d.events} /></Card>
        </div>
      )}
    </Shell>
  );
}
