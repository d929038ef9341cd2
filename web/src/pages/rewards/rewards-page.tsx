import { useState } from 'react';
import { useI18n } from '../../i18n';
import { Shell } from '../../components/shell';
import { Badge, Banner, Button, Card, Loading, PageHeader } from '../../components/ui';
import { useToast } from '../../components/toast';
import { errorText } from '../../lib/errors';
import { useAsync } from '../../lib/hooks';
import { rewardsApi, TIER_KEY, type Progress } from './rewards-api';

/** Points, tier and the bar to the next tier. */
function TierHero({ p }: { p: Progress }) {
  const { t, num, instantDay } = useI18n();
  const next = p.nextTier;
  const floor = p.tiers.find((x) => x.tier === p.tierByPoints)?.minPoints ?? 0;
  const pct = next ? Math.max(0, Math.min(100, ((p.points - floor) / Math.max(1, next.pointsNeeded - floor)) * 100)) : 100;
  const lastDay = new Date(new Date(p.season.endsAt).getTime() - 1).toISOString();
  return (
    <section className={`rwd-hero rwd-${p.tier}`} aria-label={t('rwd.yours')}>
      <div className="rwd-hero-top">
        <span className="rwd-tier-name">{t(TIER_KEY[p.tier])}</span>
        <span className="rwd-season small">{t('rwd.season', { from: instantDay(p.season.startsAt), to: instantDay(lastDay) })}</span>
      </div>
      <div className="rwd-points"><strong>{num(p.points)}</strong> <span>{t('rwd.points')}</span></div>
      <div className="rwd-bar" role="progressbar" aria-valuenow={Math.round(pct)} aria-valuemin={0} aria-valuemax={100}><span style={{ width: `${pct}%` }} /></div>
      <p className="rwd-next small">{next ? t('rwd.next', { n: next.pointsMissing, tier: t(TIER_KEY[next.tier]) }) : t('rwd.top')}</p>
    </section>
  );
}

function Gates({ p }: { p: Progress }) {
  const { t, num } = useI18n();
  const g = p.gates;
  const badge = (met: boolean) => <Badge tone={met ? 'good' : 'bad'}>{t(met ? 'rwd.met' : 'rwd.notMet')}</Badge>;
  return (
    <Card title={t('rwd.gates')}>
      <ul className="list">
        <li className="list-row">
          <span className="list-main">
            <strong>{t('rwd.rating', { n: g.ratingWindowTrips })}</strong>
            <span className="small muted">
              {g.rating.value === null ? t('rwd.notRated') : t('rwd.ratingValue', { value: num(g.rating.value), required: num(g.rating.required) })}
              {!g.rating.met && g.rating.value !== null ? ` · ${t('rwd.ratingMissing', { n: num(g.rating.missing) })}` : ''}
            </span>
          </span>
          {badge(g.rating.met)}
        </li>
        <li className="list-row">
          <span className="list-main">
            <strong>{t('rwd.cancel', { n: g.cancellationWindowDays })}</strong>
            <span className="small muted">{t('rwd.cancelValue', { value: num(g.cancellation.valuePercent), max: num(g.cancellation.maxPercent) })}</span>
            <span className="small muted">{t('rwd.cancelDef', { cancelled: g.cancelled, accepted: g.accepted })}</span>
          </span>
          {badge(g.cancellation.met)}
        </li>
      </ul>
    </Card>
  );
}

function Benefits({ p }: { p: Progress }) {
  const { t, num } = useI18n();
  return (
    <Card title={t('rwd.benefits')}>
      <ul className="rwd-tiers">
        {p.tiers.map((x) => (
          <li key={x.tier} className={`rwd-tier-row rwd-${x.tier}${x.tier === p.tier ? ' rwd-current' : ''}`}>
            <span className="rwd-dot" aria-hidden="true" />
            <span className="list-main">
              <strong>{t(TIER_KEY[x.tier])}{x.tier === p.tier ? ` · ${t('rwd.yours')}` : ''}</strong>
              <span className="small muted">{t('rwd.fromPoints', { n: x.minPoints })}</span>
            </span>
            <span className="small rwd-benefit">
              {t('rwd.priority', { n: x.benefits.dispatchPriority })}<br />{t('rwd.discount', { n: num(x.benefits.commissionDiscountPercent) })}
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}

/** RWD-3: the peak windows of the coming week, dates in the reader's calendar (Jalali in Persian). */
function PeakCalendar({ p }: { p: Progress }) {
  const { t, day, digits } = useI18n();
  return (
    <Card title={t('rwd.peak')} subtitle={t('rwd.peakHint', { bonus: p.peakBonusPoints })}>
      <ul className="rwd-calendar">
        {p.peakCalendar.map((d, i) => (
          <li key={d.date} className={d.windows.length ? 'rwd-day' : 'rwd-day rwd-day-off'}>
            <span className="rwd-date">{i === 0 ? t('rwd.today') : day(d.date)}</span>
            <span className="rwd-windows">
              {d.windows.length ? d.windows.map((w) => <span key={w.from} className="rwd-window">{digits(`${w.from}–${w.to}`)}</span>) : <span className="muted small">{t('rwd.noPeak')}</span>}
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}

/** The driver's progress in the rewards club (RWD-1..RWD-8). */
export function RewardsPage() {
  const i18n = useI18n();
  const { t, num, dateTime } = i18n;
  const toast = useToast();
  const progress = useAsync(() => rewardsApi.progress(), []);
  const [busy, setBusy] = useState(false);
  const p = progress.data;

  async function toggle() {
    if (!p) return;
    setBusy(true);
    try {
      await (p.optedOut ? rewardsApi.optIn() : rewardsApi.optOut());
      progress.reload();
    } catch (err) {
      toast(errorText(i18n, err), 'error');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Shell>
      <PageHeader title={t('rwd.title')} subtitle={t('rwd.subtitle')} back="/provider" />
      {progress.error ? <Banner kind="error">{errorText(i18n, progress.error)}</Banner> : null}
      {!p && !progress.error && <Loading />}
      {p && (
        <div className="stack-lg">
          {p.optedOut && <Banner kind="info">{t('rwd.optedOut')}</Banner>}
          <TierHero p={p} />
          {p.tier !== p.tierByPoints && !p.optedOut && <Banner kind="warning">{t('rwd.heldBack', { tier: t(TIER_KEY[p.tierByPoints]) })}</Banner>}
          <div className="stats">
            <div className="stat"><span className="small muted">{t('rwd.trips')}</span><strong>{num(p.trips)}</strong></div>
            <div className="stat"><span className="small muted">{t('rwd.peakTrips')}</span><strong>{num(p.peakTrips)}</strong></div>
          </div>
          <p className="small muted">{t('rwd.earn', { base: p.pointsPerTrip, bonus: p.peakBonusPoints })} {t('rwd.notMoney')}</p>
          <Gates p={p} />
          <PeakCalendar p={p} />
          <Benefits p={p} />
          {p.history.length > 0 && (
            <Card title={t('rwd.history')}>
              <ul className="list">
                {p.history.map((h) => (
                  <li key={h.at + h.to} className="list-row">
                    <span className="list-main"><strong>{t(TIER_KEY[h.from])} → {t(TIER_KEY[h.to])}</strong><span className="small muted">{dateTime(h.at)}</span></span>
                    <span className="small">{i18n.has(`rwd.reason.${h.reason}`) ? t(`rwd.reason.${h.reason}` as never) : h.reason}</span>
                  </li>
                ))}
              </ul>
            </Card>
          )}
          <Card>
            <p className="small muted">{t('rwd.optOutHint')}</p>
            <Button variant={p.optedOut ? 'primary' : 'secondary'} busy={busy} onClick={toggle} block>{t(p.optedOut ? 'rwd.optIn' : 'rwd.optOut')}</Button>
          </Card>
        </div>
      )}
    </Shell>
  );
}
