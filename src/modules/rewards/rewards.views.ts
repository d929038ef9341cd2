import { gregorianToJalali, localDate, localParts } from '../../platform/time.js';
import { rewardsRepo as repo } from './rewards.repo.js';
import { gateStatus, nextTier, seasonBounds, tierByPoints, TIERS, zonedInstant, type PeakWindow, type Season } from './rewards.rules.js';
import type { RewardsService } from './rewards.service.js';
import type { RewardAdjustmentRow, StandingRow, TierHistoryRow } from './rewards.tables.js';

/** The season with its bounds (ISO instants and local Jalali dates for the UI). */
export function seasonView(season: Season, timeZone: string) {
  const b = seasonBounds(season, timeZone);
  const lastDay = new Date(b.endsAt.getTime() - 1);
  return {
    id: season.id, startsAt: b.startsAt.toISOString(), endsAt: b.endsAt.toISOString(),
    startsOnJalali: gregorianToJalali(localDate(b.startsAt, timeZone)), endsOnJalali: gregorianToJalali(localDate(lastDay, timeZone)),
  };
}

/**
 * RWD-3: the peak windows of the next `days` local days, with Jalali dates and instants, so the
 * driver sees when trips earn the bonus.
 */
export function peakCalendar(from: Date, timeZone: string, windows: PeakWindow[], days = 7) {
  const start = localParts(from, timeZone);
  const out = [];
  for (let i = 0; i < days; i++) {
    const noon = zonedInstant(start.year, start.month, start.day, 12, 0, timeZone);
    const day = new Date(noon.getTime() + i * 86_400_000);
    const p = localParts(day, timeZone);
    const date = localDate(day, timeZone);
    const list = windows.filter((w) => w.days.includes(p.weekday)).map((w) => ({
      from: w.from, to: w.to,
      startsAt: zonedInstant(p.year, p.month, p.day, Number(w.from.slice(0, 2)), Number(w.from.slice(3)), timeZone).toISOString(),
    })).sort((a, b) => a.from.localeCompare(b.from));
    out.push({ date, jalali: gregorianToJalali(date), weekday: p.weekday, windows: list });
  }
  return out;
}

export const historyView = (h: TierHistoryRow) => ({ seasonId: h.seasonId, from: h.fromTier, to: h.toTier, reason: h.reason, points: h.points, at: h.at.toISOString() });

export const adjustmentView = (a: RewardAdjustmentRow) => ({
  id: a.id, providerId: a.providerId, seasonId: a.seasonId, kind: a.kind, orderId: a.orderId, points: a.points, reason: a.reason,
  actorId: a.actorId, createdAt: a.createdAt.toISOString(),
});

export const standingView = (s: StandingRow) => ({
  providerId: s.providerId, seasonId: s.seasonId, points: s.points, tripPoints: s.tripPoints, adjustmentPoints: s.adjustmentPoints,
  trips: s.trips, peakTrips: s.peakTrips, tier: s.tier, tierSince: s.tierSince.toISOString(),
});

/** GET /v1/provider/rewards: points, tier, next tier, gates with distance, benefits, peak calendar (RWD-1..RWD-8). */
export async function progressView(rewards: RewardsService, providerId: string, cityId: string, seasonId?: string) {
  const now = rewards.clock.now();
  const tz = await rewards.timeZoneOf(cityId);
  const current = await rewards.seasonOf(now, cityId);
  const season = seasonId ? rewards.parseSeason(seasonId) : current;
  const quality = await rewards.refresh(providerId, cityId);
  const s = await repo.standing(rewards.db, providerId, season.id);
  const points = s?.points ?? 0;
  const thresholds = rewards.thresholds();
  const benefits = rewards.benefits();
  const tier = s?.tier ?? 'blue';
  return {
    season: seasonView(season, tz), isCurrentSeason: season.id === current.id,
    optedOut: await repo.optedOut(rewards.db, providerId),
    points, tripPoints: s?.tripPoints ?? 0, adjustmentPoints: s?.adjustmentPoints ?? 0, trips: s?.trips ?? 0, peakTrips: s?.peakTrips ?? 0,
    tier, tierSince: s?.tierSince.toISOString() ?? null, tierByPoints: tierByPoints(points, thresholds),
    nextTier: nextTier(points, thresholds),
    tiers: TIERS.map((t) => ({ tier: t, minPoints: t === 'blue' ? 0 : thresholds[t], benefits: benefits[t] })),
    benefits: benefits[tier],
    gates: { ...gateStatus(quality, rewards.gates()), ratedTrips: quality.ratedTrips, ratingWindowTrips: rewards.settings.get('rewards.ratingWindowTrips'),
      accepted: quality.accepted, cancelled: quality.cancelled, cancellationWindowDays: rewards.settings.get('rewards.cancellationWindowDays') },
    pointsPerTrip: rewards.settings.get('rewards.pointsPerTrip'), peakBonusPoints: rewards.settings.get('rewards.peakBonusPoints'),
    peakCalendar: peakCalendar(now, tz, rewards.settings.get('rewards.peakWindows')),
    history: (await repo.history(rewards.db, providerId, season.id, 20)).map(historyView),
  };
}
