import type { Tariff } from '../catalog/settings.definitions.js';
import { localParts } from '../../platform/time.js';

/** ORD-2 price components; money in bigint Rials (strings in JSON). */
export interface PriceBreakdown {
  baseRials: bigint;
  distanceRials: bigint;
  timeRials: bigint;
  zoneSurchargeRials: bigint;
  waitingRials: bigint;
  timeMultiplier: number;
  demandMultiplier: number;
  minimumApplied: boolean;
  subtotalRials: bigint;
  discountRials: bigint;
  /** What the customer pays. */
  totalRials: bigint;
  /** ORD-3 change quotes only: the order's price before the change, and the change's cost (may be negative). */
  previousRials?: bigint;
  changeRials?: bigint;
}

export interface PriceInput {
  tariff: Tariff;
  distanceMeters: number;
  durationSeconds: number;
  timeMultiplier: number;
  demandMultiplier: number;
  zoneSurchargeRials: bigint;
  waitingMinutes: number;
  roundingRials: bigint;
}

const BP = 10_000n;
const basisPoints = (m: number) => BigInt(Math.round(m * 10_000));
const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;
/** Rounds up to a multiple of `step` (a step of 0 or 1 leaves the amount). */
export const roundUp = (amount: bigint, step: bigint) => (step > 1n ? ceilDiv(amount, step) * step : amount);

/**
 * The fare before discounts: (base + per-km + per-minute) x time multiplier x demand multiplier,
 * at least the minimum fare, plus zone surcharges and paid waiting, rounded up. Integer maths
 * only; multipliers become basis points. Monotone non-decreasing in distance and duration.
 */
export function computePrice(i: PriceInput): PriceBreakdown {
  const t = i.tariff;
  const baseRials = BigInt(t.baseRials);
  const distanceRials = (BigInt(t.perKmRials) * BigInt(Math.max(0, Math.round(i.distanceMeters))) + 500n) / 1000n;
  const timeRials = (BigInt(t.perMinuteRials) * BigInt(Math.max(0, Math.round(i.durationSeconds))) + 30n) / 60n;
  const metered = ceilDiv((baseRials + distanceRials + timeRials) * basisPoints(i.timeMultiplier) * basisPoints(i.demandMultiplier), BP * BP);
  const minimum = BigInt(t.minimumRials);
  const minimumApplied = metered < minimum;
  const waitingRials = BigInt(t.waitingPerMinuteRials) * BigInt(Math.max(0, i.waitingMinutes));
  const subtotalRials = roundUp((minimumApplied ? minimum : metered) + i.zoneSurchargeRials + waitingRials, i.roundingRials);
  return {
    baseRials, distanceRials, timeRials, zoneSurchargeRials: i.zoneSurchargeRials, waitingRials,
    timeMultiplier: i.timeMultiplier, demandMultiplier: i.demandMultiplier, minimumApplied,
    subtotalRials, discountRials: 0n, totalRials: subtotalRials,
  };
}

/** Hour-of-day x weekday multiplier at an instant, in the city's time zone (ORD-2). */
export function timeMultiplierAt(tariff: Tariff, at: Date, timeZone: string): number {
  const p = localParts(at, timeZone);
  return Math.round(tariff.hourMultipliers[p.hour] * tariff.weekdayMultipliers[p.weekday] * 10_000) / 10_000;
}

/**
 * Demand multiplier from open requests vs idle providers around a cell: 1 while supply keeps up,
 * then 1 + sensitivity x (open / idle - 1), capped; two decimals.
 */
export function demandMultiplier(open: number, idle: number, sensitivity: number, cap: number): number {
  if (open <= idle || open <= 0) return 1;
  const ratio = open / Math.max(idle, 1);
  const m = Math.min(cap, 1 + sensitivity * (ratio - 1));
  return Math.max(1, Math.round(m * 100) / 100);
}

/** JSON form: Rials as strings. */
export function breakdownJson(b: PriceBreakdown) {
  return {
    baseRials: b.baseRials.toString(), distanceRials: b.distanceRials.toString(), timeRials: b.timeRials.toString(),
    zoneSurchargeRials: b.zoneSurchargeRials.toString(), waitingRials: b.waitingRials.toString(),
    timeMultiplier: b.timeMultiplier, demandMultiplier: b.demandMultiplier, minimumApplied: b.minimumApplied,
    subtotalRials: b.subtotalRials.toString(), discountRials: b.discountRials.toString(), totalRials: b.totalRials.toString(),
    ...(b.previousRials !== undefined ? { previousRials: b.previousRials.toString(), changeRials: b.changeRials!.toString() } : {}),
  };
}
export type BreakdownJson = ReturnType<typeof breakdownJson>;

export function breakdownFromJson(j: BreakdownJson): PriceBreakdown {
  return {
    baseRials: BigInt(j.baseRials), distanceRials: BigInt(j.distanceRials), timeRials: BigInt(j.timeRials),
    zoneSurchargeRials: BigInt(j.zoneSurchargeRials), waitingRials: BigInt(j.waitingRials),
    timeMultiplier: j.timeMultiplier, demandMultiplier: j.demandMultiplier, minimumApplied: j.minimumApplied,
    subtotalRials: BigInt(j.subtotalRials), discountRials: BigInt(j.discountRials), totalRials: BigInt(j.totalRials),
    ...(j.previousRials !== undefined ? { previousRials: BigInt(j.previousRials), changeRials: BigInt(j.changeRials!) } : {}),
  };
}
