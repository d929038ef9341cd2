import { useState } from 'react';
import { useI18n } from '../../i18n';
import { Shell } from '../../components/shell';
import { Banner, Button, Card, Loading, PageHeader } from '../../components/ui';
import { Checkbox, TextField } from '../../components/fields';
import { errorText } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { MoneyField } from '../money/money-ui';
import { tomanToRials } from '../money/money-api';
import { opsErrandsApi, type Timeline } from './errands-api';
import { DocumentsCard, ErrandMoney, TimelineCard } from './errands-ui';

type Run = (fn: () => Promise<unknown>) => Promise<void>;

/** Ops: one errand: feasibility, quote, assignment with suggestions, cancel, CLM-3 review, custody of originals. */
export function OpsErrandPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const [version, setVersion] = useState(0);
  const data = useAsync(() => opsErrandsApi.get(id), [id, version]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run: Run = async (fn) => {
    setBusy(true);
    setError(null);
    try { await fn(); setVersion((v) => v + 1); } catch (err) { setError(errorText(i18n, err)); } finally { setBusy(false); }
  };
  if (data.error) return <Shell><Banner kind="error">{errorText(i18n, data.error)}</Banner></Shell>;
  if (!data.data) return <Shell><Loading /></Shell>;
  const tl = data.data;
  const e = tl.errand;
  return (
    <Shell wide>
      <PageHeader title={tl.service.names[locale]} subtitle={t(e.channel === 'phone' ? 'err.channel.phone' : 'err.channel.web')} back="/ops/errands" />
      {error ? <Banner kind="error">{error}</Banner> : null}
      <Card>
        <ErrandMoney errand={e} />
        <p>{e.description}</p>
        <p className="muted">{e.address}</p>
      </Card>
      {e.status === 'requested' ? <FeasibilityCard tl={tl} busy={busy} run={run} /> : null}
      {e.status === 'feasible' ? <QuoteCard id={id} busy={busy} run={run} /> : null}
      {e.status === 'paid' || e.status === 'assigned' ? <AssignCard id={id} current={e.assistantId} busy={busy} run={run} /> : null}
      {e.status === 'failed' && e.failureReview === 'open' ? <FailureReviewCard id={id} busy={busy} run={run} /> : null}
      <DocumentsCard docs={tl.documents} actions={(d) => (
        d.holder === 'in_transit' ? <Button variant="secondary" busy={busy} onClick={() => run(() => opsErrandsApi.custody(id, d.id, 'received'))}>{t('err.custody.received')}</Button>
          : d.holder === 'office' ? (
            <span className="row">
              <Button variant="secondary" busy={busy} disabled={!e.assistantId} onClick={() => run(() => opsErrandsApi.custody(id, d.id, 'handed_to_assistant'))}>{t('err.custody.handed_to_assistant')}</Button>
              <Button variant="secondary" busy={busy} onClick={() => run(() => opsErrandsApi.custody(id, d.id, 'returned'))}>{t('err.custody.returned')}</Button>
            </span>
          ) : null
      )} />
      <TimelineCard timeline={tl} />
      {['requested', 'feasible', 'quoted', 'paid', 'assigned', 'dispatched', 'in_progress'].includes(e.status) ? <OpsCancelCard id={id} busy={busy} run={run} /> : null}
    </Shell>
  );
}

function FeasibilityCard({ tl, busy, run }: { tl: Timeline; busy: boolean; run: Run }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [price, setPrice] = useState('');
  const rule = tl.service.priceMode === 'rule';
  return (
    <Card title={t('err.feasibilityTitle')} subtitle={rule ? t('err.ruleQuotes') : t('err.quoteNeeded')}>
      <MoneyField label={t('err.priceOptional')} name="feasPrice" value={price} onValue={setPrice} />
      <Button busy={busy} onClick={() => run(() => opsErrandsApi.feasibility(tl.errand.id, true, undefined, price ? tomanToRials(price) : undefined))}>{t('err.feasible')}</Button>
      <TextField label={t('err.infeasibleReason')} name="infeasibleReason" value={reason} onValue={setReason} />
      <Button variant="danger" busy={busy} disabled={!reason.trim()} onClick={() => run(() => opsErrandsApi.feasibility(tl.errand.id, false, reason))}>{t('err.infeasible')}</Button>
    </Card>
  );
}

function QuoteCard({ id, busy, run }: { id: string; busy: boolean; run: Run }) {
  const { t } = useI18n();
  const [price, setPrice] = useState('');
  return (
    <Card title={t('err.quoteTitle')}>
      <MoneyField label={t('err.price')} name="quotePrice" value={price} onValue={setPrice} />
      <Button busy={busy} onClick={() => run(() => opsErrandsApi.quote(id, price ? tomanToRials(price) : undefined))}>{t('err.quote')}</Button>
    </Card>
  );
}

function AssignCard({ id, current, busy, run }: { id: string; current: string | null; busy: boolean; run: Run }) {
  const i18n = useI18n();
  const { t, num } = i18n;
  const sugg = useAsync(() => opsErrandsApi.suggestions(id), [id, current]);
  return (
    <Card title={t('err.assignTitle')} subtitle={t('err.assignHint')}>
      {sugg.error ? <Banner kind="error">{errorText(i18n, sugg.error)}</Banner> : null}
      {!sugg.data ? <Loading /> : sugg.data.length === 0 ? <p className="muted">{t('err.noAssistants')}</p> : (
        <ul className="list">
          {sugg.data.map((c, i) => (
            <li key={c.userId} className="list-row">
              <span className="list-main">
                <strong>{c.name || c.userId}{i === 0 ? ` — ${t('err.suggested')}` : ''}</strong>
                <span className="muted">{t('err.load', { n: num(c.load) })} — {c.rating === null ? t('err.noRating') : t('err.rating', { r: num(c.rating) })}</span>
              </span>
              <Button variant={i === 0 ? 'primary' : 'secondary'} busy={busy} disabled={c.userId === current} onClick={() => run(() => opsErrandsApi.assign(id, c.userId))}>{t('err.assign')}</Button>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function FailureReviewCard({ id, busy, run }: { id: string; busy: boolean; run: Run }) {
  const { t } = useI18n();
  const [fault, setFault] = useState(false);
  const [refund, setRefund] = useState('');
  const [reason, setReason] = useState('');
  return (
    <Card title={t('err.failureReviewTitle')}>
      <Checkbox label={t('err.assistantAtFault')} checked={fault} onValue={setFault} />
      {fault ? <MoneyField label={t('err.refundAmount')} name="refund" value={refund} onValue={setRefund} /> : null}
      <TextField label={t('err.reason')} name="reviewReason" value={reason} onValue={setReason} />
      <Button busy={busy} disabled={!reason.trim()} onClick={() => run(() => opsErrandsApi.failureReview(id, fault, fault && refund ? tomanToRials(refund) : '0', reason))}>{t('err.decide')}</Button>
    </Card>
  );
}

function OpsCancelCard({ id, busy, run }: { id: string; busy: boolean; run: Run }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  return (
    <Card title={t('err.cancelTitle')}>
      <TextField label={t('err.reason')} name="opsCancelReason" value={reason} onValue={setReason} />
      <Button variant="danger" busy={busy} disabled={!reason.trim()} onClick={() => run(() => opsErrandsApi.cancel(id, reason))}>{t('err.cancel')}</Button>
    </Card>
  );
}
