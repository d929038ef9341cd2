import { useState } from 'react';
import { useI18n } from '../../i18n';
import { Link, navigate } from '../../router';
import { Shell } from '../../components/shell';
import { Badge, Banner, Button, Card, Details, EmptyState, Loading, PageHeader } from '../../components/ui';
import { useToast } from '../../components/toast';
import { errorText } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { SHOP_TONE, shopApi } from './shop-api';
import { Timeline, orderSummary, statusKey, useItemName } from './shop-parts';

/** PRV-6: the equipment catalogue with a cart, and the provider's orders with their status. */
export function ProviderShopPage() {
  const i18n = useI18n();
  const { t, toman } = i18n;
  const toast = useToast();
  const name = useItemName();
  const items = useAsync(() => shopApi.items(), []);
  const orders = useAsync(() => shopApi.mine(), []);
  const [cart, setCart] = useState<Record<string, number>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const lines = Object.entries(cart).filter(([, q]) => q > 0).map(([itemId, quantity]) => ({ itemId, quantity }));
  const total = lines.reduce((s, l) => s + BigInt(items.data?.find((i) => i.id === l.itemId)?.priceRials ?? '0') * BigInt(l.quantity), 0n);
  const add = (itemId: string, d: number) => setCart((c) => ({ ...c, [itemId]: Math.max(0, Math.min(20, (c[itemId] ?? 0) + d)) }));
  async function place() {
    setBusy(true);
    setError(null);
    try {
      const o = await shopApi.order(lines);
      toast(t('shop.placed'), 'success');
      navigate(`/provider/shop/orders/${encodeURIComponent(o.id)}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Shell>
      <PageHeader title={t('shop.title')} subtitle={t('shop.subtitle')} />
      <p style={{ display: 'flex', flexWrap: 'wrap', gap: 16 }}>
        <Link to="/provider/requests">{t('prq.nav')}</Link>
        <Link to="/provider/guarantee">{t('grt.nav')}</Link>
      </p>
      {items.error ? <Banner kind="error">{errorText(i18n, items.error)}</Banner> : null}
      {items.loading && <Loading />}
      <div className="stack-lg">
        {items.data && (
          <Card title={t('shop.catalogue')}>
            <ul className="list">
              {items.data.map((item) => (
                <li key={item.id} className="list-row" data-testid={`item-${item.code}`}>
                  <span className="list-main" style={{ minWidth: 0 }}>
                    <strong>{name(item)}</strong>
                    <span className="muted">{toman(item.priceRials)}{item.inStock ? '' : ` · ${t('shop.outOfStock')}`}</span>
                  </span>
                  <span style={{ display: 'flex', alignItems: 'center', gap: 4, flexShrink: 0 }}>
                    <Button variant="secondary" disabled={!item.inStock || !cart[item.id]} onClick={() => add(item.id, -1)} aria-label={t('shop.less')}>−</Button>
                    <span aria-live="polite" style={{ minWidth: 20, textAlign: 'center' }}>{i18n.num(cart[item.id] ?? 0)}</span>
                    <Button variant="secondary" disabled={!item.inStock} onClick={() => add(item.id, 1)} aria-label={t('shop.add', { item: name(item) })}>+</Button>
                  </span>
                </li>
              ))}
            </ul>
          </Card>
        )}
        <Card title={t('shop.cart')}>
          {lines.length === 0 ? <p className="muted">{t('shop.cartEmpty')}</p> : (
            <Details rows={[
              ...lines.map((l): [string, string] => {
                const item = items.data!.find((i) => i.id === l.itemId)!;
                return [`${name(item)} × ${i18n.num(l.quantity)}`, toman(BigInt(item.priceRials) * BigInt(l.quantity))];
              }),
              [t('shop.total'), toman(total)],
            ]} />
          )}
          <p className="muted">{t('shop.confirmNote')}</p>
          {error ? <Banner kind="error">{errorText(i18n, error)}</Banner> : null}
          <Button onClick={place} busy={busy} disabled={lines.length === 0}>{t('shop.placeOrder')}</Button>
        </Card>
        <Card title={t('shop.myOrders')}>
          {orders.data && orders.data.length === 0 && <EmptyState icon="list" title={t('shop.noOrders')} />}
          <ul className="list card-list">
            {orders.data?.map((o) => (
              <li key={o.id}>
                <Link to={`/provider/shop/orders/${encodeURIComponent(o.id)}`} className="list-row list-link">
                  <span className="list-main"><strong>{orderSummary(o, name, i18n.digits)}</strong><span className="muted">{i18n.dateTime(o.createdAt)} · {toman(o.totalRials ?? o.listTotalRials)}</span></span>
                  <Badge tone={SHOP_TONE[o.status]}>{t(statusKey(o.status))}</Badge>
                </Link>
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </Shell>
  );
}

/** One order: lines, price, payment, tracking number and the timeline; cancel before confirmation. */
export function ProviderShopOrderPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, toman } = i18n;
  const name = useItemName();
  const order = useAsync(() => shopApi.get(id), [id]);
  const [error, setError] = useState<unknown>(null);
  const o = order.data;
  async function cancel() {
    try { order.setData(await shopApi.cancel(id)); } catch (err) { setError(err); }
  }
  return (
    <Shell>
      <PageHeader title={t('shop.order')} back="/provider/shop" />
      {order.error ? <Banner kind="error">{errorText(i18n, order.error)}</Banner> : null}
      {!o && !order.error && <Loading />}
      {o && (
        <div className="stack-lg">
          <Card title={orderSummary(o, name, i18n.digits)} actions={<Badge tone={SHOP_TONE[o.status]}><span data-testid="order-status">{t(statusKey(o.status))}</span></Badge>}>
            <Details rows={[
              ...o.lines.map((l): [string, string] => [`${name(l)} × ${i18n.num(l.quantity)}`, toman(BigInt(l.unitPriceRials) * BigInt(l.quantity))]),
              [t('shop.listTotal'), toman(o.listTotalRials)],
              [t('shop.confirmedPrice'), o.totalRials ? toman(o.totalRials) : t('shop.awaitingConfirmation')],
              [t('shop.payment'), o.collect ? t(o.collect === 'wallet' ? 'shop.collect.wallet' : 'shop.collect.link') : '—'],
              [t('shop.tracking'), o.trackingNumber ? <span key="tr" dir="ltr" data-testid="tracking">{i18n.digits(o.trackingNumber)}</span> : '—'],
            ]} />
            {o.collect === 'link' && o.status === 'awaiting_payment' && <Banner kind="info">{t('shop.linkSent')}</Banner>}
            {error ? <Banner kind="error">{errorText(i18n, error)}</Banner> : null}
            {o.status === 'placed' && <Button variant="secondary" onClick={cancel}>{t('shop.cancel')}</Button>}
          </Card>
          <Card title={t('timeline.title')}><Timeline events={o.events} /></Card>
        </div>
      )}
    </Shell>
  );
}
