import { useState } from 'react';
import { useI18n, type MessageKey } from '../../i18n';
import { Shell } from '../../components/shell';
import { Banner, Button, Card, Loading, PageHeader } from '../../components/ui';
import { SelectField, TextField } from '../../components/fields';
import { useToast } from '../../components/toast';
import { errorText } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { errandsApi, fileToBase64, type Timeline } from './errands-api';
import { DocumentsCard, ErrandMoney, TimelineCard } from './errands-ui';

const CANCELLABLE = ['requested', 'feasible', 'quoted', 'paid', 'assigned', 'dispatched', 'in_progress'];
const OPEN_FOR_DOCS = ['requested', 'feasible', 'quoted', 'paid', 'assigned', 'dispatched', 'in_progress'];

/** ERR-5: the customer's errand: timeline, price, pay (wallet or card), documents, cancel (ERR-7), rating. */
export function ErrandPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const [version, setVersion] = useState(0);
  const data = useAsync(() => errandsApi.timeline(id), [id, version]);
  const reload = () => setVersion((v) => v + 1);
  if (data.error) return <Shell><PageHeader title={t('err.title')} back="/errands" /><Banner kind="error">{errorText(i18n, data.error)}</Banner></Shell>;
  if (!data.data) return <Shell><Loading /></Shell>;
  const tl = data.data;
  return (
    <Shell>
      <PageHeader title={tl.service.names[locale]} back="/errands" />
      <Card><ErrandMoney errand={tl.errand} /></Card>
      {tl.errand.status === 'quoted' ? <PayCard tl={tl} onDone={reload} /> : null}
      {tl.errand.status === 'done' && tl.errand.rating === null ? <RateCard id={id} onDone={reload} /> : null}
      <TimelineCard timeline={tl} />
      <DocumentsCard docs={tl.documents}>{OPEN_FOR_DOCS.includes(tl.errand.status) ? <DocumentForm id={id} onDone={reload} /> : null}</DocumentsCard>
      {CANCELLABLE.includes(tl.errand.status) ? <CancelCard id={id} status={tl.errand.status} onDone={reload} /> : null}
    </Shell>
  );
}

function useAction(onDone: () => void) {
  const i18n = useI18n();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (fn: () => Promise<unknown>, ok?: string) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      if (ok) toast(ok);
      onDone();
    } catch (err) {
      setError(errorText(i18n, err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

function PayCard({ tl, onDone }: { tl: Timeline; onDone(): void }) {
  const { t, toman } = useI18n();
  const a = useAction(onDone);
  const gateway = () => a.run(async () => {
    const res = await errandsApi.pay(tl.errand.id, 'gateway');
    if (res.redirectUrl) window.location.assign(res.redirectUrl);
  });
  return (
    <Card title={t('err.payTitle', { amount: toman(tl.errand.priceRials ?? '0') })} subtitle={t('err.payHint')}>
      {a.error ? <Banner kind="error">{a.error}</Banner> : null}
      <div className="row">
        <Button busy={a.busy} icon="wallet" onClick={() => a.run(() => errandsApi.pay(tl.errand.id, 'wallet'), t('err.paidToast'))}>{t('err.payWallet')}</Button>
        <Button busy={a.busy} variant="secondary" icon="card" onClick={gateway}>{t('err.payCard')}</Button>
      </div>
    </Card>
  );
}

function CancelCard({ id, status, onDone }: { id: string; status: string; onDone(): void }) {
  const { t } = useI18n();
  const a = useAction(onDone);
  const [reason, setReason] = useState('');
  const rule: MessageKey = ['assigned'].includes(status) ? 'err.cancelFee' : ['dispatched', 'in_progress'].includes(status) ? 'err.cancelCost' : 'err.cancelFree';
  return (
    <Card title={t('err.cancelTitle')} subtitle={t(rule)}>
      {a.error ? <Banner kind="error">{a.error}</Banner> : null}
      <TextField label={t('err.reason')} name="cancelReason" value={reason} onValue={setReason} />
      <Button variant="danger" busy={a.busy} disabled={!reason.trim()} onClick={() => a.run(() => errandsApi.cancel(id, reason), t('err.cancelledToast'))}>{t('err.cancel')}</Button>
    </Card>
  );
}

function RateCard({ id, onDone }: { id: string; onDone(): void }) {
  const { t, num } = useI18n();
  const a = useAction(onDone);
  return (
    <Card title={t('err.rateTitle')}>
      {a.error ? <Banner kind="error">{a.error}</Banner> : null}
      <div className="row">
        {[1, 2, 3, 4, 5].map((s) => <Button key={s} variant="secondary" busy={a.busy} onClick={() => a.run(() => errandsApi.rate(id, s))}>{num(s)} ★</Button>)}
      </div>
    </Card>
  );
}

/** ERR-4: upload a scan, or say how an original travels. */
function DocumentForm({ id, onDone }: { id: string; onDone(): void }) {
  const { t } = useI18n();
  const a = useAction(onDone);
  const [label, setLabel] = useState('');
  const [mode, setMode] = useState<'upload' | 'post' | 'courier' | 'in_person'>('upload');
  const [file, setFile] = useState<File | null>(null);
  const [tracking, setTracking] = useState('');
  const send = () => a.run(async () => {
    if (mode === 'upload') {
      if (!file) return;
      await errandsApi.upload(id, label, file.name, await fileToBase64(file));
    } else await errandsApi.original(id, label, mode, tracking);
    setLabel('');
    setFile(null);
  }, t('err.docSaved'));
  return (
    <div className="form">
      {a.error ? <Banner kind="error">{a.error}</Banner> : null}
      <TextField label={t('err.docLabel')} name="docLabel" value={label} onValue={setLabel} />
      <SelectField label={t('err.documentDelivery')} name="docMode" value={mode} onValue={(v) => setMode(v as typeof mode)}
        options={(['upload', 'post', 'courier', 'in_person'] as const).map((d) => ({ value: d, label: t(`err.delivery.${d}` as MessageKey) }))} />
      {mode === 'upload' ? <input type="file" accept="image/jpeg,image/png,application/pdf" aria-label={t('err.docFile')} onChange={(e) => setFile(e.target.files?.[0] ?? null)} /> : null}
      {mode === 'post' || mode === 'courier' ? <TextField label={t('err.tracking')} name="tracking" value={tracking} onValue={setTracking} ltr /> : null}
      <Button variant="secondary" busy={a.busy} disabled={!label.trim() || (mode === 'upload' && !file)} onClick={send}>{t('err.docAdd')}</Button>
    </div>
  );
}
