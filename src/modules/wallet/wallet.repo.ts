import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../platform/db.js';
import { ledgerAccounts, settlementRequests } from './ledger.tables.js';

// Read-side queries of the wallet module (statements, account lists, settlements); no rules here.

export interface AccountView {
  id: string; ownerType: string; ownerId: string; kind: string; allowNegative: boolean;
  balanceRials: bigint; pendingRials: bigint; createdAt: Date;
}

export interface StatementLine {
  transferId: string; amountRials: bigint; reason: string; referenceType: string | null; referenceId: string | null;
  memo: string | null; status: 'posted' | 'pending' | 'voided'; createdAt: Date;
}

export type SettlementRow = typeof settlementRequests.$inferSelect;

const toDate = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));

function accountView(r: Record<string, unknown>): AccountView {
  return {
    id: String(r.id), ownerType: String(r.owner_type), ownerId: String(r.owner_id), kind: String(r.kind), allowNegative: Boolean(r.allow_negative),
    balanceRials: BigInt(String(r.balance)), pendingRials: BigInt(String(r.pending)), createdAt: toDate(r.created_at),
  };
}

const ACCOUNT_COLUMNS = sql`a.id, a.owner_type, a.owner_id, a.kind, a.allow_negative, a.created_at, a.pending_rials::text AS pending,
  (a.balance_rials + COALESCE((SELECT sum(s.balance_rials) FROM ledger_account_shards s WHERE s.account_id = a.id), 0))::text AS balance`;

export const walletRepo = {
  async accountsOfOwner(db: DbOrTx, ownerId: string): Promise<AccountView[]> {
    const rows = await queryRows(db, sql`SELECT ${ACCOUNT_COLUMNS} FROM ledger_accounts a WHERE a.owner_id = ${ownerId} ORDER BY a.owner_type, a.kind LIMIT 100`);
    return rows.map(accountView);
  },

  async accountById(db: DbOrTx, id: string): Promise<AccountView | undefined> {
    const rows = await queryRows(db, sql`SELECT ${ACCOUNT_COLUMNS} FROM ledger_accounts a WHERE a.id = ${id}`);
    return rows[0] ? accountView(rows[0]) : undefined;
  },

  async accountExists(db: DbOrTx, id: string): Promise<boolean> {
    return (await db.select({ id: ledgerAccounts.id }).from(ledgerAccounts).where(eq(ledgerAccounts.id, id)).limit(1)).length === 1;
  },

  /** An account's entries newest first (by transfer id, which sorts by time), after a cursor. */
  async statement(db: DbOrTx, accountId: string, before: string | undefined, limit: number): Promise<StatementLine[]> {
    const rows = await queryRows(db, sql`
      SELECT e.transfer_id, e.amount_rials::text AS amount, t.reason, t.reference_type, t.reference_id, t.memo, t.status, t.created_at
      FROM ledger_entries e JOIN ledger_transfers t ON t.id = e.transfer_id
      WHERE e.account_id = ${accountId} ${before ? sql`AND e.transfer_id < ${before}` : sql``}
      ORDER BY e.transfer_id DESC LIMIT ${limit}`);
    return rows.map((r) => ({
      transferId: String(r.transfer_id), amountRials: BigInt(String(r.amount)), reason: String(r.reason),
      referenceType: (r.reference_type as string | null) ?? null, referenceId: (r.reference_id as string | null) ?? null,
      memo: (r.memo as string | null) ?? null, status: r.status as StatementLine['status'], createdAt: toDate(r.created_at),
    }));
  },

  async insertSettlement(db: DbOrTx, row: typeof settlementRequests.$inferInsert): Promise<void> {
    await db.insert(settlementRequests).values(row).onConflictDoNothing({ target: settlementRequests.id });
  },

  async settlementById(db: DbOrTx, id: string, forUpdate = false): Promise<SettlementRow | undefined> {
    const q = db.select().from(settlementRequests).where(eq(settlementRequests.id, id)).limit(1);
    return (await (forUpdate ? q.for('update') : q))[0];
  },

  async listSettlements(db: DbOrTx, q: { providerId?: string; status?: SettlementRow['status']; before?: string; limit: number }): Promise<SettlementRow[]> {
    const conds = [];
    if (q.providerId) conds.push(eq(settlementRequests.providerId, q.providerId));
    if (q.status) conds.push(eq(settlementRequests.status, q.status));
    if (q.before) conds.push(lt(settlementRequests.id, q.before));
    return db.select().from(settlementRequests).where(conds.length ? and(...conds) : undefined).orderBy(desc(settlementRequests.id)).limit(q.limit);
  },

  /** Guarded transition: changes the row only if it is still in one of `from`. */
  async transitionSettlement(db: DbOrTx, id: string, from: SettlementRow['status'][], set: Partial<typeof settlementRequests.$inferInsert>): Promise<SettlementRow | undefined> {
    const rows = await db.update(settlementRequests).set(set)
      .where(and(eq(settlementRequests.id, id), sql`${settlementRequests.status} IN (${sql.join(from.map((s) => sql`${s}`), sql`, `)})`))
      .returning();
    return rows[0];
  },
};
