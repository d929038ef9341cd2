import { useState, type ChangeEvent } from 'react';
import { toAsciiDigits, useI18n, type MessageKey } from '../../i18n';
import { navigate, useLocation } from '../../router';
import { useSession } from '../../session';
import { Shell } from '../../components/shell';
import { Badge, Banner, Button, ButtonLink, Card, Details, EmptyState, Loading, PageHeader } from '../../components/ui';
import { SelectField, TextField } from '../../components/fields';
import { errorText } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { fileToBase64 } from '../errands/errands-api';
import { Segmented } from '../money/money-ui';
import { opsXpoApi, type XpoOpsOrder } from './payment-orders-api';
import { XpoStatusBadge } from './payment-orders-pages';

const FILTERS = ['open', 'awaiting_verification', 'queued', 'in_progress', 'fulfilled', 'refunded'] as const;
const CURRENCIES = ['USD', 'EUR', 'GBP', 'AED', 'TRY', 'CAD'];

function SlaBadge({ o }: { o: XpoOpsOrder }) {
  const { t } = useI18n();
  if (o.slaState === 'none') return null;
  return <Badge tone={o.slaState === 'late' ? 'bad' : o.slaState === 'due_soon' ? 'warn' : 'good'}>{t(`xpo.sla.${o.slaState}` as MessageKey)}</Badge>;
}

/** XPO-5: the fulfilment queue, earliest deadline first, with each order's SLA age. */
export function OpsPaymentOrdersPage() {
  const i18n = useI18n();
  const { t, toman, num, digits } = i18n;
  const { query } = useLocation();
  const status = query.get('status') ?? 'open';
  const list = useAsync(() => opsXpoApi.queue(status), [status]);
  return (
    <Shell wide>
      <PageHeader title={t('xpo.opsTitle')} actions={<ButtonLink to="/ops/payment-orders/rates" icon="sliders" variant="secondary">{t('xpo.rates')}</ButtonLink>} />
      <div className="filter-row">
        <Segmented label={t('xpo.status')} value={status} onValue={(s) => navigate(`/ops/payment-orders?status=${s}`, { replace: true })}
          options={FILTERS.map((f) => ({ value: f, label: f === 'open' ? t('xpo.filter.open') : t(`xpo.status.${f}` as MessageKey) }))} />
      </div>
      {list.error ? <Banner kind="error">{errorText(i18n, list.error)}</Banner> : null}
      {!list.data ? <Loading /> : list.data.length === 0 ? <EmptyState icon="clipboard" title={t('xpo.queueEmpty')} /> : (
        <ul className="list card-list">
          {list.data.map((o) => (
            <li key={o.id}>
              <a className="list-row" href={`/ops/payment-orders/${o.id}`} onClick={(e) => { e.preventDefault(); navigate(`/ops/payment-orders/${o.id}`); }}>
                <span className="list-main">
                  <strong>{o.siteName} — <bdi dir="ltr">{digits(o.amount)} {o.currency}</bdi></strong>
                  <span className="muted">{toman(o.paidRials)} — {t('xpo.age', { n: num(o.ageMinutes) })}{o.slaDueAt ? ` — ${t('xpo.dueBy', { at: i18n.dateTime(o.slaDueAt) })}` : ''}</span>
                </span>
                <SlaBadge o={o} />
                <XpoStatusBadge status={o.status} />
              </a>
            </li>
          ))}
        </ul>
      )}
    </Shell>
  );
}

/** XPO-3: ops set each currency's rate with its validity window (audited on the server). */
export function OpsFxRatesPage() {
  const i18n = useI18n();
  const { t, toman } = i18n;
  const rates = useAsync(() => opsXpoApi.rates(), []);
  const [currency, setCurrency] = useState('USD');
  const [rate, setRate] = useState('');
  const [hours, setHours] = useState('24');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function save() {
    setBusy(true);
    setError(null);
    try {
      const h = Math.max(1, Number(toAsciiDigits(hours)) || 24);
      await opsXpoApi.setRate({ currency, rialsPerUnit: toAsciiDigits(rate).trim(), validUntil: new Date(Date.now() + h * 3_600_000).toISOString(), reason });
      setRate('');
      rates.reload();
    } catch (err) {
      setError(errorText(i18n, err));
    } finally {
      setBusy(false);
    }
  }
  const now = Date.now();
  return (
    <Shell wide>
      <PageHeader title={t('xpo.rates')} back="/ops/payment-orders" />
      <Card title={t('xpo.setRate')}>
        <div className="form">
          <SelectField label={t('xpo.currency')} name="currency" value={currency} onValue={setCurrency} options={CURRENCIES.map((c) => ({ value: c, label: c }))} />
          <TextField label={t('xpo.rialsPerUnitLabel')} name="rialsPerUnit" value={rate} onValue={setRate} inputMode="decimal" ltr required />
          <TextField label={t('xpo.validHours')} name="validHours" value={hours} onValue={setHours} inputMode="numeric" />
          <TextField label={t('xpo.reason')} name="reason" value={reason} onValue={setReason} required />
          {error ? <p className="field-error" role="alert">{error}</p> : null}
          <Button busy={busy} onClick={save}>{t('xpo.saveRate')}</Button>
        </div>
      </Card>
      {rates.error ? <Banner kind="error">{errorText(i18n, rates.error)}</Banner> : null}
      {!rates.data ? <Loading /> : (
        <ul className="list card-list">
          {rates.data.map((r) => {
            const live = new Date(r.validFrom).getTime() <= now && new Date(r.validUntil).getTime() > now;
            return (
              <li key={r.id} className="list-row">
                <span className="list-main">
                  <strong><bdi dir="ltr">{r.currency}</bdi> — {toman(String(Math.round(Number(r.rialsPerUnit))))}</strong>
                  <span className="muted">{i18n.dateTime(r.validFrom)} — {i18n.dateTime(r.validUntil)}</span>
                </span>
                <Badge tone={live ? 'good' : 'neutral'}>{live ? t('xpo.rateLive') : t('xpo.rateInactive')}</Badge>
              </li>
            );
          })}
        </ul>
      )}
    </Shell>
  );
}

/** XPO-5 / XPO-2 / XPO-8: one order: claim, credentials for the assigned operator, receipt upload, refund. */
export function OpsPaymentOrderPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, toman, digits } = i18n;
  const { me } = useSession();
  const order = useAsync(() => opsXpoApi.one(id), [id]);
  const [creds, setCreds] = useState<{ username: string; password: string } | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [reference, setReference] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const o = order.data;
  const mine = !!o && o.assignedTo === me?.id;

  async function act(key: string, fn: () => Promise<unknown>) {
    setBusy(key);
    setError(null);
    try { await fn(); order.reload(); } catch (err) { setError(errorText(i18n, err)); } finally { setBusy(null); }
  }

  return (
    <Shell wide>
      <PageHeader title={o ? o.siteName : t('xpo.opsTitle')} back="/ops/payment-orders" />
      {order.error ? <Banner kind="error">{errorText(i18n, order.error)}</Banner> : null}
      {error ? <Banner kind="error">{error}</Banner> : null}
      {!o ? <Loading /> : (
        <>
          <Card actions={<><SlaBadge o={o} /> <XpoStatusBadge status={o.status} /></>}>
            <Details rows={[
              [t('xpo.category'), t(`xpo.cat.${o.category}` as MessageKey)],
              [t('xpo.pageUrl'), <bdi key="u" dir="ltr" className="break">{o.pageUrl}</bdi>],
              [t('xpo.amount'), <bdi key="a" dir="ltr">{digits(o.amount)} {o.currency}</bdi>],
              [t('xpo.paidAmount'), toman(o.paidRials)],
              [t('xpo.instructions'), o.instructions],
              [t('xpo.dueBy', { at: '' }).trim(), o.slaDueAt ? i18n.dateTime(o.slaDueAt) : '—'],
              [t('xpo.hasLogin'), o.hasCredentials ? t('common.yes') : t('common.no')],
            ]} />
          </Card>
          {o.status === 'queued' ? <Button busy={busy === 'claim'} onClick={() => act('claim', () => opsXpoApi.claim(id))}>{t('xpo.claim')}</Button> : null}
          {o.status === 'in_progress' && mine ? (
            <Card title={t('xpo.fulfil')}>
              {o.hasCredentials ? (
                creds ? (
                  <Details rows={[[t('xpo.username'), <bdi key="n" dir="ltr" data-testid="xpo-username">{creds.username}</bdi>], [t('xpo.password'), <bdi key="p" dir="ltr" data-testid="xpo-password">{creds.password}</bdi>]]} />
                ) : <Button variant="secondary" busy={busy === 'creds'} onClick={() => act('creds', async () => setCreds(await opsXpoApi.credentials(id)))}>{t('xpo.reveal')}</Button>
              ) : null}
              <div className="form">
                <label className="field"><span className="field-label">{t('xpo.receiptFile')}</span>
                  <input type="file" name="receipt" accept="application/pdf,image/png,image/jpeg" onChange={(e: ChangeEvent<HTMLInputElement>) => setFile(e.target.files?.[0] ?? null)} />
                </label>
                <TextField label={t('xpo.reference')} name="reference" value={reference} onValue={setReference} ltr />
                <Button busy={busy === 'fulfil'} disabled={!file} onClick={() => act('fulfil', async () => { await opsXpoApi.fulfil(id, file!.name, await fileToBase64(file!), reference); setCreds(null); })}>{t('xpo.complete')}</Button>
              </div>
            </Card>
          ) : null}
          {o.status === 'in_progress' && !mine ? <Banner kind="info">{t('xpo.assignedElsewhere')}</Banner> : null}
          {['awaiting_verification', 'queued', 'in_progress'].includes(o.status) ? (
            <Card title={t('xpo.refund')}>
              <div className="form">
                <TextField label={t('xpo.reason')} name="refundReason" value={reason} onValue={setReason} required />
                <div className="row">
                  <Button variant="danger" busy={busy === 'refund'} disabled={reason.trim().length < 3} onClick={() => act('refund', () => opsXpoApi.refund(id, reason))}>{t('xpo.refundFull', { amount: toman(o.paidRials) })}</Button>
                  {mine ? <Button variant="secondary" busy={busy === 'release'} disabled={reason.trim().length < 3} onClick={() => act('release', () => opsXpoApi.release(id, reason))}>{t('xpo.release')}</Button> : null}
                </div>
              </div>
            </Card>
          ) : null}
          {o.status === 'fulfilled' ? <Banner kind="success">{t('xpo.fulfilledNote')}</Banner> : null}
          {o.status === 'refunded' ? <Banner kind="info">{t('xpo.refundedNote', { amount: toman(o.refundedRials) })}</Banner> : null}
        </>
      )}
    </Shell>
  );
}
