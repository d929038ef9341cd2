import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createTestDatabase, type TestDatabase } from './harness/databases.js';
import { AppError } from '../src/platform/errors.js';
import { systemClock } from '../src/platform/time.js';
import {
  LedgerService, accountIdOf, checkLedger, planSpend, platformAccount, spendLegsTo, userAccount,
  type AccountRef, type TransferInput, type TransferResult,
} from '../src/modules/wallet/index.js';

// Concurrency on real PostgreSQL (PGlite has one connection): many transfers at once on the same
// accounts, in both directions, must lose no update, overdraw nothing and surface no deadlock.

const PARALLEL = 16;
const USERS = 4;
const revenue = platformAccount('platform_revenue');
const promo = platformAccount('promotion_expense');
const wallet = (i: number) => userAccount(`usr_conc_${i}`, 'customer_wallet');
const gift = (i: number) => userAccount(`usr_conc_${i}`, 'customer_gift');
const provider = (i: number) => userAccount(`usr_conc_${i}`, 'provider_wallet');

/** Runs tasks with at most `n` at a time. */
async function inParallel<T>(tasks: Array<() => Promise<T>>, n: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    for (let i = next++; i < tasks.length; i = next++) out[i] = await tasks[i]();
  }));
  return out;
}

const onlyRefusal = (code: string) => (err: unknown) => {
  if (err instanceof AppError && err.code === code) return null;
  throw err;
};

describe('LEDGER concurrency [postgres]', { skip: !process.env.PEYK_TEST_PG_URL && 'needs PostgreSQL (npm test starts one)' }, () => {
  let db: TestDatabase;
  let ledger: LedgerService;
  let seq = 0;
  const key = () => `conc-${seq++}`;
  const expected = new Map<string, bigint>();
  const refs = new Map<string, AccountRef>();
  const add = (ref: AccountRef, d: bigint) => {
    refs.set(accountIdOf(ref), ref);
    expected.set(accountIdOf(ref), (expected.get(accountIdOf(ref)) ?? 0n) + d);
  };
  const applyLegs = (input: TransferInput) => { for (const l of input.legs) { add(l.from, -l.amountRials); add(l.to, l.amountRials); } };

  before(async () => {
    db = await createTestDatabase('postgres');
    ledger = new LedgerService(systemClock);
    for (let i = 0; i < USERS; i++) {
      const input = { idempotencyKey: key(), reason: 'promotion.gift', legs: [{ from: promo, to: gift(i), amountRials: 2_000n }] };
      await ledger.transfer(db.db, input);
      applyLegs(input);
    }
  });
  after(async () => { await db?.close(); });

  async function expectBalances() {
    for (const [id, want] of expected) {
      const ref = refs.get(id)!;
      assert.equal((await ledger.balance(db.db, ref)).balanceRials, want, `balance of ${ref.ownerId} ${ref.kind}`);
    }
    const report = await checkLedger(db.db);
    assert.deepEqual(report.violations, []);
  }

  test('LEDGER 1200 parallel transfers criss-crossing the same accounts: balances exact, gift never negative, no deadlock surfaces', async () => {
    const shapes = fc.sample(fc.record({ shape: fc.nat(4), a: fc.nat(USERS - 1), b: fc.nat(USERS - 1), amount: fc.integer({ min: 1, max: 90 }) }), { numRuns: 1200, seed: 42 });
    const tasks = shapes.map(({ shape, a, b, amount }) => async () => {
      const x = BigInt(amount);
      const other = a === b ? (b + 1) % USERS : b;
      const legsByShape: TransferInput['legs'][] = [
        [{ from: wallet(a), to: wallet(other), amountRials: x }],
        [{ from: gift(a), to: revenue, amountRials: x }],
        [{ from: gift(a), to: wallet(other), amountRials: x }, { from: wallet(other), to: provider(a), amountRials: x }, { from: provider(a), to: revenue, amountRials: 1n }],
        [{ from: provider(other), to: gift(a), amountRials: x }, { from: wallet(a), to: provider(other), amountRials: x + 1n }],
        [],
      ];
      if (shape === 4) {
        // The spending order inside a caller's transaction: gift locked first, then the transfer.
        return db.db.transaction(async (tx) => {
          const plan = await planSpend(tx, `usr_conc_${a}`, x, { giftAllowed: true });
          const input = { idempotencyKey: key(), reason: 'order.fare', legs: spendLegsTo(plan, revenue) };
          await ledger.transfer(tx, input);
          return input;
        });
      }
      const input = { idempotencyKey: key(), reason: 'test.concurrent', legs: legsByShape[shape] };
      return ledger.transfer(db.db, input).then(() => input, onlyRefusal('INSUFFICIENT_FUNDS'));
    });
    const done = await inParallel(tasks, PARALLEL);
    for (const input of done) if (input) applyLegs(input);
    assert.ok(done.filter(Boolean).length > 600, 'most transfers went through');
    assert.ok(done.some((x) => x === null), 'some gift debits were refused, so the check was exercised');
    await expectBalances();
    for (let i = 0; i < USERS; i++) assert.ok((await ledger.balance(db.db, gift(i))).availableRials >= 0n, 'PAY-4 gift credit never negative');
  });

  test('LEDGER one idempotency key sent 24 times at once makes exactly one transfer; all get its id', async () => {
    const input = { idempotencyKey: key(), reason: 'wallet.topup', legs: [{ from: platformAccount('gateway_clearing'), to: wallet(0), amountRials: 777n }] };
    const results = await Promise.all(Array.from({ length: 24 }, () => ledger.transfer(db.db, { ...input })));
    assert.equal(new Set(results.map((r) => r.id)).size, 1);
    assert.equal(results.filter((r) => !r.replayed).length, 1);
    applyLegs(input);
    await expectBalances();
    const reused = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => ledger.transfer(db.db, { ...input, legs: [{ ...input.legs[0], amountRials: 778n + BigInt(i) }] })));
    assert.ok(reused.every((r) => r.status === 'rejected' && (r.reason as AppError).code === 'IDEMPOTENCY_KEY_REUSED'));
  });

  test('LEDGER holds on one gift account at once never reserve more than it has; racing posts and voids resolve each hold once', async () => {
    const g = gift(3);
    const available = (await ledger.balance(db.db, g)).availableRials;
    const holds = await inParallel(Array.from({ length: 40 }, () => () =>
      ledger.transfer(db.db, { idempotencyKey: key(), reason: 'order.fare', pending: true, legs: [{ from: g, to: revenue, amountRials: 100n }] })
        .catch(onlyRefusal('INSUFFICIENT_FUNDS'))), PARALLEL);
    const made = holds.filter((h): h is TransferResult => h !== null);
    assert.equal(BigInt(made.length), available / 100n > 40n ? 40n : available / 100n, 'exactly as many holds as the balance covers');
    assert.equal((await ledger.balance(db.db, g)).pendingRials, BigInt(made.length) * 100n);
    // Each hold gets a post and a void at the same time (different keys): exactly one wins.
    type Win = { action: 'post' | 'void'; id: string } | null;
    const races = await inParallel<Win>(made.flatMap((h, i) => [
      () => ledger.postPending(db.db, h.id, `post-${i}`).then((r): Win => ({ action: 'post', id: r.id }), onlyRefusal('TRANSFER_NOT_PENDING')),
      () => ledger.voidPending(db.db, h.id, `void-${i}`).then((r): Win => ({ action: 'void', id: r.id }), onlyRefusal('TRANSFER_NOT_PENDING')),
    ]), PARALLEL);
    const winners = races.filter((r) => r !== null);
    assert.equal(winners.length, made.length);
    assert.equal(new Set(winners.map((w) => w.id)).size, made.length);
    const posted = BigInt(winners.filter((w) => w.action === 'post').length) * 100n;
    add(g, -posted);
    add(revenue, posted);
    assert.deepEqual(await ledger.balance(db.db, g), { balanceRials: available - posted, pendingRials: 0n, availableRials: available - posted });
    await expectBalances();
  });
});
