import { z } from 'zod';
import { AppError, type ErrorType, invariant } from '../../platform/errors.js';
import { toAsciiDigits } from '../../platform/i18n.js';
import { PromotionErrors as E } from './promotions.errors.js';

/**
 * Pure rules of PAY-4: code normalisation, discount arithmetic, and why a promotion does not
 * apply. No I/O here, so every rule is unit-tested without a database.
 */

export const CODE_PATTERN = /^[A-Z0-9][A-Z0-9_-]{2,31}$/;

/** Codes are case-insensitive and accept Persian/Arabic digits; spaces and ZWNJ are ignored. */
export function normalizeCode(input: string): string | null {
  const text = toAsciiDigits(input.normalize('NFKC')).replace(/[\s\u200c\u200f\u200e]/g, '').toUpperCase();
  return CODE_PATTERN.test(text) ? text : null;
}

/** "12.5" -> 1250 basis points; at most two decimals, in (0, 100]. Strings keep floats out. */
export function parsePercent(text: string): number | null {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return bp >= 1 && bp <= 10_000 ? bp : null;
}

/** 1250 -> "12.5" */
export function formatPercent(basisPoints: number): string {
  const whole = Math.trunc(basisPoints / 100);
  const frac = basisPoints % 100;
  return frac === 0 ? String(whole) : `${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}`;
}

/**
 * amount x basisPoints / 10000 in whole Rials, rounded half down: a remainder of exactly one half
 * rounds toward zero (the platform never gives away the half Rial), anything above rounds up.
 */
export function percentOfRials(amountRials: bigint, basisPoints: number): bigint {
  invariant(amountRials >= 0n, 'amount is not negative');
  const product = amountRials * BigInt(basisPoints);
  const quotient = product / 10_000n;
  const remainder = product % 10_000n;
  return remainder * 2n > 10_000n ? quotient + 1n : quotient;
}

export interface DiscountTerms {
  benefitType: 'percent' | 'fixed' | 'gift_credit';
  percentBasisPoints: number | null;
  amountRials: bigint | null;
  maxDiscountRials: bigint | null;
}

/** The discount on an amount: never above the cap, never above the amount (a price is never negative). */
export function discountFor(terms: DiscountTerms, amountRials: bigint): bigint {
  invariant(amountRials >= 0n, 'amount is not negative');
  let discount = 0n;
  if (terms.benefitType === 'percent') {
    discount = percentOfRials(amountRials, terms.percentBasisPoints ?? 0);
    if (terms.maxDiscountRials !== null && discount > terms.maxDiscountRials) discount = terms.maxDiscountRials;
  } else if (terms.benefitType === 'fixed') {
    discount = terms.amountRials ?? 0n;
  }
  if (discount > amountRials) discount = amountRials;
  invariant(discount >= 0n && discount <= amountRials, 'discount within [0, amount]');
  return discount;
}

// ---- Extra conditions: the general part of the rule model (XPO-7 reuses it) ----

const rialsText = z.string().regex(/^\d{1,18}$/, 'an integer amount of Rials as a string');

/**
 * Conditions beyond service, city, window and minimum amount. `min_quantity` serves bulk / group
 * discounts (the caller passes the quantity); `min_past_volume` serves club tiers by past spending
 * (a volume source registered by the module that knows the volume answers it).
 */
export const conditionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('min_quantity'), quantity: z.number().int().min(2).max(100_000) }).strict(),
  z.object({
    type: z.literal('min_past_volume'), amountRials: rialsText, days: z.number().int().min(1).max(3660),
    serviceCodes: z.array(z.string().max(40)).max(20).optional(),
  }).strict(),
]);
export type Condition = z.infer<typeof conditionSchema>;

/** Answers "how much did this user spend" for club tiers; registered by the module that knows. */
export interface CustomerVolumeSource {
  volumeRials(userId: string, opts: { since: Date; serviceCodes: string[] }): Promise<bigint>;
}

export interface ConditionFacts {
  userId: string;
  now: Date;
  quantity: number;
  volume?: CustomerVolumeSource;
}

/** The first unmet condition, or null when all hold. */
export async function unmetCondition(conditions: Condition[], facts: ConditionFacts): Promise<Refusal | null> {
  for (const c of conditions) {
    if (c.type === 'min_quantity' && facts.quantity < c.quantity) {
      return refusal('validation', E.PROMO_CONDITIONS_NOT_MET, `This offer needs at least ${c.quantity} items`, { condition: c });
    }
    if (c.type === 'min_past_volume') {
      // Without a registered source the volume is unknown, and an unknown is never assumed met.
      const since = new Date(facts.now.getTime() - c.days * 86_400_000);
      const volume = facts.volume ? await facts.volume.volumeRials(facts.userId, { since, serviceCodes: c.serviceCodes ?? [] }) : -1n;
      if (volume < BigInt(c.amountRials)) {
        return refusal('validation', E.PROMO_CONDITIONS_NOT_MET, 'Your past orders do not reach this offer\'s level', { condition: c });
      }
    }
  }
  return null;
}

// ---- Why a promotion does not apply ----

/** A reason a promotion cannot be used, turned into an AppError only when it must be thrown. */
export interface Refusal { type: ErrorType; code: string; message: string; details?: Record<string, unknown> }

export const refusal = (type: ErrorType, code: string, message: string, details?: Record<string, unknown>): Refusal => ({ type, code, message, details });
export const toError = (r: Refusal) => new AppError(r.type, r.code, r.message, r.details);

export interface Availability {
  status: 'active' | 'suspended' | 'cancelled';
  startsAt: Date | null;
  endsAt: Date | null;
}

/** Status and validity window [startsAt, endsAt), read against the injected clock's `now`. */
export function unavailable(p: Availability, now: Date): Refusal | null {
  if (p.status === 'cancelled') return refusal('conflict', E.PROMO_CANCELLED, 'This offer was cancelled');
  if (p.status === 'suspended') return refusal('conflict', E.PROMO_SUSPENDED, 'This offer is suspended');
  if (p.startsAt && now < p.startsAt) return refusal('conflict', E.PROMO_NOT_STARTED, 'This offer has not started yet', { startsAt: p.startsAt.toISOString() });
  if (p.endsAt && now >= p.endsAt) return refusal('conflict', E.PROMO_EXPIRED, 'This offer has expired', { endedAt: p.endsAt.toISOString() });
  return null;
}

export interface Usage { totalUsageLimit: number | null; usedCount: number; perUserLimit: number | null }

/** Total and per-user limits; `userUsed` is how often this user already used it. */
export function overLimit(p: Usage, userUsed: number): Refusal | null {
  if (p.totalUsageLimit !== null && p.usedCount >= p.totalUsageLimit) return refusal('conflict', E.PROMO_USAGE_LIMIT, 'This offer has been used up');
  if (p.perUserLimit !== null && userUsed >= p.perUserLimit) return refusal('conflict', E.PROMO_USER_LIMIT, 'You have already used this offer as often as allowed', { perUserLimit: p.perUserLimit });
  return null;
}

export interface Scope { serviceCodes: string[]; cityIds: string[]; minOrderRials: bigint | null }
export interface OrderFacts { serviceCode: string; cityId: string | null; amountRials: bigint }

/** Service, city and minimum order amount; an empty list means "any". */
export function outOfScope(p: Scope, o: OrderFacts): Refusal | null {
  if (p.serviceCodes.length && !p.serviceCodes.includes(o.serviceCode)) {
    return refusal('validation', E.PROMO_SERVICE_MISMATCH, 'This offer is not valid for this service', { serviceCodes: p.serviceCodes });
  }
  if (p.cityIds.length && (!o.cityId || !p.cityIds.includes(o.cityId))) {
    return refusal('validation', E.PROMO_CITY_MISMATCH, 'This offer is not valid in this city', { cityIds: p.cityIds });
  }
  if (p.minOrderRials !== null && o.amountRials < p.minOrderRials) {
    return refusal('validation', E.PROMO_MIN_AMOUNT, 'The order is below this offer\'s minimum amount', { minOrderRials: p.minOrderRials.toString() });
  }
  return null;
}

// ---- Gift credit expiry ----

export interface LiveGrant { id: string; amountRials: bigint; expiresAt: Date | null }

/**
 * How much of each due grant is still unused. The gift balance is one pool; spending is taken to
 * draw from the soonest-expiring credit first (the customer-friendly order), so the credit still
 * in the pool belongs to the grants that expire latest. What the later (or never-expiring) grants
 * cannot cover is unused credit of the due grants, never more than they granted.
 */
export function unusedOfDueGrants(availableRials: bigint, due: LiveGrant[], later: LiveGrant[]): Map<string, bigint> {
  const coveredByLater = later.reduce((sum, g) => sum + g.amountRials, 0n);
  const dueTotal = due.reduce((sum, g) => sum + g.amountRials, 0n);
  let unused = availableRials - coveredByLater;
  if (unused < 0n) unused = 0n;
  if (unused > dueTotal) unused = dueTotal;
  const out = new Map<string, bigint>();
  const latestFirst = [...due].sort((a, b) => (b.expiresAt?.getTime() ?? 0) - (a.expiresAt?.getTime() ?? 0) || (a.id < b.id ? 1 : -1));
  for (const g of latestFirst) {
    const part = unused < g.amountRials ? unused : g.amountRials;
    out.set(g.id, part);
    unused -= part;
  }
  return out;
}
