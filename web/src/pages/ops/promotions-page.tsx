import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { hasRole } from '../../areas';
import { Link, navigate, useLocation } from '../../router';
import { Shell } from '../../components/shell';
import { Badge, Banner, Button, ButtonLink, EmptyState, Loading, Ltr, PageHeader } from '../../components/ui';
import { SelectField, TextField } from '../../components/fields';
import { Icon } from '../../components/icons';
import { errorText } from '../../lib/errors';
import { LoadMore, usePaged } from '../money/money-ui';
import { moneyApi, type Promotion, type PromotionSearch } from '../money/money-api';
import { BENEFIT_LABEL, PROMO_STATUS_LABEL, PROMO_STATUS_TONE } from '../money/labels';
import { BenefitText } from '../money/promo-text';

const PAGE = 30;
const FILTERS = ['q', 'status', 'benefitType', 'audience', 'trigger'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

export function PromotionRow({ p }: { p: Promotion }) {
  const { t, locale, num } = useI18n();
  return (
    <li>
      <Link to={`/ops/promotions/${encodeURIComponent(p.id)}`} className="list-row list-link">
        <span className="tile-icon" aria-hidden="true"><Icon name={p.benefit.type === 'gift_credit' ? 'gift' : 'tag'} size={20} /></span>
        <span className="list-main">
          <strong>{p.title[locale]}</strong>
          <span className="small"><BenefitText b={p.benefit} /></span>
          <span className="chips">
            <Badge tone={PROMO_STATUS_TONE[p.status]}>{t(PROMO_STATUS_LABEL[p.status])}</Badge>
            {p.code ? <Badge><Ltr>{p.code}</Ltr></Badge> : <Badge tone="brand">{t('promo.automatic')}</Badge>}
            <Badge>{t(p.audience === 'personal' ? 'promo.personal' : 'promo.public')}</Badge>
            <Badge>{p.totalUsageLimit === null ? t('promoOps.used', { used: num(p.usedCount) }) : t('promoOps.usedOf', { used: num(p.usedCount), limit: num(p.totalUsageLimit) })}</Badge>
          </span>
        </span>
        <Icon name="chevron" size={18} />
      </Link>
    </li>
  );
}

/** PAY-4 / OPS-2: every promo code and campaign, filterable; admins create new ones. */
export function OpsPromotionsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { me } = useSession();
  const { query } = useLocation();
  const applied = Object.fromEntries(FILTERS.map((f) => [f, query.get(f) ?? ''])) as Filters;
  const key = FILTERS.map((f) => applied[f]).join('|');
  const [draft, setDraft] = useState<Filters>(applied);
  const [total, setTotal] = useState(0);
  const paged = usePaged(async (cursor) => {
    const offset = Number(cursor ?? 0);
    const q: PromotionSearch = { limit: PAGE, offset };
    for (const f of FILTERS) if (applied[f]) (q as Record<string, unknown>)[f] = applied[f];
    const r = await moneyApi.ops.promotions(q);
    setTotal(r.total);
    const seen = offset + r.items.length;
    return { items: r.items, next: seen < r.total ? String(seen) : null };
  }, [key]);

  function apply(e: FormEvent) {
    e.preventDefault();
    const p = new URLSearchParams();
    for (const f of FILTERS) if (draft[f].trim()) p.set(f, draft[f].trim());
    const qs = p.toString();
    navigate(qs ? `/ops/promotions?${qs}` : '/ops/promotions', { replace: true });
  }
  const set = (f: keyof Filters) => (v: string) => setDraft({ ...draft, [f]: v });
  const all = { value: '', label: t('common.all') };
  const on = FILTERS.filter((f) => applied[f]).length;

  return (
    <Shell wide>
      <PageHeader title={t('promoOps.title')} subtitle={t('promoOps.subtitle')} back="/ops/money"
        actions={hasRole(me, 'ops_admin') ? <ButtonLink to="/ops/promotions/new" icon="plus">{t('promoOps.new')}</ButtonLink> : undefined} />
      <details className="filter-box" open={on > 0 || undefined}>
        <summary>
          <Icon name="search" size={18} />
          <span>{t('audit.filters')}</span>
          {on > 0 && <Badge tone="brand">{t('audit.filtersOn', { n: on })}</Badge>}
        </summary>
        <form className="filters filters-promo" onSubmit={apply} role="search">
          <TextField label={t('promoOps.query')} placeholder={t('promoOps.queryPlaceholder')} value={draft.q} onValue={set('q')} type="search" />
          <SelectField label={t('promoOps.status')} value={draft.status} onValue={set('status')} options={[all, ...Object.entries(PROMO_STATUS_LABEL).map(([value, label]) => ({ value, label: t(label) }))]} />
          <SelectField label={t('promoOps.benefit')} value={draft.benefitType} onValue={set('benefitType')} options={[all, ...Object.entries(BENEFIT_LABEL).map(([value, label]) => ({ value, label: t(label) }))]} />
          <SelectField label={t('promoOps.audience')} value={draft.audience} onValue={set('audience')} options={[all, { value: 'public', label: t('promo.public') }, { value: 'personal', label: t('promo.personal') }]} />
          <SelectField label={t('promoOps.trigger')} value={draft.trigger} onValue={set('trigger')} options={[all, { value: 'code', label: t('promo.withCode') }, { value: 'automatic', label: t('promo.automatic') }]} />
          <Button type="submit" icon="search" className="filters-submit">{t('common.apply')}</Button>
        </form>
      </details>
      {paged.error ? <Banner kind="error">{errorText(i18n, paged.error)}</Banner> : null}
      {!paged.items && !paged.error && <Loading />}
      {paged.items && <p className="muted result-count" aria-live="polite">{t('promoOps.count', { n: total })}</p>}
      {paged.items?.length === 0 && <EmptyState icon="tag" title={t('promoOps.empty')}>{t(on ? 'ops.audit.emptyHint' : 'promoOps.emptyText')}</EmptyState>}
      {!!paged.items?.length && <ul className="list card-list">{paged.items.map((p) => <PromotionRow key={p.id} p={p} />)}</ul>}
      <LoadMore paged={paged} />
    </Shell>
  );
}
