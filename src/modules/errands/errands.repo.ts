import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.js';
import { users } from '../identity/identity.tables.js';
import {
  errandAssistants, errandCustody, errandDocuments, errandEvents, errandServices, errands,
  type ErrandRow, type ErrandStatus,
} from './errands.tables.js';

const ACTIVE_WORK: ErrandStatus[] = ['assigned', 'dispatched', 'in_progress'];

/** Drizzle queries of errands; no rules here. */
export const errandsRepo = {
  services: (db: DbOrTx, onlyActive: boolean) =>
    db.select().from(errandServices).where(onlyActive ? eq(errandServices.active, true) : undefined).orderBy(asc(errandServices.sortOrder), asc(errandServices.code)),
  service: async (db: DbOrTx, code: string) => (await db.select().from(errandServices).where(eq(errandServices.code, code)).limit(1))[0],
  upsertService: (db: DbOrTx, row: typeof errandServices.$inferInsert) =>
    db.insert(errandServices).values(row).onConflictDoUpdate({ target: errandServices.code, set: { ...row } }).returning(),

  insert: async (db: DbOrTx, row: typeof errands.$inferInsert) => (await db.insert(errands).values(row).returning())[0],
  byId: async (db: DbOrTx, id: string): Promise<ErrandRow | undefined> => (await db.select().from(errands).where(eq(errands.id, id)).limit(1))[0],
  lock: async (db: DbOrTx, id: string): Promise<ErrandRow | undefined> => (await db.select().from(errands).where(eq(errands.id, id)).for('update').limit(1))[0],
  byIdempotencyKey: async (db: DbOrTx, customerId: string, key: string) =>
    (await db.select().from(errands).where(and(eq(errands.customerId, customerId), eq(errands.idempotencyKey, key))).limit(1))[0],
  /** Rates once: only while no rating is set. */
  rate: async (db: DbOrTx, id: string, stars: number, now: Date) =>
    (await db.update(errands).set({ rating: stars, updatedAt: now }).where(and(eq(errands.id, id), eq(errands.status, 'done'), sql`${errands.rating} IS NULL`)).returning())[0],
  /** CLM-3: closes the open failure review once; a concurrent second decision finds nothing to update. */
  closeFailureReview: async (db: DbOrTx, id: string, outcome: 'refunded' | 'rejected', now: Date) =>
    (await db.update(errands).set({ failureReview: outcome, updatedAt: now })
      .where(and(eq(errands.id, id), eq(errands.status, 'failed'), eq(errands.failureReview, 'open'))).returning())[0],
  byPendingPayment: async (db: DbOrTx, paymentId: string) => (await db.select().from(errands).where(eq(errands.pendingPaymentId, paymentId)).limit(1))[0],
  /** The guarded update of the state machine: applies only while the status is still `from`. */
  move: async (db: DbOrTx, id: string, from: ErrandStatus, set: Partial<ErrandRow>): Promise<ErrandRow | undefined> =>
    (await db.update(errands).set(set).where(and(eq(errands.id, id), eq(errands.status, from))).returning())[0],
  /** Adds a refund only while paid - refunded still covers it (the CHECK says so too). */
  addRefund: async (db: DbOrTx, id: string, amount: bigint, set: Partial<ErrandRow>) =>
    (await db.update(errands).set({ ...set, refundedRials: sql`${errands.refundedRials} + ${amount}` })
      .where(and(eq(errands.id, id), sql`${errands.paidRials} - ${errands.refundedRials} >= ${amount}`)).returning())[0],
  update: async (db: DbOrTx, id: string, set: Partial<ErrandRow>) => (await db.update(errands).set(set).where(eq(errands.id, id)).returning())[0],
  ofCustomer: (db: DbOrTx, customerId: string) => db.select().from(errands).where(eq(errands.customerId, customerId)).orderBy(desc(errands.createdAt)).limit(100),
  ofAssistant: (db: DbOrTx, assistantId: string) => db.select().from(errands).where(eq(errands.assistantId, assistantId)).orderBy(desc(errands.createdAt)).limit(100),
  list: (db: DbOrTx, statuses: ErrandStatus[] | undefined, limit: number) =>
    db.select().from(errands).where(statuses?.length ? inArray(errands.status, statuses) : undefined).orderBy(asc(errands.createdAt)).limit(limit),

  addEvent: (db: DbOrTx, row: typeof errandEvents.$inferInsert) => db.insert(errandEvents).values(row),
  events: (db: DbOrTx, errandId: string) => db.select().from(errandEvents).where(eq(errandEvents.errandId, errandId)).orderBy(asc(errandEvents.at), asc(errandEvents.id)),

  assistant: async (db: DbOrTx, userId: string) => (await db.select().from(errandAssistants).where(eq(errandAssistants.userId, userId)).limit(1))[0],
  assistants: (db: DbOrTx) => db.select().from(errandAssistants).orderBy(asc(errandAssistants.userId)),
  setAssistant: (db: DbOrTx, row: typeof errandAssistants.$inferInsert) =>
    db.insert(errandAssistants).values(row).onConflictDoUpdate({ target: errandAssistants.userId, set: { categories: row.categories, active: row.active, updatedAt: row.updatedAt } }),
  /** Active assistants with the category, with their open work and average errand rating. */
  candidates: (db: DbOrTx, category: string) =>
    db.select({
      userId: errandAssistants.userId, firstName: users.firstName, lastName: users.lastName,
      load: sql<number>`(SELECT count(*)::int FROM errands e WHERE e.assistant_id = ${errandAssistants.userId} AND e.status IN (${sql.join(ACTIVE_WORK.map((s) => sql`${s}`), sql`, `)}))`,
      rating: sql<string | null>`(SELECT avg(e.rating)::text FROM errands e WHERE e.assistant_id = ${errandAssistants.userId} AND e.rating IS NOT NULL)`,
    }).from(errandAssistants).innerJoin(users, eq(users.id, errandAssistants.userId))
      .where(and(eq(errandAssistants.active, true), eq(users.status, 'active'), sql`${category} = ANY(${errandAssistants.categories})`)),
  userContact: async (db: DbOrTx, id: string) => (await db.select({ id: users.id, mobile: users.mobile, locale: users.locale }).from(users).where(eq(users.id, id)).limit(1))[0],
  userByMobile: async (db: DbOrTx, mobile: string) => (await db.select({ id: users.id, cityId: users.cityId }).from(users).where(eq(users.mobile, mobile)).limit(1))[0],

  insertDocument: async (db: DbOrTx, row: typeof errandDocuments.$inferInsert) => (await db.insert(errandDocuments).values(row).returning())[0],
  document: async (db: DbOrTx, errandId: string, id: string) =>
    (await db.select().from(errandDocuments).where(and(eq(errandDocuments.id, id), eq(errandDocuments.errandId, errandId))).limit(1))[0],
  documents: (db: DbOrTx, errandId: string) => db.select().from(errandDocuments).where(eq(errandDocuments.errandId, errandId)).orderBy(asc(errandDocuments.createdAt), asc(errandDocuments.id)),
  /** Guarded on the holder read before, so two custody steps cannot both apply. */
  moveDocument: async (db: DbOrTx, id: string, fromHolder: string, set: { holder: typeof errandDocuments.$inferSelect.holder; holderUserId: string | null }) =>
    (await db.update(errandDocuments).set(set).where(and(eq(errandDocuments.id, id), eq(errandDocuments.holder, fromHolder as never))).returning())[0],
  addCustody: (db: DbOrTx, row: typeof errandCustody.$inferInsert) => db.insert(errandCustody).values(row),
  custody: (db: DbOrTx, errandId: string) => db.select().from(errandCustody).where(eq(errandCustody.errandId, errandId)).orderBy(asc(errandCustody.at), asc(errandCustody.id)),
};
