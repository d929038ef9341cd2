import type { DbOrTx } from '../../platform/db.js';
import type { Actor } from '../ops/audit.service.js';
import { DiscountsService, type QuoteAdjustment, type QuoteInput, type RedeemInput, type RedeemResult, type ReleaseInput } from './discounts.service.js';
import { GiftCreditService, type ClaimInput, type ClaimResult, type ExpiryRun } from './gift-credit.service.js';
import { PromotionsAdminService, type StatusAction } from './promotions-admin.service.js';
import type { PromotionSearch } from './promotions.repo.js';
import { promotionsRepo as repo } from './promotions.repo.js';
import type { CustomerVolumeSource } from './promotions.rules.js';
import type { PromotionCreateBody, PromotionUpdateBody } from './promotions.schemas.js';
import type { PromotionsDeps } from './promotions.shared.js';
import type { PromotionRow } from './promotions.tables.js';

/**
 * PAY-4 promotions, the module's public API: promo codes and automatic campaigns, public or
 * personal, giving a % discount (with an optional cap), a fixed discount, or gift credit.
 * Discounts are quoted by `applyToQuote` (nothing consumed), consumed by `redeem` inside the
 * order's or payment's transaction and counted back by `release`. Gift credit is claimed into the
 * ledger's customer_gift account and its unused part reversed at expiry.
 */
export class PromotionsService {
  private readonly discounts: DiscountsService;
  private readonly gifts: GiftCreditService;
  readonly admin: PromotionsAdminService;
  private expiring: Promise<ExpiryRun> | undefined;

  constructor(private readonly d: PromotionsDeps) {
    this.discounts = new DiscountsService(d);
    this.gifts = new GiftCreditService(d);
    this.admin = new PromotionsAdminService(d);
    // The app's job runner calls this periodically once workers start; tests call expireGiftCredits.
    const everyMs = d.settings.get('promotions.giftExpiryJobSeconds') * 1000;
    d.platform.jobs.every('promotions.expireGiftCredits', everyMs, () => this.expireOnce());
  }

  /**
   * The discount for a quote: the given code's, else the best automatic campaign's. Consumes
   * nothing and only reads, so call it before opening the order's transaction (on PGlite's single
   * connection a read through the root handle would wait behind an open transaction).
   */
  applyToQuote(input: QuoteInput): Promise<QuoteAdjustment> {
    return this.discounts.applyToQuote(input);
  }

  /** Consumes one use in the caller's transaction: `redeem(tx, { ...quote.hold, reference, idempotencyKey })`. */
  redeem(tx: DbOrTx, input: RedeemInput): Promise<RedeemResult> {
    return this.discounts.redeem(tx, input);
  }

  /** Counts a redemption's use back (order or payment cancelled), by id or by the caller's reference. */
  release(tx: DbOrTx, input: ReleaseInput): Promise<{ released: string[] }> {
    return this.discounts.release(tx, input);
  }

  /** Credits gift credit once per user per promotion; same Idempotency-Key, same grant. */
  claim(userId: string, input: ClaimInput, idempotencyKey?: string): Promise<ClaimResult> {
    return this.gifts.claim(userId, input, idempotencyKey);
  }

  /** Reverses the unused part of expired gift credit; run periodically by `start`, directly by tests. */
  expireGiftCredits(now?: Date): Promise<ExpiryRun> {
    return this.gifts.expireGiftCredits(now);
  }

  /** Club tiers (XPO-7) ask past spending from whoever knows it; without a source such rules never match. */
  setVolumeSource(source: CustomerVolumeSource): void {
    this.discounts.volume = source;
    this.gifts.volume = source;
  }

  /** A customer's personal packages and the public campaigns open to them, with their own usage. */
  async offersFor(userId: string) {
    const db = this.d.platform.db;
    const now = this.d.platform.clock.now();
    const [rows, grants] = await Promise.all([repo.offersFor(db, userId, now), repo.grantsOfUser(db, userId, 100)]);
    const used = await repo.userUsedMany(db, rows.map((r) => r.id), userId);
    const claimed = new Set(grants.map((g) => g.promotionId));
    const offers = rows.map((p) => ({ promotion: p, ...offerState(p, used.get(p.id) ?? 0, claimed.has(p.id), now) }));
    const titles = await repo.titlesOf(db, [...claimed]);
    return { offers, grants: grants.map((g) => ({ ...g, title: titles.get(g.promotionId) ?? null })) };
  }

  // ---- ops (each change audited) ----
  create(actor: Actor, body: PromotionCreateBody) { return this.admin.create(actor, body); }
  update(actor: Actor, id: string, body: PromotionUpdateBody) { return this.admin.update(actor, id, body); }
  changeStatus(actor: Actor, id: string, action: StatusAction, reason: string) { return this.admin.changeStatus(actor, id, action, reason); }
  detail(id: string) { return this.admin.detail(id); }
  list(q: PromotionSearch) { return this.admin.list(q); }
  stats(id: string) { return this.admin.stats(id); }

  /** One periodic run at a time per process (a slow run is not overlapped by the next tick). */
  private expireOnce(): Promise<ExpiryRun> {
    this.expiring ??= this.expireGiftCredits().finally(() => { this.expiring = undefined; });
    return this.expiring;
  }
}

function offerState(p: PromotionRow, userUsed: number, claimed: boolean, now: Date) {
  const usesLeft = p.perUserLimit === null ? null : Math.max(p.perUserLimit - userUsed, 0);
  let state: 'available' | 'upcoming' | 'used_up' | 'claimed' = 'available';
  if (p.benefitType === 'gift_credit' && claimed) state = 'claimed';
  else if (p.startsAt && p.startsAt > now) state = 'upcoming';
  else if (usesLeft === 0 || (p.totalUsageLimit !== null && p.usedCount >= p.totalUsageLimit)) state = 'used_up';
  return { state, usesLeft };
}
