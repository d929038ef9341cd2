import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.js';
import { guaranteeReturnEvents, guaranteeReturns, type GuaranteeReturnEventRow, type GuaranteeReturnRow, type ReturnStatus } from './guarantees.tables.js';

/** Drizzle queries of guarantee returns; no rules here. */
export const guaranteesRepo = {
  insert: async (db: DbOrTx, row: GuaranteeReturnRow) => { await db.insert(guaranteeReturns).values(row); },
  byId: async (db: DbOrTx, id: string): Promise<GuaranteeReturnRow | undefined> => (await db.select().from(guaranteeReturns).where(eq(guaranteeReturns.id, id)).limit(1))[0],
  byLink: async (db: DbOrTx, linkId: string): Promise<GuaranteeReturnRow | undefined> => (await db.select().from(guaranteeReturns).where(eq(guaranteeReturns.linkId, linkId)).limit(1))[0],
  of: (db: DbOrTx, userId: string) => db.select().from(guaranteeReturns).where(eq(guaranteeReturns.userId, userId)).orderBy(desc(guaranteeReturns.createdAt)).limit(50),
  byStatus: (db: DbOrTx, status: ReturnStatus | undefined) =>
    db.select().from(guaranteeReturns).where(status ? eq(guaranteeReturns.status, status) : undefined).orderBy(status ? asc(guaranteeReturns.createdAt) : desc(guaranteeReturns.createdAt)).limit(200),
  /** Guarded transition: only a return still in one of `from` moves. */
  transition: async (db: DbOrTx, id: string, from: ReturnStatus[], set: Partial<GuaranteeReturnRow>): Promise<GuaranteeReturnRow | undefined> =>
    (await db.update(guaranteeReturns).set(set).where(and(eq(guaranteeReturns.id, id), inArray(guaranteeReturns.status, from))).returning())[0],
  insertEvent: async (db: DbOrTx, row: GuaranteeReturnEventRow) => { await db.insert(guaranteeReturnEvents).values(row); },
  eventsOf: (db: DbOrTx, id: string) => db.select().from(guaranteeReturnEvents).where(eq(guaranteeReturnEvents.returnId, id)).orderBy(asc(guaranteeReturnEvents.createdAt), asc(guaranteeReturnEvents.id)),
};
