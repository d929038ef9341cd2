import { and, asc, desc, eq, getTableColumns, gt, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { definedKeys, prepared, preparedBy, queryRows, rowSlots, rowValues, type DbOrTx, type Slots } from '../../platform/db.js';
import { jobCancelCte, jobCancelValues, jobCte, jobValues, type JobInput } from '../../platform/jobs.js';
import { ACTIVE_JOB, type OrderStatus } from './orders.model.js';
import { quoteConsumeCte, quoteConsumeValues, type QuoteConsumption } from '../pricing/index.js';
import { orderEvents, orderOffers, orders, type OfferInsert, type OfferRow, type OrderEventRow, type OrderInsert, type OrderRow } from './orders.tables.js';

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

type EventInsert = typeof orderEvents.$inferInsert;

/**
 * A CTE `name` inserting a history row (placeholders `${name}_*`) for the order row the CTE `source`
 * returned (none when it returned none).
 */
const eventFrom = (db: DbOrTx, source: 'o' | 'u', p: Slots<Record<string, unknown>>, name = 'e') => db.$with(name, {}).as(sql`INSERT INTO order_events
  (id, order_id, at, type, from_status, to_status, actor_id, actor_role, lat, lng, data)
  SELECT ${p[`${name}_id`]}::text, ${sql.identifier(source)}.id, ${p[`${name}_at`]}::timestamptz, ${p[`${name}_type`]}::text, ${p[`${name}_from`]}::text,
    ${p[`${name}_to`]}::text, ${p[`${name}_actor`]}::text, ${p[`${name}_role`]}::text, ${p[`${name}_lat`]}::float8, ${p[`${name}_lng`]}::float8,
    ${p[`${name}_data`]}::jsonb FROM ${sql.identifier(source)}`);
const eventValues = (e: EventInsert, name = 'e') => ({
  [`${name}_id`]: e.id, [`${name}_at`]: e.at.toISOString(), [`${name}_type`]: e.type, [`${name}_from`]: e.fromStatus ?? null, [`${name}_to`]: e.toStatus ?? null,
  [`${name}_actor`]: e.actorId ?? null, [`${name}_role`]: e.actorRole, [`${name}_lat`]: e.lat ?? null, [`${name}_lng`]: e.lng ?? null, [`${name}_data`]: JSON.stringify(e.data ?? {}),
});

interface TransitionArgs { id: string; t: TransitionInput; e: EventInsert }
const transitionLogged = preparedBy<TransitionArgs, OrderRow[]>(
  ({ t }) => `${definedKeys(t.set ?? {}).join(',')}|${t.version !== undefined}|${t.providerId !== undefined}`,
  (db, p, { t }) => {
    const u = db.$with('u', getTableColumns(orders)).as(db.update(orders).set({ ...rowSlots(p, t.set ?? {}, 's_'), status: p.to as never, version: sql`${orders.version} + 1`, updatedAt: p.at as never })
      .where(and(
        eq(orders.id, p.id), sql`${orders.status} = ANY(${p.from}::text[])`,
        t.version !== undefined ? eq(orders.version, p.version) : undefined,
        t.providerId !== undefined ? eq(orders.providerId, p.providerId) : undefined,
      )).returning().getSQL());
    return db.with(u, eventFrom(db, 'u', p)).select().from(u);
  },
  ({ id, t, e }) => ({ id, to: t.to, at: t.at, from: [...t.from], version: t.version, providerId: t.providerId, ...rowValues(orders, t.set ?? {}, 's_'), ...eventValues(e) }),
);

interface PlaceArgs { quote: QuoteConsumption; row: Omit<OrderInsert, 'quoteId'>; events: EventInsert[]; offers: readonly OfferInsert[]; job?: JobInput; now: Date }
const placeOrder = preparedBy<PlaceArgs, OrderRow[]>(
  ({ row, events, offers, job }) => `${definedKeys(row).join(',')}|${events.length}|${offers.length}|${job !== undefined}`,
  (db, p, { row, events, offers, job }) => {
    // quote_id is NOT NULL and comes from the consumption: a quote that cannot be used fails the insert, so the whole statement.
    const o = db.$with('o', getTableColumns(orders)).as(db.insert(orders).values({ ...rowSlots(p, row, 'r_'), quoteId: sql`(SELECT id FROM q)` }).returning().getSQL());
    const ctes = [quoteConsumeCte(db, p), o, ...events.map((_, i) => eventFrom(db, 'o', p, `e${i}`))];
    if (offers.length) ctes.push(db.$with('f', {}).as(db.insert(orderOffers).values(offers.map((r, i) => rowSlots(p, r, `f${i}_`))).getSQL()));
    if (job) ctes.push(jobCte(db, p));
    return db.with(...ctes).select().from(o);
  },
  ({ quote, row, events, offers, job, now }) => Object.assign(quoteConsumeValues(quote), rowValues(orders, row, 'r_'),
    ...events.map((e, i) => eventValues(e, `e${i}`)), ...offers.map((r, i) => rowValues(orderOffers, r, `f${i}_`)), job ? jobValues(job, now) : {}),
);

interface AcceptArgs { orderId: string; offerId: string; providerId: string; at: Date; e: EventInsert; roundJob: { kind: string; key: string } }
/**
 * An acceptance in one statement: the order offered -> accepted (order row first, so racing
 * acceptances queue on it holding nothing else), its history row, this offer accepted and the
 * order's other pending offers cancelled, the round job cancelled. No row when the order is no
 * longer offered; the statement fails (peyk_require: OFFER_NOT_AVAILABLE) when this offer is not
 * its provider's pending, unexpired one, so nothing of it is written.
 */
const acceptLogged = preparedBy<AcceptArgs, Array<OrderRow & { closed: Array<{ id: string; providerId: string }> }>>(
  () => '',
  (db, p) => {
    const cols = getTableColumns(orders);
    const u = db.$with('u', cols).as(db.update(orders).set({
      providerId: p.providerId as never, status: 'accepted', version: sql`${orders.version} + 1`, updatedAt: p.at as never, acceptedAt: p.at as never,
    }).where(and(eq(orders.id, p.orderId), eq(orders.status, 'offered'))).returning().getSQL());
    const a = db.$with('a', {}).as(db.update(orderOffers).set({
      status: sql`CASE WHEN ${orderOffers.id} = ${p.offerId} THEN 'accepted' ELSE 'cancelled' END` as never, respondedAt: p.at as never,
    }).where(and(sql`${orderOffers.orderId} = (SELECT id FROM u)`, eq(orderOffers.status, 'pending'),
      or(sql`${orderOffers.id} <> ${p.offerId}`, and(eq(orderOffers.providerId, p.providerId), gt(orderOffers.expiresAt, p.at)))))
      .returning({ id: orderOffers.id, providerId: orderOffers.providerId, status: orderOffers.status }).getSQL());
    const fields = Object.fromEntries(Object.keys(cols).map((k) => [k, (u as unknown as Record<string, unknown>)[k]])) as typeof cols;
    return db.with(u, eventFrom(db, 'u', p), a, jobCancelCte(db, p, 'u')).select({
      ...fields,
      closed: sql<Array<{ id: string; providerId: string }>>`(SELECT coalesce(json_agg(json_build_object('id', a.id, 'providerId', a.provider_id)), '[]'::json) FROM a WHERE a.id <> ${p.offerId}::text)`,
    }).from(u).where(sql`peyk_require(EXISTS (SELECT 1 FROM a WHERE a.id = ${p.offerId}::text AND a.status = 'accepted'), 'OFFER_NOT_AVAILABLE')`);
  },
  ({ orderId, offerId, providerId, at, e, roundJob }) => ({ orderId, offerId, providerId, at, ...eventValues(e), ...jobCancelValues(roundJob.kind, roundJob.key, at) }),
);

const setFields = preparedBy<{ id: string; set: Partial<OrderInsert> }, unknown>(
  ({ set }) => definedKeys(set).join(','),
  (db, p, { set }) => db.update(orders).set(rowSlots(p, set, 's_')).where(eq(orders.id, p.id)),
  ({ id, set }) => ({ id, ...rowValues(orders, set, 's_') }),
);

const byId = prepared((db, p: Slots<{ id: string }>) => db.select().from(orders).where(eq(orders.id, p.id)).limit(1));
const byIdempotencyKey = prepared((db, p: Slots<{ customerId: string; key: string }>) =>
  db.select().from(orders).where(and(eq(orders.customerId, p.customerId), eq(orders.idempotencyKey, p.key))).limit(1));
const claimRound = prepared((db, p: Slots<{ id: string; round: number; next: number; at: Date }>) =>
  db.update(orders).set({ dispatchRound: p.next as never, updatedAt: p.at as never })
    .where(and(eq(orders.id, p.id), eq(orders.dispatchRound, p.round), inArray(orders.status, ['requested', 'offered']))).returning());
const offerById = prepared((db, p: Slots<{ id: string }>) => db.select().from(orderOffers).where(eq(orderOffers.id, p.id)).limit(1));
const answerOffer = prepared((db, p: Slots<{ id: string; providerId: string; to: string; now: Date }>) =>
  db.update(orderOffers).set({ status: p.to as never, respondedAt: p.now as never })
    .where(and(eq(orderOffers.id, p.id), eq(orderOffers.providerId, p.providerId), eq(orderOffers.status, 'pending'), gt(orderOffers.expiresAt, p.now))).returning());
const closePending = preparedBy<{ orderId: string; to: string; now: Date; round?: number }, Array<{ id: string; providerId: string }>>(
  ({ round }) => String(round !== undefined),
  (db, p, { round }) => db.update(orderOffers).set({ status: p.to as never, respondedAt: p.now as never })
    .where(and(eq(orderOffers.orderId, p.orderId), eq(orderOffers.status, 'pending'), round !== undefined ? eq(orderOffers.round, p.round) : undefined))
    .returning({ id: orderOffers.id, providerId: orderOffers.providerId }),
  (input) => input,
);
const insertOfferWithJob = preparedBy<{ row: typeof orderOffers.$inferInsert; job: JobInput; now: Date }, OfferRow[]>(
  ({ row }) => definedKeys(row).join(','),
  (db, p, { row }) => {
    const f = db.$with('f', getTableColumns(orderOffers)).as(db.insert(orderOffers).values(rowSlots(p, row, 'r_')).returning().getSQL());
    return db.with(f, jobCte(db, p)).select().from(f);
  },
  ({ row, job, now }) => ({ ...rowValues(orderOffers, row, 'r_'), ...jobValues(job, now) }),
);
/**
 * `status = 'pending'` written as a literal, not a parameter: a statement's generic plan (what a
 * prepared statement runs after its first few executions) can then use the partial index of
 * pending offers, which a `status = $n` cannot prove applies.
 */
const offerPending = sql`${orderOffers.status} = 'pending'`;
/**
 * Two index scans, one per reason a provider is unavailable. As one `provider_id = ANY(..) AND
 * (order_id = .. OR pending)` PostgreSQL read the whole (order_id, provider_id, round) index for the
 * providers, a cost that grows with every offer ever made (6 ms at 30,000 offers, 0.15 ms this way).
 */
const unavailableProviders = prepared((db, p: Slots<{ orderId: string; ids: string[]; now: Date }>) =>
  db.select({ p: orderOffers.providerId }).from(orderOffers)
    .where(and(eq(orderOffers.orderId, p.orderId), sql`${orderOffers.providerId} = ANY(${p.ids}::text[])`))
    .union(db.select({ p: orderOffers.providerId }).from(orderOffers)
      .where(and(offerPending, sql`${orderOffers.providerId} = ANY(${p.ids}::text[])`, sql`${orderOffers.expiresAt} > ${p.now}::timestamptz`))));

/** Drizzle queries of the orders module; no business rules here. */
export const ordersRepo = {
  insert: async (db: DbOrTx, row: OrderInsert): Promise<OrderRow> => (await db.insert(orders).values(row).returning())[0],
  /**
   * A new order in one statement: its quote consumed (pricing's guarded update), the order, its
   * history rows (`created`, and `offered` when it is written offered), its first round's offers
   * and the job that times them out or starts it when scheduled. Fails as a whole (a not-null
   * violation on quote_id) when the quote cannot be consumed.
   */
  placeOrder: async (db: DbOrTx, a: PlaceArgs): Promise<OrderRow> => (await placeOrder(db, a))[0],
  byId: async (db: DbOrTx, id: string): Promise<OrderRow | undefined> => (await byId(db, { id }))[0],
  byIdempotencyKey: async (db: DbOrTx, customerId: string, key: string): Promise<OrderRow | undefined> =>
    (await byIdempotencyKey(db, { customerId, key }))[0],

  /**
   * The guarded update every status change goes through (only from an expected status, and
   * version), with its history row in the same statement (a data-modifying CTE): the event is
   * written only when the update matched.
   */
  transitionLogged: async (db: DbOrTx, id: string, t: TransitionInput, e: EventInsert): Promise<OrderRow | undefined> => (await transitionLogged(db, { id, t, e }))[0],

  /** See acceptLogged: the accepted order and the other offers it closed, or undefined when the order is no longer offered. */
  acceptLogged: async (db: DbOrTx, a: AcceptArgs) => {
    const [row] = await acceptLogged(db, a);
    if (!row) return undefined;
    const { closed, ...order } = row;
    return { order: order as OrderRow, closed };
  },

  /** Moves the dispatch round on, guarded on the round the caller saw: one dispatcher per round. */
  claimRound: async (db: DbOrTx, id: string, round: number, at: Date): Promise<OrderRow | undefined> => (await claimRound(db, { id, round, next: round + 1, at }))[0],

  setFields: async (db: DbOrTx, id: string, set: Partial<OrderInsert>) => { await setFields(db, { id, set }); },

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

  /** Every provider's active job (at most one each: orders_provider_one_active). */
  activeJobs: (db: DbOrTx): Promise<Array<{ providerId: string | null; orderId: string }>> =>
    db.select({ providerId: orders.providerId, orderId: orders.id }).from(orders).where(inArray(orders.status, [...ACTIVE_JOB])),

  /** Open orders per city (demand signal for pricing). */
  /** Orders of a city waiting for the next batch round (batch mode), oldest first. */
  waitingInCity: (db: DbOrTx, cityId: string, limit: number): Promise<OrderRow[]> =>
    db.select().from(orders).where(and(eq(orders.cityId, cityId), eq(orders.status, 'requested'))).orderBy(asc(orders.createdAt)).limit(limit),
  openByCity: (db: DbOrTx) => db.select({ id: orders.id, cityId: orders.cityId, origin: orders.origin }).from(orders).where(inArray(orders.status, ['requested', 'offered'])),

  insertEvent: async (db: DbOrTx, row: typeof orderEvents.$inferInsert) => { await db.insert(orderEvents).values(row); },
  events: (db: DbOrTx, orderId: string): Promise<OrderEventRow[]> =>
    db.select().from(orderEvents).where(eq(orderEvents.orderId, orderId)).orderBy(asc(orderEvents.at), asc(orderEvents.id)),

  // ---- offers ----
  /** Offers without their job (a round of one offer goes through insertOfferWithJob). */
  insertOffers: async (db: DbOrTx, rows: Array<typeof orderOffers.$inferInsert>): Promise<OfferRow[]> =>
    rows.length ? db.insert(orderOffers).values(rows).returning() : [],
  /** One offer and the job that times it out (`Jobs.schedule`'s row), in one statement. */
  insertOfferWithJob: (db: DbOrTx, row: typeof orderOffers.$inferInsert, job: JobInput, now: Date): Promise<OfferRow[]> => insertOfferWithJob(db, { row, job, now }),
  offerById: async (db: DbOrTx, id: string): Promise<OfferRow | undefined> => (await offerById(db, { id }))[0],
  pendingOffersFor: (db: DbOrTx, providerId: string, now: Date): Promise<OfferRow[]> =>
    db.select().from(orderOffers).where(and(eq(orderOffers.providerId, providerId), offerPending, gt(orderOffers.expiresAt, now)))
      .orderBy(asc(orderOffers.createdAt)),
  /** Guarded: only a pending, unexpired offer of this provider can be answered. */
  answerOffer: async (db: DbOrTx, id: string, providerId: string, to: 'accepted' | 'rejected', now: Date): Promise<OfferRow | undefined> =>
    (await answerOffer(db, { id, providerId, to, now }))[0],
  closePending: async (db: DbOrTx, orderId: string, to: 'expired' | 'cancelled', now: Date, round?: number) =>
    closePending(db, { orderId, to, now, round }),
  pendingInRound: async (db: DbOrTx, orderId: string, round: number): Promise<number> =>
    (await db.select({ id: orderOffers.id }).from(orderOffers).where(and(eq(orderOffers.orderId, orderId), eq(orderOffers.round, round), eq(orderOffers.status, 'pending')))).length,
  offeredProviders: async (db: DbOrTx, orderId: string): Promise<string[]> =>
    (await db.selectDistinct({ p: orderOffers.providerId }).from(orderOffers).where(eq(orderOffers.orderId, orderId))).map((r) => r.p),
  /** Of `providerIds`: those offered this order before, or holding another pending offer right now. */
  unavailableProviders: async (db: DbOrTx, orderId: string, providerIds: string[], now: Date): Promise<string[]> => {
    if (!providerIds.length) return [];
    return (await unavailableProviders(db, { orderId, ids: providerIds, now })).map((r) => r.p);
  },
  /** Providers holding a pending offer right now (not offered a second order at once). */
  providersWithPendingOffers: async (db: DbOrTx, now: Date): Promise<string[]> =>
    (await db.selectDistinct({ p: orderOffers.providerId }).from(orderOffers).where(and(offerPending, gt(orderOffers.expiresAt, now)))).map((r) => r.p),
  currentOffer: async (db: DbOrTx, orderId: string, round: number): Promise<OfferRow | undefined> =>
    (await db.select().from(orderOffers).where(and(eq(orderOffers.orderId, orderId), eq(orderOffers.round, round), eq(orderOffers.status, 'pending'))).limit(1))[0],
};
