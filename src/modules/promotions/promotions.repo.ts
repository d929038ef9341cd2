import { and, asc, count, desc, eq, gt, ilike, inArray, isNotNull, isNull, lte, ne, or, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { prepared, type DbOrTx, type Slots } from '../../platform/db.js';
import {
  promotionGiftGrants, promotionRedemptions, promotions, promotionUsers, promotionUserUsage,
  type GiftGrantRow, type PromotionRow, type RedemptionRow,
} from './promotions.tables.js';

export interface PromotionSearch {
  status?: PromotionRow['status'];
  benefitType?: PromotionRow['benefitType'];
  audience?: PromotionRow['audience'];
  trigger?: 'code' | 'automatic';
  serviceCode?: string;
  userId?: string;
  text?: string;
  limit: number;
  offset: number;
}

const liveAt = (now: Date | Placeholder) => and(
  or(isNull(promotions.startsAt), lte(promotions.startsAt, now)),
  or(isNull(promotions.endsAt), gt(promotions.endsAt, now)),
);
const boundTo = (userId: string | Placeholder) =>
  sql`EXISTS (SELECT 1 FROM promotion_users pu WHERE pu.promotion_id = ${promotions.id} AND pu.user_id = ${userId}::text)`;

// Read by every quote.
const automaticDiscounts = prepared((db, p: Slots<{ userId: string; serviceCode: string; now: Date }>) => db.select().from(promotions).where(and(
  isNull(promotions.code), eq(promotions.status, 'active'), inArray(promotions.benefitType, ['percent', 'fixed']), liveAt(p.now),
  sql`(cardinality(${promotions.serviceCodes}) = 0 OR ${p.serviceCode}::text = ANY(${promotions.serviceCodes}))`,
  or(eq(promotions.audience, 'public'), boundTo(p.userId)),
)).orderBy(asc(promotions.id)).limit(200));

/** Drizzle queries of the promotions module; no business rules here. */
export const promotionsRepo = {
  insert: async (db: DbOrTx, row: typeof promotions.$inferInsert) => (await db.insert(promotions).values(row).returning())[0],
  byId: async (db: DbOrTx, id: string): Promise<PromotionRow | undefined> => (await db.select().from(promotions).where(eq(promotions.id, id)).limit(1))[0],
  /** Takes the promotion's row lock: every usage change of one promotion happens under it. */
  lock: async (db: DbOrTx, id: string): Promise<PromotionRow | undefined> =>
    (await db.select().from(promotions).where(eq(promotions.id, id)).limit(1).for('update'))[0],
  /** The live promotion with this code, else the newest cancelled one (to say it was cancelled). */
  byCode: async (db: DbOrTx, code: string): Promise<PromotionRow | undefined> =>
    (await db.select().from(promotions).where(eq(promotions.code, code))
      .orderBy(sql`(${promotions.status} <> 'cancelled') DESC`, desc(promotions.createdAt)).limit(1))[0],
  liveCodeTaken: async (db: DbOrTx, code: string, exceptId?: string) =>
    (await db.select({ id: promotions.id }).from(promotions)
      .where(and(eq(promotions.code, code), ne(promotions.status, 'cancelled'), exceptId ? ne(promotions.id, exceptId) : undefined)).limit(1)).length > 0,

  /** Guarded on the version the caller read, so two ops editing at once cannot overwrite each other. */
  update: async (db: DbOrTx, id: string, version: number, set: Partial<typeof promotions.$inferInsert>) =>
    (await db.update(promotions).set({ ...set, version: version + 1 }).where(and(eq(promotions.id, id), eq(promotions.version, version))).returning())[0],
  /** Guarded status change: only from one of the expected statuses. */
  setStatus: async (db: DbOrTx, id: string, from: PromotionRow['status'][], to: PromotionRow['status'], at: Date) =>
    (await db.update(promotions).set({ status: to, updatedAt: at, version: sql`${promotions.version} + 1` })
      .where(and(eq(promotions.id, id), inArray(promotions.status, from))).returning())[0],
  /** Total usage +1 / -1 (never below zero); the caller holds the row lock. */
  addUsage: async (db: DbOrTx, id: string, delta: 1 | -1) =>
    db.update(promotions).set({ usedCount: sql`GREATEST(${promotions.usedCount} + ${delta}, 0)` }).where(eq(promotions.id, id)),

  isBoundTo: async (db: DbOrTx, promotionId: string, userId: string) =>
    (await db.select({ u: promotionUsers.userId }).from(promotionUsers)
      .where(and(eq(promotionUsers.promotionId, promotionId), eq(promotionUsers.userId, userId))).limit(1)).length > 0,
  bindUsers: async (db: DbOrTx, promotionId: string, userIds: string[], at: Date) => {
    if (!userIds.length) return;
    await db.insert(promotionUsers).values(userIds.map((userId) => ({ promotionId, userId, addedAt: at }))).onConflictDoNothing();
  },
  unbindUsers: async (db: DbOrTx, promotionId: string, userIds: string[]) => {
    if (!userIds.length) return;
    await db.delete(promotionUsers).where(and(eq(promotionUsers.promotionId, promotionId), inArray(promotionUsers.userId, userIds)));
  },
  boundUserIds: async (db: DbOrTx, promotionId: string, limit: number) =>
    (await db.select({ userId: promotionUsers.userId }).from(promotionUsers).where(eq(promotionUsers.promotionId, promotionId))
      .orderBy(asc(promotionUsers.addedAt), asc(promotionUsers.userId)).limit(limit)).map((r) => r.userId),
  boundUserCount: async (db: DbOrTx, promotionId: string) =>
    Number((await db.select({ n: count() }).from(promotionUsers).where(eq(promotionUsers.promotionId, promotionId)))[0]?.n ?? 0),

  userUsed: async (db: DbOrTx, promotionId: string, userId: string) =>
    (await db.select({ n: promotionUserUsage.usedCount }).from(promotionUserUsage)
      .where(and(eq(promotionUserUsage.promotionId, promotionId), eq(promotionUserUsage.userId, userId))).limit(1))[0]?.n ?? 0,
  userUsedMany: async (db: DbOrTx, promotionIds: string[], userId: string) => {
    if (!promotionIds.length) return new Map<string, number>();
    const rows = await db.select().from(promotionUserUsage).where(and(inArray(promotionUserUsage.promotionId, promotionIds), eq(promotionUserUsage.userId, userId)));
    return new Map(rows.map((r) => [r.promotionId, r.usedCount]));
  },
  /** Per-user usage +1 / -1; the caller holds the promotion's row lock. */
  addUserUsage: async (db: DbOrTx, promotionId: string, userId: string, delta: 1 | -1) =>
    db.insert(promotionUserUsage).values({ promotionId, userId, usedCount: Math.max(delta, 0) })
      .onConflictDoUpdate({ target: [promotionUserUsage.promotionId, promotionUserUsage.userId], set: { usedCount: sql`GREATEST(${promotionUserUsage.usedCount} + ${delta}, 0)` } }),

  /** Active automatic discount campaigns live now for this service that this user may use. */
  automaticDiscounts: (db: DbOrTx, q: { userId: string; serviceCode: string; now: Date }) => automaticDiscounts(db, q),

  /** What a customer may see: personal packages bound to them and public campaigns without a code, not ended. */
  /** Titles of the promotions behind a user's gift credit, so each grant says what it came from. */
  titlesOf: async (db: DbOrTx, ids: string[]) => new Map(ids.length === 0 ? [] :
    (await db.select({ id: promotions.id, title: promotions.title }).from(promotions).where(inArray(promotions.id, ids))).map((r) => [r.id, r.title] as const)),
  offersFor: async (db: DbOrTx, userId: string, now: Date) =>
    db.select().from(promotions).where(and(
      eq(promotions.status, 'active'), or(isNull(promotions.endsAt), gt(promotions.endsAt, now)),
      or(boundTo(userId), and(eq(promotions.audience, 'public'), isNull(promotions.code))),
    )).orderBy(desc(promotions.createdAt), desc(promotions.id)).limit(200),

  search: async (db: DbOrTx, q: PromotionSearch) => {
    const where: SQL[] = [];
    if (q.status) where.push(eq(promotions.status, q.status));
    if (q.benefitType) where.push(eq(promotions.benefitType, q.benefitType));
    if (q.audience) where.push(eq(promotions.audience, q.audience));
    if (q.trigger) where.push(q.trigger === 'code' ? isNotNull(promotions.code) : isNull(promotions.code));
    if (q.serviceCode) where.push(sql`(cardinality(${promotions.serviceCodes}) = 0 OR ${q.serviceCode} = ANY(${promotions.serviceCodes}))`);
    if (q.userId) where.push(boundTo(q.userId));
    if (q.text) {
      const like = `%${q.text.replace(/[%_\\]/g, '\\$&')}%`;
      where.push(or(ilike(promotions.code, like), sql`${promotions.title}::text ILIKE ${like}`, eq(promotions.id, q.text))!);
    }
    const cond = where.length ? and(...where) : undefined;
    const [rows, total] = await Promise.all([
      db.select().from(promotions).where(cond).orderBy(desc(promotions.createdAt), desc(promotions.id)).limit(q.limit).offset(q.offset),
      db.select({ n: count() }).from(promotions).where(cond),
    ]);
    return { rows, total: Number(total[0]?.n ?? 0) };
  },

  // ---- redemptions ----
  insertRedemption: async (db: DbOrTx, row: typeof promotionRedemptions.$inferInsert) => (await db.insert(promotionRedemptions).values(row).returning())[0],
  redemptionByKey: async (db: DbOrTx, key: string): Promise<RedemptionRow | undefined> =>
    (await db.select().from(promotionRedemptions).where(eq(promotionRedemptions.idempotencyKey, key)).limit(1))[0],
  redemptionById: async (db: DbOrTx, id: string): Promise<RedemptionRow | undefined> =>
    (await db.select().from(promotionRedemptions).where(eq(promotionRedemptions.id, id)).limit(1))[0],
  redeemedByReference: async (db: DbOrTx, type: string, id: string) =>
    db.select().from(promotionRedemptions).where(and(eq(promotionRedemptions.referenceType, type), eq(promotionRedemptions.referenceId, id), eq(promotionRedemptions.status, 'redeemed'))),
  /** Guarded: only a redemption still in force can be released, so usage is counted back once. */
  markReleased: async (db: DbOrTx, id: string, at: Date) =>
    (await db.update(promotionRedemptions).set({ status: 'released', releasedAt: at })
      .where(and(eq(promotionRedemptions.id, id), eq(promotionRedemptions.status, 'redeemed'))).returning())[0],

  // ---- gift grants ----
  insertGrant: async (db: DbOrTx, row: typeof promotionGiftGrants.$inferInsert) => (await db.insert(promotionGiftGrants).values(row).returning())[0],
  grantOf: async (db: DbOrTx, promotionId: string, userId: string): Promise<GiftGrantRow | undefined> =>
    (await db.select().from(promotionGiftGrants).where(and(eq(promotionGiftGrants.promotionId, promotionId), eq(promotionGiftGrants.userId, userId))).limit(1))[0],
  grantByKey: async (db: DbOrTx, userId: string, key: string): Promise<GiftGrantRow | undefined> =>
    (await db.select().from(promotionGiftGrants).where(and(eq(promotionGiftGrants.userId, userId), eq(promotionGiftGrants.idempotencyKey, key))).limit(1))[0],
  grantsOfUser: async (db: DbOrTx, userId: string, limit: number) =>
    db.select().from(promotionGiftGrants).where(eq(promotionGiftGrants.userId, userId)).orderBy(desc(promotionGiftGrants.createdAt), desc(promotionGiftGrants.id)).limit(limit),
  /** Users (after a cursor, in id order) with at least one active grant due to expire at `now`. */
  usersWithDueGrants: async (db: DbOrTx, now: Date, afterUserId: string, limit: number) =>
    (await db.selectDistinct({ userId: promotionGiftGrants.userId }).from(promotionGiftGrants)
      .where(and(eq(promotionGiftGrants.status, 'active'), lte(promotionGiftGrants.expiresAt, now), gt(promotionGiftGrants.userId, afterUserId)))
      .orderBy(asc(promotionGiftGrants.userId)).limit(limit)).map((r) => r.userId),
  /** Locks every active grant of a user, so two expiry runs cannot reverse the same credit twice. */
  lockActiveGrantsOfUser: async (db: DbOrTx, userId: string) =>
    db.select().from(promotionGiftGrants).where(and(eq(promotionGiftGrants.userId, userId), eq(promotionGiftGrants.status, 'active')))
      .orderBy(asc(promotionGiftGrants.id)).for('update'),
  markGrantExpired: async (db: DbOrTx, id: string, set: { expiredRials: bigint; expiryTransferId: string | null; expiredAt: Date }) =>
    (await db.update(promotionGiftGrants).set({ status: 'expired', ...set })
      .where(and(eq(promotionGiftGrants.id, id), eq(promotionGiftGrants.status, 'active'))).returning())[0],

  stats: async (db: DbOrTx, promotionId: string) => {
    const [r] = await db.select({
      redeemed: sql<number>`count(*) FILTER (WHERE ${promotionRedemptions.status} = 'redeemed')::int`,
      released: sql<number>`count(*) FILTER (WHERE ${promotionRedemptions.status} = 'released')::int`,
      discountRials: sql<string>`COALESCE(sum(${promotionRedemptions.discountRials}) FILTER (WHERE ${promotionRedemptions.status} = 'redeemed'), 0)::text`,
      users: sql<number>`count(DISTINCT ${promotionRedemptions.userId}) FILTER (WHERE ${promotionRedemptions.status} = 'redeemed')::int`,
    }).from(promotionRedemptions).where(eq(promotionRedemptions.promotionId, promotionId));
    const [g] = await db.select({
      grants: sql<number>`count(*)::int`,
      grantedRials: sql<string>`COALESCE(sum(${promotionGiftGrants.amountRials}), 0)::text`,
      expiredRials: sql<string>`COALESCE(sum(${promotionGiftGrants.expiredRials}), 0)::text`,
      expiredGrants: sql<number>`count(*) FILTER (WHERE ${promotionGiftGrants.status} = 'expired')::int`,
    }).from(promotionGiftGrants).where(eq(promotionGiftGrants.promotionId, promotionId));
    return { ...r, ...g };
  },
};
