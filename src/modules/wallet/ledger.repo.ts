import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { queryPrepared, queryRows, runPrepared, type DbOrTx } from '../../platform/db.js';
import type { TransferStatus } from './ledger.types.js';

// Raw SQL of the ledger's write path: a transfer is one statement (two when a balance must be
// checked first), so row locks on balances are held as briefly as possible. No business rules here.
//
// Lock order (deadlock freedom): account rows in the global order (allow_negative, id COLLATE "C"),
// then hot-account shard rows by account id. A transfer that checks a balance locks the accounts up
// to the checked one first; the idempotency key is taken before the remaining rows. The only cycle
// left is a key reused at the same moment with other content: PostgreSQL aborts one of the two,
// and its retry gets IDEMPOTENCY_KEY_REUSED.

export interface AccountRow { id: string; ownerType: string; ownerId: string; kind: string; allowNegative: boolean; shardCount: number; createdAt: Date }
export interface LockedAccount { id: string; balanceRials: bigint; pendingRials: bigint; allowNegative: boolean }
export interface TransferRow { id: string; contentHash: string; status: TransferStatus; resolutionKey: string | null; createdAt: Date }

export interface TransferWrite {
  id: string;
  idempotencyKey: string;
  contentHash: string;
  reason: string;
  referenceType: string | null;
  referenceId: string | null;
  memo: string | null;
  status: 'posted' | 'pending';
  createdAt: Date;
  /** Every account the transfer touches (their rows must exist). */
  accountIds: string[];
  /** Changes to account rows, sorted in the global lock order (allow_negative, id). */
  mainDeltas: Array<{ id: string; balanceRials: bigint; pendingRials: bigint }>;
  /** Posted amounts of hot accounts, which land on one of their `shards` shard rows. */
  shardDeltas: Array<{ accountId: string; shards: number; balanceRials: bigint }>;
  entries: Array<{ accountId: string; amountRials: bigint }>;
}

const big = (v: bigint) => sql`${v.toString()}::bigint`;
const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
/** One array parameter, so the statement text (and its cached plan) does not depend on the count. */
const texts = (xs: string[]) => sql`${sql.param(xs)}::text[]`;
const toDate = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));

const writeTexts = new Map<string, string>();

/**
 * The transfer statement for `mains` account-row updates, with or without hot-account shard
 * rows; built once per shape, so the text is fixed and PostgreSQL reuses its plan.
 * Parameters: $1 account ids, $2..$10 the transfer, $11/$12 entries, then 3 per account row, then 3 shard arrays.
 */
function writeTransferText(mains: number, shards: boolean): string {
  const key = `${mains}:${shards}`;
  const cached = writeTexts.get(key);
  if (cached) return cached;
  const ctes = [
    'k AS MATERIALIZED (SELECT count(*)::int AS n FROM ledger_accounts WHERE id = ANY($1::text[]))',
    `t AS (INSERT INTO ledger_transfers (id, idempotency_key, content_hash, reason, reference_type, reference_id, memo, status, created_at)
      SELECT $2::text, $3::text, $4::text, $5::text, $6::text, $7::text, $8::text, $9::text, $10::timestamptz
      WHERE (SELECT n FROM k) = cardinality($1::text[])
      ON CONFLICT (idempotency_key) DO NOTHING RETURNING id)`,
  ];
  let previous = 't';
  let p = 13;
  for (let i = 0; i < mains; i++, p += 3) {
    ctes.push(`u${i} AS (UPDATE ledger_accounts SET balance_rials = balance_rials + $${p + 1}::bigint, pending_rials = pending_rials + $${p + 2}::bigint
      WHERE id = $${p}::text AND EXISTS (SELECT 1 FROM ${previous}) RETURNING id)`);
    previous = `u${i}`;
  }
  if (shards) {
    // Each database connection writes its own shard (by backend pid), so concurrent transfers rarely meet.
    ctes.push(`s AS (INSERT INTO ledger_account_shards (account_id, shard, balance_rials)
      SELECT v.account_id, 1 + pg_backend_pid() % v.shards, v.b FROM unnest($${p}::text[], $${p + 1}::int[], $${p + 2}::bigint[]) AS v(account_id, shards, b)
      WHERE EXISTS (SELECT 1 FROM ${previous}) ORDER BY v.account_id COLLATE "C"
      ON CONFLICT (account_id, shard) DO UPDATE SET balance_rials = ledger_account_shards.balance_rials + excluded.balance_rials RETURNING 1)`);
  }
  ctes.push(`e AS (INSERT INTO ledger_entries (account_id, transfer_id, amount_rials)
    SELECT v.account_id, t.id, v.amount FROM t CROSS JOIN unnest($11::text[], $12::bigint[]) AS v(account_id, amount) RETURNING 1)`);
  const text = `WITH ${ctes.join(',\n')}\nSELECT (SELECT count(*) FROM t)::int AS inserted, (SELECT n FROM k) AS found`;
  writeTexts.set(key, text);
  return text;
}

function transferRow(r: Record<string, unknown>): TransferRow {
  return { id: String(r.id), contentHash: String(r.content_hash), status: r.status as TransferStatus, resolutionKey: (r.resolution_key as string | null) ?? null, createdAt: toDate(r.created_at) };
}

export const ledgerRepo = {
  /** Opens accounts that do not exist yet (ids are derived from owner and kind, so this is idempotent). */
  async ensureAccounts(db: DbOrTx, rows: AccountRow[]): Promise<void> {
    if (!rows.length) return;
    const values = sql.join(rows.map((r) => sql`(${r.id}, ${r.ownerType}, ${r.ownerId}, ${r.kind}, ${r.allowNegative}, ${r.shardCount}, ${ts(r.createdAt)})`), sql`, `);
    await db.execute(sql`INSERT INTO ledger_accounts (id, owner_type, owner_id, kind, allow_negative, shard_count, created_at)
      VALUES ${values} ON CONFLICT DO NOTHING`);
  },

  /** Locks account rows in the global order and reads them, with the transfer of `key` if any. */
  async lockAccounts(db: DbOrTx, ids: string[], key: string): Promise<{ accounts: LockedAccount[]; existing?: TransferRow }> {
    const rows = await queryPrepared(db, sql`WITH l AS MATERIALIZED (
        SELECT id, balance_rials, pending_rials, allow_negative FROM ledger_accounts
        WHERE id = ANY(${texts(ids)}) ORDER BY allow_negative, id COLLATE "C" FOR NO KEY UPDATE)
      SELECT 'a' AS row_kind, id, balance_rials::text AS balance, pending_rials::text AS pending, allow_negative,
             NULL AS content_hash, NULL AS status, NULL AS resolution_key, NULL::timestamptz AS created_at FROM l
      UNION ALL
      SELECT 't', id, NULL, NULL, NULL, content_hash, status, resolution_key, created_at FROM ledger_transfers WHERE idempotency_key = ${key}`);
    const accounts: LockedAccount[] = [];
    let existing: TransferRow | undefined;
    for (const r of rows) {
      if (r.row_kind === 'a') accounts.push({ id: String(r.id), balanceRials: BigInt(String(r.balance)), pendingRials: BigInt(String(r.pending)), allowNegative: Boolean(r.allow_negative) });
      else existing = transferRow(r);
    }
    return { accounts, existing };
  },

  async transferByKey(db: DbOrTx, key: string): Promise<TransferRow | undefined> {
    const rows = await queryPrepared(db, sql`SELECT id, content_hash, status, resolution_key, created_at FROM ledger_transfers WHERE idempotency_key = ${key}`);
    return rows[0] ? transferRow(rows[0]) : undefined;
  },

  async transferByResolutionKey(db: DbOrTx, key: string): Promise<TransferRow | undefined> {
    const rows = await queryRows(db, sql`SELECT id, content_hash, status, resolution_key, created_at FROM ledger_transfers WHERE resolution_key = ${key}`);
    return rows[0] ? transferRow(rows[0]) : undefined;
  },

  async transferById(db: DbOrTx, id: string): Promise<TransferRow | undefined> {
    const rows = await queryRows(db, sql`SELECT id, content_hash, status, resolution_key, created_at FROM ledger_transfers WHERE id = ${id}`);
    return rows[0] ? transferRow(rows[0]) : undefined;
  },

  /**
   * One statement: insert the transfer unless its key exists (or an account row is missing),
   * then update each account row in the global lock order (each update waits for the one before),
   * then the hot accounts' shard rows, then the entries. `inserted` false with `found` short of
   * the accounts means an account row is missing.
   */
  async writeTransfer(db: DbOrTx, w: TransferWrite): Promise<{ inserted: boolean; found: number }> {
    const params: unknown[] = [
      w.accountIds, w.id, w.idempotencyKey, w.contentHash, w.reason, w.referenceType, w.referenceId, w.memo, w.status, w.createdAt.toISOString(),
      w.entries.map((e) => e.accountId), w.entries.map((e) => e.amountRials.toString()),
    ];
    for (const d of w.mainDeltas) params.push(d.id, d.balanceRials.toString(), d.pendingRials.toString());
    if (w.shardDeltas.length) {
      params.push(w.shardDeltas.map((d) => d.accountId), w.shardDeltas.map((d) => d.shards), w.shardDeltas.map((d) => d.balanceRials.toString()));
    }
    const rows = await runPrepared<{ inserted: number; found: number }>(db, writeTransferText(w.mainDeltas.length, w.shardDeltas.length > 0), params);
    return { inserted: Number(rows[0].inserted) === 1, found: Number(rows[0].found) };
  },

  /** Locks the accounts a transfer touched, in the global order; returns their entries. */
  async lockTransferAccounts(db: DbOrTx, transferId: string): Promise<Array<{ accountId: string; amountRials: bigint }>> {
    await db.execute(sql`SELECT id FROM ledger_accounts WHERE id IN (SELECT account_id FROM ledger_entries WHERE transfer_id = ${transferId})
      ORDER BY allow_negative, id COLLATE "C" FOR NO KEY UPDATE`);
    const rows = await queryRows(db, sql`SELECT account_id, amount_rials::text AS amount FROM ledger_entries WHERE transfer_id = ${transferId}`);
    return rows.map((r) => ({ accountId: String(r.account_id), amountRials: BigInt(String(r.amount)) }));
  },

  /** Guarded: only a pending transfer is resolved; returns false if it was not pending. */
  async resolvePending(db: DbOrTx, transferId: string, status: 'posted' | 'voided', resolutionKey: string, at: Date): Promise<boolean> {
    const rows = await queryRows(db, sql`UPDATE ledger_transfers SET status = ${status}, resolution_key = ${resolutionKey}, resolved_at = ${ts(at)}
      WHERE id = ${transferId} AND status = 'pending' RETURNING id`);
    return rows.length === 1;
  },

  /** Adds to balances and pending amounts of accounts already locked by this transaction. */
  async applyDeltas(db: DbOrTx, deltas: Array<{ id: string; balanceRials: bigint; pendingRials: bigint }>): Promise<void> {
    if (!deltas.length) return;
    const v = sql.join(deltas.map((d) => sql`(${d.id}, ${big(d.balanceRials)}, ${big(d.pendingRials)})`), sql`, `);
    await db.execute(sql`UPDATE ledger_accounts a SET balance_rials = a.balance_rials + v.b, pending_rials = a.pending_rials + v.p
      FROM (VALUES ${v}) AS v(id, b, p) WHERE a.id = v.id`);
  },

  /** Locks one (unsharded) account row and returns its available balance (0 if it does not exist). */
  async lockAvailable(db: DbOrTx, accountId: string): Promise<bigint> {
    const rows = await queryRows(db, sql`SELECT (balance_rials - pending_rials)::text AS available FROM ledger_accounts WHERE id = ${accountId} FOR NO KEY UPDATE`);
    return rows[0] ? BigInt(String(rows[0].available)) : 0n;
  },

  /** Balance (own row plus shard rows) and pending amount of one account, if it exists. */
  async balanceOf(db: DbOrTx, accountId: string): Promise<{ balanceRials: bigint; pendingRials: bigint } | undefined> {
    const rows = await queryRows(db, sql`SELECT (a.balance_rials + COALESCE((SELECT sum(s.balance_rials) FROM ledger_account_shards s WHERE s.account_id = a.id), 0))::text AS balance,
      a.pending_rials::text AS pending FROM ledger_accounts a WHERE a.id = ${accountId}`);
    return rows[0] ? { balanceRials: BigInt(String(rows[0].balance)), pendingRials: BigInt(String(rows[0].pending)) } : undefined;
  },
};
