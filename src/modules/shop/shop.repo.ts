import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.js';
import { queryRows } from '../../platform/db.js';
import { shopItems, shopOrderEvents, shopOrderLines, shopOrders, type ShopItemRow, type ShopOrderEventRow, type ShopOrderLineRow, type ShopOrderRow, type ShopOrderStatus } from './shop.tables.js';

/** Drizzle queries of the shop; no rules here. */
export const shopRepo = {
  items: (db: DbOrTx, activeOnly: boolean) =>
    db.select().from(shopItems).where(activeOnly ? eq(shopItems.active, true) : undefined).orderBy(asc(shopItems.sort), asc(shopItems.code)),
  itemsByIds: (db: DbOrTx, ids: string[]) => db.select().from(shopItems).where(inArray(shopItems.id, ids)),
  itemById: async (db: DbOrTx, id: string): Promise<ShopItemRow | undefined> => (await db.select().from(shopItems).where(eq(shopItems.id, id)).limit(1))[0],
  insertItem: async (db: DbOrTx, row: ShopItemRow) => { await db.insert(shopItems).values(row); },
  updateItem: async (db: DbOrTx, id: string, set: Partial<ShopItemRow>): Promise<ShopItemRow | undefined> =>
    (await db.update(shopItems).set(set).where(eq(shopItems.id, id)).returning())[0],

  insertOrder: async (db: DbOrTx, row: ShopOrderRow, lines: ShopOrderLineRow[]) => {
    await db.insert(shopOrders).values(row);
    await db.insert(shopOrderLines).values(lines);
  },
  orderById: async (db: DbOrTx, id: string): Promise<ShopOrderRow | undefined> => (await db.select().from(shopOrders).where(eq(shopOrders.id, id)).limit(1))[0],
  orderByLink: async (db: DbOrTx, linkId: string): Promise<ShopOrderRow | undefined> => (await db.select().from(shopOrders).where(eq(shopOrders.linkId, linkId)).limit(1))[0],
  ordersOf: (db: DbOrTx, userId: string) => db.select().from(shopOrders).where(eq(shopOrders.userId, userId)).orderBy(desc(shopOrders.createdAt)).limit(100),
  ordersByStatus: (db: DbOrTx, status: ShopOrderStatus | undefined) =>
    db.select().from(shopOrders).where(status ? eq(shopOrders.status, status) : undefined).orderBy(status ? asc(shopOrders.createdAt) : desc(shopOrders.createdAt)).limit(200),
  linesOf: (db: DbOrTx, orderIds: string[]) =>
    orderIds.length ? db.select().from(shopOrderLines).where(inArray(shopOrderLines.orderId, orderIds)).orderBy(asc(shopOrderLines.nameEn)) : Promise.resolve([] as ShopOrderLineRow[]),
  eventsOf: (db: DbOrTx, orderId: string) => db.select().from(shopOrderEvents).where(eq(shopOrderEvents.orderId, orderId)).orderBy(asc(shopOrderEvents.createdAt), asc(shopOrderEvents.id)),
  insertEvent: async (db: DbOrTx, row: ShopOrderEventRow) => { await db.insert(shopOrderEvents).values(row); },
  /** Guarded transition: only an order still in `from` moves (a second agent loses cleanly). */
  transition: async (db: DbOrTx, id: string, from: ShopOrderStatus[], set: Partial<ShopOrderRow>): Promise<ShopOrderRow | undefined> =>
    (await db.update(shopOrders).set(set).where(and(eq(shopOrders.id, id), inArray(shopOrders.status, from))).returning())[0],
  setAtSignup: async (db: DbOrTx, id: string, atSignup: boolean): Promise<ShopOrderRow | undefined> =>
    (await db.update(shopOrders).set({ atSignup }).where(eq(shopOrders.id, id)).returning())[0],
  /** PRV-5: what the equipment flagged "received at sign-up" cost (paid and not cancelled). */
  signupTotal: async (db: DbOrTx, userId: string): Promise<bigint> => {
    const rows = await queryRows<{ total: string | null }>(db, sql`SELECT COALESCE(SUM(total_rials), 0)::text AS total FROM shop_orders
      WHERE user_id = ${userId} AND at_signup AND status IN ('paid', 'shipped', 'delivered')`);
    return BigInt(rows[0]?.total ?? '0');
  },
};
