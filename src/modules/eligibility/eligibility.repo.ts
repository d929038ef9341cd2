import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.js';
import { cities, services } from '../catalog/catalog.tables.js';
import { eligibilityRules, subjectAttributes, type EligibilityRuleRow } from './eligibility.tables.js';

/** Drizzle queries of the eligibility module; no business rules here. */
export const eligibilityRepo = {
  all: (db: DbOrTx) => db.select().from(eligibilityRules).orderBy(asc(eligibilityRules.createdAt), asc(eligibilityRules.id)),
  active: (db: DbOrTx) => db.select().from(eligibilityRules).where(eq(eligibilityRules.active, true)),
  byId: async (db: DbOrTx, id: string): Promise<EligibilityRuleRow | undefined> =>
    (await db.select().from(eligibilityRules).where(eq(eligibilityRules.id, id)).limit(1))[0],
  insert: async (db: DbOrTx, row: typeof eligibilityRules.$inferInsert) => (await db.insert(eligibilityRules).values(row).returning())[0],
  /** Guarded on the version the caller read. */
  update: async (db: DbOrTx, id: string, version: number, set: Partial<typeof eligibilityRules.$inferInsert>) =>
    (await db.update(eligibilityRules).set({ ...set, version: version + 1 }).where(and(eq(eligibilityRules.id, id), eq(eligibilityRules.version, version))).returning())[0],
  remove: async (db: DbOrTx, id: string) => (await db.delete(eligibilityRules).where(eq(eligibilityRules.id, id)).returning())[0],
  serviceExists: async (db: DbOrTx, code: string) => (await db.select({ id: services.id }).from(services).where(eq(services.code, code)).limit(1)).length === 1,
  cityExists: async (db: DbOrTx, id: string) => (await db.select({ id: cities.id }).from(cities).where(eq(cities.id, id)).limit(1)).length === 1,

  attributes: async (db: DbOrTx, userId: string) =>
    (await db.select().from(subjectAttributes).where(eq(subjectAttributes.userId, userId)).limit(1))[0],
  setAttributes: async (db: DbOrTx, row: typeof subjectAttributes.$inferInsert) =>
    db.insert(subjectAttributes).values(row).onConflictDoUpdate({ target: subjectAttributes.userId, set: { attributes: row.attributes, updatedAt: row.updatedAt, updatedBy: row.updatedBy } }),
};
