import { createHash } from 'node:crypto';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { isUniqueViolation, type DbOrTx, type Tx } from '../../platform/db.js';
import { conflict, invariant, notFound, validation } from '../../platform/errors.js';
import { newId, type IdPrefix } from '../../platform/ids.js';
import type { Clock } from '../../platform/time.js';
import { ledgerRepo, type TransferRow, type TransferWrite } from './ledger.repo.js';
import { ACCOUNT_KINDS, PLATFORM_OWNER_ID, isAccountKind, type AccountBalance, type AccountRef, type TransferInput, type TransferResult } from './ledger.types.js';
import { WalletErrors as E } from './wallet.errors.js';

/** Largest amount of one leg: 10^15 Rials (100 trillion Toman) keeps every sum far from bigint limits. */
export const MAX_LEG_RIALS = 1_000_000_000_000_000n;
const MAX_LEGS = 50;
const REASON_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;
const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

/** An account a transfer touches, with its net change. */
interface Touched {
  id: string;
  ref: AccountRef;
  net: bigint;
  allowNegative: boolean;
  shards: number;
}

interface Plan {
  hash: string;
  touched: Touched[];
  /** Accounts whose available balance must be checked under lock before writing. */
  checkIds: Set<string>;
  /** Rows locked before the check: the lock order's prefix up to the last checked account. */
  lockFirst: string[];
  write: TransferWrite;
}

/** The global lock order of account rows: accounts that forbid negative first, then by id (bytewise, as COLLATE "C"). */
const lockOrder = (a: Touched, b: Touched) => (a.allowNegative === b.allowNegative ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.allowNegative ? 1 : -1);

/**
 * The account id is derived from owner and kind (acc_ + 26 base32 chars of a SHA-256), so a
 * transfer never has to look ids up and opening an account is an idempotent insert.
 */
const accountIds = new Map<string, string>();

export function accountIdOf(ref: AccountRef): string {
  const key = `${ref.ownerType}\u0000${ref.ownerId}\u0000${ref.kind}`;
  const cached = accountIds.get(key);
  if (cached) return cached;
  const id = deriveAccountId(key);
  if (accountIds.size >= 100_000) accountIds.clear();
  accountIds.set(key, id);
  return id;
}

function deriveAccountId(key: string): string {
  return derivedId('acc', key);
}

/** A prefixed id (prefix + 26 base32 chars) derived from a key: the same key always names the same thing. */
export function derivedId(prefix: IdPrefix, key: string): string {
  const digest = createHash('sha256').update(key).digest();
  let bits = 0n;
  for (const b of digest.subarray(0, 17)) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < 26; i++) {
    out = CROCKFORD[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return `${prefix}_${out}`;
}

/** Runs `fn` in the caller's transaction, or in a new one when given the root handle. */
export function withinTransaction<T>(db: DbOrTx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db instanceof PgTransaction ? fn(db as Tx) : db.transaction(fn);
}

/**
 * The double-entry ledger: balanced, immutable transfers with idempotency keys; balances kept in
 * the same transaction as the entries; holds (pending transfers) that later post or void.
 */
export class LedgerService {
  /** Ids of accounts known to exist; a stale id (its opening rolled back) is detected and reopened. */
  private readonly known = new Set<string>();

  constructor(private readonly clock: Clock) {}

  /**
   * Posts a balanced transfer inside the caller's transaction (tx) so it commits or rolls back with
   * the caller's other writes. Throws INSUFFICIENT_FUNDS (an account whose policy forbids negative
   * would go below zero), AMOUNT_INVALID, TRANSFER_INVALID, ACCOUNT_INVALID, IDEMPOTENCY_KEY_REUSED.
   */
  async transfer(db: DbOrTx, input: TransferInput): Promise<TransferResult> {
    const plan = this.plan(input);
    // Without a balance to check, a transfer is one statement, atomic on its own: outside a
    // caller's transaction it needs no BEGIN/COMMIT round trips.
    if (!plan.checkIds.size) return this.execute(db, plan);
    // Accounts are opened (committed) before our transaction takes row locks: an uncommitted opening
    // held while waiting for a lock is a deadlock with a caller's transaction that locked first
    // (planSpend locks the gift account, then opens the accounts another transfer just opened).
    if (!(db instanceof PgTransaction)) await this.ensureAccounts(db, plan.touched);
    return withinTransaction(db, (tx) => this.execute(tx, plan));
  }

  /** Posts a pending transfer: its amounts move from `pending` into `balance`. Replays with the same key return the first result. */
  postPending(db: DbOrTx, transferId: string, idempotencyKey: string): Promise<TransferResult> {
    return this.resolve(db, transferId, idempotencyKey, 'posted');
  }

  /** Voids a pending transfer: the held amounts are released. Replays with the same key return the first result. */
  voidPending(db: DbOrTx, transferId: string, idempotencyKey: string): Promise<TransferResult> {
    return this.resolve(db, transferId, idempotencyKey, 'voided');
  }

  /** Balance (posted), pending (held by pending transfers) and available (= balance - pending). */
  async balance(db: DbOrTx, ref: AccountRef): Promise<AccountBalance> {
    this.assertRef(ref);
    const row = await ledgerRepo.balanceOf(db, accountIdOf(ref));
    const balanceRials = row?.balanceRials ?? 0n;
    const pendingRials = row?.pendingRials ?? 0n;
    return { balanceRials, pendingRials, availableRials: balanceRials - pendingRials };
  }

  private async execute(tx: DbOrTx, plan: Plan): Promise<TransferResult> {
    await this.ensureAccounts(tx, plan.touched);
    for (let attempt = 0; ; attempt++) {
      if (plan.checkIds.size) {
        const { accounts, existing } = await ledgerRepo.lockAccounts(tx, plan.lockFirst, plan.write.idempotencyKey);
        if (existing) return this.replay(existing, plan.hash);
        if (accounts.length === plan.lockFirst.length) await this.assertFunds(tx, plan, accounts);
      }
      const res = await ledgerRepo.writeTransfer(tx, plan.write);
      if (res.inserted) return { id: plan.write.id, status: plan.write.status, replayed: false, createdAt: plan.write.createdAt.toISOString() };
      if (res.found === plan.touched.length) {
        const existing = await ledgerRepo.transferByKey(tx, plan.write.idempotencyKey);
        invariant(existing, 'a transfer was not inserted, yet its idempotency key is free');
        return this.replay(existing, plan.hash);
      }
      // An account row is missing: its opening was rolled back after we cached it. Open it again.
      invariant(attempt === 0, 'ledger accounts missing after reopening them');
      for (const t of plan.touched) this.known.delete(t.id);
      await this.ensureAccounts(tx, plan.touched);
    }
  }

  /** Refuses the transfer if a checked account's available balance would go below zero. */
  private async assertFunds(tx: DbOrTx, plan: Plan, accounts: Array<{ id: string; balanceRials: bigint; pendingRials: bigint }>) {
    for (const a of accounts) {
      if (!plan.checkIds.has(a.id)) continue;
      const t = plan.touched.find((x) => x.id === a.id)!;
      const availableAfter = a.balanceRials - a.pendingRials + t.net;
      if (availableAfter >= 0n) continue;
      // Our lock may have waited for the first run of this same key: a replay, not a shortfall.
      const existing = await ledgerRepo.transferByKey(tx, plan.write.idempotencyKey);
      if (existing) return;
      throw validation(E.INSUFFICIENT_FUNDS, 'The account does not have enough available balance', {
        account: { ownerType: t.ref.ownerType, ownerId: t.ref.ownerId, kind: t.ref.kind },
        availableRials: (a.balanceRials - a.pendingRials).toString(), neededRials: (-t.net).toString(),
      });
    }
  }

  private replay(existing: TransferRow, hash: string): TransferResult {
    if (existing.contentHash !== hash) {
      throw conflict(E.IDEMPOTENCY_KEY_REUSED, 'This idempotency key was used for a different transfer', { transferId: existing.id });
    }
    return { id: existing.id, status: existing.status, replayed: true, createdAt: existing.createdAt.toISOString() };
  }

  private async ensureAccounts(tx: DbOrTx, touched: Touched[]): Promise<void> {
    const missing = touched.filter((t) => !this.known.has(t.id)).sort((a, b) => (a.id < b.id ? -1 : 1));
    if (!missing.length) return;
    const now = this.clock.now();
    await ledgerRepo.ensureAccounts(tx, missing.map((t) => ({
      id: t.id, ownerType: t.ref.ownerType, ownerId: t.ref.ownerId, kind: t.ref.kind, allowNegative: t.allowNegative, shardCount: t.shards, createdAt: now,
    })));
    if (this.known.size > 200_000) this.known.clear();
    for (const t of missing) this.known.add(t.id);
  }

  private async resolve(db: DbOrTx, transferId: string, key: string, to: 'posted' | 'voided'): Promise<TransferResult> {
    assertKey(key);
    return withinTransaction(db, async (tx) => {
      const prior = await ledgerRepo.transferByResolutionKey(tx, key);
      if (prior) return this.resolvedReplay(prior, transferId, to);
      const entries = await ledgerRepo.lockTransferAccounts(tx, transferId);
      const resolved = await ledgerRepo.resolvePending(tx, transferId, to, key, this.clock.now()).catch((err: unknown) => {
        // Two transfers resolved at once with one key: the second is refused (its transaction is lost).
        if (isUniqueViolation(err, 'ledger_transfers_resolution_key_unique')) throw conflict(E.IDEMPOTENCY_KEY_REUSED, 'This idempotency key was used for a different operation');
        throw err;
      });
      if (!resolved) {
        const t = await ledgerRepo.transferById(tx, transferId);
        if (!t) throw notFound(E.TRANSFER_NOT_FOUND, 'No such transfer', { transferId });
        if (t.resolutionKey === key) return this.resolvedReplay(t, transferId, to);
        throw conflict(E.TRANSFER_NOT_PENDING, `The transfer is ${t.status}, not pending`, { transferId, status: t.status });
      }
      // Holds reserve what a pending transfer takes out of an account (its negative entries).
      await ledgerRepo.applyDeltas(tx, entries.map((e) => ({
        id: e.accountId,
        balanceRials: to === 'posted' ? e.amountRials : 0n,
        pendingRials: e.amountRials < 0n ? e.amountRials : 0n,
      })));
      const t = await ledgerRepo.transferById(tx, transferId);
      return { id: transferId, status: to, replayed: false, createdAt: t!.createdAt.toISOString() };
    });
  }

  private resolvedReplay(prior: TransferRow, transferId: string, to: 'posted' | 'voided'): TransferResult {
    if (prior.id !== transferId || prior.status !== to) {
      throw conflict(E.IDEMPOTENCY_KEY_REUSED, 'This idempotency key was used for a different operation', { transferId: prior.id });
    }
    return { id: prior.id, status: prior.status, replayed: true, createdAt: prior.createdAt.toISOString() };
  }

  /** Validates the input and works out every row the transfer writes. */
  private plan(input: TransferInput): Plan {
    assertKey(input.idempotencyKey);
    if (typeof input.reason !== 'string' || input.reason.length > 64 || !REASON_PATTERN.test(input.reason)) {
      throw validation(E.TRANSFER_INVALID, 'reason must be a dotted lower-case code such as order.fare');
    }
    if (input.reference && (!input.reference.type || input.reference.type.length > 64 || !input.reference.id || input.reference.id.length > 200)) {
      throw validation(E.TRANSFER_INVALID, 'reference needs a type (<= 64 chars) and an id (<= 200 chars)');
    }
    if (input.memo !== undefined && (typeof input.memo !== 'string' || input.memo.length > 500)) throw validation(E.TRANSFER_INVALID, 'memo is at most 500 characters');
    if (!Array.isArray(input.legs) || input.legs.length < 1 || input.legs.length > MAX_LEGS) throw validation(E.TRANSFER_INVALID, `a transfer has 1 to ${MAX_LEGS} legs`);
    const touched = this.netChanges(input);
    const pending = input.pending === true;
    const hash = contentHash(input);
    const write = this.rowsToWrite(input, hash, touched, pending);
    // Hot (sharded) accounts all allow negative and are never checked: their balance is spread out.
    const checked = (t: Touched) => t.net < 0n && t.shards === 1 && (!t.allowNegative || input.forbidOverdraft === true);
    const main = touched.filter((t) => write.mainDeltas.some((d) => d.id === t.id)).sort(lockOrder);
    const last = main.map(checked).lastIndexOf(true);
    return { hash, touched, checkIds: new Set(main.filter(checked).map((t) => t.id)), lockFirst: main.slice(0, last + 1).map((t) => t.id), write };
  }

  private netChanges(input: TransferInput): Touched[] {
    const byId = new Map<string, Touched>();
    const touch = (ref: AccountRef, delta: bigint) => {
      const id = accountIdOf(ref);
      const t = byId.get(id) ?? { id, ref, net: 0n, allowNegative: ACCOUNT_KINDS[ref.kind].allowNegative, shards: ACCOUNT_KINDS[ref.kind].shards };
      t.net += delta;
      byId.set(id, t);
    };
    for (const leg of input.legs) {
      if (typeof leg.amountRials !== 'bigint' || leg.amountRials <= 0n || leg.amountRials > MAX_LEG_RIALS) {
        throw validation(E.AMOUNT_INVALID, `Each leg moves a whole number of Rials between 1 and ${MAX_LEG_RIALS}`);
      }
      this.assertRef(leg.from);
      this.assertRef(leg.to);
      if (accountIdOf(leg.from) === accountIdOf(leg.to)) throw validation(E.TRANSFER_INVALID, 'A leg cannot move money from an account to itself');
      touch(leg.from, -leg.amountRials);
      touch(leg.to, leg.amountRials);
    }
    const touched = [...byId.values()].filter((t) => t.net !== 0n);
    if (!touched.length) throw validation(E.TRANSFER_INVALID, 'The legs cancel out: the transfer moves no money');
    return touched;
  }

  private rowsToWrite(input: TransferInput, hash: string, touched: Touched[], pending: boolean): TransferWrite {
    const now = this.clock.now();
    // A hot account's posted amount goes to a shard row; its own row changes only for holds.
    const sharded = (t: Touched) => t.shards > 1 && !(pending && t.net < 0n);
    const mainDeltas = touched.filter((t) => !sharded(t)).sort(lockOrder)
      .map((t) => ({ id: t.id, balanceRials: pending ? 0n : t.net, pendingRials: pending && t.net < 0n ? -t.net : 0n }))
      .filter((d) => d.balanceRials !== 0n || d.pendingRials !== 0n);
    return {
      id: newId('txn', now.getTime()),
      idempotencyKey: input.idempotencyKey,
      contentHash: hash,
      reason: input.reason,
      referenceType: input.reference?.type ?? null,
      referenceId: input.reference?.id ?? null,
      memo: input.memo ?? null,
      status: pending ? 'pending' : 'posted',
      createdAt: now,
      accountIds: touched.map((t) => t.id),
      mainDeltas,
      shardDeltas: pending ? [] : touched.filter(sharded).sort(lockOrder).map((t) => ({ accountId: t.id, shards: t.shards, balanceRials: t.net })),
      entries: touched.map((t) => ({ accountId: t.id, amountRials: t.net })),
    };
  }

  private assertRef(ref: AccountRef): void {
    if (!ref || typeof ref !== 'object' || !isAccountKind(ref.kind)) throw validation(E.ACCOUNT_INVALID, 'Unknown account kind', { kind: ref?.kind });
    const policy = ACCOUNT_KINDS[ref.kind];
    if (ref.ownerType !== policy.ownerType) throw validation(E.ACCOUNT_INVALID, `A ${ref.kind} account belongs to a ${policy.ownerType}`, { kind: ref.kind });
    if (typeof ref.ownerId !== 'string' || !ref.ownerId || ref.ownerId.length > 100) throw validation(E.ACCOUNT_INVALID, 'ownerId is required (at most 100 characters)');
    if (ref.ownerType === 'platform' && ref.ownerId !== PLATFORM_OWNER_ID) throw validation(E.ACCOUNT_INVALID, `platform accounts have ownerId '${PLATFORM_OWNER_ID}'`);
  }
}

function assertKey(key: string): void {
  // eslint-disable-next-line no-control-regex
  if (typeof key !== 'string' || key.length < 1 || key.length > 200 || /[\u0000-\u001f]/.test(key)) {
    throw validation(E.IDEMPOTENCY_KEY_INVALID, 'The idempotency key is 1 to 200 printable characters');
  }
}

/** SHA-256 of everything that defines a transfer, so a reused key with other content is caught. */
export function contentHash(input: TransferInput): string {
  const canonical = JSON.stringify([
    input.reason, input.reference?.type ?? null, input.reference?.id ?? null, input.memo ?? null,
    input.pending === true, input.forbidOverdraft === true,
    input.legs.map((l) => [l.from.ownerType, l.from.ownerId, l.from.kind, l.to.ownerType, l.to.ownerId, l.to.kind, l.amountRials.toString()]),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
