/**
 * The rewards program's rules as pure functions (RWD-2, RWD-3, RWD-5, RWD-6, RWD-7): seasons in a
 * city's time zone, peak windows at trip start, the tier a provider holds for given points and
 * quality. No I/O, so the incremental path, the recompute and the tests all use the same rules.
 */
import { localParts } from '../../platform/time.js';

export const TIERS = ['blue', 'gold', 'platinum', 'diamond'] as const;
export type Tier = (typeof TIERS)[number];
export type PaidTier = Exclude<Tier, 'blue'>;

export interface TierThresholds { gold: number; platinum: number; diamond: number }
export interface PeakWindow { days: number[]; from: string; to: string }
export interface TierBenefit { dispatchPriority: number; commissionDiscountPercent: number }
export type TierBenefits = Record<Tier, TierBenefit>;

/** RWD-5/6 inputs: rating of the last N rated trips (null: none rated yet) and the cancellation rate. */
export interface Quality {
  rating: number | null;
  ratedTrips: number;
  /** Offers the provider accepted in the window. */
  accepted: number;
  /** Orders the provider cancelled after accepting, in the window. */
  cancelled: number;
}

export interface QualityGates { minRating: number; maxCancellationPercent: number }

/**
 * RWD-6 cancellation rate, precisely: provider cancellations / offers accepted, both counted over
 * the last `rewards.cancellationWindowDays` days, in percent, two decimals. No accepted offers = 0%.
 */
export function cancellationPercent(q: Pick<Quality, 'accepted' | 'cancelled'>): number {
  if (q.accepted <= 0) return 0;
  // Rounded half up in integers, so it is exactly what the per-trip statement stores
  // (round(cancelled * 100.0 / accepted, 2) in SQL): no float error at a .005 boundary.
  return Math.floor((q.cancelled * 20_000 + q.accepted) / (2 * q.accepted)) / 100;
}

export interface GateStatus {
  rating: { value: number | null; required: number; met: boolean; missing: number };
  cancellation: { valuePercent: number; maxPercent: number; met: boolean; excessPercent: number };
  met: boolean;
}

/** RWD-5: both gates, with how far the provider is from each (what the driver's screen shows). */
export function gateStatus(q: Quality, g: QualityGates): GateStatus {
  const rate = cancellationPercent(q);
  // Not rated yet: the rating gate is not met (there is nothing to show it is >= the minimum).
  const ratingMet = q.rating !== null && q.rating >= g.minRating;
  const cancelMet = rate <= g.maxCancellationPercent;
  return {
    rating: { value: q.rating, required: g.minRating, met: ratingMet, missing: ratingMet ? 0 : round2(g.minRating - (q.rating ?? 0)) },
    cancellation: { valuePercent: rate, maxPercent: g.maxCancellationPercent, met: cancelMet, excessPercent: cancelMet ? 0 : round2(rate - g.maxCancellationPercent) },
    met: ratingMet && cancelMet,
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The tier the points alone reach (RWD-5). */
export function tierByPoints(points: number, t: TierThresholds): Tier {
  if (points >= t.diamond) return 'diamond';
  if (points >= t.platinum) return 'platinum';
  if (points >= t.gold) return 'gold';
  return 'blue';
}

/**
 * RWD-7: the tier held now. Reaching a tier's points with the quality met promotes at once;
 * quality not met (or opted out, RWD-1) means Blue and no tier benefits. A pure function of its
 * inputs, which is what makes the standings recomputable.
 */
export function tierOf(points: number, qualityMet: boolean, optedOut: boolean, t: TierThresholds): Tier {
  if (optedOut || !qualityMet) return 'blue';
  return tierByPoints(points, t);
}

/** The next tier and the points still missing to reach it (null at Diamond). */
export function nextTier(points: number, t: TierThresholds): { tier: PaidTier; pointsNeeded: number; pointsMissing: number } | null {
  for (const tier of ['gold', 'platinum', 'diamond'] as const) {
    if (points < t[tier]) return { tier, pointsNeeded: t[tier], pointsMissing: t[tier] - points };
  }
  return null;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** RWD-3: whether a trip started at `startedAt` is in a peak window, in the city's local time. */
export function isPeak(startedAt: Date, timeZone: string, windows: PeakWindow[]): boolean {
  const p = localParts(startedAt, timeZone);
  const minute = p.hour * 60 + p.minute;
  return windows.some((w) => w.days.includes(p.weekday) && minute >= minutesOf(w.from) && minute < minutesOf(w.to));
}

/** RWD-3: points for one completed trip. */
export function tripPoints(peak: boolean, s: { pointsPerTrip: number; peakBonusPoints: number }): number {
  return s.pointsPerTrip + (peak ? s.peakBonusPoints : 0);
}

export interface Season { id: string; startYear: number; startMonth: number; endYear: number; endMonth: number }

/** Sorted, distinct season start months (1..12) from the setting. */
const starts = (months: number[]) => [...new Set(months)].sort((a, b) => a - b);

/**
 * RWD-2: the season a local (year, month) falls in. Seasons start on the first day of each listed
 * month and run to the next one; Nov-Jan belongs to the year it starts in ('2026-11').
 */
export function seasonOfLocal(year: number, month: number, seasonMonths: number[]): Season {
  const s = starts(seasonMonths);
  let startMonth = [...s].reverse().find((m) => m <= month);
  let startYear = year;
  if (startMonth === undefined) { startMonth = s[s.length - 1]; startYear = year - 1; }
  return seasonStarting(startYear, startMonth, s);
}

function seasonStarting(startYear: number, startMonth: number, s: number[]): Season {
  const i = s.indexOf(startMonth);
  const endMonth = i + 1 < s.length ? s[i + 1] : s[0];
  const endYear = endMonth > startMonth ? startYear : startYear + 1;
  return { id: `${startYear}-${String(startMonth).padStart(2, '0')}`, startYear, startMonth, endYear, endMonth };
}

/** RWD-2: the season of an instant in a time zone. */
export function seasonAt(instant: Date, timeZone: string, seasonMonths: number[]): Season {
  const p = localParts(instant, timeZone);
  return seasonOfLocal(p.year, p.month, seasonMonths);
}

/** The season named by an id such as '2026-11' (null if the id is not a season start under the setting). */
export function seasonById(id: string, seasonMonths: number[]): Season | null {
  const m = /^(\d{4})-(\d{2})$/.exec(id);
  if (!m) return null;
  const s = starts(seasonMonths);
  if (!s.includes(Number(m[2]))) return null;
  return seasonStarting(Number(m[1]), Number(m[2]), s);
}

/** The season before a given one. */
export function previousSeason(season: Season, seasonMonths: number[]): Season {
  const month = season.startMonth === 1 ? 12 : season.startMonth - 1;
  return seasonOfLocal(season.startMonth === 1 ? season.startYear - 1 : season.startYear, month, seasonMonths);
}

/** The instant a local wall-clock time happens in a time zone (DST-safe for whole-hour zones). */
export function zonedInstant(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  let t = guess;
  for (let i = 0; i < 3; i++) {
    const p = localParts(new Date(t), timeZone);
    const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
    t += guess - asUtc;
  }
  return new Date(t);
}

/** The season's bounds as instants: [startsAt, endsAt) in the city's time zone. */
export function seasonBounds(season: Season, timeZone: string): { startsAt: Date; endsAt: Date } {
  return {
    startsAt: zonedInstant(season.startYear, season.startMonth, 1, 0, 0, timeZone),
    endsAt: zonedInstant(season.endYear, season.endMonth, 1, 0, 0, timeZone),
  };
}
