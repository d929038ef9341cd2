import { useState } from 'react';
import type { z } from 'zod';
import { request } from '../../api';
import { useI18n, type I18n, type MessageKey } from '../../i18n';
import { useSession } from '../../session';
import { Link, navigate, useLocation } from '../../router';
import { Shell } from '../../components/shell';
import { Badge, Banner, Button, EmptyState, Loading, PageHeader } from '../../components/ui';
import { useToast } from '../../components/toast';
import { errorText } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { Segmented } from '../money/money-ui';
import type * as S from '../../../../src/modules/reviews/reviews.schemas';

type Item = z.infer<typeof S.itemReply>;
type Kind = Item['kind'];
type Counts = z.infer<typeof S.countsReply>;
type ClaimFilter = 'any' | 'mine' | 'free';

const reviewsApi = {
  list: (q: { kind?: Kind; claim: ClaimFilter }) => request<Item[]>('GET', '/v1/ops/reviews', { query: { ...(q.kind ? { kind: q.kind } : {}), claim: q.claim, limit: '100' } }),
  counts: () => request<Counts>('GET', '/v1/ops/reviews/counts'),
  claim: (id: string) => request<Item>('POST', `/v1/ops/reviews/${encodeURIComponent(id)}/claim`),
  release: (id: string) => request<Item>('POST', `/v1/ops/reviews/${encodeURIComponent(id)}/release`),
};

const kindLabel = (kind: Kind) => `reviews.kind.${kind}` as MessageKey;
const SLA_TONE = { ok: 'neutral', due_soon: 'warn', late: 'bad' } as const;

/** How long an item has waited, in the largest two units. */
export function ageText(i18n: I18n, seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return i18n.t('reviews.age.minutes', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return i18n.t('reviews.age.hours', { n: hours, m: minutes % 60 });
  return i18n.t('reviews.age.days', { n: Math.floor(hours / 24), h: hours % 24 });
}

/** OPS-1: every queue in one place, oldest first; claim an item before working on it. */
export function OpsReviewsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { query } = useLocation();
  const kind = (query.get('kind') ?? '') as Kind | '';
  const claim = (query.get('claim') ?? 'any') as ClaimFilter;
  const [version, setVersion] = useState(0);
  const counts = useAsync(() => reviewsApi.counts(), [version]);
  const items = useAsync(() => reviewsApi.list({ kind: kind || undefined, claim }), [kind, claim, version]);
  const go = (next: { kind?: string; claim?: string }) => {
    const p = new URLSearchParams();
    const k = next.kind ?? kind;
    const c = next.claim ?? claim;
    if (k) p.set('kind', k);
    if (c !== 'any') p.set('claim', c);
    navigate(`/ops/reviews${p.size ? `?${p}` : ''}`, { replace: true });
  };
  const total = counts.data?.reduce((s, c) => s + c.open, 0) ?? 0;
  return (
    <Shell wide>
      <PageHeader title={t('reviews.title')} subtitle={t('reviews.subtitle')} />
      {counts.data && (
        <div className="review-kinds" role="tablist" aria-label={t('reviews.queues')}>
          <QueueChip label={t('common.all')} count={total} active={!kind} late={counts.data.some((c) => c.oldestLate)} onClick={() => go({ kind: '' })} />
          {counts.data.filter((c) => c.open > 0 || c.kind === kind).map((c) => (
            <QueueChip key={c.kind} label={t(kindLabel(c.kind))} count={c.open} active={kind === c.kind} late={c.oldestLate} onClick={() => go({ kind: c.kind })} />
          ))}
        </div>
      )}
      <div className="filter-row">
        <Segmented label={t('reviews.claimFilter')} value={claim} onValue={(c) => go({ claim: c })}
          options={[{ value: 'any', label: t('common.all') }, { value: 'free', label: t('reviews.free') }, { value: 'mine', label: t('reviews.mine') }]} />
      </div>
      {items.error ? <Banner kind="error">{errorText(i18n, items.error)}</Banner> : null}
      {items.loading && !items.data && <Loading />}
      {items.data && items.data.length === 0 && <EmptyState icon="check" title={t('reviews.empty')}>{t('reviews.emptyHint')}</EmptyState>}
      {items.data && items.data.length > 0 && (
        <ul className="list card-list">
          {items.data.map((item) => <ReviewRow key={item.id} item={item} onChange={() => setVersion((v) => v + 1)} />)}
        </ul>
      )}
    </Shell>
  );
}

function QueueChip({ label, count, active, late, onClick }: { label: string; count: number; active: boolean; late: boolean; onClick(): void }) {
  const { num } = useI18n();
  return (
    <button type="button" role="tab" aria-selected={active} className={`chip${active ? ' chip-active' : ''}`} onClick={onClick}>
      {label} <span className={`chip-count${late ? ' chip-late' : ''}`}>{num(count)}</span>
    </button>
  );
}

function ReviewRow({ item, onChange }: { item: Item; onChange(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { me } = useSession();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const mine = !!me && item.claimedBy === me.id;
  async function act(fn: () => Promise<unknown>) {
    setBusy(true);
    try {
      await fn();
      onChange();
    } catch (err) {
      toast(errorText(i18n, err), 'error');
    } finally {
      setBusy(false);
    }
  }
  return (
    <li className="review-row">
      <Link to={item.link} className="list-main">
        <strong>{i18n.digits(item.title)}</strong>
        <span className="muted">{t(kindLabel(item.kind))} · {t('reviews.waiting', { age: ageText(i18n, item.ageSeconds) })}</span>
        {item.claimedBy && <span className="muted">{mine ? t('reviews.claimedByYou') : t('reviews.claimedBy', { name: item.claimerName ?? t('reviews.anotherAgent') })}</span>}
      </Link>
      <div className="review-actions">
        <Badge tone={SLA_TONE[item.slaState]}>{t(`reviews.sla.${item.slaState}` as MessageKey)}</Badge>
        {!item.claimedBy && <Button variant="secondary" busy={busy} onClick={() => void act(() => reviewsApi.claim(item.id))}>{t('reviews.claim')}</Button>}
        {mine && <Button variant="ghost" busy={busy} onClick={() => void act(() => reviewsApi.release(item.id))}>{t('reviews.release')}</Button>}
      </div>
    </li>
  );
}
