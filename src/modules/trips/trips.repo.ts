import { and, asc, desc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { prepared, queryPrepared, queryRows, type DbOrTx, type Slots } from '../../platform/db.js';
import {
  accountLinks, fraudFlags, lostItemRequests, orderMessages, orderRatings, shareLinks,
  type AccountLinkRow, type FraudFlagRow, type FraudFlagStatus, type LostItemRow, type LostItemStatus, type MessageRow,
  type PartyRole, type RatingRow, type ShareLinkRow,
} from './trips.tables.js';

const first = <T>(rows: T[]): T | undefined => rows[0];
const shortenShares = prepared((db, p: Slots<{ orderId: string; until: string }>) =>
  db.update(shareLinks).set({ expiresAt: sql`LEAST(${shareLinks.expiresAt}, ${p.until}::timestamptz)` }).where(eq(shareLinks.orderId, p.orderId)));

/** Drizzle queries of the trips module; no business rules here. */
export const tripsRepo = {
  // ---- ratings (ORD-14) ----
  insertRating: async (db: DbOrTx, row: typeof orderRatings.$inferInsert): Promise<RatingRow> =>
    (await db.insert(orderRatings).values(row).returning())[0],
  ratingsOfOrder: (db: DbOrTx, orderId: string): Promise<RatingRow[]> =>
    db.select().from(orderRatings).where(eq(orderRatings.orderId, orderId)),
  /** Mean and count of the last `window` ratings a user received in one role. */
  ratingSummary: async (db: DbOrTx, rateeId: string, role: PartyRole, window: number) => {
    const rows = await queryPrepared<{ average: string | null; count: string | number }>(db, sql`
      SELECT avg(stars)::text AS average, count(*) AS count FROM (
        SELECT stars FROM order_ratings WHERE ratee_id = ${rateeId} AND ratee_role = ${role}
        ORDER BY created_at DESC, id DESC LIMIT ${window}) last_n`);
    return { average: rows[0]?.average == null ? null : Number(rows[0].average), count: Number(rows[0]?.count ?? 0) };
  },

  // ---- chat (ORD-18) ----
  insertMessage: async (db: DbOrTx, row: typeof orderMessages.$inferInsert): Promise<MessageRow> =>
    (await db.insert(orderMessages).values(row).returning())[0],
  messages: (db: DbOrTx, orderId: string, afterId: string | undefined, limit: number): Promise<MessageRow[]> =>
    db.select().from(orderMessages).where(and(eq(orderMessages.orderId, orderId), afterId ? gt(orderMessages.id, afterId) : undefined))
      .orderBy(asc(orderMessages.id)).limit(limit),

  // ---- lost items (ORD-15) ----
  insertLostItem: async (db: DbOrTx, row: typeof lostItemRequests.$inferInsert): Promise<LostItemRow> =>
    (await db.insert(lostItemRequests).values(row).returning())[0],
  openLostItem: async (db: DbOrTx, orderId: string): Promise<LostItemRow | undefined> =>
    first(await db.select().from(lostItemRequests).where(and(eq(lostItemRequests.orderId, orderId), eq(lostItemRequests.status, 'open'))).limit(1)),
  lostItemById: async (db: DbOrTx, id: string): Promise<LostItemRow | undefined> =>
    first(await db.select().from(lostItemRequests).where(eq(lostItemRequests.id, id)).limit(1)),
  lostItems: (db: DbOrTx, status: LostItemStatus | undefined, limit: number, offset: number): Promise<LostItemRow[]> =>
    db.select().from(lostItemRequests).where(status ? eq(lostItemRequests.status, status) : undefined)
      .orderBy(desc(lostItemRequests.createdAt), desc(lostItemRequests.id)).limit(limit).offset(offset),
  /** Guarded: only an open request closes, once. */
  closeLostItem: async (db: DbOrTx, id: string, set: { status: Exclude<LostItemStatus, 'open'>; closedAt: Date; closedBy: string | null; closeReason: string }) =>
    first(await db.update(lostItemRequests).set(set).where(and(eq(lostItemRequests.id, id), eq(lostItemRequests.status, 'open'))).returning()),

  // ---- share links (ORD-13) ----
  insertShare: async (db: DbOrTx, row: typeof shareLinks.$inferInsert): Promise<ShareLinkRow> =>
    (await db.insert(shareLinks).values(row).returning())[0],
  shareByHash: async (db: DbOrTx, tokenHash: string): Promise<ShareLinkRow | undefined> =>
    first(await db.select().from(shareLinks).where(eq(shareLinks.tokenHash, tokenHash)).limit(1)),
  /** Brings every link of an order forward to `until` at the latest (the trip ended). */
  shortenShares: (db: DbOrTx, orderId: string, until: Date) => shortenShares(db, { orderId, until: until.toISOString() }),

  // ---- account links (FRD-1) ----
  insertLink: async (db: DbOrTx, row: typeof accountLinks.$inferInsert): Promise<AccountLinkRow> =>
    (await db.insert(accountLinks).values(row).returning())[0],
  linkById: async (db: DbOrTx, id: string): Promise<AccountLinkRow | undefined> =>
    first(await db.select().from(accountLinks).where(eq(accountLinks.id, id)).limit(1)),
  activeLinkBetween: async (db: DbOrTx, a: string, b: string): Promise<AccountLinkRow | undefined> => {
    const [x, y] = a < b ? [a, b] : [b, a];
    return first(await db.select().from(accountLinks).where(and(eq(accountLinks.userA, x), eq(accountLinks.userB, y), isNull(accountLinks.removedAt))).limit(1));
  },
  links: (db: DbOrTx, userId: string | undefined, limit: number): Promise<AccountLinkRow[]> =>
    db.select().from(accountLinks)
      .where(and(isNull(accountLinks.removedAt), userId ? or(eq(accountLinks.userA, userId), eq(accountLinks.userB, userId)) : undefined))
      .orderBy(desc(accountLinks.createdAt)).limit(limit),
  /** Guarded: only an active link is removed. */
  removeLink: async (db: DbOrTx, id: string, set: { removedAt: Date; removedBy: string | null; removedReason: string }) =>
    first(await db.update(accountLinks).set(set).where(and(eq(accountLinks.id, id), isNull(accountLinks.removedAt))).returning()),

  /**
   * FRD-1 in one round trip for the common case: do customer and provider share a device or an
   * active ops link, and has the order a self-dealing flag? (Details are read only when one is true.)
   */
  selfDealingHints: async (db: DbOrTx, orderId: string, customerId: string, providerId: string): Promise<{ device: boolean; link: boolean; flag: boolean }> => {
    const [x, y] = customerId < providerId ? [customerId, providerId] : [providerId, customerId];
    const [row] = await queryPrepared<{ device: boolean; link: boolean; flag: boolean }>(db, sql`SELECT
      EXISTS (SELECT 1 FROM user_devices d1 JOIN user_devices d2 ON d2.device_id = d1.device_id WHERE d1.user_id = ${customerId} AND d2.user_id = ${providerId}) AS device,
      EXISTS (SELECT 1 FROM account_links WHERE user_a = ${x} AND user_b = ${y} AND removed_at IS NULL) AS link,
      EXISTS (SELECT 1 FROM fraud_flags WHERE kind = 'self_dealing' AND order_id = ${orderId}) AS flag`);
    return row;
  },
  /** Devices both users signed in from (identity's user_devices). */
  sharedDevices: async (db: DbOrTx, a: string, b: string): Promise<string[]> =>
    (await queryRows<{ device_id: string }>(db, sql`
      SELECT d1.device_id FROM user_devices d1 JOIN user_devices d2 ON d2.device_id = d1.device_id
      WHERE d1.user_id = ${a} AND d2.user_id = ${b} ORDER BY d1.device_id LIMIT 10`)).map((r) => r.device_id),

  // ---- fraud flags (FRD-1) ----
  /** Inserts unless the order already has a flag of this kind; returns the new row or undefined. */
  insertFlag: async (db: DbOrTx, row: typeof fraudFlags.$inferInsert): Promise<FraudFlagRow | undefined> =>
    first(await db.insert(fraudFlags).values(row).onConflictDoNothing().returning()),
  flagOfOrder: async (db: DbOrTx, orderId: string): Promise<FraudFlagRow | undefined> =>
    first(await db.select().from(fraudFlags).where(and(eq(fraudFlags.kind, 'self_dealing'), eq(fraudFlags.orderId, orderId))).limit(1)),
  flagById: async (db: DbOrTx, id: string): Promise<FraudFlagRow | undefined> =>
    first(await db.select().from(fraudFlags).where(eq(fraudFlags.id, id)).limit(1)),
  flags: (db: DbOrTx, status: FraudFlagStatus | undefined, limit: number, offset: number): Promise<FraudFlagRow[]> =>
    db.select().from(fraudFlags).where(status ? eq(fraudFlags.status, status) : undefined)
      .orderBy(desc(fraudFlags.createdAt), desc(fraudFlags.id)).limit(limit).offset(offset),
  /** Guarded status change from `open`; the loser of a race gets undefined. */
  resolveFlag: async (db: DbOrTx, id: string, set: Partial<typeof fraudFlags.$inferInsert> & { status: Exclude<FraudFlagStatus, 'open'> }) =>
    first(await db.update(fraudFlags).set(set).where(and(eq(fraudFlags.id, id), eq(fraudFlags.status, 'open'))).returning()),
  /** Guarded: an open flag moves to the provider the order was handed over to. */
  reflag: async (db: DbOrTx, id: string, providerId: string, reasons: FraudFlagRow['reasons']) =>
    first(await db.update(fraudFlags).set({ providerId, reasons }).where(and(eq(fraudFlags.id, id), eq(fraudFlags.status, 'open'))).returning()),
  resolveFlagTransfer: async (db: DbOrTx, id: string, ledgerTransferId: string) =>
    first(await db.update(fraudFlags).set({ ledgerTransferId }).where(eq(fraudFlags.id, id)).returning()),
};
