import { and, asc, desc, eq, gt, inArray, isNull, lte, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.js';
import {
  xpoCheckouts, xpoCredentials, xpoFiles, xpoFxRates, xpoOrders,
  type CheckoutRow, type CredentialRow, type FxRateRow, type XpoFileRow, type XpoOrderRow, type XpoStatus,
} from './payment-orders.tables.js';

const first = <T>(rows: T[]): T | undefined => rows[0];

/** Drizzle queries of payment orders; no rules here. */
export const xpoRepo = {
  insertRate: (db: DbOrTx, row: typeof xpoFxRates.$inferInsert) => db.insert(xpoFxRates).values(row).returning().then((r) => r[0]),
  rateById: async (db: DbOrTx, id: string): Promise<FxRateRow | undefined> => first(await db.select().from(xpoFxRates).where(eq(xpoFxRates.id, id)).limit(1)),
  /** The newest rate of the currency whose window holds `at`. */
  currentRate: async (db: DbOrTx, currency: string, at: Date): Promise<FxRateRow | undefined> => first(await db.select().from(xpoFxRates)
    .where(and(eq(xpoFxRates.currency, currency), lte(xpoFxRates.validFrom, at), gt(xpoFxRates.validUntil, at)))
    .orderBy(desc(xpoFxRates.validFrom), desc(xpoFxRates.createdAt), desc(xpoFxRates.id)).limit(1)),
  rates: (db: DbOrTx, limit: number) => db.select().from(xpoFxRates).orderBy(desc(xpoFxRates.createdAt), desc(xpoFxRates.id)).limit(limit),

  insertOrder: (db: DbOrTx, row: typeof xpoOrders.$inferInsert) => db.insert(xpoOrders).values(row).returning().then((r) => r[0]),
  orderById: async (db: DbOrTx, id: string): Promise<XpoOrderRow | undefined> => first(await db.select().from(xpoOrders).where(eq(xpoOrders.id, id)).limit(1)),
  ordersOfUser: (db: DbOrTx, userId: string, status?: XpoStatus) => db.select().from(xpoOrders)
    .where(status ? and(eq(xpoOrders.userId, userId), eq(xpoOrders.status, status)) : eq(xpoOrders.userId, userId))
    .orderBy(desc(xpoOrders.createdAt)).limit(200),
  ordersByIds: (db: DbOrTx, ids: string[]) => (ids.length ? db.select().from(xpoOrders).where(inArray(xpoOrders.id, ids)) : Promise.resolve([] as XpoOrderRow[])),
  countInCart: async (db: DbOrTx, userId: string): Promise<number> => Number((await db.select({ n: sql<number>`count(*)::int` }).from(xpoOrders)
    .where(and(eq(xpoOrders.userId, userId), eq(xpoOrders.status, 'in_cart'))))[0]?.n ?? 0),
  queue: (db: DbOrTx, statuses: XpoStatus[], limit: number) => db.select().from(xpoOrders).where(inArray(xpoOrders.status, statuses))
    .orderBy(asc(xpoOrders.slaDueAt), asc(xpoOrders.createdAt)).limit(limit),
  /** Guarded transition: only from the expected statuses; returns the row when this caller won. */
  transition: async (db: DbOrTx, id: string, from: XpoStatus[], set: Partial<XpoOrderRow>): Promise<XpoOrderRow | undefined> =>
    first(await db.update(xpoOrders).set(set).where(and(eq(xpoOrders.id, id), inArray(xpoOrders.status, from))).returning()),
  awaitingOfUser: (db: DbOrTx, userId: string) => db.select().from(xpoOrders).where(and(eq(xpoOrders.userId, userId), eq(xpoOrders.status, 'awaiting_verification'))),
  overdue: (db: DbOrTx, now: Date, limit: number) => db.select().from(xpoOrders)
    .where(and(inArray(xpoOrders.status, ['queued', 'in_progress']), lt(xpoOrders.slaDueAt, now), isNull(xpoOrders.escalatedAt))).limit(limit),
  markEscalated: async (db: DbOrTx, id: string, now: Date) => first(await db.update(xpoOrders).set({ escalatedAt: now, updatedAt: now })
    .where(and(eq(xpoOrders.id, id), isNull(xpoOrders.escalatedAt))).returning()),
  /** Paid and not refunded, for club tiers (XPO-7). */
  paidVolume: async (db: DbOrTx, userId: string, since: Date): Promise<bigint> => BigInt((await db.select({ v: sql<string>`coalesce(sum(paid_rials - refunded_rials), 0)::text` })
    .from(xpoOrders).where(and(eq(xpoOrders.userId, userId), gt(xpoOrders.paidAt, since))))[0]?.v ?? '0'),

  insertCheckout: (db: DbOrTx, row: typeof xpoCheckouts.$inferInsert) => db.insert(xpoCheckouts).values(row).returning().then((r) => r[0]),
  checkoutByPayment: async (db: DbOrTx, paymentId: string): Promise<CheckoutRow | undefined> => first(await db.select().from(xpoCheckouts).where(eq(xpoCheckouts.paymentId, paymentId)).limit(1)),
  checkoutById: async (db: DbOrTx, id: string): Promise<CheckoutRow | undefined> => first(await db.select().from(xpoCheckouts).where(eq(xpoCheckouts.id, id)).limit(1)),
  closeCheckout: async (db: DbOrTx, id: string, set: Partial<CheckoutRow>) => first(await db.update(xpoCheckouts).set(set)
    .where(and(eq(xpoCheckouts.id, id), eq(xpoCheckouts.status, 'pending'))).returning()),

  putCredentials: (db: DbOrTx, row: CredentialRow) => db.insert(xpoCredentials).values(row)
    .onConflictDoUpdate({ target: xpoCredentials.orderId, set: { keyId: row.keyId, iv: row.iv, ciphertext: row.ciphertext, tag: row.tag } }),
  credentials: async (db: DbOrTx, orderId: string): Promise<CredentialRow | undefined> => first(await db.select().from(xpoCredentials).where(eq(xpoCredentials.orderId, orderId)).limit(1)),
  allCredentials: (db: DbOrTx) => db.select().from(xpoCredentials),
  eraseCredentials: (db: DbOrTx, orderId: string) => db.delete(xpoCredentials).where(eq(xpoCredentials.orderId, orderId)),

  insertFile: (db: DbOrTx, row: XpoFileRow) => db.insert(xpoFiles).values(row),
  fileById: async (db: DbOrTx, id: string): Promise<XpoFileRow | undefined> => first(await db.select().from(xpoFiles).where(eq(xpoFiles.id, id)).limit(1)),
};
