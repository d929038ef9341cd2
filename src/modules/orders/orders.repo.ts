import { and, asc, desc, eq, getTableColumns, gt, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../platform/db.js';
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

const transitionQuery = (db: DbOrTx, id: string, t: TransitionInput) =>
  db.update(orders).set({ ...t.set, status: t.to, version: sql`${orders.version} + 1`, updatedAt: t.at })
    .where(and(
      eq(orders.id, id), inArray(orders.status, [...t.from]),
      t.version !== undefined ? eq(orders.version, t.version) : undefined,
      t.providerId !== undefined ? eq(orders.providerId, t.providerId) : undefined,
    )).returning();

/** A CTE inserting the history row `e` for the order row the CTE `source` returned (none when it returned none). */
const eventFrom = (db: DbOrTx, source: 'o' | 'u', e: typeof orderEvents.$inferInsert) => db.$with('e', {}).as(sql`INSERT INTO order_events
  (id, order_id, at, type, from_status, to_status, actor_id, actor_role, lat, lng, data)
  SELECT ${e.id}::text, ${sql.identifier(source)}.id, ${e.at.toISOString()}::timestamptz, ${e.type}::text, ${e.fromStatus ?? null}::text, ${e.toStatus ?? null}::text,
    ${e.actorId ?? null}::text, ${e.actorRole}::text, ${e.lat ?? null}::float8, ${e.lng ?? null}::float8, ${JSON.stringify(e.data ?? {})}::jsonb FROM ${sql.identifier(source)}`);

/** Drizzle queries of the orders module; no business rules here. */
export const ordersRepo = {
  insert: async (db: DbOrTx, row: OrderInsert): Promise<OrderRow> => (await db.insert(orders).values(row).returning())[0],
  /** The new order and its `created` history row in one statement. */
  insertLogged: async (db: DbOrTx, row: OrderInsert, e: typeof orderEvents.$inferInsert): Promise<OrderRow> => {
    const o = db.$with('o', getTableColumns(orders)).as(db.insert(orders).values(row).returning().getSQL());
    return (await db.with(o, eventFrom(db, 'o', e)).select().from(o))[0];
  },
  byId: async (db: DbOrTx, id: string): Promise<OrderRow | undefined> => (await db.select().from(orders).where(eq(orders.id, id)).limit(1))[0],
  byIdempotencyKey: async (db: DbOrTx, customerId: string, key: string): Promise<OrderRow | undefined> =>
    (await db.select().from(orders).where(and(eq(orders.customerId, customerId), eq(orders.idempotencyKey, key))).limit(1))[0],

  /**
   * The guarded update every status change goes through (only from an expected status, and
   * version), with its history row in the same statement (a data-modifying CTE): the event is
   * written only when the update matched.
   */
  transitionLogged: async (db: DbOrTx, id: string, t: TransitionInput, e: typeof orderEvents.$inferInsert): Promise<OrderRow | undefined> => {
    const u = db.$with('u', getTableColumns(orders)).as(transitionQuery(db, id, t).getSQL());
    return (await db.with(u, eventFrom(db, 'u', e)).select().from(u))[0];
  },

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

  /**
   * OPS-3 figures of a city's orders created in [from, to]: per status, per service, per local
   * hour or day of `timeZone` (every bucket, empty ones too), the fares of completed orders and
   * the median seconds from order to acceptance.
   */
  async dashboard(db: DbOrTx, f: { cityId: string; from: Date; to: Date; timeZone: string; unit: 'hour' | 'day' }) {
    const inWindow = sql`o.city_id = ${f.cityId} AND o.created_at >= ${f.from.toISOString()}::timestamptz AND o.created_at <= ${f.to.toISOString()}::timestamptz`;
    const [byStatus, byService, buckets, accept] = await Promise.all([
      queryRows<{ status: OrderStatus; n: number; fares: string }>(db, sql`
        SELECT o.status, count(*)::int AS n, coalesce(sum(o.price_rials - o.discount_rials + o.fee_rials), 0)::text AS fares
        FROM orders o WHERE ${inWindow} GROUP BY o.status`),
      queryRows<{ service_code: string; n: number; completed: number }>(db, sql`
        SELECT o.service_code, count(*)::int AS n, (count(*) FILTER (WHERE o.status = 'completed'))::int AS completed
        FROM orders o WHERE ${inWindow} GROUP BY o.service_code ORDER BY n DESC, o.service_code`),
      queryRows<{ at: string; created: number; completed: number; cancelled: number }>(db, sql`
        WITH b AS (SELECT generate_series(date_trunc(${f.unit}, ${f.from.toISOString()}::timestamptz AT TIME ZONE ${f.timeZone}),
                                          date_trunc(${f.unit}, ${f.to.toISOString()}::timestamptz AT TIME ZONE ${f.timeZone}),
                                          ('1 ' || ${f.unit})::interval) AS local)
        SELECT to_char(b.local, 'YYYY-MM-DD"T"HH24:MI') AS at, count(o.id)::int AS created,
               (count(o.id) FILTER (WHERE o.status = 'completed'))::int AS completed,
               (count(o.id) FILTER (WHERE o.status IN ('cancelled', 'no_show', 'expired')))::int AS cancelled
        FROM b LEFT JOIN orders o ON ${inWindow} AND date_trunc(${f.unit}, o.created_at AT TIME ZONE ${f.timeZone}) = b.local
        GROUP BY b.local ORDER BY b.local`),
      queryRows<{ p50: number | null }>(db, sql`
        SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM o.accepted_at - o.created_at))::float8 AS p50
        FROM orders o WHERE ${inWindow} AND o.accepted_at IS NOT NULL`),
    ]);
    return { byStatus, byService, buckets, acceptSecondsMedian: accept[0]?.p50 == null ? null : Number(accept[0].p50) };
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
