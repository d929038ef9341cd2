import { and, asc, desc, eq, ne } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.js';
import { users } from '../identity/identity.tables.js';
import { changeRequestEvents, changeRequests, type ChangeRequestEventRow, type ChangeRequestRow, type RequestStatus } from './provider-requests.tables.js';

/** Drizzle queries of change requests; no rules here. */
export const requestsRepo = {
  insert: async (db: DbOrTx, row: ChangeRequestRow) => { await db.insert(changeRequests).values(row); },
  byId: async (db: DbOrTx, id: string): Promise<ChangeRequestRow | undefined> => (await db.select().from(changeRequests).where(eq(changeRequests.id, id)).limit(1))[0],
  of: (db: DbOrTx, userId: string) => db.select().from(changeRequests).where(eq(changeRequests.userId, userId)).orderBy(desc(changeRequests.createdAt)).limit(100),
  byStatus: (db: DbOrTx, status: RequestStatus | undefined) =>
    db.select().from(changeRequests).where(status ? eq(changeRequests.status, status) : undefined).orderBy(status ? asc(changeRequests.createdAt) : desc(changeRequests.createdAt)).limit(200),
  /** Guarded: only a submitted request is decided or cancelled. */
  decide: async (db: DbOrTx, id: string, set: Partial<ChangeRequestRow>): Promise<ChangeRequestRow | undefined> =>
    (await db.update(changeRequests).set(set).where(and(eq(changeRequests.id, id), eq(changeRequests.status, 'submitted'))).returning())[0],
  insertEvent: async (db: DbOrTx, row: ChangeRequestEventRow) => { await db.insert(changeRequestEvents).values(row); },
  eventsOf: (db: DbOrTx, id: string) => db.select().from(changeRequestEvents).where(eq(changeRequestEvents.requestId, id)).orderBy(asc(changeRequestEvents.createdAt), asc(changeRequestEvents.id)),
  /** ACC-2: another account already uses this mobile. */
  mobileUsedByOther: async (db: DbOrTx, mobile: string, userId: string): Promise<boolean> =>
    (await db.select({ id: users.id }).from(users).where(and(eq(users.mobile, mobile), ne(users.id, userId))).limit(1)).length > 0,
  contactOf: async (db: DbOrTx, userId: string) => (await db.select({ mobile: users.mobile, locale: users.locale }).from(users).where(eq(users.id, userId)).limit(1))[0],
  setMobile: async (db: DbOrTx, userId: string, mobile: string, at: Date) => { await db.update(users).set({ mobile, updatedAt: at }).where(eq(users.id, userId)); },
};
