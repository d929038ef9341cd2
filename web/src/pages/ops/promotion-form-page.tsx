import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { toAsciiDigits, useI18n } from '../../i18n';
import { navigate } from '../../router';
import { Shell } from '../../components/shell';
import { Banner, Button, Card, PageHeader } from '../../components/ui';
import { Checkbox, TextArea, TextField } from '../../components/fields';
import { useToast } from '../../components/toast';
import { formErrors } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { calendarOf, type DayParts } from '../../lib/dates';
import { MoneyField, Segmented } from '../money/money-ui';
import { DayField, IntField, PercentField, nationalMobile, partial, tehranInstant } from '../money/form-fields';
import { moneyApi, tomanToRials, type PromotionCreate } from '../money/money-api';

type BenefitType = 'percent' | 'fixed' | 'gift_credit';
type Texts = { fa: string; ar: string; en: string };
const LOCALES = ['fa', 'ar', 'en'] as const;

interface Draft {
  title: Texts; description: Texts; withCode: boolean; code: string; audience: 'public' | 'personal'; owners: string; announce: boolean;
  benefit: BenefitType; percent: string; cap: string; amount: string; validDays: string; giftUntil: Partial<DayParts>;
  services: string[]; cities: string[]; minOrder: string; minQuantity: string; volume: string; volumeDays: string;
  starts: Partial<DayParts>; ends: Partial<DayParts>; totalLimit: string; perUser: string; noPerUserLimit: boolean; reason: string;
}

const EMPTY: Draft = {
  title: { fa: '', ar: '', en: '' }, description: { fa: '', ar: '', en: '' }, withCode: true, code: '', audience: 'public', owners: '', announce: true,
  benefit: 'gift_credit', percent: '', cap: '', amount: '', validDays: '', giftUntil: {},
  services: [], cities: [], minOrder: '', minQuantity: '', volume: '', volumeDays: '',
  starts: {}, ends: {}, totalLimit: '', perUser: '', noPerUserLimit: false, reason: '',
};

type Errors = Record<string, string>;

/** Owners typed as mobiles or user ids, one per line; mobiles are looked up (ops admins may search). */
async function resolveOwners(text: string): Promise<{ ids: string[]; unknown: string[] }> {
  const lines = [...new Set(text.split(/[\n,،]+/).map((l) => toAsciiDigits(l.trim())).filter(Boolean))];
  const ids: string[] = [];
  const unknown: string[] = [];
  for (const line of lines) {
    if (line.startsWith('usr_')) { ids.push(line); continue; }
    const mobile = nationalMobile(line);
    const found = mobile ? await api.ops.users({ q: mobile, limit: 5 }) : { items: [] };
    const exact = found.items.find((u) => u.mobile === mobile);
    if (exact) ids.push(exact.id);
    else unknown.push(line);
  }
  return { ids, unknown };
}

/** Checks a person can fix before anything is sent; the server checks the rest. */
function localErrors(d: Draft, t: ReturnType<typeof useI18n>['t']): Errors {
  const e: Errors = {};
  for (const l of LOCALES) if (!d.title[l].trim()) e[`title.${l}`] = t('error.REQUIRED');
  if (d.withCode && !d.code.trim()) e.code = t('error.REQUIRED');
  if (d.audience === 'personal' && !d.owners.trim()) e.userIds = t('promoForm.ownersRequired');
  if (d.benefit === 'percent' && !d.percent) e.benefit = t('error.REQUIRED');
  if (d.benefit !== 'percent' && !d.amount) e.benefit = t('error.REQUIRED');
  if (partial(d.starts)) e.startsAt = t('promoForm.dateIncomplete');
  if (partial(d.ends)) e.endsAt = t('promoForm.dateIncomplete');
  if (partial(d.giftUntil)) e.giftUntil = t('promoForm.dateIncomplete');
  if ((d.volume && !d.volumeDays) || (!d.volume && d.volumeDays)) e.volume = t('promoForm.volumeBoth');
  return e;
}

function bodyOf(d: Draft, owners: string[], locale: 'fa' | 'ar' | 'en'): PromotionCreate {
  const calendar = calendarOf(locale);
  const benefit: PromotionCreate['benefit'] = d.benefit === 'percent'
    ? { type: 'percent', percent: d.percent, maxDiscountRials: d.cap ? tomanToRials(d.cap) : null }
    : d.benefit === 'fixed' ? { type: 'fixed', amountRials: tomanToRials(d.amount) }
      : { type: 'gift_credit', amountRials: tomanToRials(d.amount), validDays: d.validDays ? Number(d.validDays) : null, expiresAt: tehranInstant(d.giftUntil, calendar, 1) };
  const conditions: NonNullable<PromotionCreate['conditions']> = [];
  if (d.minQuantity) conditions.push({ type: 'min_quantity', quantity: Number(d.minQuantity) });
  if (d.volume && d.volumeDays) conditions.push({ type: 'min_past_volume', amountRials: tomanToRials(d.volume), days: Number(d.volumeDays) });
  const hasDescription = LOCALES.some((l) => d.description[l].trim());
  return {
    ...(d.withCode ? { code: d.code.trim() } : {}),
    audience: d.audience,
    ...(d.audience === 'personal' ? { userIds: owners, announce: d.announce } : {}),
    benefit,
    serviceCodes: d.services,
    cityIds: d.cities,
    minOrderRials: d.minOrder ? tomanToRials(d.minOrder) : null,
    conditions,
    startsAt: tehranInstant(d.starts, calendar),
    endsAt: tehranInstant(d.ends, calendar, 1),
    totalUsageLimit: d.totalLimit ? Number(d.totalLimit) : null,
    ...(d.noPerUserLimit ? { perUserLimit: null } : d.perUser ? { perUserLimit: Number(d.perUser) } : {}),
    title: { fa: d.title.fa.trim(), ar: d.title.ar.trim(), en: d.title.en.trim() },
    description: hasDescription ? d.description : null,
    ...(d.reason.trim() ? { reason: d.reason.trim() } : {}),
  };
}

/** Where a server error about a nested field (benefit.percent, title.fa) is shown. */
function fieldKey(field: string): string {
  if (field.startsWith('benefit')) return 'benefit';
  return field;
}

/** PAY-4 / OPS-2: an ops admin creates a promo code or an automatic campaign with every option. */
export function OpsPromotionFormPage() {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const toast = useToast();
  const services = useAsync(() => api.catalog.services(), []);
  const cities = useAsync(() => api.catalog.cities(), []);
  const [d, setD] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Draft>(k: K) => (v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const setText = (k: 'title' | 'description', l: keyof Texts) => (v: string) => setD((x) => ({ ...x, [k]: { ...x[k], [l]: v } }));
  const toggle = (k: 'services' | 'cities', value: string) => (on: boolean) => setD((x) => ({ ...x, [k]: on ? [...x[k], value] : x[k].filter((v) => v !== value) }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    const local = localErrors(d, t);
    setErrors(local);
    if (Object.keys(local).length) return setFormError(t('promoForm.fix'));
    setBusy(true);
    try {
      const owners = d.audience === 'personal' ? await resolveOwners(d.owners) : { ids: [], unknown: [] };
      if (owners.unknown.length) {
        setErrors({ userIds: t('promoForm.ownersUnknown', { list: owners.unknown.join('، ') }) });
        return;
      }
      const created = await moneyApi.ops.createPromotion(bodyOf(d, owners.ids, locale));
      toast(t('promoForm.created'), 'success');
      navigate(`/ops/promotions/${encodeURIComponent(created.id)}`);
    } catch (err) {
      const f = formErrors(i18n, err);
      setErrors(Object.fromEntries(Object.entries(f.fields).map(([k, v]) => [fieldKey(k), v])));
      setFormError(f.form ?? t('promoForm.fix'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Shell wide>
      <PageHeader title={t('promoForm.title')} subtitle={t('promoForm.subtitle')} back="/ops/promotions" />
      <form className="columns" onSubmit={submit} noValidate>
        <div className="stack-lg">
          <Card title={t('promoForm.names')} subtitle={t('promoForm.namesHint')}>
            {LOCALES.map((l) => (
              <TextField key={l} label={t(`promoForm.title.${l}`)} name={`title-${l}`} lang={l} dir={l === 'en' ? 'ltr' : 'rtl'} value={d.title[l]} onValue={setText('title', l)} error={errors[`title.${l}`] ?? errors.title} maxLength={200} />
            ))}
            <details className="more">
              <summary>{t('promoForm.descriptions')}</summary>
              <div className="stack">
                {LOCALES.map((l) => <TextArea key={l} label={t(`promoForm.description.${l}`)} lang={l} dir={l === 'en' ? 'ltr' : 'rtl'} value={d.description[l]} onValue={setText('description', l)} rows={2} maxLength={2000} />)}
              </div>
            </details>
          </Card>
          <Card title={t('promoForm.how')}>
            <Segmented label={t('promoOps.trigger')} value={d.withCode ? 'code' : 'automatic'} onValue={(v) => set('withCode')(v === 'code')}
              options={[{ value: 'code', label: t('promo.withCode') }, { value: 'automatic', label: t('promo.automatic') }]} />
            {d.withCode
              ? <TextField label={t('promo.code')} name="code" value={d.code} onValue={(v) => set('code')(v.toUpperCase())} error={errors.code} hint={t('promoForm.codeHint')} ltr maxLength={32} autoComplete="off" spellCheck={false} />
              : <p className="muted small">{t('promoForm.automaticHint')}</p>}
            <Segmented label={t('promoOps.audience')} value={d.audience} onValue={set('audience')}
              options={[{ value: 'public', label: t('promo.public') }, { value: 'personal', label: t('promo.personal') }]} />
            {d.audience === 'personal' && (
              <>
                <TextArea label={t('promoForm.owners')} name="owners" value={d.owners} onValue={set('owners')} rows={3} error={errors.userIds} hint={t('promoForm.ownersHint')} />
                <Checkbox label={t('promoForm.announce')} hint={t('promoForm.announceHint')} checked={d.announce} onValue={set('announce')} />
              </>
            )}
          </Card>
          <Card title={t('promoOps.benefit')}>
            <Segmented label={t('promoOps.benefit')} value={d.benefit} onValue={set('benefit')}
              options={[{ value: 'gift_credit', label: t('promo.benefit.gift_credit') }, { value: 'percent', label: t('promo.benefit.percent') }, { value: 'fixed', label: t('promo.benefit.fixed') }]} />
            {d.benefit === 'percent' && (
              <div className="grid-2">
                <PercentField label={t('promoForm.percent')} name="percent" value={d.percent} onValue={set('percent')} error={errors.benefit} />
                <MoneyField label={t('promoForm.cap')} name="cap" value={d.cap} onValue={set('cap')} hint={t('promoForm.optional')} />
              </div>
            )}
            {d.benefit !== 'percent' && <MoneyField label={t(d.benefit === 'fixed' ? 'promoForm.discountAmount' : 'promoForm.giftAmount')} name="benefitAmount" value={d.amount} onValue={set('amount')} error={errors.benefit} />}
            {d.benefit === 'gift_credit' && (
              <>
                <IntField label={t('promoForm.validDays')} name="validDays" value={d.validDays} onValue={set('validDays')} hint={t('promoForm.validDaysHint')} max={4} />
                <DayField legend={t('promoForm.giftUntil')} parts={d.giftUntil} onParts={set('giftUntil')} error={errors.giftUntil} hint={t('promoForm.optional')} />
                <p className="muted small">{t('promoForm.giftNote')}</p>
              </>
            )}
          </Card>
        </div>
        <div className="stack-lg">
          <Card title={t('promoForm.scope')} subtitle={t('promoForm.scopeHint')}>
            <fieldset className="fieldset">
              <legend className="field-label">{t('promoOps.services')}</legend>
              <div className="check-grid">
                {(services.data ?? []).map((s) => <Checkbox key={s.code} label={s.names[locale]} checked={d.services.includes(s.code)} onValue={toggle('services', s.code)} />)}
              </div>
            </fieldset>
            <fieldset className="fieldset">
              <legend className="field-label">{t('promoOps.cities')}</legend>
              <div className="check-grid">
                {(cities.data ?? []).map((c) => <Checkbox key={c.id} label={c.names[locale]} checked={d.cities.includes(c.id)} onValue={toggle('cities', c.id)} />)}
              </div>
            </fieldset>
            {d.benefit !== 'gift_credit' && <MoneyField label={t('promoOps.minOrder')} name="minOrder" value={d.minOrder} onValue={set('minOrder')} hint={t('promoForm.optional')} />}
            <details className="more">
              <summary>{t('promoForm.conditions')}</summary>
              <div className="stack">
                <IntField label={t('promoForm.minQuantity')} name="minQuantity" value={d.minQuantity} onValue={set('minQuantity')} hint={t('promoForm.minQuantityHint')} max={6} />
                <div className="grid-2">
                  <MoneyField label={t('promoForm.volume')} name="volume" value={d.volume} onValue={set('volume')} error={errors.volume} />
                  <IntField label={t('promoForm.volumeDays')} name="volumeDays" value={d.volumeDays} onValue={set('volumeDays')} max={4} />
                </div>
                <p className="muted small">{t('promoForm.volumeHint')}</p>
              </div>
            </details>
          </Card>
          <Card title={t('promoForm.when')}>
            <DayField legend={t('promoForm.starts')} parts={d.starts} onParts={set('starts')} error={errors.startsAt} hint={t('promoForm.startsHint')} />
            <DayField legend={t('promoForm.ends')} parts={d.ends} onParts={set('ends')} error={errors.endsAt} hint={t('promoForm.endsHint')} />
          </Card>
          <Card title={t('promoForm.limits')}>
            <IntField label={t('promoOps.totalLimit')} name="totalLimit" value={d.totalLimit} onValue={set('totalLimit')} hint={t('promoForm.totalLimitHint')} />
            {!d.noPerUserLimit && <IntField label={t('promoOps.perUserLimit')} name="perUser" value={d.perUser} onValue={set('perUser')} hint={t('promoForm.perUserHint')} max={5} />}
            <Checkbox label={t('promoForm.noPerUserLimit')} checked={d.noPerUserLimit} onValue={set('noPerUserLimit')} />
          </Card>
          <Card>
            <TextArea label={t('promoForm.reason')} name="reason" value={d.reason} onValue={set('reason')} rows={2} maxLength={500} hint={t('promoForm.reasonHint')} />
            {formError && <Banner kind="error">{formError}</Banner>}
            <Button type="submit" busy={busy} block icon="check">{t('promoForm.create')}</Button>
          </Card>
        </div>
      </form>
    </Shell>
  );
}
