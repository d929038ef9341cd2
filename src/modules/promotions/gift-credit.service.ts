import { inTransaction } from '../../platform/context.js';
import type { DbOrTx, Tx } from '../../platform/db.js';
import { isUniqueViolation } from '../../platform/db.js';
import { conflict, notFound, validation } from '../../platform/errors.js';
import type { AfterCommit } from '../../platform/events.js';
import type { Locale } from '../../platform/i18n.js';
import { formatToman } from '../../platform/money.js';
import { formatDateTime } from '../../platform/time.js';
import { PromotionErrors as E } from './promotions.errors.js';
import { promotionsRepo as repo } from './promotions.repo.js';
import { overLimit, refusal, toError, unavailable, unmetCondition, unusedOfDueGrants, type CustomerVolumeSource, type Refusal } from './promotions.rules.js';
import type { GiftGrantRow, PromotionRow } from './promotions.tables.js';
import {
  LEDGER_REASONS, PROMOTION_EXPENSE, giftAccount, grantId, notYours, promotionById, promotionByCode, type PromotionsDeps,
} from './promotions.shared.js';

export interface ClaimInput { code?: string; promotionId?: string }
type Customer = { id: string; mobile: string; locale: Locale; cityId: string | null };
export interface ClaimResult { grant: GiftGrantRow; replayed: boolean }
export interface ExpiryRun { users: number; grantsExpired: number; reversedRials: bigint; failures: number }

const EXPIRY_BATCH = 200;
const EXPIRY_MAX_BATCHES = 50;

/**
 * PAY-4 gift credit: a claim posts promotion_expense -> customer_gift once per user per promotion;
 * expired, unused credit goes back by the opposite transfer. The gift account is never cashable.
 */
export class GiftCreditService {
  volume: CustomerVolumeSource | undefined;
  constructor(private readonly d: PromotionsDeps) {}

  /** Credits the gift account; a retry with the same Idempotency-Key returns the first grant. */
  async claim(userId: string, input: ClaimInput, idempotencyKey?: string): Promise<ClaimResult> {
    if (idempotencyKey !== undefined && !/^[\w.:-]{8,100}$/.test(idempotencyKey)) {
      throw validation(E.IDEMPOTENCY_KEY_INVALID, 'The Idempotency-Key must be 8 to 100 letters, digits, _ . : -');
    }
    const db = this.d.platform.db;
    const p = input.code !== undefined ? await promotionByCode(db, input.code) : await promotionById(db, input.promotionId ?? '');
    if (p.benefitType !== 'gift_credit') throw validation(E.PROMO_NOT_A_GIFT, 'This offer is a discount; enter it when you order', { promotionId: p.id });
    // Read before the transaction: the user cache reads through the root handle, which on PGlite's
    // single connection would wait behind our own open transaction.
    const user = await this.d.users.get(userId);
    if (!user) throw notFound(E.PROMO_USER_UNKNOWN, 'No such account');
    try {
      return await inTransaction(this.d.platform, (tx, after) => this.claimLocked(tx, after, p.id, user, idempotencyKey));
    } catch (err) {
      // Two claims at once with one key for two promotions: the second loses on the unique key.
      if (isUniqueViolation(err, 'promotion_gift_grants_key_unique')) throw conflict(E.IDEMPOTENCY_KEY_REUSED, 'This Idempotency-Key was used for another claim');
      if (isUniqueViolation(err, 'promotion_gift_grants_once')) throw conflict(E.PROMO_ALREADY_CLAIMED, 'You already claimed this offer');
      throw err;
    }
  }

  private async claimLocked(tx: Tx, after: AfterCommit, promotionId: string, user: Customer, key: string | undefined): Promise<ClaimResult> {
    const userId = user.id;
    if (key) {
      const byKey = await repo.grantByKey(tx, userId, key);
      if (byKey && byKey.promotionId !== promotionId) throw conflict(E.IDEMPOTENCY_KEY_REUSED, 'This Idempotency-Key was used for another claim');
      if (byKey) return { grant: byKey, replayed: true };
    }
    const p = (await repo.lock(tx, promotionId))!;
    // Read again under the lock: a retry with this key may have committed while we waited.
    const earlier = await repo.grantOf(tx, p.id, userId);
    if (earlier && key && earlier.idempotencyKey === key) return { grant: earlier, replayed: true };
    if (earlier) throw conflict(E.PROMO_ALREADY_CLAIMED, 'You already claimed this offer', { grantId: earlier.id });
    const why = await this.whyNot(tx, p, user);
    if (why) throw toError(why);
    const now = this.d.platform.clock.now();
    const id = grantId(now.getTime());
    const amountRials = p.amountRials!;
    const transfer = await this.d.ledger.transfer(tx, {
      idempotencyKey: `promotion.gift:${p.id}:${userId}`, reason: LEDGER_REASONS.gift, reference: { type: 'promotion', id: p.id },
      legs: [{ from: PROMOTION_EXPENSE, to: giftAccount(userId), amountRials }], memo: p.title.en.slice(0, 200),
    });
    const grant = await repo.insertGrant(tx, {
      id, promotionId: p.id, userId, amountRials, idempotencyKey: key ?? null, ledgerTransferId: transfer.id,
      expiresAt: giftExpiry(p, now), status: 'active', createdAt: now,
    });
    await repo.addUsage(tx, p.id, 1);
    await repo.addUserUsage(tx, p.id, userId, 1);
    await this.tellCredited(tx, after, user, grant);
    return { grant, replayed: false };
  }

  private async whyNot(db: DbOrTx, p: PromotionRow, user: Customer): Promise<Refusal | null> {
    const now = this.d.platform.clock.now();
    const cityId = user.cityId;
    return unavailable(p, now)
      ?? (await notYours(db, p, user.id))
      ?? (p.cityIds.length && (!cityId || !p.cityIds.includes(cityId)) ? refusal('validation', E.PROMO_CITY_MISMATCH, 'This offer is not valid in your city', { cityIds: p.cityIds }) : null)
      ?? overLimit(p, await repo.userUsed(db, p.id, user.id))
      ?? (await unmetCondition(p.conditions, { userId: user.id, now, quantity: 1, volume: this.volume }));
  }

  private async tellCredited(tx: DbOrTx, after: AfterCommit, user: Customer, g: GiftGrantRow) {
    const amount = formatToman(g.amountRials, user.locale);
    await this.d.notifications.enqueue(tx, g.expiresAt
      ? { channel: 'sms', to: user.mobile, userId: user.id, template: 'promotion.giftCreditedExpiring', locale: user.locale, params: { amount, date: formatDateTime(g.expiresAt, user.locale) } }
      : { channel: 'sms', to: user.mobile, userId: user.id, template: 'promotion.giftCredited', locale: user.locale, params: { amount } }, after);
  }

  /**
   * Reverses the unused part of every gift grant whose expiry has come (customer_gift ->
   * promotion_expense), one user per transaction; the app runs it periodically, tests call it.
   */
  async expireGiftCredits(now: Date = this.d.platform.clock.now()): Promise<ExpiryRun> {
    const run: ExpiryRun = { users: 0, grantsExpired: 0, reversedRials: 0n, failures: 0 };
    let after = '';
    for (let batch = 0; batch < EXPIRY_MAX_BATCHES; batch++) {
      const userIds = await repo.usersWithDueGrants(this.d.platform.db, now, after, EXPIRY_BATCH);
      if (!userIds.length) break;
      for (const userId of userIds) {
        try {
          const r = await inTransaction(this.d.platform, (tx) => this.expireForUser(tx, userId, now));
          run.users += 1;
          run.grantsExpired += r.grants;
          run.reversedRials += r.rials;
        } catch (err) {
          // E.g. a purchase spent the credit between our read and our transfer; next run retries.
          run.failures += 1;
          this.d.platform.log.warn({ err, userId }, 'gift credit expiry failed; will retry on the next run');
        }
        after = userId;
      }
    }
    return run;
  }

  private async expireForUser(tx: Tx, userId: string, now: Date): Promise<{ grants: number; rials: bigint }> {
    const live = await repo.lockActiveGrantsOfUser(tx, userId);
    const due = live.filter((g) => g.expiresAt && g.expiresAt <= now);
    if (!due.length) return { grants: 0, rials: 0n };
    const later = live.filter((g) => !due.includes(g));
    const balance = await this.d.ledger.balance(tx, giftAccount(userId));
    const unused = unusedOfDueGrants(balance.availableRials, due, later);
    let rials = 0n;
    for (const g of due) {
      const part = unused.get(g.id) ?? 0n;
      let transferId: string | null = null;
      if (part > 0n) {
        const t = await this.d.ledger.transfer(tx, {
          idempotencyKey: `promotion.gift_expired:${g.id}`, reason: LEDGER_REASONS.giftExpired, reference: { type: 'promotion_grant', id: g.id },
          legs: [{ from: giftAccount(userId), to: PROMOTION_EXPENSE, amountRials: part }],
        });
        transferId = t.id;
      }
      await repo.markGrantExpired(tx, g.id, { expiredRials: part, expiryTransferId: transferId, expiredAt: now });
      rials += part;
    }
    return { grants: due.length, rials };
  }
}

/** When a grant made now expires: the sooner of "valid N days" and the promotion's fixed date. */
function giftExpiry(p: PromotionRow, now: Date): Date | null {
  const byDays = p.giftValidDays ? new Date(now.getTime() + p.giftValidDays * 86_400_000) : null;
  if (byDays && p.giftExpiresAt) return byDays < p.giftExpiresAt ? byDays : p.giftExpiresAt;
  return byDays ?? p.giftExpiresAt;
}
