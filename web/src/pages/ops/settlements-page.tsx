import { useState, type FormEvent } from 'react';
import { toAsciiDigits, useI18n } from '../../i18n';
import { Link, navigate, useLocation } from '../../router';
import { Shell } from '../../components/shell';
import { Badge, Banner, Button, EmptyState, Loading, Ltr, PageHeader } from '../../components/ui';
import { TextField } from '../../components/fields';
import { useToast } from '../../components/toast';
import { errorText } from '../../lib/errors';
import { LoadMore, Segmented, usePaged } from '../money/money-ui';
import { moneyApi, type Settlement, type SettlementStatus } from '../money/money-api';
import { SETTLEMENT_LABEL, SETTLEMENT_TONE } from '../money/labels';

const MIN_TEXT = 3;
type Filter = SettlementStatus | 'all';
const FILTERS: Filter[] = ['requested', 'approved', 'paid', 'rejected', 'all'];

/** The decision a finance user is typing: a reject reason or the bank's reference of the payout. */
type Draft = { kind: 'reject' | 'paid'; text: string } | null;

function Decision({ s, onDone }: { s: Settlement; onDone(s: Settlement): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const toast = useToast();
  const [draft, setDraft] = useState<Draft>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run(call: () => Promise<Settlement>, done: string) {
    setBusy(true);
    setError(null);
    try {
      const next = await call();
      toast(done, 'success');
      setDraft(null);
      onDone(next);
    } catch (err) {
      setError(errorText(i18n, err));
    } finally {
      setBusy(false);
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!draft) return;
    // A bank reference may be typed in Persian digits; it is kept as the bank wrote it, in ASCII.
    const text = draft.kind === 'paid' ? toAsciiDigits(draft.text.trim()) : draft.text.trim();
    if (text.length < MIN_TEXT) return setError(t(draft.kind === 'reject' ? 'ops.reasonTooShort' : 'settleOps.refTooShort', { n: MIN_TEXT }));
    if (draft.kind === 'reject') void run(() => moneyApi.ops.rejectSettlement(s.id, text), t('settleOps.rejected'));
    else void run(() => moneyApi.ops.paySettlement(s.id, text), t('settleOps.markedPaid'));
  }

  if (s.status === 'paid' || s.status === 'rejected') return null;
  if (draft) {
    return (
      <form className="stack decision" onSubmit={submit} noValidate>
        <TextField label={t(draft.kind === 'reject' ? 'ops.reason' : 'settleOps.bankRef')} name={draft.kind === 'reject' ? 'rejectReason' : 'bankReference'}
          value={draft.text} onValue={(v) => setDraft({ ...draft, text: v })} error={error} ltr={draft.kind === 'paid'} autoFocus maxLength={draft.kind === 'paid' ? 100 : 500} />
        <div className="row">
          <Button type="submit" variant={draft.kind === 'reject' ? 'danger' : 'primary'} busy={busy}>{t(draft.kind === 'reject' ? 'settleOps.confirmReject' : 'settleOps.confirmPaid')}</Button>
          <Button variant="ghost" onClick={() => { setDraft(null); setError(null); }}>{t('common.cancel')}</Button>
        </div>
      </form>
    );
  }
  return (
    <div className="stack">
      {error && <Banner kind="error">{error}</Banner>}
      <div className="row">
        {s.status === 'requested' && <Button icon="check" busy={busy} onClick={() => void run(() => moneyApi.ops.approveSettlement(s.id), t('settleOps.approved'))}>{t('settleOps.approve')}</Button>}
        {s.status === 'approved' && <Button icon="bank" onClick={() => setDraft({ kind: 'paid', text: '' })}>{t('settleOps.markPaid')}</Button>}
        <Button variant="ghost" icon="x" onClick={() => setDraft({ kind: 'reject', text: '' })}>{t('settleOps.reject')}</Button>
      </div>
    </div>
  );
}

function SettlementCard({ s, onChange }: { s: Settlement; onChange(s: Settlement): void }) {
  const { t, toman, dateTime, digits } = useI18n();
  return (
    <li className="audit settlement">
      <div className="audit-head">
        <strong className="settlement-amount">{toman(s.amountRials)}</strong>
        <Badge tone={SETTLEMENT_TONE[s.status]}>{t(SETTLEMENT_LABEL[s.status])}</Badge>
      </div>
      <p className="audit-line"><span className="muted">{t('settleOps.provider')}:</span> <Link to={`/ops/ledger?owner=${encodeURIComponent(s.providerId)}`}><Ltr>{s.providerId}</Ltr></Link></p>
      <p className="audit-line"><span className="muted">{t('settleOps.requestedAt')}:</span> {dateTime(s.createdAt)}</p>
      {s.decidedAt && <p className="audit-line"><span className="muted">{t('settleOps.decidedAt')}:</span> {dateTime(s.decidedAt)}</p>}
      {s.paidAt && <p className="audit-line"><span className="muted">{t('settleOps.paidAt')}:</span> {dateTime(s.paidAt)}</p>}
      {s.bankReference && <p className="audit-line"><span className="muted">{t('settleOps.bankRef')}:</span> <Ltr>{digits(s.bankReference)}</Ltr></p>}
      {s.rejectReason && <p className="audit-reason">{t('audit.reason')}: {s.rejectReason}</p>}
      <Decision s={s} onDone={onChange} />
    </li>
  );
}

/** PAY-3 for finance: requested payouts; approve, reject with a reason, mark paid with the bank reference. */
export function OpsSettlementsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { query } = useLocation();
  const status = (FILTERS as string[]).includes(query.get('status') ?? '') ? (query.get('status') as Filter) : 'requested';
  const paged = usePaged((before) => moneyApi.ops.settlements({ status: status === 'all' ? undefined : status, before, limit: 30 })
    .then((r) => ({ items: r.items, next: r.nextBefore })), [status]);
  const [changed, setChanged] = useState<Record<string, Settlement>>({});
  const items = paged.items?.map((s) => changed[s.id] ?? s);

  return (
    <Shell wide>
      <PageHeader title={t('settleOps.title')} subtitle={t('settleOps.subtitle')} back="/ops/money" />
      <div className="filter-row">
        <Segmented label={t('settleOps.filter')} value={status} onValue={(v) => navigate(v === 'requested' ? '/ops/settlements' : `/ops/settlements?status=${v}`, { replace: true })}
          options={FILTERS.map((f) => ({ value: f, label: f === 'all' ? t('common.all') : f === 'requested' ? t('settleOps.f.requested') : t(SETTLEMENT_LABEL[f]) }))} />
      </div>
      {paged.error ? <Banner kind="error">{errorText(i18n, paged.error)}</Banner> : null}
      {!items && !paged.error && <Loading />}
      {items?.length === 0 && <EmptyState icon="bank" title={t('settleOps.empty')}>{t('settleOps.emptyText')}</EmptyState>}
      {!!items?.length && <ol className="audit-list">{items.map((s) => <SettlementCard key={s.id} s={s} onChange={(n) => setChanged((c) => ({ ...c, [n.id]: n }))} />)}</ol>}
      <LoadMore paged={paged} />
    </Shell>
  );
}
