import { and, asc, desc, eq, inArray, isNull, lt, lte, gte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.js';
import {
  providerApplications, providerDocuments, providerFiles, providerGuarantees,
  type ApplicationRow, type ApplicationStatus, type DocumentRow, type DocumentStatus, type FileRow, type GuaranteeRow,
} from './onboarding.tables.js';

type NewApplication = typeof providerApplications.$inferInsert;
type NewDocument = typeof providerDocuments.$inferInsert;

export const onboardingRepo = {
  insertApplication: async (db: DbOrTx, row: NewApplication) => { await db.insert(providerApplications).values(row); },
  applicationById: async (db: DbOrTx, id: string): Promise<ApplicationRow | undefined> =>
    (await db.select().from(providerApplications).where(eq(providerApplications.id, id)).limit(1))[0],
  /** The user's newest application (open or decided). */
  latestApplicationOf: async (db: DbOrTx, userId: string): Promise<ApplicationRow | undefined> =>
    (await db.select().from(providerApplications).where(eq(providerApplications.userId, userId)).orderBy(desc(providerApplications.createdAt), desc(providerApplications.id)).limit(1))[0],
  listApplications: async (db: DbOrTx, q: { status?: ApplicationStatus; limit: number; offset: number }): Promise<ApplicationRow[]> =>
    db.select().from(providerApplications).where(q.status ? eq(providerApplications.status, q.status) : undefined)
      .orderBy(asc(providerApplications.createdAt), asc(providerApplications.id)).limit(q.limit).offset(q.offset),
  /** Guarded decision: only an application still 'submitted' is decided. */
  decideApplication: async (db: DbOrTx, id: string, set: Pick<ApplicationRow, 'status' | 'rejectionReason' | 'decidedBy' | 'decidedAt' | 'updatedAt'>) =>
    (await db.update(providerApplications).set(set).where(and(eq(providerApplications.id, id), eq(providerApplications.status, 'submitted'))).returning())[0],

  insertFile: async (db: DbOrTx, row: FileRow) => { await db.insert(providerFiles).values(row); },
  fileById: async (db: DbOrTx, id: string): Promise<FileRow | undefined> => (await db.select().from(providerFiles).where(eq(providerFiles.id, id)).limit(1))[0],

  insertDocument: async (db: DbOrTx, row: NewDocument) => { await db.insert(providerDocuments).values(row); },
  documentById: async (db: DbOrTx, id: string): Promise<DocumentRow | undefined> =>
    (await db.select().from(providerDocuments).where(eq(providerDocuments.id, id)).limit(1))[0],
  documentsOf: async (db: DbOrTx, userId: string): Promise<DocumentRow[]> =>
    db.select().from(providerDocuments).where(eq(providerDocuments.userId, userId)).orderBy(desc(providerDocuments.createdAt), desc(providerDocuments.id)),
  /** Guarded review: only a pending document is approved or rejected. */
  reviewDocument: async (db: DbOrTx, id: string, set: { status: DocumentStatus; rejectionReason: string | null; reviewedBy: string | null; reviewedAt: Date }) =>
    (await db.update(providerDocuments).set(set).where(and(eq(providerDocuments.id, id), eq(providerDocuments.status, 'pending'))).returning())[0],
  /** Older approved documents of the type give way to the newly approved one. */
  replaceApproved: async (db: DbOrTx, userId: string, type: DocumentRow['type'], exceptId: string) => {
    await db.update(providerDocuments).set({ status: 'replaced' })
      .where(and(eq(providerDocuments.userId, userId), eq(providerDocuments.type, type), eq(providerDocuments.status, 'approved'), sql`${providerDocuments.id} <> ${exceptId}`));
  },
  /** Approved documents expiring between the two dates (inclusive) whose reminder has not gone yet. */
  dueReminders: async (db: DbOrTx, from: string, to: string): Promise<DocumentRow[]> =>
    db.select().from(providerDocuments).where(and(eq(providerDocuments.status, 'approved'), isNull(providerDocuments.reminderSentAt),
      gte(providerDocuments.expiresOn, from), lte(providerDocuments.expiresOn, to))).orderBy(asc(providerDocuments.id)).limit(1000),
  /** Marks the reminder as sent; false when another run already did (sent once per document). */
  markReminded: async (db: DbOrTx, id: string, at: Date) =>
    (await db.update(providerDocuments).set({ reminderSentAt: at }).where(and(eq(providerDocuments.id, id), isNull(providerDocuments.reminderSentAt))).returning({ id: providerDocuments.id })).length > 0,
  /** Users holding an approved document that expired before `today`. */
  usersWithExpired: async (db: DbOrTx, today: string): Promise<string[]> =>
    (await db.selectDistinct({ userId: providerDocuments.userId }).from(providerDocuments)
      .where(and(eq(providerDocuments.status, 'approved'), lt(providerDocuments.expiresOn, today)))).map((r) => r.userId),

  guaranteeOf: async (db: DbOrTx, userId: string): Promise<GuaranteeRow | undefined> =>
    (await db.select().from(providerGuarantees).where(eq(providerGuarantees.userId, userId)).limit(1))[0],
  /** Records a note; replaces a returned one (a provider may come back), never a held one. */
  upsertGuarantee: async (db: DbOrTx, row: GuaranteeRow) =>
    (await db.insert(providerGuarantees).values(row).onConflictDoUpdate({
      target: providerGuarantees.userId, set: { ...row, userId: undefined } as Partial<GuaranteeRow>, setWhere: eq(providerGuarantees.status, 'returned'),
    }).returning())[0],
  returnGuarantee: async (db: DbOrTx, userId: string, at: Date, by: string | null) =>
    (await db.update(providerGuarantees).set({ status: 'returned', returnedAt: at, returnedBy: by })
      .where(and(eq(providerGuarantees.userId, userId), eq(providerGuarantees.status, 'held'))).returning())[0],
  guaranteesOf: async (db: DbOrTx, userIds: string[]): Promise<GuaranteeRow[]> =>
    userIds.length ? db.select().from(providerGuarantees).where(inArray(providerGuarantees.userId, userIds)) : [],
};
