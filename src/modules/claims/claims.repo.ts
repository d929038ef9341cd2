import { and, asc, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.js';
import { users } from '../identity/identity.tables.js';
import { claimFiles, claims, complaints, penalties, type ClaimFileRow, type ClaimRow, type ClaimStatus, type ComplaintRow, type ComplaintStatus, type PenaltyRow } from './claims.tables.js';

export interface Contact { id: string; mobile: string; locale: string; firstName: string | null; lastName: string | null }

/** Drizzle queries of claims, complaints and penalties; no rules here. */
export const claimsRepo = {
  /** Who to SMS, read through the caller's transaction (the user cache would query outside it). */
  contactOf: async (db: DbOrTx, userId: string): Promise<Contact | undefined> =>
    (await db.select({ id: users.id, mobile: users.mobile, locale: users.locale, firstName: users.firstName, lastName: users.lastName }).from(users).where(eq(users.id, userId)).limit(1))[0],
  insertClaim: async (db: DbOrTx, row: ClaimRow) => { await db.insert(claims).values(row); },
  claimById: async (db: DbOrTx, id: string): Promise<ClaimRow | undefined> => (await db.select().from(claims).where(eq(claims.id, id)).limit(1))[0],
  claimOfOrder: async (db: DbOrTx, orderId: string): Promise<ClaimRow | undefined> => (await db.select().from(claims).where(eq(claims.orderId, orderId)).limit(1))[0],
  claimsOf: (db: DbOrTx, customerId: string) => db.select().from(claims).where(eq(claims.customerId, customerId)).orderBy(desc(claims.createdAt)).limit(100),
  claimsByStatus: (db: DbOrTx, status: ClaimStatus, limit: number) =>
    db.select().from(claims).where(eq(claims.status, status)).orderBy(status === 'submitted' ? asc(claims.createdAt) : desc(claims.decidedAt)).limit(limit),
  /** Guarded: only a claim still under review is decided (a second decider loses cleanly). */
  decideClaim: async (db: DbOrTx, id: string, set: Partial<ClaimRow>): Promise<ClaimRow | undefined> =>
    (await db.update(claims).set(set).where(and(eq(claims.id, id), eq(claims.status, 'submitted'))).returning())[0],
  setClaimTransfer: async (db: DbOrTx, id: string, transferId: string) => { await db.update(claims).set({ transferId }).where(eq(claims.id, id)); },

  insertFile: async (db: DbOrTx, row: ClaimFileRow) => { await db.insert(claimFiles).values(row); },
  filesOf: (db: DbOrTx, claimId: string) => db.select().from(claimFiles).where(eq(claimFiles.claimId, claimId)).orderBy(asc(claimFiles.createdAt), asc(claimFiles.id)),
  fileById: async (db: DbOrTx, id: string): Promise<ClaimFileRow | undefined> => (await db.select().from(claimFiles).where(eq(claimFiles.id, id)).limit(1))[0],

  insertPenalty: async (db: DbOrTx, row: PenaltyRow) => { await db.insert(penalties).values(row); },
  penaltyById: async (db: DbOrTx, id: string): Promise<PenaltyRow | undefined> => (await db.select().from(penalties).where(eq(penalties.id, id)).limit(1))[0],
  penaltiesOf: (db: DbOrTx, providerId: string) => db.select().from(penalties).where(eq(penalties.providerId, providerId)).orderBy(desc(penalties.createdAt)).limit(100),
  recentPenalties: (db: DbOrTx, limit: number) => db.select().from(penalties).orderBy(desc(penalties.createdAt)).limit(limit),

  insertComplaint: async (db: DbOrTx, row: ComplaintRow) => { await db.insert(complaints).values(row); },
  complaintById: async (db: DbOrTx, id: string): Promise<ComplaintRow | undefined> => (await db.select().from(complaints).where(eq(complaints.id, id)).limit(1))[0],
  complaintsBy: (db: DbOrTx, complainantId: string) => db.select().from(complaints).where(eq(complaints.complainantId, complainantId)).orderBy(desc(complaints.createdAt)).limit(100),
  complaintsAgainst: (db: DbOrTx, userId: string) => db.select().from(complaints).where(eq(complaints.againstUserId, userId)).orderBy(desc(complaints.createdAt)).limit(100),
  complaintsByStatus: (db: DbOrTx, status: ComplaintStatus, limit: number) =>
    db.select().from(complaints).where(eq(complaints.status, status)).orderBy(status === 'open' ? asc(complaints.createdAt) : desc(complaints.decidedAt)).limit(limit),
  decideComplaint: async (db: DbOrTx, id: string, set: Partial<ComplaintRow>): Promise<ComplaintRow | undefined> =>
    (await db.update(complaints).set(set).where(and(eq(complaints.id, id), eq(complaints.status, 'open'))).returning())[0],
  setComplaintPenalty: async (db: DbOrTx, id: string, penaltyId: string) => { await db.update(complaints).set({ penaltyId }).where(eq(complaints.id, id)); },
};
