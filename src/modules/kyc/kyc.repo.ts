import { and, asc, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.js';
import { users } from '../identity/identity.tables.js';
import { kycCompanyFiles, kycRequirements, kycSubmissions, type KycRequirementRow, type KycStatus, type KycSubmissionRow, type StoredFileRow } from './kyc.tables.js';

export type SubmissionWithUser = KycSubmissionRow & { mobile: string | null; profileFirstName: string | null; profileLastName: string | null };

/** Drizzle queries of ACC-5; no rules here. */
export const kycRepo = {
  insertFile: async (db: DbOrTx, row: StoredFileRow) => { await db.insert(kycCompanyFiles).values(row); },
  fileById: async (db: DbOrTx, id: string): Promise<StoredFileRow | undefined> =>
    (await db.select().from(kycCompanyFiles).where(eq(kycCompanyFiles.id, id)).limit(1))[0],

  insertSubmission: async (db: DbOrTx, row: KycSubmissionRow) => { await db.insert(kycSubmissions).values(row); },
  submissionById: async (db: DbOrTx, id: string): Promise<KycSubmissionRow | undefined> =>
    (await db.select().from(kycSubmissions).where(eq(kycSubmissions.id, id)).limit(1))[0],
  latestOf: async (db: DbOrTx, userId: string): Promise<KycSubmissionRow | undefined> =>
    (await db.select().from(kycSubmissions).where(eq(kycSubmissions.userId, userId)).orderBy(desc(kycSubmissions.createdAt), desc(kycSubmissions.id)).limit(1))[0],
  historyOf: (db: DbOrTx, userId: string) =>
    db.select().from(kycSubmissions).where(eq(kycSubmissions.userId, userId)).orderBy(desc(kycSubmissions.createdAt), desc(kycSubmissions.id)).limit(20),
  /** Guarded transition: only a submission still under review is decided (a race loses cleanly). */
  decide: async (db: DbOrTx, id: string, set: Pick<KycSubmissionRow, 'status' | 'rejectReason' | 'decidedBy' | 'decidedAt'>): Promise<KycSubmissionRow | undefined> =>
    (await db.update(kycSubmissions).set(set).where(and(eq(kycSubmissions.id, id), eq(kycSubmissions.status, 'submitted'))).returning())[0],
  list: async (db: DbOrTx, status: KycSubmissionRow['status'], limit: number, offset: number): Promise<SubmissionWithUser[]> => {
    const rows = await db.select({ s: kycSubmissions, mobile: users.mobile, first: users.firstName, last: users.lastName }).from(kycSubmissions)
      .leftJoin(users, eq(users.id, kycSubmissions.userId)).where(eq(kycSubmissions.status, status))
      .orderBy(status === 'submitted' ? asc(kycSubmissions.createdAt) : desc(kycSubmissions.decidedAt), asc(kycSubmissions.id)).limit(limit).offset(offset);
    return rows.map((r) => ({ ...r.s, mobile: r.mobile, profileFirstName: r.first, profileLastName: r.last }));
  },
  /** ACC-5 keeps the account's kyc_status in step, so other modules' reads of the user row agree. */
  setUserStatus: async (db: DbOrTx, userId: string, status: KycStatus, now: Date) => {
    await db.update(users).set({ kycStatus: status, updatedAt: now }).where(eq(users.id, userId));
  },

  requirementOf: async (db: DbOrTx, userId: string): Promise<KycRequirementRow | undefined> =>
    (await db.select().from(kycRequirements).where(eq(kycRequirements.userId, userId)).limit(1))[0],
  upsertRequirement: async (db: DbOrTx, row: KycRequirementRow) => {
    await db.insert(kycRequirements).values(row).onConflictDoUpdate({
      target: kycRequirements.userId,
      set: { reason: row.reason, deadline: row.deadline, requiredBy: row.requiredBy, createdAt: row.createdAt, clearedAt: null },
    });
  },
  clearRequirement: async (db: DbOrTx, userId: string, now: Date) => {
    await db.update(kycRequirements).set({ clearedAt: now }).where(and(eq(kycRequirements.userId, userId), isNull(kycRequirements.clearedAt)));
  },
  /** Open requirements, the overdue ones (deadline passed) only when `overdueAt` is given. */
  openRequirements: async (db: DbOrTx, overdueAt: Date | null, limit: number) => {
    const rows = await db.select({ r: kycRequirements, mobile: users.mobile, first: users.firstName, last: users.lastName, kycStatus: users.kycStatus, userStatus: users.status })
      .from(kycRequirements).leftJoin(users, eq(users.id, kycRequirements.userId))
      .where(and(isNull(kycRequirements.clearedAt), overdueAt ? lt(kycRequirements.deadline, overdueAt) : sql`true`))
      .orderBy(asc(kycRequirements.deadline)).limit(limit);
    return rows.map((x) => ({ ...x.r, mobile: x.mobile, firstName: x.first, lastName: x.last, kycStatus: x.kycStatus, userStatus: x.userStatus }));
  },
};
