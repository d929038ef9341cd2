import { localDate, localParts } from '../../platform/time.js';
import type { ErrandStatus, VolumeTier } from './errands.tables.js';

/** ERR-3: the transition table; every change is a guarded update from one of these `from` states. */
export const TRANSITIONS: Record<ErrandStatus, readonly ErrandStatus[]> = {
  requested: ['feasible', 'infeasible', 'quoted', 'cancelled'],
  feasible: ['quoted', 'cancelled'],
  quoted: ['paid', 'cancelled'],
  paid: ['assigned', 'cancelled'],
  assigned: ['assigned', 'dispatched', 'cancelled'],
  dispatched: ['in_progress', 'cancelled'],
  in_progress: ['done', 'failed', 'cancelled'],
  infeasible: [], done: [], failed: [], cancelled: [],
};

export const canMove = (from: ErrandStatus, to: ErrandStatus) => TRANSITIONS[from].includes(to);

/** ERR-1 / ERR-6: base + per item, less the best volume tier the quantity reaches; rounded down to whole Rials once. */
export function rulePrice(s: { baseRials: bigint; perItemRials: bigint; volumeTiers: VolumeTier[] }, quantity: number): bigint {
  const gross = s.baseRials + s.perItemRials * BigInt(quantity);
  const tier = [...s.volumeTiers].filter((t) => quantity >= t.minQuantity).sort((a, b) => b.percentOff - a.percentOff)[0];
  if (!tier) return gross;
  // Percent with two decimals as basis points, so no float touches money.
  const bp = BigInt(Math.round(tier.percentOff * 100));
  return gross - (gross * bp) / 10_000n;
}

/** ERR-1: the earliest wanted date, `leadDays` calendar days after today in the city's time zone. */
export function earliestWantedDate(now: Date, timeZone: string, leadDays: number): string {
  const today = localDate(now, timeZone);
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + leadDays);
  return d.toISOString().slice(0, 10);
}

export interface BusinessHours { days: number[]; from: string; to: string }

/** ERR-2: whether the phone channel is staffed at `now` in the city's time zone. */
export function withinBusinessHours(now: Date, timeZone: string, h: BusinessHours): boolean {
  const p = localParts(now, timeZone);
  if (!h.days.includes(p.weekday)) return false;
  const minutes = p.hour * 60 + p.minute;
  const [fh, fm] = h.from.split(':').map(Number);
  const [th, tm] = h.to.split(':').map(Number);
  return minutes >= fh * 60 + fm && minutes < th * 60 + tm;
}

export interface CancelPolicy {
  /** ERR-7: kept when cancelled after assignment but before the assistant is dispatched. */
  followUpFeeRials: bigint;
  /** ERR-7: the rule's cost so far, as percent of the price, when the assistant recorded none. */
  costPercentDispatched: number;
  costPercentInProgress: number;
}

/**
 * ERR-7: what is kept and what goes back when the customer cancels in `status`. Free before the
 * process starts (up to paid); a follow-up fee once an assistant is assigned; after dispatch the
 * cost so far (recorded, else the rule). Never keeps more than was paid, never refunds more than
 * is left after earlier refunds.
 */
export function cancellationSplit(status: ErrandStatus, e: { priceRials: bigint | null; paidRials: bigint; refundedRials: bigint; costSoFarRials: bigint }, p: CancelPolicy): { keptRials: bigint; refundRials: bigint } {
  const left = e.paidRials - e.refundedRials;
  if (left <= 0n) return { keptRials: 0n, refundRials: 0n };
  let kept = 0n;
  if (status === 'assigned') kept = p.followUpFeeRials;
  if (status === 'dispatched' || status === 'in_progress') {
    const pct = status === 'dispatched' ? p.costPercentDispatched : p.costPercentInProgress;
    const byRule = ((e.priceRials ?? e.paidRials) * BigInt(Math.round(pct * 100))) / 10_000n;
    kept = e.costSoFarRials > 0n ? e.costSoFarRials : byRule;
    if (kept < p.followUpFeeRials) kept = p.followUpFeeRials;
  }
  if (kept > left) kept = left;
  if (kept < 0n) kept = 0n;
  return { keptRials: kept, refundRials: left - kept };
}
