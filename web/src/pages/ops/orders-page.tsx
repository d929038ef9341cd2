import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { navigate, useLocation } from '../../router';
import { Shell } from '../../components/shell';
import { Banner, Button, ButtonLink, EmptyState, Loading, PageHeader } from '../../components/ui';
import { TextField } from '../../components/fields';
import { errorText } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { Segmented } from '../money/money-ui';
import { opsRidesApi } from '../rides/rides-api';
import { OrderListRow } from '../rides/ride-ui';

const FILTERS = ['', 'requested', 'accepted', 'in_progress', 'completed', 'cancelled', 'expired'] as const;
type Filter = (typeof FILTERS)[number];

/** Ops: find an order by id, customer or provider, filtered by status. */
export function OpsOrdersPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { query } = useLocation();
  const q = query.get('q') ?? '';
  const status = (query.get('status') ?? '') as Filter;
  const [text, setText] = useState(q);
  const orders = useAsync(() => opsRidesApi.orders({ q: q || undefined, status: status || undefined, limit: 50 }), [q, status]);
  const go = (next: { q?: string; status?: string }) => {
    const p = new URLSearchParams();
    const nq = next.q ?? q;
    const ns = next.status ?? status;
    if (nq) p.set('q', nq);
    if (ns) p.set('status', ns);
    navigate(`/ops/orders${p.size ? `?${p}` : ''}`, { replace: true });
  };
  const submit = (e: FormEvent) => { e.preventDefault(); go({ q: text.trim() }); };
  const label = (f: Filter) => (f ? <StatusBadgeText status={f} /> : t('common.all'));
  return (
    <Shell wide>
      <PageHeader title={t('opsOrders.title')} actions={<><ButtonLink to="/ops/dashboard" variant="secondary" icon="sparkle">{t('opsDash.nav')}</ButtonLink><ButtonLink to="/ops/live" variant="secondary" icon="globe">{t('opsOrders.liveMap')}</ButtonLink></>} />
      <form className="inline-form filter-row" onSubmit={submit} role="search">
        <TextField label={t('opsOrders.search')} hint={t('opsOrders.searchHint')} value={text} onValue={setText} name="q" ltr />
        <Button type="submit" icon="search">{t('common.search')}</Button>
      </form>
      <div className="filter-row">
        <Segmented label={t('opsOrders.status')} value={status} onValue={(s) => go({ status: s })} options={FILTERS.map((f) => ({ value: f, label: label(f) }))} />
      </div>
      {orders.error ? <Banner kind="error">{errorText(i18n, orders.error)}</Banner> : null}
      {orders.loading && !orders.data && <Loading />}
      {orders.data && orders.data.length === 0 && <EmptyState icon="search" title={t('opsOrders.empty')} />}
      {orders.data && orders.data.length > 0 && (
        <ul className="list card-list">
          {orders.data.map((o) => (
            <li key={o.id}>
              <OrderListRow to={`/ops/orders/${o.id}`} order={o} showId />
            </li>
          ))}
        </ul>
      )}
    </Shell>
  );
}

function StatusBadgeText({ status }: { status: string }) {
  const i18n = useI18n();
  const key = `rides.status.${status}`;
  return <>{i18n.has(key) ? i18n.t(key) : status}</>;
}
