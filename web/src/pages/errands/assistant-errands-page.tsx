import { useState } from 'react';
import { useI18n } from '../../i18n';
import { Shell } from '../../components/shell';
import { Banner, Button, Card, EmptyState, Loading, PageHeader } from '../../components/ui';
import { TextField } from '../../components/fields';
import { errorText } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { MoneyField } from '../money/money-ui';
import { tomanToRials } from '../money/money-api';
import { assistantApi } from './errands-api';
import { DocumentsCard, ErrandMoney, ErrandRow, TimelineCard } from './errands-ui';

/** ERR-3: the assistant's assigned errands. */
export function AssistantErrandsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const list = useAsync(() => assistantApi.list(), []);
  return (
    <Shell>
      <PageHeader title={t('err.assistantTitle')} />
      {list.error ? <Banner kind="error">{errorText(i18n, list.error)}</Banner> : null}
      {!list.data ? <Loading /> : list.data.length === 0 ? <EmptyState icon="clipboard" title={t('err.assistantNone')} /> : (
        <ul className="list card-list">{list.data.map((e) => <li key={e.id}><ErrandRow errand={e} to={`/provider/errands/${e.id}`} /></li>)}</ul>
      )}
    </Shell>
  );
}

const NEXT: Record<string, 'dispatch' | 'start' | 'complete' | undefined> = { assigned: 'dispatch', dispatched: 'start', in_progress: 'complete' };

/** ERR-3 / ERR-4 / ERR-7: one assigned errand: next step, cost so far, originals collected and returned, failure. */
export function AssistantErrandPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const [version, setVersion] = useState(0);
  const data = useAsync(() => assistantApi.timeline(id), [id, version]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [cost, setCost] = useState('');
  const [reason, setReason] = useState('');
  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try { await fn(); setVersion((v) => v + 1); } catch (err) { setError(errorText(i18n, err)); } finally { setBusy(false); }
  };
  if (data.error) return <Shell><Banner kind="error">{errorText(i18n, data.error)}</Banner></Shell>;
  if (!data.data) return <Shell><Loading /></Shell>;
  const tl = data.data;
  const e = tl.errand;
  const next = NEXT[e.status];
  const underWay = e.status === 'dispatched' || e.status === 'in_progress';
  return (
    <Shell>
      <PageHeader title={tl.service.names[locale]} back="/provider/errands" />
      {error ? <Banner kind="error">{error}</Banner> : null}
      <Card>
        <ErrandMoney errand={e} />
        <p>{e.description}</p>
        <p className="muted">{e.address}</p>
        {next ? <Button busy={busy} block onClick={() => run(() => assistantApi.step(id, next))}>{t(`err.step.${next}`)}</Button> : null}
      </Card>
      {underWay ? (
        <Card title={t('err.costSoFar')} subtitle={t('err.costHint')}>
          <MoneyField label={t('err.costSoFar')} name="cost" value={cost} onValue={setCost} />
          <Button variant="secondary" busy={busy} disabled={!cost} onClick={() => run(() => assistantApi.cost(id, tomanToRials(cost)))}>{t('err.costSave')}</Button>
        </Card>
      ) : null}
      <DocumentsCard docs={tl.documents} actions={(d) => (
        d.holder === 'customer' ? <Button variant="secondary" busy={busy} onClick={() => run(() => assistantApi.custody(id, d.id, 'collected'))}>{t('err.custody.collected')}</Button>
          : d.holder === 'assistant' ? <Button variant="secondary" busy={busy} onClick={() => run(() => assistantApi.custody(id, d.id, 'returned'))}>{t('err.custody.returned')}</Button> : null
      )} />
      <TimelineCard timeline={tl} />
      {e.status === 'in_progress' ? (
        <Card title={t('err.failTitle')}>
          <TextField label={t('err.reason')} name="failReason" value={reason} onValue={setReason} />
          <Button variant="danger" busy={busy} disabled={!reason.trim()} onClick={() => run(() => assistantApi.fail(id, reason))}>{t('err.fail')}</Button>
        </Card>
      ) : null}
    </Shell>
  );
}
