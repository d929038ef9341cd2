import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../platform/db.js';
import { PgTransaction } from 'drizzle-orm/pg-core';

export interface LedgerViolation { rule: string; detail: Record<string, unknown> }

export interface LedgerCheckReport {
  ok: boolean;
  violations: LedgerViolation[];
  stats: { accounts: number; transfers: number; entries: number; pendingTransfers: number; totalBalanceRials: string };
}

const LIMIT = 100;

/**
 * The ledger's invariants, read from one consistent snapshot: all balances sum to zero; each
 * balance equals the sum of its posted entries and each pending amount the holds on it; each
 * transfer's entries sum to zero; no account that forbids negative is below zero; settlement
 * requests agree with their holds.
 */
export async function checkLedger(db: DbOrTx): Promise<LedgerCheckReport> {
  const run = async (tx: DbOrTx) => {
    const violations: LedgerViolation[] = [];
    const add = (rule: string, rows: Array<Record<string, unknown>>) => rows.forEach((detail) => violations.push({ rule, detail }));
    const [totals] = await queryRows<Record<string, string>>(tx, sql`SELECT
      ((SELECT COALESCE(sum(balance_rials), 0) FROM ledger_accounts) + (SELECT COALESCE(sum(balance_rials), 0) FROM ledger_account_shards))::text AS total,
      (SELECT count(*) FROM ledger_accounts)::text AS accounts, (SELECT count(*) FROM ledger_transfers)::text AS transfers,
      (SELECT count(*) FROM ledger_entries)::text AS entries, (SELECT count(*) FROM ledger_transfers WHERE status = 'pending')::text AS pending`);
    if (BigInt(totals.total) !== 0n) add('LEDGER sum of all balances is 0', [{ totalRials: totals.total }]);
    add('LEDGER each balance equals the sum of its posted entries, each pending amount its holds', await queryRows(tx, sql`
      SELECT a.id, (a.balance_rials + COALESCE(s.total, 0))::text AS balance, COALESCE(x.posted, 0)::text AS posted_entries,
             a.pending_rials::text AS pending, COALESCE(x.held, 0)::text AS held
      FROM ledger_accounts a
      LEFT JOIN (SELECT account_id, sum(balance_rials) AS total FROM ledger_account_shards GROUP BY account_id) s ON s.account_id = a.id
      LEFT JOIN (SELECT e.account_id,
                        sum(e.amount_rials) FILTER (WHERE t.status = 'posted') AS posted,
                        sum(-e.amount_rials) FILTER (WHERE t.status = 'pending' AND e.amount_rials < 0) AS held
                 FROM ledger_entries e JOIN ledger_transfers t ON t.id = e.transfer_id GROUP BY e.account_id) x ON x.account_id = a.id
      WHERE a.balance_rials + COALESCE(s.total, 0) <> COALESCE(x.posted, 0) OR a.pending_rials <> COALESCE(x.held, 0)
      ORDER BY a.id LIMIT ${LIMIT}`));
    add('LEDGER each transfer is balanced (its entries sum to 0)', await queryRows(tx, sql`
      SELECT t.id, COALESCE(sum(e.amount_rials), 0)::text AS sum, count(e.account_id)::int AS entries
      FROM ledger_transfers t LEFT JOIN ledger_entries e ON e.transfer_id = t.id
      GROUP BY t.id HAVING COALESCE(sum(e.amount_rials), 0) <> 0 OR count(e.account_id) < 2 ORDER BY t.id LIMIT ${LIMIT}`));
    add('LEDGER no account that forbids negative is below zero', await queryRows(tx, sql`
      SELECT id, owner_id, kind, balance_rials::text AS balance, pending_rials::text AS pending FROM ledger_accounts
      WHERE NOT allow_negative AND balance_rials - pending_rials < 0 ORDER BY id LIMIT ${LIMIT}`));
    add('LEDGER every entry names an existing transfer and account', await queryRows(tx, sql`
      SELECT e.account_id, e.transfer_id FROM ledger_entries e
      WHERE NOT EXISTS (SELECT 1 FROM ledger_transfers t WHERE t.id = e.transfer_id) OR NOT EXISTS (SELECT 1 FROM ledger_accounts a WHERE a.id = e.account_id)
      LIMIT ${LIMIT}`));
    add('LEDGER hot-account shards belong to sharded accounts', await queryRows(tx, sql`
      SELECT s.account_id, s.shard FROM ledger_account_shards s LEFT JOIN ledger_accounts a ON a.id = s.account_id
      WHERE a.id IS NULL OR s.shard > a.shard_count LIMIT ${LIMIT}`));
    add('PAY-3 a settlement request agrees with its hold', await queryRows(tx, sql`
      SELECT r.id, r.status, t.status AS hold_status FROM settlement_requests r JOIN ledger_transfers t ON t.id = r.hold_transfer_id
      WHERE NOT ((r.status IN ('requested', 'approved') AND t.status = 'pending') OR (r.status = 'rejected' AND t.status = 'voided') OR (r.status = 'paid' AND t.status = 'posted'))
      ORDER BY r.id LIMIT ${LIMIT}`));
    return {
      ok: violations.length === 0,
      violations,
      stats: { accounts: Number(totals.accounts), transfers: Number(totals.transfers), entries: Number(totals.entries), pendingTransfers: Number(totals.pending), totalBalanceRials: totals.total },
    };
  };
  // A repeatable-read snapshot, so transfers committing meanwhile cannot look like violations.
  if (db instanceof PgTransaction) return run(db);
  return db.transaction(run, { isolationLevel: 'repeatable read', accessMode: 'read only' });
}
