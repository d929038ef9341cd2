import type { DbOrTx, Tx } from '../../platform/db.js';
import { isUniqueViolation } from '../../platform/db.js';
import { conflict, notFound, validation } from '../../platform/errors.js';
import { PromotionErrors as E } from './promotions.errors.js';
import { promotionsRepo as repo } from './promotions.repo.js';
import {
  discountFor, outOfScope, overLimit, toError, unavailable, unmetCondition,
  type CustomerVolumeSource, type Refusal,
} from './promotions.rules.js';
import type { PromotionRow, RedemptionRow } from './promotions.tables.js';
import { notYours, promotionByCode, redemptionId, type PromotionsDeps } from './promotions.shared.js';

export interface QuoteInput {
  userId: string;
  serviceCode: string;
  cityId?: string | null;
  amountRials: bigint;
  /** A promo code as typed; without one, the best automatic campaign the user qualifies for applies. */
  code?: string | null;
  /** Items or orders in the purchase, for bulk discounts (default 1). */
  quantity?: number;
}

/** What `redeem` needs to consume the discount a quote showed; spread it into the redeem input. */
export interface RedemptionHold {
  promotionId: string;
  userId: string;
  serviceCode: string;
  cityId: string | null;
  amountRials: bigint;
  discountRials: bigint;
  quantity: number;
}

export interface QuoteAdjustment {
  amountRials: bigint;
  discountRials: bigint;
  finalRials: bigint;
  promotionId: string | null;
  promotion: PromotionRow | null;
  /** Null when no promotion applies. Nothing is reserved: usage is consumed only by `redeem`. */
  hold: RedemptionHold | null;
}

export interface RedeemInput {
  promotionId: string;
  userId: string;
  reference: { type: string; id: string };
  /** Unique per redemption; a retry with the same key and content returns the first redemption. */
  idempotencyKey: string;
  serviceCode: string;
  amountRials: bigint;
  cityId?: string | null;
  /** The discount the quote showed; honoured as quoted (ORD-2). Recomputed when absent. */
  discountRials?: bigint;
  quantity?: number;
}

export interface RedeemResult { redemptionId: string; promotionId: string; discountRials: bigint; replayed: boolean }

export type ReleaseInput = { redemptionId: string } | { reference: { type: string; id: string } };

/** PAY-4 discounts: the quote adjustment pricing calls, and redemption when an order commits. */
export class DiscountsService {
  volume: CustomerVolumeSource | undefined;
  constructor(private readonly d: PromotionsDeps) {}

  /** Previews or prices a discount; consumes nothing. Throws the reason a given code does not apply. */
  async applyToQuote(input: QuoteInput): Promise<QuoteAdjustment> {
    if (input.amountRials < 0n) throw validation(E.AMOUNT_INVALID, 'The amount cannot be negative', { field: 'amountRials' });
    await this.assertServiceKnown(input.serviceCode);
    const db = this.d.platform.db;
    const none: QuoteAdjustment = { amountRials: input.amountRials, discountRials: 0n, finalRials: input.amountRials, promotionId: null, promotion: null, hold: null };
    if (input.code !== undefined && input.code !== null && input.code !== '') {
      const p = await promotionByCode(db, input.code);
      if (p.benefitType === 'gift_credit') throw validation(E.PROMO_NOT_A_DISCOUNT, 'This code gives gift credit; claim it instead', { promotionId: p.id });
      const why = await this.whyNot(db, p, input, await repo.userUsed(db, p.id, input.userId));
      if (why) throw toError(why);
      return this.adjustment(p, input);
    }
    const candidates = await repo.automaticDiscounts(db, { userId: input.userId, serviceCode: input.serviceCode, now: this.d.platform.clock.now() });
    const used = await repo.userUsedMany(db, candidates.map((c) => c.id), input.userId);
    let best: QuoteAdjustment = none;
    for (const p of candidates) {
      if (await this.whyNot(db, p, input, used.get(p.id) ?? 0)) continue;
      const option = this.adjustment(p, input);
      if (option.discountRials > best.discountRials) best = option;
    }
    return best;
  }

  /**
   * Consumes one use inside the caller's transaction (order or payment commit). Under the
   * promotion's row lock the checks and the counters are race-free: of two users racing for the
   * last use exactly one wins. Runs in a savepoint, so a refusal leaves the caller's work intact.
   */
  async redeem(tx: DbOrTx, input: RedeemInput): Promise<RedeemResult> {
    if (!/^[\w.:-]{8,200}$/.test(input.idempotencyKey)) throw validation(E.IDEMPOTENCY_KEY_INVALID, 'The idempotency key must be 8 to 200 letters, digits, _ . : -');
    if (input.amountRials < 0n) throw validation(E.AMOUNT_INVALID, 'The amount cannot be negative');
    try {
      return await (tx as Tx).transaction((sp) => this.redeemLocked(sp, input));
    } catch (err) {
      if (isUniqueViolation(err, 'promotion_redemptions_key_unique')) throw conflict(E.IDEMPOTENCY_KEY_REUSED, 'This idempotency key was used for another redemption');
      throw err;
    }
  }

  private async redeemLocked(tx: DbOrTx, input: RedeemInput): Promise<RedeemResult> {
    const p = await repo.lock(tx, input.promotionId);
    if (!p) throw notFound(E.PROMO_NOT_FOUND, 'No such offer');
    const earlier = await repo.redemptionByKey(tx, input.idempotencyKey);
    if (earlier) return replayOf(earlier, input);
    if (p.benefitType === 'gift_credit') throw validation(E.PROMO_NOT_A_DISCOUNT, 'Gift credit is claimed, not redeemed');
    const why = await this.whyNot(tx, p, input, await repo.userUsed(tx, p.id, input.userId));
    if (why) throw toError(why);
    const discountRials = input.discountRials ?? discountFor(p, input.amountRials);
    if (discountRials < 0n || discountRials > input.amountRials) throw validation(E.REDEMPTION_INVALID, 'The discount must be between zero and the amount');
    await repo.addUsage(tx, p.id, 1);
    await repo.addUserUsage(tx, p.id, input.userId, 1);
    const now = this.d.platform.clock.now();
    const row = await repo.insertRedemption(tx, {
      id: redemptionId(now.getTime()), promotionId: p.id, userId: input.userId, status: 'redeemed',
      referenceType: input.reference.type, referenceId: input.reference.id, idempotencyKey: input.idempotencyKey,
      serviceCode: input.serviceCode, cityId: input.cityId ?? null, amountRials: input.amountRials, discountRials, createdAt: now,
    });
    return { redemptionId: row.id, promotionId: p.id, discountRials, replayed: false };
  }

  /** Counts uses back when the order or payment is cancelled; releasing twice changes nothing. */
  async release(tx: DbOrTx, input: ReleaseInput): Promise<{ released: string[] }> {
    let targets: RedemptionRow[];
    if ('redemptionId' in input) {
      const r = await repo.redemptionById(tx, input.redemptionId);
      if (!r) throw notFound(E.REDEMPTION_NOT_FOUND, 'No such redemption');
      targets = r.status === 'redeemed' ? [r] : [];
    } else {
      targets = await repo.redeemedByReference(tx, input.reference.type, input.reference.id);
    }
    const released: string[] = [];
    for (const r of targets) {
      await repo.lock(tx, r.promotionId);
      if (!(await repo.markReleased(tx, r.id, this.d.platform.clock.now()))) continue;
      await repo.addUsage(tx, r.promotionId, -1);
      await repo.addUserUsage(tx, r.promotionId, r.userId, -1);
      released.push(r.id);
    }
    return { released };
  }

  /** The first reason this user cannot use this discount on this order, or null. */
  private async whyNot(db: DbOrTx, p: PromotionRow, o: QuoteInput | RedeemInput, userUsed: number): Promise<Refusal | null> {
    const now = this.d.platform.clock.now();
    return unavailable(p, now)
      ?? (await notYours(db, p, o.userId))
      ?? outOfScope(p, { serviceCode: o.serviceCode, cityId: o.cityId ?? null, amountRials: o.amountRials })
      ?? overLimit(p, userUsed)
      ?? (await unmetCondition(p.conditions, { userId: o.userId, now, quantity: o.quantity ?? 1, volume: this.volume }));
  }

  private adjustment(p: PromotionRow, input: QuoteInput): QuoteAdjustment {
    const discountRials = discountFor(p, input.amountRials);
    return {
      amountRials: input.amountRials, discountRials, finalRials: input.amountRials - discountRials, promotionId: p.id, promotion: p,
      hold: { promotionId: p.id, userId: input.userId, serviceCode: input.serviceCode, cityId: input.cityId ?? null, amountRials: input.amountRials, discountRials, quantity: input.quantity ?? 1 },
    };
  }

  private async assertServiceKnown(code: string) {
    if (!(await this.d.catalog.services()).some((s) => s.code === code)) {
      throw validation(E.SERVICE_UNKNOWN, 'No such service', { field: 'serviceCode' });
    }
  }
}

/** Same key, same promotion, user and reference: the first redemption. Anything else is a reuse. */
function replayOf(earlier: RedemptionRow, input: RedeemInput): RedeemResult {
  const same = earlier.promotionId === input.promotionId && earlier.userId === input.userId
    && earlier.referenceType === input.reference.type && earlier.referenceId === input.reference.id;
  if (!same) throw conflict(E.IDEMPOTENCY_KEY_REUSED, 'This idempotency key was used for another redemption');
  return { redemptionId: earlier.id, promotionId: earlier.promotionId, discountRials: earlier.discountRials, replayed: true };
}

