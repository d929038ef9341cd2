import { and, asc, desc, eq, gt, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.js';
import { ACTIVE_JOB, type OrderStatus } from './orders.model.js';
import { orderEvents, orderOffers, orders, type OfferRow, type OrderEventRow, type OrderInsert, type OrderRow } from './orders.tables.js';

export interface TransitionInput {
  from: readonly OrderStatus[];
  to: OrderStatus;
  set?: Partial<OrderInsert>;
  /** Also require this version (changes that replace order fields). */
  version?: number;
  /** Also require this provider (provider actions). */
  providerId?: string;
  at: Date;
}

/** Drizzle queries of the orders module; no business rules here. */
export const ordersRepo = {
  insert: async (db: DbOrTx, row: OrderInsert): Promise<OrderRow> => (await db.insert(orders).values(row).returning())[0],
  byId: async (db: DbOrTx, id: string): Promise<OrderRow | undefined> => (await db.select().from(orders).where(eq(orders.id, id)).limit(1))[0],
  byIdempotencyKey: async (db: DbOrTx, customerId: string, key: string): Promise<OrderRow | undefined> =>
    (await db.select().from(orders).where(and(eq(orders.customerId, customerId), eq(orders.idempotencyKey, key))).limit(1))[0],

  /** The guarded update every status change goes through: only from an expected status (and version). */
  transition: async (db: DbOrTx, id: string, t: TransitionInput): Promise<OrderRow | undefined> =>
    (await db.update(orders).set({ ...t.set, status: t.to, version: sql`${orders.version} + 1`, updatedAt: t.at })
      .where(and(
        eq(orders.id, id), inArray(orders.status, [...t.from]),
        t.version !== undefined ? eq(orders.version, t.version) : undefined,
        t.providerId !== undefined ? eq(orders.providerId, t.providerId) : undefined,
      )).returning())[0],

  /** Moves the dispatch round on, guarded on the round the caller saw: one dispatcher per round. */
  claimRound: async (db: DbOrTx, id: string, round: number, at: Date): Promise<OrderRow | undefined> =>
    (await db.update(orders).set({ dispatchRound: round + 1, updatedAt: at })
      .where(and(eq(orders.id, id), eq(orders.dispatchRound, round), inArray(orders.status, ['requested', 'offered']))).returning())[0],

  setFields: async (db: DbOrTx, id: string, set: Partial<OrderInsert>) => { await db.update(orders).set(set).where(eq(orders.id, id)); },

  listForCustomer: (db: DbOrTx, customerId: string, o: { before?: string; limit: number }) =>
    db.select().from(orders).where(and(eq(orders.customerId, customerId), o.before ? lt(orders.id, o.before) : undefined))
      .orderBy(desc(orders.id)).limit(o.limit),

  search: (db: DbOrTx, o: { status?: OrderStatus; q?: string; cityId?: string; limit: number; offset: number }) => {
    const where: SQL[] = [];
    if (o.status) where.push(eq(orders.status, o.status));
    if (o.cityId) where.push(eq(orders.cityId, o.cityId));
    if (o.q) where.push(or(eq(orders.id, o.q), eq(orders.customerId, o.q), eq(orders.providerId, o.q), ilike(orders.serviceCode, `${o.q}%`))!);
    return db.select().from(orders).where(where.length ? and(...where) : undefined).orderBy(desc(orders.id)).limit(o.limit).offset(o.offset);
  },

  activeForProvider: async (db: DbOrTx, providerId: string): Promise<OrderRow | undefined> =>
    (await db.select().from(orders).where(and(eq(orders.providerId, providerId), inArray(orders.status, [...ACTIVE_JOB]))).limit(1))[0],

  /** Open orders per city (demand signal for pricing). */
  /** Orders of a city waiting for the next batch round (batch mode), oldest first. */
  waitingInCity: (db: DbOrTx, cityId: string, limit: number): Promise<OrderRow[]> =>
    db.select().from(orders).where(and(eq(orders.cityId, cityId), eq(orders.status, 'requested'))).orderBy(asc(orders.createdAt)).limit(limit),
  openByCity: (db: DbOrTx) => db.select({ id: orders.id, cityId: orders.cityId, origin: orders.origin }).from(orders).where(inArray(orders.status, ['requested', 'offered'])),

  insertEvent: async (db: DbOrTx, row: typeof orderEvents.$inferInsert) => { await db.insert(orderEvents).values(row); },
  events: (db: DbOrTx, orderId: string): Promise<OrderEventRow[]> =>
    db.select().from(orderEvents).where(eq(orderEvents.orderId, orderId)).orderBy(asc(orderEvents.at), asc(orderEvents.id)),

  // ---- offers ----
  insertOffers: async (db: DbOrTx, rows: Array<typeof orderOffers.$inferInsert>): Promise<OfferRow[]> =>
    rows.length ? db.insert(orderOffers).values(rows).returning() : [],
  offerById: async (db: DbOrTx, id: string): Promise<OfferRow | undefined> => (await db.select().from(orderOffers).where(eq(orderOffers.id, id)).limit(1))[0],
  pendingOffersFor: (db: DbOrTx, providerId: string, now: Date): Promise<OfferRow[]> =>
    db.select().from(orderOffers).where(and(eq(orderOffers.providerId, providerId), eq(orderOffers.status, 'pending'), gt(orderOffers.expiresAt, now)))
      .orderBy(asc(orderOffers.createdAt)),
  /** Guarded: only a pending, unexpired offer of this provider can be answered. */
  answerOffer: async (db: DbOrTx, id: string, providerId: string, to: 'accepted' | 'rejected', now: Date): Promise<OfferRow | undefined> =>
    (await db.update(orderOffers).set({ status: to, respondedAt: now })
      .where(and(eq(orderOffers.id, id), eq(orderOffers.providerId, providerId), eq(orderOffers.status, 'pending'), gt(orderOffers.expiresAt, now))).returning())[0],
  closePending: async (db: DbOrTx, orderId: string, to: 'expired' | 'cancelled', now: Date, round?: number) =>
    db.update(orderOffers).set({ status: to, respondedAt: now })
      .where(and(eq(orderOffers.orderId, orderId), eq(orderOffers.status, 'pending'), round !== undefined ? eq(orderOffers.round, round) : undefined))
      .returning({ id: orderOffers.id, providerId: orderOffers.providerId }),
  pendingInRound: async (db: DbOrTx, orderId: string, round: number): Promise<number> =>
    (await db.select({ id: orderOffers.id }).from(orderOffers).where(and(eq(orderOffers.orderId, orderId), eq(orderOffers.round, round), eq(orderOffers.status, 'pending')))).length,
  offeredProviders: async (db: DbOrTx, orderId: string): Promise<string[]> =>
    (await db.selectDistinct({ p: orderOffers.providerId }).from(orderOffers).where(eq(orderOffers.orderId, orderId))).map((r) => r.p),
  /** Of `providerIds`: those offered this order before, or holding another pending offer right now. */
  unavailableProviders: async (db: DbOrTx, orderId: string, providerIds: string[], now: Date): Promise<string[]> => {
    if (!providerIds.length) return [];
    return (await db.selectDistinct({ p: orderOffers.providerId }).from(orderOffers).where(and(
      inArray(orderOffers.providerId, providerIds),
      or(eq(orderOffers.orderId, orderId), and(eq(orderOffers.status, 'pending'), gt(orderOffers.expiresAt, now))),
    ))).map((r) => r.p);
  },
  /** Providers holding a pending offer right now (not offered a second order at once). */
  providersWithPendingOffers: async (db: DbOrTx, now: Date): Promise<string[]> =>
    (await db.selectDistinct({ p: orderOffers.providerId }).from(orderOffers).where(and(eq(orderOffers.status, 'pending'), gt(orderOffers.expiresAt, now)))).map((r) => r.p),
  currentOffer: async (db: DbOrTx, orderId: string, round: number): Promise<OfferRow | undefined> =>
    (await db.select().from(orderOffers).where(and(eq(orderOffers.orderId, orderId), eq(orderOffers.round, round), eq(orderOffers.status, 'pending'))).limit(1))[0],
};
