import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../platform/db.js';
import { users } from '../identity/identity.tables.js';
import { companies, companyMembers, companyTopups, type CompanyMemberRow, type CompanyRow, type CompanyStatus, type CompanyTopupRow, type MemberStatus } from './companies.tables.js';

export type MemberWithName = CompanyMemberRow & { firstName: string | null; lastName: string | null };
export interface LedgerLine { transferId: string; amountRials: bigint; reason: string; memo: string | null; referenceType: string | null; referenceId: string | null; createdAt: Date }

const toDate = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));

/** Drizzle queries of ACC-3; no rules here. */
export const companiesRepo = {
  insert: async (db: DbOrTx, row: CompanyRow) => { await db.insert(companies).values(row); },
  byId: async (db: DbOrTx, id: string): Promise<CompanyRow | undefined> => (await db.select().from(companies).where(eq(companies.id, id)).limit(1))[0],
  /** Guarded transition from `from` (a race loses cleanly). */
  transition: async (db: DbOrTx, id: string, from: CompanyStatus, set: Partial<CompanyRow>): Promise<CompanyRow | undefined> =>
    (await db.update(companies).set(set).where(and(eq(companies.id, id), eq(companies.status, from))).returning())[0],
  list: (db: DbOrTx, status: CompanyStatus, limit: number, offset: number) =>
    db.select().from(companies).where(eq(companies.status, status)).orderBy(status === 'pending' ? asc(companies.createdAt) : desc(companies.createdAt), asc(companies.id)).limit(limit).offset(offset),
  /** Companies the user represents (any status) or belongs to as an active member. */
  ofUser: async (db: DbOrTx, userId: string) =>
    db.select({ company: companies, member: companyMembers }).from(companyMembers).innerJoin(companies, eq(companies.id, companyMembers.companyId))
      .where(and(eq(companyMembers.userId, userId), eq(companyMembers.status, 'active'))).orderBy(desc(companies.createdAt)).limit(100),

  insertMember: async (db: DbOrTx, row: CompanyMemberRow) => { await db.insert(companyMembers).values(row); },
  memberById: async (db: DbOrTx, id: string): Promise<CompanyMemberRow | undefined> => (await db.select().from(companyMembers).where(eq(companyMembers.id, id)).limit(1))[0],
  activeMember: async (db: DbOrTx, companyId: string, userId: string): Promise<CompanyMemberRow | undefined> =>
    (await db.select().from(companyMembers).where(and(eq(companyMembers.companyId, companyId), eq(companyMembers.userId, userId), eq(companyMembers.status, 'active'))).limit(1))[0],
  members: async (db: DbOrTx, companyId: string, statuses: MemberStatus[]): Promise<MemberWithName[]> => {
    const rows = await db.select({ m: companyMembers, first: users.firstName, last: users.lastName }).from(companyMembers).leftJoin(users, eq(users.id, companyMembers.userId))
      .where(and(eq(companyMembers.companyId, companyId), inArray(companyMembers.status, statuses))).orderBy(asc(companyMembers.createdAt)).limit(1000);
    return rows.map((r) => ({ ...r.m, firstName: r.first, lastName: r.last }));
  },
  /** Guarded member transition (invited -> active/declined/removed, active -> removed). */
  memberTransition: async (db: DbOrTx, id: string, from: MemberStatus, set: Partial<CompanyMemberRow>): Promise<CompanyMemberRow | undefined> =>
    (await db.update(companyMembers).set(set).where(and(eq(companyMembers.id, id), eq(companyMembers.status, from))).returning())[0],
  invitationsFor: (db: DbOrTx, mobile: string) =>
    db.select({ member: companyMembers, company: companies }).from(companyMembers).innerJoin(companies, eq(companies.id, companyMembers.companyId))
      .where(and(eq(companyMembers.mobile, mobile), eq(companyMembers.status, 'invited'), eq(companies.status, 'active'))).orderBy(desc(companyMembers.createdAt)).limit(50),
  /** Active memberships of a user in active companies (what "pay with the company account" needs). */
  memberships: (db: DbOrTx, userId: string) =>
    db.select({ companyId: companyMembers.companyId, role: companyMembers.role }).from(companyMembers).innerJoin(companies, eq(companies.id, companyMembers.companyId))
      .where(and(eq(companyMembers.userId, userId), eq(companyMembers.status, 'active'), eq(companies.status, 'active'))).orderBy(asc(companyMembers.createdAt)),
  userByMobile: async (db: DbOrTx, mobile: string) => (await db.select({ id: users.id, locale: users.locale }).from(users).where(eq(users.mobile, mobile)).limit(1))[0],

  insertTopup: async (db: DbOrTx, row: CompanyTopupRow) => { await db.insert(companyTopups).values(row); },
  topupByPayment: async (db: DbOrTx, paymentId: string): Promise<CompanyTopupRow | undefined> => (await db.select().from(companyTopups).where(eq(companyTopups.paymentId, paymentId)).limit(1))[0],
  pendingTopups: (db: DbOrTx, companyId: string) => db.select().from(companyTopups).where(and(eq(companyTopups.companyId, companyId), eq(companyTopups.status, 'pending'))).limit(50),
  markTopupCredited: async (db: DbOrTx, paymentId: string, now: Date): Promise<CompanyTopupRow | undefined> =>
    (await db.update(companyTopups).set({ status: 'credited', creditedAt: now }).where(and(eq(companyTopups.paymentId, paymentId), eq(companyTopups.status, 'pending'))).returning())[0],
  setTopupTransfer: async (db: DbOrTx, paymentId: string, transferId: string) => { await db.update(companyTopups).set({ transferId }).where(eq(companyTopups.paymentId, paymentId)); },

  /** Posted movements of one ledger account in [from, to), oldest first (the monthly statement). */
  async ledgerLines(db: DbOrTx, accountId: string, from: Date, to: Date): Promise<LedgerLine[]> {
    const rows = await queryRows(db, sql`
      SELECT e.transfer_id, e.amount_rials::text AS amount, t.reason, t.memo, t.reference_type, t.reference_id, t.created_at
      FROM ledger_entries e JOIN ledger_transfers t ON t.id = e.transfer_id
      WHERE e.account_id = ${accountId} AND t.status = 'posted' AND t.created_at >= ${from.toISOString()} AND t.created_at < ${to.toISOString()}
      ORDER BY t.created_at, t.id LIMIT 5000`);
    return rows.map((r) => ({
      transferId: String(r.transfer_id), amountRials: BigInt(String(r.amount)), reason: String(r.reason), memo: (r.memo as string | null) ?? null,
      referenceType: (r.reference_type as string | null) ?? null, referenceId: (r.reference_id as string | null) ?? null, createdAt: toDate(r.created_at),
    }));
  },
  /** The posted balance of an account before an instant (the statement's opening balance). */
  async balanceBefore(db: DbOrTx, accountId: string, before: Date): Promise<bigint> {
    const rows = await queryRows(db, sql`
      SELECT COALESCE(sum(e.amount_rials), 0)::text AS total FROM ledger_entries e JOIN ledger_transfers t ON t.id = e.transfer_id
      WHERE e.account_id = ${accountId} AND t.status = 'posted' AND t.created_at < ${before.toISOString()}`);
    return BigInt(String(rows[0]?.total ?? '0'));
  },
};

