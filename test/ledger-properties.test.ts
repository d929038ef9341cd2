import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createTestDatabase, testDbKinds, type TestDatabase } from './harness/databases.js';
import { AppError } from '../src/platform/errors.js';
import { ManualClock } from '../src/platform/time.js';
import {
  ACCOUNT_KINDS, LedgerService, accountIdOf, checkLedger, platformAccount, userAccount,
  type AccountRef, type TransferInput, type TransferResult,
} from '../src/modules/wallet/index.js';

// Property tests of random transfer sequences against a model of the ledger: conservation (all
// balances sum to 0), no negative balance where forbidden, idempotent replays, refused key reuse.

/** A few accounts per run: two users (wallet, gift, provider wallet) and two hot platform accounts. */
function accountsOf(run: number): AccountRef[] {
  const u = (n: number, kind: 'customer_wallet' | 'customer_gift' | 'provider_wallet') => userAccount(`usr_prop${run}_${n}`, kind);
  return [u(1, 'customer_wallet'), u(1, 'customer_gift'), u(1, 'provider_wallet'), u(2, 'customer_wallet'), u(2, 'customer_gift'),
    platformAccount('platform_revenue'), platformAccount('promotion_expense')];
}
const ACCOUNTS = 7;
const REASONS = ['order.fare', 'promotion.gift', 'wallet.topup'];

type Op =
  | { kind: 'transfer'; key: number; reason: number; legs: Array<{ from: number; to: number; amount: number }>; pending: boolean; forbidOverdraft: boolean }
  | { kind: 'replay'; pick: number }
  | { kind: 'resolve'; action: 'post' | 'void'; pick: number; key: number };

const legArb = fc.record({ from: fc.nat(ACCOUNTS - 1), to: fc.nat(ACCOUNTS - 1), amount: fc.integer({ min: 1, max: 1000 }) });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('transfer' as const), key: fc.nat(7), reason: fc.nat(REASONS.length - 1), legs: fc.array(legArb, { minLength: 1, maxLength: 3 }), pending: fc.boolean(), forbidOverdraft: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('replay' as const), pick: fc.nat(50) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('resolve' as const), action: fc.constantFrom('post' as const, 'void' as const), pick: fc.nat(50), key: fc.nat(3) }) },
);

/** What the ledger should hold, kept by plain arithmetic. */
class Model {
  balance = new Map<string, bigint>();
  pending = new Map<string, bigint>();
  transfers = new Map<string, { content: string; id: string; status: 'posted' | 'pending' | 'voided'; nets: Map<string, bigint> }>();
  resolutions = new Map<string, { id: string; status: 'posted' | 'voided' }>();
  inputs: TransferInput[] = [];
  ids: string[] = [];

  get(map: Map<string, bigint>, id: string) { return map.get(id) ?? 0n; }
  add(map: Map<string, bigint>, id: string, d: bigint) { map.set(id, this.get(map, id) + d); }

  /** The refusal the ledger must give, or null if it must accept. */
  expectTransfer(input: TransferInput): string | null {
    const nets = netsOf(input);
    if (input.legs.some((l) => accountIdOf(l.from) === accountIdOf(l.to)) || ![...nets.values()].some((v) => v !== 0n)) return 'TRANSFER_INVALID';
    const prior = this.transfers.get(input.idempotencyKey);
    if (prior) return prior.content === contentOf(input) ? null : 'IDEMPOTENCY_KEY_REUSED';
    for (const [id, net] of nets) {
      const ref = input.legs.flatMap((l) => [l.from, l.to]).find((r) => accountIdOf(r) === id)!;
      const policy = ACCOUNT_KINDS[ref.kind];
      const checked = net < 0n && policy.shards === 1 && (!policy.allowNegative || input.forbidOverdraft === true);
      if (checked && this.get(this.balance, id) - this.get(this.pending, id) + net < 0n) return 'INSUFFICIENT_FUNDS';
    }
    return null;
  }

  applyTransfer(input: TransferInput, result: TransferResult) {
    if (this.transfers.has(input.idempotencyKey)) return;
    const nets = netsOf(input);
    for (const [id, net] of nets) {
      if (!input.pending) this.add(this.balance, id, net);
      else if (net < 0n) this.add(this.pending, id, -net);
    }
    this.transfers.set(input.idempotencyKey, { content: contentOf(input), id: result.id, status: result.status, nets });
  }

  expectResolve(transferKey: string, action: 'post' | 'void', key: string): string | null {
    const t = this.transfers.get(transferKey)!;
    const prior = this.resolutions.get(key);
    if (prior) return prior.id === t.id && prior.status === (action === 'post' ? 'posted' : 'voided') ? null : 'IDEMPOTENCY_KEY_REUSED';
    return t.status === 'pending' ? null : 'TRANSFER_NOT_PENDING';
  }

  applyResolve(transferKey: string, action: 'post' | 'void', key: string) {
    if (this.resolutions.has(key)) return;
    const t = this.transfers.get(transferKey)!;
    for (const [id, net] of t.nets) {
      if (action === 'post') this.add(this.balance, id, net);
      if (net < 0n) this.add(this.pending, id, net);
    }
    t.status = action === 'post' ? 'posted' : 'voided';
    this.resolutions.set(key, { id: t.id, status: t.status });
  }
}

function netsOf(input: TransferInput): Map<string, bigint> {
  const nets = new Map<string, bigint>();
  for (const l of input.legs) {
    nets.set(accountIdOf(l.from), (nets.get(accountIdOf(l.from)) ?? 0n) - l.amountRials);
    nets.set(accountIdOf(l.to), (nets.get(accountIdOf(l.to)) ?? 0n) + l.amountRials);
  }
  for (const [id, v] of nets) if (v === 0n) nets.delete(id);
  return nets;
}

const contentOf = (i: TransferInput) => JSON.stringify([i.reason, i.pending === true, i.forbidOverdraft === true, i.legs.map((l) => [accountIdOf(l.from), accountIdOf(l.to), String(l.amountRials)])]);

async function codeOf(run: () => Promise<unknown>): Promise<string | null> {
  try {
    await run();
    return null;
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
}

/** Runs one op against the ledger and the model; asserts they agree. */
async function step(ledger: LedgerService, db: TestDatabase, model: Model, accounts: AccountRef[], run: number, op: Op) {
  if (op.kind === 'resolve') {
    const pendingKeys = [...model.transfers.entries()].map(([k]) => k);
    if (!pendingKeys.length) return;
    const transferKey = pendingKeys[op.pick % pendingKeys.length];
    const t = model.transfers.get(transferKey)!;
    const key = `prop${run}-resolve-${op.key}`;
    const expected = model.expectResolve(transferKey, op.action, key);
    let result: TransferResult | undefined;
    const code = await codeOf(async () => { result = op.action === 'post' ? await ledger.postPending(db.db, t.id, key) : await ledger.voidPending(db.db, t.id, key); });
    assert.equal(code, expected, `${op.action} ${transferKey} with ${key}`);
    if (result) {
      assert.equal(result.replayed, model.resolutions.has(key));
      model.applyResolve(transferKey, op.action, key);
    }
    return;
  }
  const input: TransferInput = op.kind === 'replay'
    ? model.inputs[op.pick % Math.max(1, model.inputs.length)]
    : {
      idempotencyKey: `prop${run}-${op.key}`, reason: REASONS[op.reason], pending: op.pending, forbidOverdraft: op.forbidOverdraft,
      legs: op.legs.map((l) => ({ from: accounts[l.from], to: accounts[l.to], amountRials: BigInt(l.amount) })),
    };
  if (!input) return;
  const expected = model.expectTransfer(input);
  const seen = model.transfers.get(input.idempotencyKey);
  let result: TransferResult | undefined;
  const code = await codeOf(async () => { result = await ledger.transfer(db.db, input); });
  assert.equal(code, expected, `transfer ${JSON.stringify(input, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}`);
  if (!result) return;
  if (seen) {
    assert.equal(result.replayed, true, 'LEDGER a replay says so');
    assert.equal(result.id, seen.id, 'LEDGER a replay returns the first transfer');
    assert.equal(result.status, seen.status);
  } else {
    assert.equal(result.replayed, false);
    model.inputs.push(input);
  }
  model.applyTransfer(input, result);
}

for (const kind of testDbKinds()) {
  describe(`LEDGER property tests [${kind}]`, () => {
    let db: TestDatabase;
    let ledger: LedgerService;
    let run = 0;
    before(async () => {
      db = await createTestDatabase(kind);
      ledger = new LedgerService(new ManualClock(new Date('2026-11-22T08:00:00Z')));
    });
    after(async () => { await db?.close(); });

    test('LEDGER random transfer sequences: balances match the model, sum to 0, no forbidden negative; replays change nothing; key reuse is refused', async () => {
      await fc.assert(fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
        run++;
        const accounts = accountsOf(run);
        const model = new Model();
        // Platform accounts are shared by all runs: compare them by their change in this run.
        const startOf = new Map<string, bigint>();
        for (const a of accounts) startOf.set(accountIdOf(a), (await ledger.balance(db.db, a)).balanceRials);
        for (const op of ops) await step(ledger, db, model, accounts, run, op);
        for (const a of accounts) {
          const id = accountIdOf(a);
          const b = await ledger.balance(db.db, a);
          assert.equal(b.balanceRials - startOf.get(id)!, model.get(model.balance, id), `balance of ${a.kind}`);
          if (a.ownerType === 'user') assert.equal(b.pendingRials, model.get(model.pending, id), `pending of ${a.kind}`);
          if (!ACCOUNT_KINDS[a.kind].allowNegative) assert.ok(b.availableRials >= 0n, `PAY-4 ${a.kind} is never negative`);
        }
        const report = await checkLedger(db.db);
        assert.deepEqual(report.violations, [], 'LEDGER invariants');
        assert.equal(report.stats.totalBalanceRials, '0');
      }), { numRuns: kind === 'pglite' ? 40 : 60, endOnFailure: true });
    });
  });
}
