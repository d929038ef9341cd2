import { useState, type FormEvent } from 'react';
import { toAsciiDigits, useI18n } from '../../i18n';
import { Link, navigate, useLocation } from '../../router';
import { Shell } from '../../components/shell';
import { Badge, Banner, Button, Card, Details, EmptyState, Loading, PageHeader } from '../../components/ui';
import { Checkbox, SelectField, TextField } from '../../components/fields';
import { useToast } from '../../components/toast';
import { errorText } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { Segmented } from '../money/money-ui';
import { SHOP_TONE, shopApi, type ShopItem, type ShopStatus } from './shop-api';
import { Timeline, orderSummary, statusKey, useItemName } from './shop-parts';

/** Toman typed by ops (any digits) -> Rials as a string. */
const tomanToRials = (v: string) => { const d = toAsciiDigits(v).replace(/\D/g, ''); return d ? String(BigInt(d) * 10n) : ''; };

/** Links between the three provider self-service queues of ops. */
export function OpsSelfServiceTabs({ current }: { current: 'shop' | 'requests' | 'guarantees' }) {
  const { t } = useI18n();
  return (
    <div className="filter-row">
      <Segmented label={t('shop.ops.title')} value={current} onValue={(v) => navigate(v === 'shop' ? '/ops/shop' : v === 'requests' ? '/ops/provider-requests' : '/ops/guarantee-returns')}
        options={[{ value: 'shop', label: t('shop.ops.orders') }, { value: 'requests', label: t('prq.ops.title') }, { value: 'guarantees', label: t('grt.ops.title') }]} />
    </div>
  );
}

/** PRV-6 for ops: orders by status and the catalogue editor. */
export function OpsShopPage() {
  const i18n = useI18n();
  const { t, toman } = i18n;
  const name = useItemName();
  const { query } = useLocation();
  const tab = query.get('tab') === 'catalogue' ? 'catalogue' : 'orders';
  const [status, setStatus] = useState<ShopStatus>('placed');
  const orders = useAsync(() => (tab === 'orders' ? shopApi.ops.orders(status) : Promise.resolve([])), [tab, status]);
  return (
    <Shell wide>
      <PageHeader title={t('shop.ops.title')} />
      <OpsSelfServiceTabs current="shop" />
      <div className="filter-row">
        <Segmented label={t('shop.ops.title')} value={tab} onValue={(v) => navigate(v === 'orders' ? '/ops/shop' : '/ops/shop?tab=catalogue', { replace: true })}
          options={[{ value: 'orders', label: t('shop.ops.orders') }, { value: 'catalogue', label: t('shop.catalogue') }]} />
        {tab === 'orders' && <Segmented label={t('shop.status')} value={status} onValue={setStatus}
          options={(['placed', 'awaiting_payment', 'paid', 'shipped', 'delivered', 'cancelled'] as const).map((s) => ({ value: s, label: t(statusKey(s)) }))} />}
      </div>
      {tab === 'catalogue' ? <CatalogueEditor /> : (
        <>
          {orders.error ? <Banner kind="error">{errorText(i18n, orders.error)}</Banner> : null}
          {orders.loading && <Loading />}
          {orders.data && orders.data.length === 0 && <EmptyState icon="check" title={t('shop.noOrders')} />}
          <ul className="list card-list">
            {orders.data?.map((o) => (
              <li key={o.id}>
                <Link to={`/ops/shop/orders/${encodeURIComponent(o.id)}`} className="list-row list-link">
                  <span className="list-main"><strong>{orderSummary(o, name, i18n.digits)}</strong><span className="muted">{i18n.dateTime(o.createdAt)} · {toman(o.totalRials ?? o.listTotalRials)}</span></span>
                  <Badge tone={SHOP_TONE[o.status]}>{t(statusKey(o.status))}</Badge>
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </Shell>
  );
}

function CatalogueEditor() {
  const i18n = useI18n();
  const { t, toman } = i18n;
  const toast = useToast();
  const items = useAsync(() => shopApi.ops.items(), []);
  const [form, setForm] = useState({ code: '', nameFa: '', nameEn: '', priceToman: '', isBox: false });
  const [error, setError] = useState<unknown>(null);
  async function create(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await shopApi.ops.createItem({ code: form.code, nameFa: form.nameFa, nameEn: form.nameEn, priceRials: tomanToRials(form.priceToman), isBox: form.isBox });
      toast(t('shop.saved'), 'success');
      setForm({ code: '', nameFa: '', nameEn: '', priceToman: '', isBox: false });
      items.reload();
    } catch (err) { setError(err); }
  }
  async function patch(item: ShopItem, body: Partial<Pick<ShopItem, 'inStock' | 'active'>> | { priceRials: string }) {
    try { await shopApi.ops.updateItem(item.id, body); items.reload(); } catch (err) { setError(err); }
  }
  return (
    <div className="stack-lg">
      {error ? <Banner kind="error">{errorText(i18n, error)}</Banner> : null}
      <Card title={t('shop.catalogue')}>
        <ul className="list">
          {items.data?.map((item) => (
            <li key={item.id} className="list-row">
              <span className="list-main"><strong>{item.nameFa} / {item.nameEn}</strong><span className="muted">{toman(item.priceRials)}{item.isBox ? ` · ${t('shop.isBox')}` : ''}</span></span>
              <Checkbox label={t('shop.inStock')} checked={item.inStock} onValue={(v) => patch(item, { inStock: v })} />
              <Checkbox label={t('shop.active')} checked={item.active} onValue={(v) => patch(item, { active: v })} />
              <Button variant="ghost" onClick={() => { const v = window.prompt(t('shop.newPriceToman')); const r = v ? tomanToRials(v) : ''; if (r) void patch(item, { priceRials: r }); }}>{t('shop.changePrice')}</Button>
            </li>
          ))}
        </ul>
      </Card>
      <Card title={t('shop.newItem')}>
        <form className="stack" onSubmit={create} name="new-item">
          <TextField label={t('shop.code')} name="code" ltr value={form.code} onValue={(v) => setForm({ ...form, code: v })} required />
          <TextField label={t('shop.nameFa')} name="nameFa" value={form.nameFa} onValue={(v) => setForm({ ...form, nameFa: v })} required />
          <TextField label={t('shop.nameEn')} name="nameEn" ltr value={form.nameEn} onValue={(v) => setForm({ ...form, nameEn: v })} required />
          <TextField label={t('shop.priceToman')} name="price" inputMode="numeric" ltr value={i18n.digits(form.priceToman)} onValue={(v) => setForm({ ...form, priceToman: toAsciiDigits(v) })} required />
          <Checkbox label={t('shop.isBox')} checked={form.isBox} onValue={(v) => setForm({ ...form, isBox: v })} />
          <Button type="submit">{t('shop.addItem')}</Button>
        </form>
      </Card>
    </div>
  );
}

/** One order for ops: confirm the price and collect it, ship with a tracking number, mark delivered. */
export function OpsShopOrderPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, toman } = i18n;
  const toast = useToast();
  const name = useItemName();
  const order = useAsync(() => shopApi.ops.order(id), [id]);
  const [collect, setCollect] = useState<'wallet' | 'link'>('wallet');
  const [priceToman, setPriceToman] = useState('');
  const [atSignup, setAtSignup] = useState(false);
  const [tracking, setTracking] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const o = order.data;
  async function run(fn: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try { await fn(); toast(t('shop.saved'), 'success'); order.reload(); } catch (err) { setError(err); } finally { setBusy(false); }
  }
  return (
    <Shell wide>
      <PageHeader title={t('shop.order')} back="/ops/shop" />
      {order.error ? <Banner kind="error">{errorText(i18n, order.error)}</Banner> : null}
      {!o && !order.error && <Loading />}
      {o && (
        <div className="stack-lg">
          <Card title={orderSummary(o, name, i18n.digits)} actions={<Badge tone={SHOP_TONE[o.status]}><span data-testid="order-status">{t(statusKey(o.status))}</span></Badge>}>
            <Details rows={[
              [t('shop.provider'), <Link key="u" to={`/ops/users/${encodeURIComponent(o.userId)}`}>{i18n.digits(o.userId)}</Link>],
              ...o.lines.map((l): [string, string] => [`${name(l)} × ${i18n.num(l.quantity)}`, toman(BigInt(l.unitPriceRials) * BigInt(l.quantity))]),
              [t('shop.listTotal'), toman(o.listTotalRials)],
              [t('shop.confirmedPrice'), o.totalRials ? toman(o.totalRials) : '—'],
              [t('shop.atSignup'), o.atSignup ? t('common.yes') : t('common.no')],
              [t('shop.tracking'), o.trackingNumber ? <span key="tr" dir="ltr">{o.trackingNumber}</span> : '—'],
            ]} />
          </Card>
          {error ? <Banner kind="error">{errorText(i18n, error)}</Banner> : null}
          {o.status === 'placed' && (
            <Card title={t('shop.ops.confirm')}>
              <div className="stack">
                <TextField label={t('shop.priceToman')} name="price" inputMode="numeric" ltr placeholder={i18n.digits(String(BigInt(o.listTotalRials) / 10n))} value={i18n.digits(priceToman)} onValue={(v) => setPriceToman(toAsciiDigits(v))} />
                <SelectField label={t('shop.payment')} name="collect" value={collect} onValue={(v) => setCollect(v as 'wallet' | 'link')}
                  options={[{ value: 'wallet', label: t('shop.collect.wallet') }, { value: 'link', label: t('shop.collect.link') }]} />
                <Checkbox label={t('shop.atSignup')} checked={atSignup} onValue={setAtSignup} />
                <Button busy={busy} onClick={() => run(() => shopApi.ops.confirm(id, { collect, atSignup, ...(priceToman ? { totalRials: tomanToRials(priceToman) } : {}) }))}>{t('shop.ops.confirm')}</Button>
              </div>
            </Card>
          )}
          {o.status === 'paid' && (
            <Card title={t('shop.ops.ship')}>
              <div className="stack">
                <TextField label={t('shop.tracking')} name="tracking" ltr value={tracking} onValue={(v) => setTracking(toAsciiDigits(v))} />
                <Button busy={busy} disabled={!tracking} onClick={() => run(() => shopApi.ops.ship(id, tracking))}>{t('shop.ops.ship')}</Button>
              </div>
            </Card>
          )}
          {o.status === 'shipped' && <Button busy={busy} onClick={() => run(() => shopApi.ops.deliver(id))}>{t('shop.ops.deliver')}</Button>}
          <Card title={t('timeline.title')}><Timeline events={o.events} /></Card>
        </div>
      )}
    </Shell>
  );
}
