import { useState, type FormEvent } from 'react';
import { toAsciiDigits, useI18n } from '../../i18n';
import { Shell } from '../../components/shell';
import { Badge, Banner, Button, ButtonLink, Card, EmptyState, Loading, Ltr, PageHeader } from '../../components/ui';
import { TextField } from '../../components/fields';
import { useToast } from '../../components/toast';
import { errorText, formErrors } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { rewardsApi, TIER_KEY, type Program, type Standings } from '../rewards/rewards-api';

const PAGE = 25;

/** RWD-2/3/5/8 at a glance; the numbers are edited as settings (OPS-2, audited). */
function ProgramCard({ p }: { p: Program }) {
  const { t, num, instantDay, digits } = useI18n();
  const rows: Array<[string, string]> = [
    [t('rwd.earn', { base: p.pointsPerTrip, bonus: p.peakBonusPoints }), ''],
    [t('rwdOps.thresholds'), `${t('rwd.tier.gold')} ${num(p.tierThresholds.gold)} · ${t('rwd.tier.platinum')} ${num(p.tierThresholds.platinum)} · ${t('rwd.tier.diamond')} ${num(p.tierThresholds.diamond)}`],
    [t('rwdOps.gates'), t('rwdOps.gatesValue', { rating: num(p.minRating), cancel: num(p.maxCancellationPercent) })],
    [t('rwd.peak'), p.peakWindows.map((w) => digits(`${w.from}–${w.to}`)).join('  ·  ')],
  ];
  const last = new Date(new Date(p.currentSeason.endsAt).getTime() - 1).toISOString();
  return (
    <Card title={t('rwdOps.program')} subtitle={t('rwd.season', { from: instantDay(p.currentSeason.startsAt), to: instantDay(last) })}
      actions={<ButtonLink to="/ops/settings?q=rewards" variant="secondary" icon="list">{t('rwdOps.editSettings')}</ButtonLink>}>
      <ul className="list">{rows.map(([a, b]) => <li key={a} className="list-row"><span className="list-main"><strong>{a}</strong>{b && <span className="small muted rwd-ltr-list">{b}</span>}</span></li>)}</ul>
    </Card>
  );
}

function StandingsCard() {
  const i18n = useI18n();
  const { t, num } = i18n;
  const [q, setQ] = useState('');
  const [offset, setOffset] = useState(0);
  const [items, setItems] = useState<Standings['items']>([]);
  const page = useAsync(async () => {
    const r = await rewardsApi.standings({ q: q || undefined, offset, limit: PAGE });
    setItems((prev) => (offset === 0 ? r.items : [...prev, ...r.items]));
    return r;
  }, [q, offset]);
  return (
    <Card title={t('rwdOps.standings')} subtitle={page.data ? t('rwdOps.total', { n: page.data.total }) : undefined}>
      <TextField label={t('rwdOps.search')} name="rewardsSearch" value={q} ltr onValue={(v) => { setQ(v.trim()); setOffset(0); }} />
      {page.error ? <Banner kind="error">{errorText(i18n, page.error)}</Banner> : null}
      {!page.data && !page.error && <Loading />}
      {page.data && items.length === 0 && <EmptyState icon="info" title={t('rwdOps.empty')} />}
      {items.length > 0 && (
        <ol className="list rwd-standings">
          {items.map((s, i) => (
            <li key={s.providerId} className="list-row">
              <span className="rwd-rank">{num(i + 1)}</span>
              <span className="list-main"><Ltr>{s.providerId}</Ltr><span className="small muted">{t('rwd.trips')} {num(s.trips)} · {t('rwd.peakTrips')} {num(s.peakTrips)}{s.adjustmentPoints ? ` · ${t('rwd.adjusted')} ${num(s.adjustmentPoints)}` : ''}</span></span>
              <Badge tone={s.tier === 'blue' ? 'neutral' : 'brand'}>{t(TIER_KEY[s.tier])}</Badge>
              <strong className="rwd-pts">{num(s.points)}</strong>
            </li>
          ))}
        </ol>
      )}
      {page.data && items.length < page.data.total && <Button variant="ghost" onClick={() => setOffset(items.length)}>{t('rwdOps.more')}</Button>}
    </Card>
  );
}

/** RWD-9: adjust or revoke with a reason (audited on the server). */
function AdjustCard({ onDone }: { onDone(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const toast = useToast();
  const [form, setForm] = useState({ providerId: '', points: '', reason: '', orderId: '', revokeReason: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const set = (k: keyof typeof form) => (v: string) => setForm((f) => ({ ...f, [k]: v }));

  async function run(kind: 'adjust' | 'revoke', e: FormEvent) {
    e.preventDefault();
    setBusy(kind);
    setErrors({});
    try {
      if (kind === 'adjust') await rewardsApi.adjust({ providerId: form.providerId.trim(), points: Number(toAsciiDigits(form.points)), reason: form.reason.trim() });
      else await rewardsApi.revoke({ orderId: form.orderId.trim(), reason: form.revokeReason.trim() });
      toast(t('rwdOps.saved'), 'success');
      setForm({ providerId: '', points: '', reason: '', orderId: '', revokeReason: '' });
      onDone();
    } catch (err) {
      const f = formErrors(i18n, err);
      setErrors({ ...f.fields, form: f.form ?? (Object.keys(f.fields).length ? '' : errorText(i18n, err)) });
    } finally {
      setBusy(null);
    }
  }

  return (
    <Card title={t('rwdOps.adjust')} subtitle={t('rwdOps.adjustHint')}>
      {errors.form ? <Banner kind="error">{errors.form}</Banner> : null}
      <form className="stack" onSubmit={(e) => run('adjust', e)} noValidate>
        <TextField label={t('rwdOps.provider')} name="providerId" ltr value={form.providerId} onValue={set('providerId')} error={errors.providerId} />
        <TextField label={t('rwdOps.pointsField')} name="points" ltr inputMode="numeric" value={form.points} onValue={set('points')} error={errors.points} />
        <TextField label={t('rwdOps.reason')} name="reason" value={form.reason} onValue={set('reason')} error={errors.reason} />
        <Button type="submit" busy={busy === 'adjust'}>{t('rwdOps.save')}</Button>
      </form>
      <h3 className="rwd-sub">{t('rwdOps.revoke')}</h3>
      <form className="stack" onSubmit={(e) => run('revoke', e)} noValidate>
        <TextField label={t('rwdOps.order')} name="orderId" ltr value={form.orderId} onValue={set('orderId')} error={errors.orderId} />
        <TextField label={t('rwdOps.reason')} name="revokeReason" value={form.revokeReason} onValue={set('revokeReason')} />
        <Button type="submit" variant="danger" busy={busy === 'revoke'}>{t('rwdOps.revokeBtn')}</Button>
      </form>
    </Card>
  );
}

function RecentAdjustments({ round }: { round: number }) {
  const i18n = useI18n();
  const { t, num, dateTime } = i18n;
  const list = useAsync(() => rewardsApi.adjustments(), [round]);
  if (!list.data?.length) return null;
  return (
    <Card title={t('rwdOps.recent')}>
      <ul className="list">
        {list.data.slice(0, 10).map((a) => (
          <li key={a.id} className="list-row">
            <span className="list-main"><strong><Ltr>{a.providerId}</Ltr></strong><span className="small muted">{a.reason} · {dateTime(a.createdAt)}</span></span>
            <Badge tone={a.kind === 'revoke' ? 'bad' : 'neutral'}>{t(a.kind === 'revoke' ? 'rwdOps.kind.revoke' : 'rwdOps.kind.adjust')}</Badge>
            <strong className="rwd-pts"><Ltr>{a.points > 0 ? '+' : ''}{num(a.points)}</Ltr></strong>
          </li>
        ))}
      </ul>
    </Card>
  );
}

/** Ops: the rewards program, the season's standings and adjustments (RWD-2, RWD-5, RWD-8, RWD-9). */
export function OpsRewardsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const program = useAsync(() => rewardsApi.program(), []);
  const [round, setRound] = useState(0);
  return (
    <Shell wide>
      <PageHeader title={t('rwdOps.title')} subtitle={t('rwdOps.subtitle')} />
      {program.error ? <Banner kind="error">{errorText(i18n, program.error)}</Banner> : null}
      <div className="stack-lg">
        {program.data ? <ProgramCard p={program.data} /> : !program.error && <Loading />}
        <StandingsCard key={round} />
        <AdjustCard onDone={() => setRound((n) => n + 1)} />
        <RecentAdjustments round={round} />
      </div>
    </Shell>
  );
}
