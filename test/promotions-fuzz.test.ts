import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './harness/app.js';
import { testDbKinds } from './harness/databases.js';
import { queryRows } from '../src/platform/db.js';
import { checkLedger } from '../src/modules/wallet/index.js';

const TITLE = { fa: 'آزمون', ar: 'اختبار', en: 'Fuzz' };
type Body = Record<string, unknown>;
type Mutation = (b: Body) => void;

/** Invalid changes to a valid apply body; any one of them must give a 4xx. */
const APPLY_MUTATIONS: Mutation[] = [
  (b) => { b.serviceCode = 'teleport'; },
  (b) => { b.serviceCode = ''; },
  (b) => { b.serviceCode = 42; },
  (b) => { delete b.serviceCode; },
  (b) => { b.amountRials = '-1'; },
  (b) => { b.amountRials = '1.5'; },
  (b) => { b.amountRials = '1e5'; },
  (b) => { b.amountRials = '1234567890123456789'; },
  (b) => { b.amountRials = 100000; },
  (b) => { b.amountRials = null; },
  (b) => { delete b.amountRials; },
  (b) => { b.code = 'ab'; },
  (b) => { b.code = 'نوروز'; },
  (b) => { b.code = 'X'.repeat(65); },
  (b) => { b.code = 'NO-SUCH-CODE'; },
  (b) => { b.code = ''; },
  (b) => { b.quantity = 0; },
  (b) => { b.quantity = 1.5; },
  (b) => { b.cityId = ''; },
  (b) => { b.isAdmin = true; },
];

/** Invalid changes to a valid create body. */
const CREATE_MUTATIONS: Mutation[] = [
  (b) => { b.benefit = { type: 'percent', percent: '0' }; },
  (b) => { b.benefit = { type: 'percent', percent: '100.5' }; },
  (b) => { b.benefit = { type: 'percent', percent: '12.345' }; },
  (b) => { b.benefit = { type: 'percent', percent: 10 }; },
  (b) => { b.benefit = { type: 'percent', percent: '10', maxDiscountRials: '0' }; },
  (b) => { b.benefit = { type: 'fixed', amountRials: '0' }; },
  (b) => { b.benefit = { type: 'fixed', amountRials: '-5' }; },
  (b) => { b.benefit = { type: 'cashback', amountRials: '5' }; },
  (b) => { b.benefit = { type: 'gift_credit', amountRials: '5', validDays: 0 }; },
  (b) => { b.benefit = { type: 'gift_credit', amountRials: '5' }; b.serviceCodes = ['car_ride']; },
  (b) => { b.benefit = { type: 'gift_credit', amountRials: '5' }; b.minOrderRials = '100'; },
  (b) => { b.code = 'ab'; },
  (b) => { b.code = 'کد۱۲۳'; },
  (b) => { b.code = 'FUZZBASE'; },
  (b) => { b.audience = 'everyone'; },
  (b) => { b.audience = 'personal'; delete b.userIds; },
  // Users named on a public promotion (said explicitly: after a "personal" mutation above this
  // would otherwise make the body valid again).
  (b) => { b.audience = 'public'; b.userIds = ['usr_demo_customer_1']; },
  (b) => { b.audience = 'personal'; b.userIds = ['usr_nobody_here']; },
  (b) => { b.serviceCodes = ['teleport']; },
  (b) => { b.cityIds = ['cty_atlantis']; },
  (b) => { b.startsAt = 'tomorrow'; },
  (b) => { b.startsAt = '2030-01-02T00:00:00Z'; b.endsAt = '2030-01-01T00:00:00Z'; },
  (b) => { b.endsAt = '2001-01-01T00:00:00Z'; },
  (b) => { b.totalUsageLimit = -1; },
  (b) => { b.totalUsageLimit = 1.5; },
  (b) => { b.perUserLimit = 0; },
  (b) => { b.title = { fa: 'فقط فارسی' }; },
  (b) => { b.title = { fa: '', ar: 'a', en: 'b' }; },
  (b) => { b.conditions = [{ type: 'birthday' }]; },
  (b) => { b.conditions = [{ type: 'min_quantity', quantity: 1 }]; },
  (b) => { b.conditions = [{ type: 'min_past_volume', amountRials: '1', days: 30, serviceCodes: ['teleport'] }]; },
  (b) => { b.usedCount = 0; },
  (b) => { b.reason = 'x'; },
];

/** Invalid patches of an existing code promotion. */
const PATCH_MUTATIONS: Mutation[] = [
  (b) => { b.benefit = { type: 'gift_credit', amountRials: '5' }; },
  (b) => { b.benefit = { type: 'fixed', amountRials: '0' }; },
  (b) => { b.code = 'a'; },
  (b) => { b.expectedVersion = 999; },
  (b) => { b.addUserIds = ['usr_demo_customer_1']; },
  (b) => { b.removeUserIds = ['usr_demo_customer_1']; },
  (b) => { b.startsAt = '2030-01-02T00:00:00Z'; b.endsAt = '2030-01-01T00:00:00Z'; },
  (b) => { b.serviceCodes = ['teleport']; },
  (b) => { b.status = 'active'; },
  (b) => { b.audience = 'personal'; },
  (b) => { b.perUserLimit = -3; },
];

const mutated = (base: () => Body, mutations: Mutation[]) =>
  fc.uniqueArray(fc.integer({ min: 0, max: mutations.length - 1 }), { minLength: 1, maxLength: 3 }).map((picks) => {
    const b = base();
    for (const i of picks) mutations[i](b);
    return { body: b, picks };
  });

for (const kind of testDbKinds()) {
  describe(`PAY-4 invalid input changes nothing [${kind}]`, () => {
    let t: TestApp;
    let admin = '';
    let c1 = '';
    let c2 = '';
    let baseId = '';
    let giftId = '';
    const snapshot = async () => (await queryRows(t.db.db, sql`SELECT
      (SELECT count(*) FROM promotions)::int AS promotions, (SELECT COALESCE(sum(used_count), 0) FROM promotions)::int AS used,
      (SELECT COALESCE(sum(version), 0) FROM promotions)::int AS versions, (SELECT count(*) FROM promotion_users)::int AS owners,
      (SELECT count(*) FROM promotion_redemptions)::int AS redemptions, (SELECT count(*) FROM promotion_gift_grants)::int AS grants,
      (SELECT count(*) FROM ledger_transfers)::int AS transfers, (SELECT count(*) FROM audit_log)::int AS audit`))[0];
    const expect4xx = (res: { statusCode: number; body: string }, what: unknown) => {
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${res.statusCode} for ${JSON.stringify(what)}: ${res.body}`);
      assert.match(JSON.parse(res.body).error.code, /^[A-Z][A-Z0-9_]+$/);
    };

    before(async () => {
      t = await createTestApp(kind);
      admin = (await t.signIn('09120000001')).token;
      c1 = (await t.signIn('09140000101')).token;
      c2 = (await t.signIn('09140000102')).token;
      const base = await t.call('POST', '/v1/ops/promotions', { token: admin, body: { title: TITLE, audience: 'public', code: 'FUZZBASE', benefit: { type: 'fixed', amountRials: '1000' } } });
      const gift = await t.call('POST', '/v1/ops/promotions', { token: admin, body: { title: TITLE, audience: 'public', code: 'FUZZGIFT', benefit: { type: 'gift_credit', amountRials: '1000' } } });
      [baseId, giftId] = [base.json().id, gift.json().id];
    });
    after(async () => {
      const report = await checkLedger(t.db.db);
      assert.ok(report.ok, JSON.stringify(report.violations));
      await t?.close();
    });

    test('PAY-4 invalid previews get a 4xx with a code', async () => {
      const before = await snapshot();
      await fc.assert(fc.asyncProperty(mutated(() => ({ serviceCode: 'car_ride', amountRials: '100000', code: 'fuzzbase' }), APPLY_MUTATIONS), async ({ body }) => {
        expect4xx(await t.call('POST', '/v1/promotions/apply', { token: c1, body }), body);
      }), { numRuns: 40 });
      const raw = await t.call('POST', '/v1/promotions/apply', { token: c1, body: '{"serviceCode":', headers: { 'content-type': 'application/json' } });
      expect4xx(raw, 'broken JSON');
      assert.deepEqual(await snapshot(), before);
    });

    test('PAY-4 invalid claims get a 4xx with a code and credit nothing', async () => {
      const before = await snapshot();
      const bodies = fc.oneof(
        fc.constant({}), fc.constant({ code: 'FUZZGIFT', promotionId: giftId }), fc.record({ code: fc.string({ maxLength: 70 }) }),
        fc.record({ promotionId: fc.string({ maxLength: 70 }) }), fc.constant({ code: 'FUZZBASE' }), fc.constant({ code: 'FUZZGIFT', amountRials: '999999' }),
      );
      await fc.assert(fc.asyncProperty(bodies, async (body) => {
        expect4xx(await t.call('POST', '/v1/promotions/claim', { token: c2, body }), body);
      }), { numRuns: 35 });
      for (const key of ['short', 'has space in it', 'ÿ'.repeat(20), 'k'.repeat(101)]) {
        expect4xx(await t.call('POST', '/v1/promotions/claim', { token: c2, body: { code: 'FUZZGIFT' }, headers: { 'idempotency-key': key } }), key);
      }
      assert.deepEqual(await snapshot(), before);
    });

    test('PAY-4 invalid ops creations and changes get a 4xx and write no audit entry', async () => {
      const before = await snapshot();
      const valid = () => ({ title: { ...TITLE }, audience: 'public', code: `FZ${Math.random().toString(36).slice(2, 10)}`, benefit: { type: 'fixed', amountRials: '1000' } } as Body);
      await fc.assert(fc.asyncProperty(mutated(valid, CREATE_MUTATIONS), async ({ body }) => {
        expect4xx(await t.call('POST', '/v1/ops/promotions', { token: admin, body }), body);
      }), { numRuns: 60 });
      await fc.assert(fc.asyncProperty(mutated(() => ({ totalUsageLimit: 10 }), PATCH_MUTATIONS), async ({ body }) => {
        expect4xx(await t.call('PATCH', `/v1/ops/promotions/${baseId}`, { token: admin, body }), body);
      }), { numRuns: 30 });
      await fc.assert(fc.asyncProperty(fc.string({ minLength: 1, maxLength: 80 }), fc.constantFrom('suspend', 'resume', 'cancel'), async (id, action) => {
        expect4xx(await t.call('POST', `/v1/ops/promotions/${encodeURIComponent(id)}/${action}`, { token: admin, body: { reason: 'fuzzing ids' } }), id);
      }), { numRuns: 20 });
      expect4xx(await t.call('POST', `/v1/ops/promotions/${baseId}/resume`, { token: admin, body: { reason: 'not suspended' } }), 'resume active');
      expect4xx(await t.call('POST', `/v1/ops/promotions/${baseId}/suspend`, { token: admin, body: { reason: 'x' } }), 'short reason');
      expect4xx(await t.call('GET', '/v1/ops/promotions?limit=0', { token: admin }), 'limit 0');
      expect4xx(await t.call('GET', '/v1/ops/promotions?status=paused', { token: admin }), 'status');
      expect4xx(await t.call('GET', '/v1/ops/promotions/prm_nope_nope', { token: admin }), 'unknown id');
      assert.deepEqual(await snapshot(), before);
    });

    test('PAY-4 the service API refuses bad calls from other modules with clear codes', async () => {
      const before = await snapshot();
      const promos = t.app.modules.promotions;
      const code = async (p: Promise<unknown>) => p.then(() => 'OK', (e: { code?: string; type?: string }) => `${e.type}:${e.code}`);
      const redeem = (input: Record<string, unknown>) => t.db.db.transaction((tx) => promos.redeem(tx, {
        promotionId: baseId, userId: 'usr_demo_customer_1', serviceCode: 'car_ride', amountRials: 5000n, reference: { type: 'order', id: 'ord_x' }, idempotencyKey: 'fuzz-redeem-1', ...input,
      }));
      assert.equal(await code(promos.applyToQuote({ userId: 'usr_demo_customer_1', serviceCode: 'car_ride', amountRials: -1n })), 'validation:AMOUNT_INVALID');
      assert.equal(await code(redeem({ idempotencyKey: 'k' })), 'validation:IDEMPOTENCY_KEY_INVALID');
      assert.equal(await code(redeem({ discountRials: 6000n })), 'validation:REDEMPTION_INVALID');
      assert.equal(await code(redeem({ discountRials: -1n })), 'validation:REDEMPTION_INVALID');
      assert.equal(await code(redeem({ amountRials: -5n })), 'validation:AMOUNT_INVALID');
      assert.equal(await code(redeem({ promotionId: giftId })), 'validation:PROMO_NOT_A_DISCOUNT');
      assert.equal(await code(redeem({ promotionId: 'prm_missing' })), 'not_found:PROMO_NOT_FOUND');
      assert.equal(await code(t.db.db.transaction((tx) => promos.release(tx, { redemptionId: 'prd_missing' }))), 'not_found:REDEMPTION_NOT_FOUND');
      assert.equal(await code(promos.claim('usr_demo_customer_1', { promotionId: baseId })), 'validation:PROMO_NOT_A_GIFT');
      assert.deepEqual(await snapshot(), before);
    });
  });
}
