import { useEffect, useState, type FormEvent } from 'react';
import { toAsciiDigits, useI18n, type MessageKey } from '../../i18n';
import { navigate, useLocation } from '../../router';
import { Shell } from '../../components/shell';
import { Badge, Banner, Button, ButtonLink, Card, Details, EmptyState, Loading, PageHeader } from '../../components/ui';
import { SelectField, TextArea, TextField } from '../../components/fields';
import { errorText } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { tokenStore } from '../../api';
import { STATUS_TONE, xpoApi, type XpoCategory, type XpoOrder, type XpoQuote } from './payment-orders-api';

const CURRENCIES = ['USD', 'EUR', 'GBP', 'AED', 'TRY', 'CAD'];

export function XpoStatusBadge({ status }: { status: XpoOrder['status'] }) {
  const { t } = useI18n();
  return <Badge tone={STATUS_TONE[status]}>{t(`xpo.status.${status}` as MessageKey)}</Badge>;
}

/** XPO-1: the four categories and the customer's orders with their status. */
export function PaymentOrdersPage() {
  const i18n = useI18n();
  const { t, toman, digits } = i18n;
  const cats = useAsync(() => xpoApi.categories(), []);
  const mine = useAsync(() => xpoApi.mine(), []);
  const inCart = (mine.data ?? []).filter((o) => o.status === 'in_cart').length;
  const orders = (mine.data ?? []).filter((o) => o.status !== 'in_cart' && o.status !== 'removed');
  return (
    <Shell>
      <PageHeader title={t('xpo.title')} subtitle={t('xpo.subtitle')} actions={<ButtonLink to="/payment-orders/cart" icon="wallet" variant="secondary">{t('xpo.cart')} ({digits(String(inCart))})</ButtonLink>} />
      {cats.error || mine.error ? <Banner kind="error">{errorText(i18n, cats.error ?? mine.error)}</Banner> : null}
      {!cats.data ? <Loading /> : (
        <Card title={t('xpo.categories')}>
          <ul className="list">
            {cats.data.map((c) => (
              <li key={c.code} className="list-row">
                <span className="list-main">
                  <strong>{t(`xpo.cat.${c.code}` as MessageKey)}</strong>
                  <span className="muted"><bdi dir="ltr">{c.examples.join(', ')}</bdi></span>
                </span>
                <ButtonLink to={`/payment-orders/new?category=${c.code}`} variant="secondary">{t('xpo.order')}</ButtonLink>
              </li>
            ))}
          </ul>
        </Card>
      )}
      <h2 className="section-title">{t('xpo.mine')}</h2>
      {mine.data && orders.length === 0 ? <EmptyState icon="clipboard" title={t('xpo.none')} /> : null}
      {orders.length ? (
        <ul className="list card-list">
          {orders.map((o) => (
            <li key={o.id} className="list-row" data-order={o.id}>
              <span className="list-main">
                <strong>{o.siteName} — <bdi dir="ltr">{digits(o.amount)} {o.currency}</bdi></strong>
                <span className="muted">{toman(o.paidRials)}{o.slaDueAt && (o.status === 'queued' || o.status === 'in_progress') ? ` — ${t('xpo.dueBy', { at: i18n.dateTime(o.slaDueAt) })}` : ''}</span>
                {o.status === 'fulfilled' ? <span className="muted">{t('xpo.changePassword')}</span> : null}
                {o.status === 'refunded' && o.refundReason ? <span className="muted">{o.refundReason}</span> : null}
              </span>
              <XpoStatusBadge status={o.status} />
              {o.hasReceipt ? <a className="btn btn-secondary" href={`/v1/payment-orders/${o.id}/receipt`} onClick={(e) => { e.preventDefault(); void openReceipt(o.id); }}>{t('xpo.receipt')}</a> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </Shell>
  );
}

/** Receipts need the bearer token, so they are fetched and opened as a blob. */
async function openReceipt(orderId: string) {
  const token = tokenStore.get()?.accessToken;
  const res = await fetch(`/v1/payment-orders/${encodeURIComponent(orderId)}/receipt`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!res.ok) return;
  window.open(URL.createObjectURL(await res.blob()), '_blank');
}

/** XPO-2 / XPO-3: the order form with a live quote; the quote is shown before the order goes into the cart. */
export function NewPaymentOrderPage() {
  const i18n = useI18n();
  const { t, toman, digits } = i18n;
  const { query } = useLocation();
  const cats = useAsync(() => xpoApi.categories(), []);
  const [category, setCategory] = useState<XpoCategory>((query.get('category') as XpoCategory) || 'games');
  const [currency, setCurrency] = useState('USD');
  const [amount, setAmount] = useState('');
  const [siteName, setSiteName] = useState('');
  const [pageUrl, setPageUrl] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [instructions, setInstructions] = useState('');
  const [quote, setQuote] = useState<XpoQuote | null>(null);
  const [quoteError, setQuoteError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const needsLogin = cats.data?.find((c) => c.code === category)?.credentials === 'required';
  const plainAmount = toAsciiDigits(amount).replace(/[٫,]/g, '.').trim();

  useEffect(() => {
    setQuote(null);
    setQuoteError(null);
    if (!/^\d+(\.\d{1,2})?$/.test(plainAmount) || Number(plainAmount) <= 0) return;
    const timer = setTimeout(() => {
      xpoApi.quote({ category, currency, amount: plainAmount }).then(setQuote, (err) => setQuoteError(errorText(i18n, err)));
    }, 350);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [category, currency, plainAmount]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!quote) return;
    setBusy(true);
    setError(null);
    try {
      await xpoApi.add({
        category, currency, amount: plainAmount, siteName, pageUrl, instructions, quote,
        credentials: username || password ? { username, password } : null,
      });
      navigate('/payment-orders/cart');
    } catch (err) {
      setError(errorText(i18n, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Shell>
      <PageHeader title={t('xpo.newTitle')} back="/payment-orders" />
      {cats.error ? <Banner kind="error">{errorText(i18n, cats.error)}</Banner> : null}
      <Card>
        <form className="form" onSubmit={submit}>
          <SelectField label={t('xpo.category')} name="category" value={category} onValue={(v) => setCategory(v as XpoCategory)}
            options={(cats.data ?? []).map((c) => ({ value: c.code, label: t(`xpo.cat.${c.code}` as MessageKey) }))} />
          <TextField label={t('xpo.siteName')} name="siteName" required value={siteName} onValue={setSiteName} />
          <TextField label={t('xpo.pageUrl')} hint={t('xpo.pageUrlHint')} name="pageUrl" required value={pageUrl} onValue={setPageUrl} inputMode="url" ltr />
          <SelectField label={t('xpo.currency')} name="currency" value={currency} onValue={setCurrency} options={CURRENCIES.map((c) => ({ value: c, label: c }))} />
          <TextField label={t('xpo.amount')} name="amount" required value={amount} onValue={setAmount} inputMode="decimal" ltr />
          {quote ? (
            <div data-testid="xpo-quote">
              <Details rows={[
                [t('xpo.rate'), <span key="rate">{toman(String(Math.round(Number(quote.rialsPerUnit))))} <span className="muted">/ <bdi dir="ltr">{currency}</bdi></span></span>],
                [t('xpo.subtotal'), toman(quote.subtotalRials)],
                [t('xpo.fee'), toman(quote.feeRials)],
                ...(quote.discountRials !== '0' ? [[t('xpo.discount'), toman(quote.discountRials)] as [string, string]] : []),
                [t('xpo.total'), <strong key="total">{toman(quote.totalRials)}</strong>],
                [t('xpo.validUntil'), i18n.dateTime(quote.expiresAt)],
              ]} />
            </div>
          ) : null}
          {quoteError ? <p className="field-error" role="alert">{quoteError}</p> : null}
          <fieldset className="form">
            <legend>{needsLogin ? t('xpo.loginRequired') : t('xpo.loginOptional')}</legend>
            <TextField label={t('xpo.username')} name="username" required={needsLogin} value={username} onValue={setUsername} autoComplete="off" ltr />
            <TextField label={t('xpo.password')} name="password" type="password" required={needsLogin} value={password} onValue={setPassword} autoComplete="new-password" ltr />
            <p className="muted">{t('xpo.loginSafety')}</p>
          </fieldset>
          <TextArea label={t('xpo.instructions')} hint={t('xpo.instructionsHint')} name="instructions" required value={instructions} onValue={setInstructions} />
          {error ? <p className="field-error" role="alert">{error}</p> : null}
          <Button type="submit" busy={busy} disabled={!quote} block>{t('xpo.addToCart')}</Button>
        </form>
      </Card>
    </Shell>
  );
}

/** XPO-4: the cart, one payment for all of it, by wallet or gateway. */
export function PaymentOrderCartPage() {
  const i18n = useI18n();
  const { t, toman, digits } = i18n;
  const cart = useAsync(() => xpoApi.mine('in_cart'), []);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const total = (cart.data ?? []).reduce((s, o) => s + BigInt(o.totalRials), 0n);

  async function act(key: string, fn: () => Promise<void>) {
    setBusy(key);
    setError(null);
    try { await fn(); } catch (err) { setError(errorText(i18n, err)); } finally { setBusy(null); }
  }
  const pay = (method: 'wallet' | 'gateway') => act(method, async () => {
    const r = await xpoApi.checkout(method);
    if (r.redirectUrl) { window.location.assign(r.redirectUrl); return; }
    setDone(r.orders.some((o) => o.status === 'awaiting_verification') ? t('xpo.paidAwaiting') : t('xpo.paid'));
    cart.reload();
  });

  return (
    <Shell>
      <PageHeader title={t('xpo.cart')} back="/payment-orders" actions={<ButtonLink to="/payment-orders/new" icon="plus" variant="secondary">{t('xpo.addMore')}</ButtonLink>} />
      {done ? <Banner kind="success" action={<ButtonLink to="/payment-orders" variant="secondary">{t('xpo.mine')}</ButtonLink>}>{done}</Banner> : null}
      {cart.error ? <Banner kind="error">{errorText(i18n, cart.error)}</Banner> : null}
      {!cart.data ? <Loading /> : cart.data.length === 0 ? <EmptyState icon="wallet" title={t('xpo.cartEmpty')} /> : (
        <>
          <ul className="list card-list">
            {cart.data.map((o) => (
              <li key={o.id} className="list-row">
                <span className="list-main">
                  <strong>{o.siteName} — <bdi dir="ltr">{digits(o.amount)} {o.currency}</bdi></strong>
                  <span className="muted">{t(`xpo.cat.${o.category}` as MessageKey)}{o.discountRials !== '0' ? ` — ${t('xpo.discount')}: ${toman(o.discountRials)}` : ''}</span>
                </span>
                <strong>{toman(o.totalRials)}</strong>
                <Button variant="secondary" busy={busy === o.id} onClick={() => act(o.id, async () => { await xpoApi.remove(o.id); cart.reload(); })}>{t('xpo.remove')}</Button>
              </li>
            ))}
          </ul>
          <Card title={t('xpo.checkout')}>
            <Details rows={[[t('xpo.total'), <strong key="t" data-testid="xpo-cart-total">{toman(total)}</strong>]]} />
            <p className="muted">{t('xpo.kycNote')}</p>
            {error ? <p className="field-error" role="alert">{error}</p> : null}
            <div className="row">
              <Button busy={busy === 'gateway'} onClick={() => pay('gateway')}>{t('xpo.payGateway')}</Button>
              <Button variant="secondary" busy={busy === 'wallet'} onClick={() => pay('wallet')}>{t('xpo.payWallet')}</Button>
            </div>
          </Card>
        </>
      )}
    </Shell>
  );
}
