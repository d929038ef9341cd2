import { useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { hasRole } from '../../areas';
import { Link } from '../../router';
import { Shell } from '../../components/shell';
import { Badge, Banner, Button, ButtonLink, Card, Details, Loading, Ltr, PageHeader } from '../../components/ui';
import { TextArea } from '../../components/fields';
import { useToast } from '../../components/toast';
import { errorText } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { moneyApi, type PromotionDetail } from '../money/money-api';
import { PROMO_STATUS_LABEL, PROMO_STATUS_TONE } from '../money/labels';
import { BenefitText, OfferWindow } from '../money/promo-text';

const MIN_REASON = 3;
type Action = 'suspend' | 'resume' | 'cancel';

function Terms({ p }: { p: PromotionDetail }) {
  const { t, toman, num, locale } = useI18n();
  const services = useAsync(() => api.catalog.services(), []);
  const cities = useAsync(() => api.catalog.cities(), []);
  const named = (ids: string[], list: Array<{ id: string; code: string; names: Record<string, string> }> | undefined, key: 'id' | 'code') =>
    ids.length ? ids.map((x) => list?.find((s) => s[key] === x)?.names[locale] ?? x).join('، ') : t('common.all');
  const rows: Array<[string, ReactNode]> = [
    [t('promoOps.benefit'), <BenefitText key="b" b={p.benefit} />],
    [t('promo.code'), p.code ? <Ltr key="c">{p.code}</Ltr> : t('promo.automatic')],
    [t('promoOps.audience'), t(p.audience === 'personal' ? 'promo.personal' : 'promo.public')],
    [t('promoOps.window'), <OfferWindow key="w" startsAt={p.startsAt} endsAt={p.endsAt} />],
    [t('promoOps.services'), named(p.serviceCodes, services.data, 'code')],
    [t('promoOps.cities'), named(p.cityIds, cities.data, 'id')],
    [t('promoOps.minOrder'), p.minOrderRials ? toman(p.minOrderRials) : t('common.none')],
    [t('promoOps.totalLimit'), p.totalUsageLimit === null ? t('promoOps.noLimit') : num(p.totalUsageLimit)],
    [t('promoOps.perUserLimit'), p.perUserLimit === null ? t('promoOps.noLimit') : num(p.perUserLimit)],
    ...p.conditions.map((c, i) => [t('promoOps.condition'), <span key={`k${i}`} dir="ltr" className="mono">{JSON.stringify(c)}</span>] as [string, ReactNode]),
  ];
  return <Details rows={rows} />;
}

/** Usage of an offer: uses and customers, then what it gave (discounts, or gift credit and its expiry). */
function Stats({ id, gift }: { id: string; gift: boolean }) {
  const i18n = useI18n();
  const { t, toman, num } = i18n;
  const stats = useAsync(() => moneyApi.ops.promotionStats(id), [id]);
  if (stats.error) return <Banner kind="error">{errorText(i18n, stats.error)}</Banner>;
  const s = stats.data;
  if (!s) return <Loading />;
  const stat = (label: string, value: string, amount?: string) => (
    <div className="stat"><span className="muted small">{label}</span><strong>{value}</strong>{amount && <span className="small">{toman(amount)}</span>}</div>
  );
  return (
    <div className="stats">
      {stat(t('promoStats.used'), s.totalUsageLimit === null ? num(s.usedCount) : t('promoOps.usedOf', { used: num(s.usedCount), limit: num(s.totalUsageLimit) }))}
      {stat(t('promoStats.users'), num(s.uniqueUsers))}
      {gift ? stat(t('promoStats.gifts'), num(s.giftGrants), s.giftGrantedRials) : stat(t('promoStats.discounts'), num(s.redemptions), s.discountRials)}
      {gift ? stat(t('promoStats.expired'), num(s.giftExpiredGrants), s.giftExpiredRials) : stat(t('promoStats.released'), num(s.released))}
    </div>
  );
}

/** PAY-4: ops admins suspend, resume or cancel an offer at any time, with a reason (audited). */
function StatusCard({ p, onDone }: { p: PromotionDetail; onDone(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const toast = useToast();
  const [action, setAction] = useState<Action | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const actions: Action[] = p.status === 'active' ? ['suspend', 'cancel'] : p.status === 'suspended' ? ['resume', 'cancel'] : [];
  if (!actions.length) return null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!action) return;
    if (reason.trim().length < MIN_REASON) return setError(t('ops.reasonTooShort', { n: MIN_REASON }));
    setBusy(true);
    setError(null);
    try {
      await moneyApi.ops.changePromotion(p.id, action, reason.trim());
      toast(t(`promoOps.${action}Done`), 'success');
      setAction(null);
      setReason('');
      onDone();
    } catch (err) {
      setError(errorText(i18n, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t('promoOps.statusTitle')} subtitle={t('promoOps.statusHint')}>
      <div className="row">
        {actions.map((a) => (
          <Button key={a} variant={action === a ? (a === 'cancel' ? 'danger' : 'primary') : 'secondary'} onClick={() => { setAction(a); setError(null); }}>{t(`promoOps.${a}`)}</Button>
        ))}
      </div>
      {action && (
        <form className="stack" onSubmit={submit} noValidate>
          {action === 'cancel' && <Banner kind="warning">{t('promoOps.cancelWarning')}</Banner>}
          <TextArea label={t('ops.reason')} name="statusReason" value={reason} onValue={setReason} rows={2} maxLength={500} error={error} />
          <Button type="submit" variant={action === 'cancel' ? 'danger' : 'primary'} busy={busy} block>{t(`promoOps.${action}Confirm`)}</Button>
        </form>
      )}
    </Card>
  );
}

export function OpsPromotionPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const { me } = useSession();
  const promo = useAsync(() => moneyApi.ops.promotion(id), [id]);
  const [round, setRound] = useState(0);
  const p = promo.data;
  const canOpenUsers = hasRole(me, 'ops_agent', 'ops_admin');
  return (
    <Shell wide>
      <PageHeader title={p ? p.title[locale] : t('promoOps.title')} back="/ops/promotions"
        actions={p && <ButtonLink to={`/ops/audit?targetId=${encodeURIComponent(p.id)}`} variant="ghost" icon="list">{t('ops.user.history')}</ButtonLink>} />
      {promo.error ? <Banner kind="error">{errorText(i18n, promo.error)}</Banner> : null}
      {!p && !promo.error && <Loading />}
      {p && (
        <div className="columns">
          <div className="stack-lg">
            <Card title={t('promoOps.terms')} actions={<Badge tone={PROMO_STATUS_TONE[p.status]}>{t(PROMO_STATUS_LABEL[p.status])}</Badge>}>
              {p.description?.[locale] && <p className="muted">{p.description[locale]}</p>}
              <Terms p={p} />
            </Card>
            {p.audience === 'personal' && (
              <Card title={t('promoOps.owners', { n: p.userCount })}>
                <ul className="chips">
                  {p.userIds.map((u) => <li key={u}>{canOpenUsers ? <Link to={`/ops/users/${encodeURIComponent(u)}`}><Badge><Ltr>{u}</Ltr></Badge></Link> : <Badge><Ltr>{u}</Ltr></Badge>}</li>)}
                </ul>
              </Card>
            )}
          </div>
          <div className="stack-lg">
            <Card title={t('promoOps.stats')}><Stats key={round} id={p.id} gift={p.benefit.type === 'gift_credit'} /></Card>
            {hasRole(me, 'ops_admin') && <StatusCard key={p.status} p={p} onDone={() => { promo.reload(); setRound((n) => n + 1); }} />}
          </div>
        </div>
      )}
    </Shell>
  );
}
