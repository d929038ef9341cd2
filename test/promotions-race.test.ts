import { describe, test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './harness/app.js';
import { testDbKinds } from './harness/databases.js';
import { queryRows } from '../src/platform/db.js';
import { checkLedger, userAccount } from '../src/modules/wallet/index.js';

const TITLE = { fa: 'مسابقه', ar: 'سباق', en: 'Race' };
const CONTENDERS = 12;

/**
 * PAY-4 usage limits under concurrency. On PostgreSQL every contender runs in its own pooled
 * connection and transaction, so the row lock on the promotion is what keeps the counts right.
 */
for (const kind of testDbKinds()) {
  describe(`PAY-4 promotions under concurrency [${kind}]`, () => {
    let t: TestApp;
    let admin = '';
    const users: string[] = [];
    before(async () => {
      t = await createTestApp(kind);
      admin = (await t.signIn('09120000001')).token;
      for (let i = 0; i < CONTENDERS; i++) {
        const id = `usr_race_${String(i).padStart(2, '0')}`;
        await t.db.db.execute(sql`INSERT INTO users (id, mobile, roles) VALUES (${id}, ${`0914777${String(i).padStart(4, '0')}`}, ARRAY['customer'])`);
        users.push(id);
      }
    });
    after(async () => { await t?.close(); });
    afterEach(async () => {
      const report = await checkLedger(t.db.db);
      assert.ok(report.ok, JSON.stringify(report.violations));
      // Every counter equals what it counts: redemptions in force plus gift grants.
      const drift = await queryRows(t.db.db, sql`
        SELECT p.id, p.used_count,
          (SELECT count(*) FROM promotion_redemptions r WHERE r.promotion_id = p.id AND r.status = 'redeemed')
          + (SELECT count(*) FROM promotion_gift_grants g WHERE g.promotion_id = p.id) AS counted
        FROM promotions p
        WHERE p.used_count <> (SELECT count(*) FROM promotion_redemptions r WHERE r.promotion_id = p.id AND r.status = 'redeemed')
          + (SELECT count(*) FROM promotion_gift_grants g WHERE g.promotion_id = p.id)`);
      assert.deepEqual(drift, []);
      const overLimit = await queryRows(t.db.db, sql`SELECT id FROM promotions WHERE total_usage_limit IS NOT NULL AND used_count > total_usage_limit`);
      assert.deepEqual(overLimit, []);
    });

    const create = async (body: Record<string, unknown>) => {
      const res = await t.call('POST', '/v1/ops/promotions', { token: admin, body: { title: TITLE, audience: 'public', ...body } });
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as { id: string };
    };
    const redeem = (promotionId: string, userId: string, key: string) =>
      t.db.db.transaction((tx) => t.app.modules.promotions.redeem(tx, {
        promotionId, userId, serviceCode: 'car_ride', amountRials: 800_000n, reference: { type: 'order', id: `ord_${key}` }, idempotencyKey: key,
      }));
    const outcome = async (runs: Array<Promise<unknown>>) => {
      const settled = await Promise.allSettled(runs);
      const codes = settled.filter((s) => s.status === 'rejected').map((s) => (s as PromiseRejectedResult).reason?.code ?? String((s as PromiseRejectedResult).reason));
      return { won: settled.filter((s) => s.status === 'fulfilled').length, codes };
    };

    test('PAY-4 two users racing for the last use: exactly one wins', async () => {
      for (let round = 0; round < 5; round++) {
        const p = await create({ code: `LAST${round}X`, benefit: { type: 'fixed', amountRials: '10000' }, totalUsageLimit: 1 });
        const { won, codes } = await outcome([redeem(p.id, users[0], `last-${round}-a`), redeem(p.id, users[1], `last-${round}-b`)]);
        assert.equal(won, 1, `round ${round}`);
        assert.deepEqual(codes, ['PROMO_USAGE_LIMIT']);
      }
    });

    test('PAY-4 twelve users racing for five uses: exactly five win', async () => {
      const p = await create({ code: 'FIVEUSES', benefit: { type: 'percent', percent: '10', maxDiscountRials: '50000' }, totalUsageLimit: 5 });
      const { won, codes } = await outcome(users.map((u, i) => redeem(p.id, u, `five-uses-${i}`)));
      assert.equal(won, 5, codes.join(','));
      assert.deepEqual(new Set(codes), new Set(['PROMO_USAGE_LIMIT']));
      const [{ n }] = await queryRows<{ n: number }>(t.db.db, sql`SELECT used_count AS n FROM promotions WHERE id = ${p.id}`);
      assert.equal(n, 5);
    });

    test('PAY-4 one user placing several orders at once gets the per-user limit, no more', async () => {
      const p = await create({ code: 'ONCEEACH', benefit: { type: 'fixed', amountRials: '15000' }, perUserLimit: 2 });
      const { won, codes } = await outcome(Array.from({ length: 6 }, (_, i) => redeem(p.id, users[2], `onceeach-${i}`)));
      assert.equal(won, 2);
      assert.deepEqual(new Set(codes), new Set(['PROMO_USER_LIMIT']));
    });

    test('PAY-4 the same redemption retried at once is consumed once; a double release counts back once', async () => {
      const p = await create({ code: 'RETRYME', benefit: { type: 'fixed', amountRials: '15000' }, perUserLimit: 5 });
      const results = await Promise.all(Array.from({ length: 5 }, () => redeem(p.id, users[3], 'retryme-same-key')));
      assert.equal(new Set(results.map((r) => r.redemptionId)).size, 1);
      assert.equal(results.filter((r) => !r.replayed).length, 1);
      const releases = await Promise.all(Array.from({ length: 4 }, () =>
        t.db.db.transaction((tx) => t.app.modules.promotions.release(tx, { redemptionId: results[0].redemptionId }))));
      assert.equal(releases.flatMap((r) => r.released).length, 1);
      const [{ n }] = await queryRows<{ n: number }>(t.db.db, sql`SELECT used_count AS n FROM promotions WHERE id = ${p.id}`);
      assert.equal(n, 0);
    });

    test('PAY-4 concurrent gift claims by one user credit the gift account exactly once', async () => {
      await create({ code: 'GIFTRACE', benefit: { type: 'gift_credit', amountRials: '70000' } });
      const me = await t.signIn('09140000101');
      const claim = (key: string) => t.call('POST', '/v1/promotions/claim', { token: me.token, body: { code: 'giftrace' }, headers: { 'idempotency-key': key } });
      const different = await Promise.all(Array.from({ length: 6 }, (_, i) => claim(`giftrace-key-${i}`)));
      assert.equal(different.filter((r) => r.statusCode === 201).length, 1, different.map((r) => r.body).join('\n'));
      assert.ok(different.filter((r) => r.statusCode !== 201).every((r) => r.statusCode === 409 && r.json().error.code === 'PROMO_ALREADY_CLAIMED'));
      const balance = await t.app.modules.ledger.balance(t.db.db, userAccount(me.userId, 'customer_gift'));
      assert.equal(balance.balanceRials, 70_000n);

      await create({ code: 'GIFTRACE2', benefit: { type: 'gift_credit', amountRials: '5000' } });
      const me2 = await t.signIn('09140000102');
      const same = await Promise.all(Array.from({ length: 6 }, () =>
        t.call('POST', '/v1/promotions/claim', { token: me2.token, body: { code: 'GIFTRACE2' }, headers: { 'idempotency-key': 'giftrace2-one-key' } })));
      assert.ok(same.every((r) => r.statusCode === 201), same.map((r) => r.body).join('\n'));
      assert.equal(new Set(same.map((r) => r.json().id)).size, 1, 'one grant, replayed to every retry');
      assert.equal((await t.app.modules.ledger.balance(t.db.db, userAccount(me2.userId, 'customer_gift'))).balanceRials, 5_000n);
    });

    test('PAY-4 users racing for the last gift credit: exactly one is credited', async () => {
      const p = await create({ code: 'LASTGIFT', benefit: { type: 'gift_credit', amountRials: '9000' }, totalUsageLimit: 1 });
      const { won, codes } = await outcome(users.slice(4, 10).map((u) => t.app.modules.promotions.claim(u, { code: 'LASTGIFT' })));
      assert.equal(won, 1);
      assert.deepEqual(new Set(codes), new Set(['PROMO_USAGE_LIMIT']));
      const [{ total }] = await queryRows<{ total: string }>(t.db.db, sql`SELECT COALESCE(sum(amount_rials), 0)::text AS total FROM promotion_gift_grants WHERE promotion_id = ${p.id}`);
      assert.equal(total, '9000');
    });
  });
}
