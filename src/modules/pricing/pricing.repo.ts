import { and, eq, gt, isNull, or } from 'drizzle-orm';
import { prepared, preparedInsert, type Db, type DbOrTx, type Slots } from '../../platform/db.js';
import { cities, services, zones } from '../catalog/catalog.tables.js';
import { quotes, type QuoteRow } from './pricing.tables.js';

const insertQuote = preparedInsert(quotes);
const quoteById = prepared((db, p: Slots<{ id: string }>) => db.select().from(quotes).where(eq(quotes.id, p.id)).limit(1));
type ConsumeSlots = Slots<{ id: string; userId: string; orderId: string; now: Date }>;
/** The guarded consumption: only the owner's unused, unexpired quote, and a change quote only for its own order. */
const consumeUpdate = (db: Db, p: ConsumeSlots) => db.update(quotes).set({ usedAt: p.now as never, orderId: p.orderId as never })
  .where(and(eq(quotes.id, p.id), eq(quotes.userId, p.userId), isNull(quotes.usedAt), gt(quotes.expiresAt, p.now),
    or(isNull(quotes.changeOfOrderId), eq(quotes.changeOfOrderId, p.orderId))));
const consume = prepared((db, p: ConsumeSlots) => consumeUpdate(db, p).returning());

/** The input of `quoteConsumeCte`. */
export interface QuoteConsumption { quoteId: string; userId: string; orderId: string; now: Date }

/**
 * `consume` as a CTE `q` (its id column, no row when the quote cannot be used) for a statement of
 * another module that writes with the quote, such as the order insert: one round trip instead of a
 * transaction around two. Placeholders `q_*`, filled by `quoteConsumeValues`.
 */
export const quoteConsumeCte = (db: Db, p: Slots<Record<string, unknown>>) =>
  db.$with('q', {}).as(consumeUpdate(db, { id: p.q_id, userId: p.q_userId, orderId: p.q_orderId, now: p.q_now } as ConsumeSlots).returning({ id: quotes.id }).getSQL());
export const quoteConsumeValues = (c: QuoteConsumption) => ({ q_id: c.quoteId, q_userId: c.userId, q_orderId: c.orderId, q_now: c.now });

/** Drizzle queries of the pricing module; no business rules here. */
export const pricingRepo = {
  insert: async (db: DbOrTx, row: typeof quotes.$inferInsert): Promise<QuoteRow> => (await insertQuote(db, row))[0],
  byId: async (db: DbOrTx, id: string): Promise<QuoteRow | undefined> => (await quoteById(db, { id }))[0],
  /**
   * Guarded consumption: only the owner's unused, unexpired quote, and a change quote only for its
   * own order. Of two concurrent consumers exactly one gets the row back.
   */
  consume: async (db: DbOrTx, q: { id: string; userId: string; orderId: string; now: Date }): Promise<QuoteRow | undefined> =>
    (await consume(db, q))[0],

  activeCities: (db: DbOrTx) => db.select().from(cities).where(eq(cities.active, true)),
  activeZones: (db: DbOrTx) => db.select().from(zones).where(eq(zones.active, true)),
  activeServices: (db: DbOrTx) => db.select().from(services).where(eq(services.active, true)),
};
