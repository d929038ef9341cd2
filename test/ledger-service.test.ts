import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestDatabase, testDbKinds, type TestDatabase } from './harness/databases.js';
import { queryRows } from '../src/platform/db.js';
import { AppError } from '../src/platform/errors.js';
import { ManualClock } from '../src/platform/time.js';
import {
  LedgerService, accountIdOf, checkLedger, planSpend, platformAccount, spendLegsTo, userAccount,
  type AccountRef, type TransferInput,
} from '../src/modules/wallet/index.js';

let seq = 0;
const key = () => `svc-${process.pid}-${seq++}`;
const gateway = platformAccount('gateway_clearing');
const revenue = platformAccount('platform_revenue');
const promo = platformAccount('promotion_expense');

/** Asserts that `fn` throws an AppError with `code`. */
async function rejects(fn: () => Promise<unknown>, code: string) {
  await assert.rejects(fn, (err: unknown) => err instanceof AppError && err.code === code ? true : assert.fail(`expected ${code}, got ${String(err)}`));
}

for (const kind of testDbKinds()) {
  describe(`ledger service [${kind}]`, () => {
    let db: TestDatabase;
    let ledger: LedgerService;
    const pay = (from: AccountRef, to: AccountRef, amountRials: bigint, extra: Partial<TransferInput> = {}) =>
      ledger.transfer(db.db, { idempotencyKey: key(), reason: 'test.move', legs: [{ from, to, amountRials }], ...extra });
    const balanceOf = async (ref: AccountRef) => (await ledger.balance(db.db, ref));

    before(async () => {
      db = await createTestDatabase(kind);
      ledger = new LedgerService(new ManualClock(new Date('2026-11-22T08:00:00Z')));
    });
    after(async () => {
      if (db) assert.deepEqual((await checkLedger(db.db)).violations, []);
      await db?.close();
    });

    test('PAY-2 a customer wallet may go negative; it is recovered by a later top-up', async () => {
      const wallet = userAccount('usr_neg', 'customer_wallet');
      await pay(wallet, revenue, 700n);
      assert.deepEqual(await balanceOf(wallet), { balanceRials: -700n, pendingRials: 0n, availableRials: -700n });
      await pay(gateway, wallet, 1000n);
      assert.equal((await balanceOf(wallet)).balanceRials, 300n);
    });

    test('PAY-2 planSpend takes gift credit first where the promotion allows it, then the wallet, which may go negative', async () => {
      const user = 'usr_spend';
      await pay(promo, userAccount(user, 'customer_gift'), 400n);
      const plan = await db.db.transaction(async (tx) => {
        const p = await planSpend(tx, user, 1000n, { giftAllowed: true });
        await ledger.transfer(tx, { idempotencyKey: key(), reason: 'order.fare', legs: spendLegsTo(p, revenue) });
        return p;
      });
      assert.equal(plan.giftRials, 400n);
      assert.equal(plan.walletRials, 600n);
      assert.equal((await balanceOf(userAccount(user, 'customer_gift'))).balanceRials, 0n);
      assert.equal((await balanceOf(userAccount(user, 'customer_wallet'))).balanceRials, -600n);
      await pay(promo, userAccount(user, 'customer_gift'), 400n);
      const noGift = await planSpend(db.db, user, 300n, { giftAllowed: false });
      assert.deepEqual(noGift.legs, [{ from: userAccount(user, 'customer_wallet'), amountRials: 300n }]);
      const small = await planSpend(db.db, user, 300n, { giftAllowed: true });
      assert.deepEqual(small.legs, [{ from: userAccount(user, 'customer_gift'), amountRials: 300n }]);
      await rejects(() => planSpend(db.db, user, 0n, { giftAllowed: true }), 'AMOUNT_INVALID');
    });

    test('PAY-4 gift credit never goes below zero: INSUFFICIENT_FUNDS, and the caller\'s transaction can go on', async () => {
      const gift = userAccount('usr_gift', 'customer_gift');
      await pay(promo, gift, 100n);
      await db.db.transaction(async (tx) => {
        await rejects(() => ledger.transfer(tx, { idempotencyKey: key(), reason: 'order.fare', legs: [{ from: gift, to: revenue, amountRials: 101n }] }), 'INSUFFICIENT_FUNDS');
        // The refusal wrote nothing and did not poison the transaction.
        await ledger.transfer(tx, { idempotencyKey: key(), reason: 'order.fare', legs: [{ from: gift, to: revenue, amountRials: 100n }] });
      });
      assert.equal((await balanceOf(gift)).balanceRials, 0n);
    });

    test('LEDGER a pending transfer holds the amount, then posts or voids exactly once; replays return the first result', async () => {
      const gift = userAccount('usr_hold', 'customer_gift');
      await pay(promo, gift, 500n);
      const hold = await pay(gift, revenue, 300n, { pending: true });
      assert.equal(hold.status, 'pending');
      assert.deepEqual(await balanceOf(gift), { balanceRials: 500n, pendingRials: 300n, availableRials: 200n });
      await rejects(() => pay(gift, revenue, 201n), 'INSUFFICIENT_FUNDS');
      const postKey = key();
      const posted = await ledger.postPending(db.db, hold.id, postKey);
      assert.deepEqual({ status: posted.status, replayed: posted.replayed }, { status: 'posted', replayed: false });
      assert.deepEqual(await ledger.postPending(db.db, hold.id, postKey), { ...posted, replayed: true });
      await rejects(() => ledger.voidPending(db.db, hold.id, postKey), 'IDEMPOTENCY_KEY_REUSED');
      await rejects(() => ledger.voidPending(db.db, hold.id, key()), 'TRANSFER_NOT_PENDING');
      assert.deepEqual(await balanceOf(gift), { balanceRials: 200n, pendingRials: 0n, availableRials: 200n });

      const hold2 = await pay(gift, revenue, 200n, { pending: true });
      const voided = await ledger.voidPending(db.db, hold2.id, key());
      assert.equal(voided.status, 'voided');
      await rejects(() => ledger.postPending(db.db, hold2.id, key()), 'TRANSFER_NOT_PENDING');
      await rejects(() => ledger.postPending(db.db, 'txn_00000000000000000000000000', key()), 'TRANSFER_NOT_FOUND');
      assert.deepEqual(await balanceOf(gift), { balanceRials: 200n, pendingRials: 0n, availableRials: 200n });
    });

    test('LEDGER forbidOverdraft keeps even an account that may go negative at or above zero available', async () => {
      const provider = userAccount('usr_prov', 'provider_wallet');
      await pay(gateway, provider, 1000n);
      await rejects(() => pay(provider, platformAccount('bank'), 1001n, { forbidOverdraft: true }), 'INSUFFICIENT_FUNDS');
      await pay(provider, platformAccount('bank'), 1000n, { forbidOverdraft: true });
      await pay(provider, revenue, 50n);
      assert.equal((await balanceOf(provider)).balanceRials, -50n);
    });

    test('LEDGER bad transfers are refused with a code and change nothing', async () => {
      const before = await checkLedger(db.db);
      const a = userAccount('usr_bad', 'customer_wallet');
      const leg = { from: a, to: revenue, amountRials: 5n };
      const cases: Array<[Partial<TransferInput>, string]> = [
        [{ legs: [{ ...leg, amountRials: 0n }] }, 'AMOUNT_INVALID'],
        [{ legs: [{ ...leg, amountRials: -5n }] }, 'AMOUNT_INVALID'],
        [{ legs: [{ ...leg, amountRials: 5 as unknown as bigint }] }, 'AMOUNT_INVALID'],
        [{ legs: [{ ...leg, amountRials: 10n ** 16n }] }, 'AMOUNT_INVALID'],
        [{ legs: [{ ...leg, to: a }] }, 'TRANSFER_INVALID'],
        [{ legs: [leg, { from: revenue, to: a, amountRials: 5n }] }, 'TRANSFER_INVALID'],
        [{ legs: [] }, 'TRANSFER_INVALID'],
        [{ legs: [{ ...leg, to: { ownerType: 'user', ownerId: 'x', kind: 'bank' } }] }, 'ACCOUNT_INVALID'],
        [{ legs: [{ ...leg, to: { ownerType: 'platform', ownerId: 'usr_x', kind: 'bank' } }] }, 'ACCOUNT_INVALID'],
        [{ legs: [{ ...leg, to: { ownerType: 'user', ownerId: 'x', kind: 'piggy_bank' as 'bank' } }] }, 'ACCOUNT_INVALID'],
        [{ legs: [{ ...leg, to: { ownerType: 'user', ownerId: '', kind: 'customer_wallet' } }] }, 'ACCOUNT_INVALID'],
        [{ reason: 'Not A Code' }, 'TRANSFER_INVALID'],
        [{ idempotencyKey: '' }, 'IDEMPOTENCY_KEY_INVALID'],
        [{ idempotencyKey: 'x'.repeat(201) }, 'IDEMPOTENCY_KEY_INVALID'],
        [{ reference: { type: '', id: 'x' } }, 'TRANSFER_INVALID'],
      ];
      for (const [change, code] of cases) {
        await rejects(() => ledger.transfer(db.db, { idempotencyKey: key(), reason: 'test.bad', legs: [leg], ...change }), code);
      }
      assert.equal((await checkLedger(db.db)).stats.transfers, before.stats.transfers);
    });

    test('LEDGER a transfer rolls back with the caller\'s transaction, and its key can be used again', async () => {
      const fresh = userAccount(`usr_rollback_${seq}`, 'customer_wallet');
      const k = key();
      await assert.rejects(db.db.transaction(async (tx) => {
        await ledger.transfer(tx, { idempotencyKey: k, reason: 'test.rollback', legs: [{ from: gateway, to: fresh, amountRials: 42n }] });
        throw new Error('the caller fails after the transfer');
      }), /the caller fails/);
      assert.equal((await balanceOf(fresh)).balanceRials, 0n);
      // The account's opening rolled back too; the service notices and opens it again.
      const again = await ledger.transfer(db.db, { idempotencyKey: k, reason: 'test.rollback', legs: [{ from: gateway, to: fresh, amountRials: 42n }] });
      assert.equal(again.replayed, false);
      assert.equal((await balanceOf(fresh)).balanceRials, 42n);
    });

    test('LEDGER entries are append-only and transfers immutable: UPDATE, DELETE and TRUNCATE are refused', async () => {
      const t = await pay(gateway, userAccount('usr_immutable', 'customer_wallet'), 10n);
      const attempts = [
        sql`UPDATE ledger_entries SET amount_rials = amount_rials * 2 WHERE transfer_id = ${t.id}`,
        sql`DELETE FROM ledger_entries WHERE transfer_id = ${t.id}`,
        sql`TRUNCATE ledger_entries`,
        sql`UPDATE ledger_transfers SET reason = 'test.other' WHERE id = ${t.id}`,
        sql`UPDATE ledger_transfers SET status = 'voided', resolution_key = 'x' WHERE id = ${t.id}`,
        sql`DELETE FROM ledger_transfers WHERE id = ${t.id}`,
      ];
      for (const q of attempts) {
        await assert.rejects(db.db.execute(q), (err: Error & { cause?: Error }) => /append-only|immutable/.test(`${err.message} ${err.cause?.message}`));
      }
      const [row] = await queryRows<{ n: number }>(db.db, sql`SELECT count(*)::int AS n FROM ledger_entries WHERE transfer_id = ${t.id}`);
      assert.equal(Number(row.n), 2);
    });

    test('LEDGER a hot platform account spreads its balance over shard rows; its balance is their sum', async () => {
      const start = (await balanceOf(revenue)).balanceRials;
      for (let i = 1n; i <= 20n; i++) await pay(userAccount('usr_hot', 'customer_wallet'), revenue, i);
      assert.equal((await balanceOf(revenue)).balanceRials - start, 210n);
      const [row] = await queryRows<{ n: number }>(db.db, sql`SELECT count(*)::int AS n FROM ledger_account_shards WHERE account_id = ${accountIdOf(revenue)}`);
      assert.ok(Number(row.n) >= 1);
    });

    test('LEDGER the invariant check finds a balance that no longer matches its entries', async () => {
      const victim = userAccount('usr_tamper', 'customer_wallet');
      await pay(gateway, victim, 10n);
      await db.db.execute(sql`UPDATE ledger_accounts SET balance_rials = balance_rials + 1 WHERE id = ${accountIdOf(victim)}`);
      const report = await checkLedger(db.db);
      assert.equal(report.ok, false);
      assert.deepEqual(report.violations.map((v) => v.rule).sort(), ['LEDGER each balance equals the sum of its posted entries, each pending amount its holds', 'LEDGER sum of all balances is 0']);
      await db.db.execute(sql`UPDATE ledger_accounts SET balance_rials = balance_rials - 1 WHERE id = ${accountIdOf(victim)}`);
      assert.equal((await checkLedger(db.db)).ok, true);
    });
  });
}
