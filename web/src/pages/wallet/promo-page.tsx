import { useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api';
import { useI18n } from '../../i18n';
import { Shell } from '../../components/shell';
import { Badge, Banner, Button, ButtonLink, Card, EmptyState, Loading, Ltr, PageHeader } from '../../components/ui';
import { SelectField, TextField } from '../../components/fields';
import { useToast } from '../../components/toast';
import { Icon } from '../../components/icons';
import { errorText } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { MoneyField, useSignedToman } from '../money/money-ui';
import { moneyApi, newIdempotencyKey, tomanToRials, type ApplyReply, type GiftGrant, type Offer } from '../money/money-api';
import { OFFER_STATE_LABEL, OFFER_STATE_TONE } from '../money/labels';
import { BenefitText, OfferWindow } from '../money/promo-text';

type Outcome = { kind: 'gift'; grant: GiftGrant } | { kind: 'discount'; code: string } | null;

/** What a discount code takes off a sample order: the customer picks a service and an amount. */
function DiscountPreview({ code }: { code: string }) {
  const i18n = useI18n();
  const { t, toman, locale } = i18n;
  const signed = useSignedToman();
  const services = useAsync(() => api.catalog.services(), []);
  const [service, setService] = useState('');
  const [amount, setAmount] = useState('');
  const [result, setResult] = useState<ApplyReply | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = service || services.data?.[0]?.code || '';

  async function preview(e: FormEvent) {
    e.preventDefault();
    if (!amount) return setError(t('promo.enterAmount'));
    setBusy(true);
    setError(null);
    try {
      setResult(await moneyApi.promotions.apply({ serviceCode: chosen, amountRials: tomanToRials(amount), code }));
    } catch (err) {
      setResult(null);
      setError(errorText(i18n, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t('promo.discountTitle')} subtitle={t('promo.discountText')}>
      <form className="stack" onSubmit={preview} noValidate>
        <SelectField label={t('promo.service')} value={chosen} onValue={(v) => { setService(v); setResult(null); }}
          options={(services.data ?? []).map((s) => ({ value: s.code, label: s.names[locale] }))} />
        <MoneyField label={t('promo.orderAmount')} name="orderAmount" value={amount} onValue={(v) => { setAmount(v); setResult(null); }} error={error} />
        <Button type="submit" variant="secondary" busy={busy} block>{t('promo.preview')}</Button>
      </form>
      {result && (
        <div className="preview" aria-live="polite">
          {result.promotion && <strong>{result.promotion.title[locale]}</strong>}
          <dl className="details">
            <div className="details-row"><dt>{t('promo.price')}</dt><dd>{toman(result.amountRials)}</dd></div>
            <div className="details-row"><dt>{t('promo.discount')}</dt><dd className="amount-credit">{signed(-BigInt(result.discountRials))}</dd></div>
            <div className="details-row"><dt>{t('promo.youPay')}</dt><dd><strong>{toman(result.finalRials)}</strong></dd></div>
          </dl>
          <p className="muted small">{t('promo.useWhenOrdering')}</p>
        </div>
      )}
    </Card>
  );
}

function OfferRow({ o, onClaim, busy }: { o: Offer; onClaim(o: Offer): void; busy: boolean }) {
  const { t, locale } = useI18n();
  const claimable = o.benefit.type === 'gift_credit' && o.state === 'available' && !o.code;
  return (
    <li className="offer">
      <div className="offer-head">
        <strong>{o.title[locale]}</strong>
        <Badge tone={OFFER_STATE_TONE[o.state]}>{t(OFFER_STATE_LABEL[o.state])}</Badge>
      </div>
      <p className="small"><BenefitText b={o.benefit} /></p>
      {o.description?.[locale] && <p className="muted small">{o.description[locale]}</p>}
      <p className="muted small">
        {o.code && <>{t('promo.code')}: <Ltr>{o.code}</Ltr> · </>}
        <OfferWindow startsAt={o.startsAt} endsAt={o.endsAt} />
      </p>
      {claimable && <Button variant="secondary" icon="gift" busy={busy} onClick={() => onClaim(o)}>{t('promo.claim')}</Button>}
    </li>
  );
}

function GiftRow({ g }: { g: GiftGrant }) {
  const { t, toman, dateTime, locale } = useI18n();
  return (
    <li className="list-row">
      <span className="line-icon" aria-hidden="true"><Icon name="gift" size={18} /></span>
      <span className="list-main">
        <strong>{toman(g.amountRials)}</strong>
        {g.title && <span>{g.title[locale]}</span>}
        <span className="muted small">{t('promo.claimedAt', { date: dateTime(g.createdAt) })}</span>
        {g.expiresAt && <span className="muted small">{t(g.status === 'expired' ? 'promo.expiredAt' : 'promo.expiresAt', { date: dateTime(g.expiresAt) })}</span>}
        {g.expiredRials && g.expiredRials !== '0' && <span className="muted small">{t('promo.returned', { amount: toman(g.expiredRials) })}</span>}
      </span>
      <Badge tone={g.status === 'active' ? 'good' : 'neutral'}>{t(g.status === 'active' ? 'promo.grantActive' : 'promo.grantExpired')}</Badge>
    </li>
  );
}

/** PAY-4: enter a code (gift credit is claimed at once, a discount is previewed) and see my offers. */
export function PromoPage() {
  const i18n = useI18n();
  const { t, toman } = i18n;
  const toast = useToast();
  const mine = useAsync(() => moneyApi.promotions.mine(), []);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const key = useRef(newIdempotencyKey());

  async function claim(body: { code?: string; promotionId?: string }) {
    setBusy(body.promotionId ?? 'code');
    setError(null);
    setOutcome(null);
    try {
      const grant = await moneyApi.promotions.claim(body, key.current);
      setOutcome({ kind: 'gift', grant });
      setCode('');
      toast(t('promo.giftAdded', { amount: toman(grant.amountRials) }), 'success');
      mine.reload();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'PROMO_NOT_A_GIFT' && body.code) setOutcome({ kind: 'discount', code: body.code });
      else setError(errorText(i18n, err));
    } finally {
      key.current = newIdempotencyKey();
      setBusy(null);
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!code.trim()) return setError(t('promo.enterCode'));
    void claim({ code: code.trim() });
  }

  const offers = mine.data?.offers ?? [];
  const gifts = mine.data?.giftCredits ?? [];
  return (
    <Shell>
      <PageHeader title={t('promo.title')} subtitle={t('promo.subtitle')} back="/wallet" />
      <div className="stack-lg">
        <Card>
          <form className="inline-form" onSubmit={submit} noValidate>
            <TextField label={t('promo.code')} name="promoCode" value={code} onValue={(v) => { setCode(v); setOutcome(null); }} error={error}
              ltr autoComplete="off" autoCapitalize="characters" spellCheck={false} maxLength={64} placeholder={t('promo.codePlaceholder')} />
            <Button type="submit" busy={busy === 'code'}>{t('promo.submit')}</Button>
          </form>
          {outcome?.kind === 'gift' && (
            <Banner kind="success" title={t('promo.giftAdded', { amount: toman(outcome.grant.amountRials) })}
              action={<ButtonLink to="/wallet?account=gift" variant="secondary" icon="wallet">{t('promo.seeWallet')}</ButtonLink>}>
              {t('promo.giftNotCashable')}
            </Banner>
          )}
        </Card>
        {outcome?.kind === 'discount' && <DiscountPreview key={outcome.code} code={outcome.code} />}
        <section aria-labelledby="offers-title">
          <h2 id="offers-title" className="section-title">{t('promo.mine')}</h2>
          {mine.error ? <Banner kind="error">{errorText(i18n, mine.error)}</Banner> : null}
          {!mine.data && !mine.error && <Loading />}
          {mine.data && offers.length === 0 && <EmptyState icon="tag" title={t('promo.noOffers')}>{t('promo.noOffersText')}</EmptyState>}
          {offers.length > 0 && <ul className="offers">{offers.map((o) => <OfferRow key={o.id} o={o} busy={busy === o.id} onClaim={(x) => void claim({ promotionId: x.id })} />)}</ul>}
        </section>
        {gifts.length > 0 && (
          <Card title={t('promo.gifts')} subtitle={t('promo.giftNotCashable')}>
            <ul className="list">{gifts.map((g) => <GiftRow key={g.id} g={g} />)}</ul>
          </Card>
        )}
      </div>
    </Shell>
  );
}
