import { and, eq, gt, isNull, or } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.js';
import { cities, services, zones } from '../catalog/catalog.tables.js';
import { quotes, type QuoteRow } from './pricing.tables.js';

/** Drizzle queries of the pricing module; no business rules here. */
export const pricingRepo = {
  insert: async (db: DbOrTx, row: typeof quotes.$inferInsert): Promise<QuoteRow> => (await db.insert(quotes).values(row).returning())[0],
  byId: async (db: DbOrTx, id: string): Promise<QuoteRow | undefined> => (await db.select().from(quotes).where(eq(quotes.id, id)).limit(1))[0],
  /**
   * Guarded consumption: only the owner's unused, unexpired quote, and a change quote only for its
   * own order. Of two concurrent consumers exactly one gets the row back.
   */
  consume: async (db: DbOrTx, q: { id: string; userId: string; orderId: string; now: Date }): Promise<QuoteRow | undefined> =>
    (await db.update(quotes).set({ usedAt: q.now, orderId: q.orderId })
      .where(and(eq(quotes.id, q.id), eq(quotes.userId, q.userId), isNull(quotes.usedAt), gt(quotes.expiresAt, q.now),
        or(isNull(quotes.changeOfOrderId), eq(quotes.changeOfOrderId, q.orderId))))
      .returning())[0],

  activeCities: (db: DbOrTx) => db.select().from(cities).where(eq(cities.active, true)),
  activeZones: (db: DbOrTx) => db.select().from(zones).where(eq(zones.active, true)),
  activeServices: (db: DbOrTx) => db.select().from(services).where(eq(services.active, true)),
};
