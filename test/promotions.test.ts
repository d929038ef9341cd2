import { describe, test, before, after, afterEach, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './harness/app.js';
import { testDbKinds } from './harness/databases.js';
import { queryRows } from '../src/platform/db.js';
import { checkLedger, platformAccount, userAccount } from '../src/modules/wallet/index.js';

const TITLE = { fa: 'پیشنهاد آزمایشی', ar: 'عرض تجريبي', en: 'Test offer' };
const DAY_MS = 86_400_000;
// Tests move the clock by hours; access tokens live a day here (the expiry tests sign in again).
const LONG_TOKENS = { ACCESS_TOKEN_TTL_SECONDS: '86400' };

/** Shared helpers over one test app: an ops admin and three demo customers. */
function promoHelpers(getT: () => TestApp) {
  const s = { admin: '', c1: { token: '', userId: '' }, c2: { token: '', userId: '' }, c3: { token: '', userId: '' } };
  const h = {
    s,
    async signInAll() {
      const t = getT();
      s.admin = (await t.signIn('09120000001')).token;
      s.c1 = await t.signIn('09140000101');
      s.c2 = await t.signIn('09140000102');
      s.c3 = await t.signIn('09140000103');
    },
    async create(body: Record<string, unknown>) {
      const res = await getT().call('POST', '/v1/ops/promotions', { token: s.admin, body: { title: TITLE, audience: 'public', ...body } });
      assert.equal(res.statusCode, 201, res.body);
      return res.json();
    },
    apply: (token: string, body: Record<string, unknown>) => getT().call('POST', '/v1/promotions/apply', { token, body }),
    claim: (token: string, body: Record<string, unknown>, key?: string) =>
      getT().call('POST', '/v1/promotions/claim', { token, body, headers: key ? { 'idempotency-key': key } : {} }),
    ops: (method: 'POST' | 'PATCH' | 'GET', url: string, body?: unknown) => getT().call(method, url, { token: s.admin, body }),
    redeem: (promotionId: string, userId: string, key: string, extra: Record<string, unknown> = {}) =>
      getT().db.db.transaction((tx) => getT().app.modules.promotions.redeem(tx, {
        promotionId, userId, serviceCode: 'car_ride', amountRials: 1_000_000n, reference: { type: 'order', id: `ord_${key}` }, idempotencyKey: key, ...extra,
      })),
    giftBalance: async (userId: string) => (await getT().app.modules.ledger.balance(getT().db.db, userAccount(userId, 'customer_gift'))).balanceRials,
    async ledgerClean() {
      const report = await checkLedger(getT().db.db);
      assert.ok(report.ok, JSON.stringify(report.violations));
    },
  };
  return h;
}

async function rejects(p: Promise<unknown>, code: string) {
  await assert.rejects(p, (err: { code?: string }) => err.code === code || assert.fail(`expected ${code}, got ${err.code}: ${String(err)}`));
}

for (const kind of testDbKinds()) {
  describe(`PAY-4 promotions: discounts [${kind}]`, () => {
    let t: TestApp;
    const h = promoHelpers(() => t);
    before(async () => { t = await createTestApp(kind, { env: LONG_TOKENS }); await h.signInAll(); });
    after(async () => { await t?.close(); });
    afterEach(async () => { await h.ledgerClean(); });

    test('PAY-4 a percentage code takes its share with a cap, rounded half down; codes are case-insensitive with Persian digits', async () => {
      await h.create({ code: 'Save۱۲', benefit: { type: 'percent', percent: '12.5', maxDiscountRials: '50000' } });
      const a = await h.apply(h.s.c1.token, { serviceCode: 'car_ride', amountRials: '100004', code: 'save12' });
      assert.equal(a.statusCode, 200, a.body);
      assert.deepEqual([a.json().discountRials, a.json().finalRials], ['12500', '87504'], '12500.5 rounds down');
      const b = await h.apply(h.s.c1.token, { serviceCode: 'car_ride', amountRials: '100013', code: 'SAVE۱۲' });
      assert.equal(b.json().discountRials, '12502', '12501.625 rounds up');
      const capped = await h.apply(h.s.c1.token, { serviceCode: 'car_ride', amountRials: '10000000', code: ' sAvE١٢ ' });
      assert.deepEqual([capped.json().discountRials, capped.json().finalRials], ['50000', '9950000']);
      assert.equal(capped.json().promotion.benefit.percent, '12.5');
    });

    test('PAY-4 a fixed discount never makes a price negative', async () => {
      await h.create({ code: 'FIXED300', benefit: { type: 'fixed', amountRials: '300000' } });
      const small = await h.apply(h.s.c1.token, { serviceCode: 'moto_parcel', amountRials: '200000', code: 'fixed300' });
      assert.deepEqual([small.json().discountRials, small.json().finalRials], ['200000', '0']);
      const big = await h.apply(h.s.c1.token, { serviceCode: 'moto_parcel', amountRials: '900000', code: 'fixed300' });
      assert.deepEqual([big.json().discountRials, big.json().finalRials], ['300000', '600000']);
    });

    test('PAY-4 the validity window is read from the injected clock: not started, open, expired', async () => {
      const now = t.clock.now().getTime();
      await h.create({ code: 'WINDOW1', benefit: { type: 'fixed', amountRials: '1000' }, startsAt: new Date(now + 3_600_000).toISOString(), endsAt: new Date(now + 7_200_000).toISOString() });
      const body = { serviceCode: 'car_ride', amountRials: '50000', code: 'WINDOW1' };
      const early = await h.apply(h.s.c1.token, body);
      assert.equal(early.statusCode, 409);
      assert.equal(early.json().error.code, 'PROMO_NOT_STARTED');
      t.clock.advance(3_600_000);
      assert.equal((await h.apply(h.s.c1.token, body)).json().discountRials, '1000');
      t.clock.advance(3_600_000);
      const late = await h.apply(h.s.c1.token, body);
      assert.equal(late.json().error.code, 'PROMO_EXPIRED');
    });

    test('PAY-4 service, city and minimum-amount scope each refuse with their own code', async () => {
      await h.create({ code: 'PARCELS', benefit: { type: 'percent', percent: '10' }, serviceCodes: ['moto_parcel', 'van_parcel'], cityIds: ['cty_tabriz'], minOrderRials: '500000' });
      const wrongService = await h.apply(h.s.c1.token, { serviceCode: 'car_ride', amountRials: '900000', code: 'parcels' });
      assert.equal(wrongService.statusCode, 400);
      assert.equal(wrongService.json().error.code, 'PROMO_SERVICE_MISMATCH');
      const small = await h.apply(h.s.c1.token, { serviceCode: 'moto_parcel', amountRials: '499999', code: 'parcels' });
      assert.equal(small.json().error.code, 'PROMO_MIN_AMOUNT');
      const otherCity = await h.apply(h.s.c1.token, { serviceCode: 'moto_parcel', amountRials: '900000', code: 'parcels', cityId: 'cty_elsewhere' });
      assert.equal(otherCity.json().error.code, 'PROMO_CITY_MISMATCH');
      const ok = await h.apply(h.s.c1.token, { serviceCode: 'van_parcel', amountRials: '900000', code: 'parcels' });
      assert.equal(ok.json().discountRials, '90000', 'the city comes from the profile when not given');
      const unknown = await h.apply(h.s.c1.token, { serviceCode: 'teleport', amountRials: '900000', code: 'parcels' });
      assert.equal(unknown.json().error.code, 'SERVICE_UNKNOWN');
    });

    test('PAY-4 usage limits: a preview uses nothing, redeem uses one, release counts it back', async () => {
      const p = await h.create({ code: 'TWICE', benefit: { type: 'fixed', amountRials: '20000' }, totalUsageLimit: 2, perUserLimit: 1 });
      const body = { serviceCode: 'car_ride', amountRials: '100000', code: 'twice' };
      for (let i = 0; i < 3; i++) assert.equal((await h.apply(h.s.c1.token, body)).statusCode, 200, 'previews are free');
      const first = await h.redeem(p.id, h.s.c1.userId, 'twice-c1-a');
      assert.equal(first.discountRials, 20_000n, 'recomputed when the caller passes no quoted discount');
      const again = await h.redeem(p.id, h.s.c1.userId, 'twice-c1-a');
      assert.deepEqual([again.replayed, again.redemptionId], [true, first.redemptionId], 'same key: the first redemption');
      await rejects(h.redeem(p.id, h.s.c1.userId, 'twice-c1-b'), 'PROMO_USER_LIMIT');
      assert.equal((await h.apply(h.s.c1.token, body)).json().error.code, 'PROMO_USER_LIMIT');
      const second = await h.redeem(p.id, h.s.c2.userId, 'twice-c2-a');
      assert.equal((await h.apply(h.s.c3.token, body)).json().error.code, 'PROMO_USAGE_LIMIT');
      await rejects(h.redeem(p.id, h.s.c3.userId, 'twice-c3-a'), 'PROMO_USAGE_LIMIT');
      const released = await t.db.db.transaction((tx) => t.app.modules.promotions.release(tx, { reference: { type: 'order', id: 'ord_twice-c2-a' } }));
      assert.deepEqual(released.released, [second.redemptionId]);
      const twice = await t.db.db.transaction((tx) => t.app.modules.promotions.release(tx, { redemptionId: second.redemptionId }));
      assert.deepEqual(twice.released, [], 'releasing again changes nothing');
      await h.redeem(p.id, h.s.c3.userId, 'twice-c3-b');
      const stats = (await h.ops('GET', `/v1/ops/promotions/${p.id}/stats`)).json();
      assert.deepEqual([stats.usedCount, stats.redemptions, stats.released, stats.discountRials, stats.uniqueUsers], [2, 2, 1, '40000', 2]);
      await rejects(h.redeem(p.id, h.s.c3.userId, 'twice-c1-a'), 'IDEMPOTENCY_KEY_REUSED');
    });

    test('PAY-4 a redemption honours the quoted discount and a refusal leaves the caller\'s transaction usable', async () => {
      const p = await h.create({ code: 'QUOTED', benefit: { type: 'percent', percent: '10' } });
      const quote = await t.app.modules.promotions.applyToQuote({ userId: h.s.c2.userId, serviceCode: 'moto_ride', cityId: 'cty_tabriz', amountRials: 333_335n, code: 'quoted' });
      assert.equal(quote.discountRials, 33_333n, '33333.5 rounds down');
      await h.ops('PATCH', `/v1/ops/promotions/${p.id}`, { benefit: { type: 'percent', percent: '50' } });
      const r = await t.db.db.transaction((tx) => t.app.modules.promotions.redeem(tx, { ...quote.hold!, reference: { type: 'order', id: 'ord_quoted' }, idempotencyKey: 'quoted-1' }));
      assert.equal(r.discountRials, 33_333n, 'the order keeps the quoted price (ORD-2)');
      const n = await t.db.db.transaction(async (tx) => {
        await rejects(t.app.modules.promotions.redeem(tx, { ...quote.hold!, reference: { type: 'order', id: 'ord_quoted2' }, idempotencyKey: 'quoted-2' }), 'PROMO_USER_LIMIT');
        return (await queryRows<{ n: number }>(tx, sql`SELECT used_count AS n FROM promotions WHERE id = ${p.id}`))[0].n;
      });
      assert.equal(n, 1);
    });

    test('PAY-4 a personal package is refused for another user and is not transferable', async () => {
      const p = await h.create({ code: 'ONLYC1', audience: 'personal', userIds: [h.s.c1.userId], benefit: { type: 'fixed', amountRials: '70000' }, announce: true });
      assert.deepEqual(p.userIds, [h.s.c1.userId]);
      const other = await h.apply(h.s.c2.token, { serviceCode: 'car_ride', amountRials: '500000', code: 'onlyc1' });
      assert.equal(other.statusCode, 403);
      assert.equal(other.json().error.code, 'PROMO_NOT_YOURS');
      await rejects(h.redeem(p.id, h.s.c2.userId, 'onlyc1-c2'), 'PROMO_NOT_YOURS');
      assert.equal((await h.apply(h.s.c1.token, { serviceCode: 'car_ride', amountRials: '500000', code: 'onlyc1' })).json().discountRials, '70000');
      const mine1 = (await t.call('GET', '/v1/promotions/mine', { token: h.s.c1.token })).json();
      const mine2 = (await t.call('GET', '/v1/promotions/mine', { token: h.s.c2.token })).json();
      assert.ok(mine1.offers.some((o: { id: string; code: string }) => o.id === p.id && o.code === 'ONLYC1'));
      assert.ok(!mine2.offers.some((o: { id: string }) => o.id === p.id));
      assert.match((await t.lastSms('09140000101')) ?? '', /پیشنهاد ویژه/);
    });

    test('PAY-4 suspended and cancelled offers are refused at once; FRD-3 every ops change is audited', async () => {
      const p = await h.create({ code: 'STOPME', benefit: { type: 'fixed', amountRials: '5000' }, reason: 'spring campaign' });
      const body = { serviceCode: 'errand', amountRials: '100000', code: 'stopme' };
      assert.equal((await h.ops('POST', `/v1/ops/promotions/${p.id}/suspend`, { reason: 'abuse reported' })).statusCode, 200);
      assert.equal((await h.apply(h.s.c1.token, body)).json().error.code, 'PROMO_SUSPENDED');
      await rejects(h.redeem(p.id, h.s.c1.userId, 'stopme-1', { serviceCode: 'errand' }), 'PROMO_SUSPENDED');
      assert.equal((await h.ops('POST', `/v1/ops/promotions/${p.id}/resume`, { reason: 'checked' })).statusCode, 200);
      assert.equal((await h.apply(h.s.c1.token, body)).json().discountRials, '5000');
      const patched = await h.ops('PATCH', `/v1/ops/promotions/${p.id}`, { expectedVersion: 3, benefit: { type: 'fixed', amountRials: '6000' }, reason: 'raise' });
      assert.equal(patched.statusCode, 200, patched.body);
      const stale = await h.ops('PATCH', `/v1/ops/promotions/${p.id}`, { expectedVersion: 3, totalUsageLimit: 5 });
      assert.equal(stale.json().error.code, 'PROMO_VERSION_CONFLICT');
      assert.equal((await h.ops('POST', `/v1/ops/promotions/${p.id}/cancel`, { reason: 'campaign over' })).statusCode, 200);
      assert.equal((await h.apply(h.s.c1.token, body)).json().error.code, 'PROMO_CANCELLED');
      const resume = await h.ops('POST', `/v1/ops/promotions/${p.id}/resume`, { reason: 'oops' });
      assert.equal(resume.statusCode, 409);
      assert.equal(resume.json().error.code, 'PROMO_STATUS_CONFLICT');
      const audit = (await h.ops('GET', `/v1/ops/audit?targetType=promotion&targetId=${p.id}`)).json();
      assert.deepEqual(audit.items.map((e: { action: string }) => e.action).reverse(), ['promotion.create', 'promotion.suspend', 'promotion.resume', 'promotion.update', 'promotion.cancel']);
      const update = audit.items.find((e: { action: string }) => e.action === 'promotion.update');
      assert.deepEqual([update.before.benefit.amountRials, update.after.benefit.amountRials, update.reason], ['5000', '6000', 'raise']);
      assert.ok(audit.items.every((e: { actorId: string }) => e.actorId === 'usr_demo_ops_admin'));
      const again = await h.create({ code: 'stopme', benefit: { type: 'fixed', amountRials: '1000' } });
      assert.equal(again.code, 'STOPME', 'a cancelled offer frees its code');
      const dup = await t.call('POST', '/v1/ops/promotions', { token: h.s.admin, body: { title: TITLE, audience: 'public', code: 'StopMe', benefit: { type: 'fixed', amountRials: '1' } } });
      assert.equal(dup.json().error.code, 'PROMO_CODE_TAKEN');
    });

    test('PAY-4 automatic campaigns apply without a code and the best one wins', async () => {
      const pct = await h.create({ benefit: { type: 'percent', percent: '5' }, serviceCodes: ['moving'] });
      const fixed = await h.create({ benefit: { type: 'fixed', amountRials: '100000' }, serviceCodes: ['moving'] });
      const bulk = await h.create({ benefit: { type: 'percent', percent: '20' }, serviceCodes: ['moving'], conditions: [{ type: 'min_quantity', quantity: 3 }] });
      const body = { serviceCode: 'moving', amountRials: '1000000' };
      assert.equal((await h.apply(h.s.c1.token, body)).json().promotionId, fixed.id);
      assert.equal((await h.apply(h.s.c1.token, { ...body, quantity: 3 })).json().promotionId, bulk.id, 'bulk discount from 3 items');
      await h.ops('POST', `/v1/ops/promotions/${fixed.id}/suspend`, { reason: 'budget spent' });
      const now = (await h.apply(h.s.c1.token, body)).json();
      assert.deepEqual([now.promotionId, now.discountRials, now.finalRials], [pct.id, '50000', '950000']);
      const none = (await h.apply(h.s.c1.token, { serviceCode: 'car_ride', amountRials: '1000000' })).json();
      assert.deepEqual([none.promotionId, none.discountRials], [null, '0'], 'other services are untouched');
      for (const p of [pct, fixed, bulk]) await h.ops('POST', `/v1/ops/promotions/${p.id}/cancel`, { reason: 'test over' });
    });

    test('PAY-4 club tiers by past volume need a volume source (the rule model XPO-7 reuses)', async () => {
      const gold = await h.create({ benefit: { type: 'percent', percent: '3' }, serviceCodes: ['payment_order'], conditions: [{ type: 'min_past_volume', amountRials: '50000000', days: 90 }] });
      const body = { serviceCode: 'payment_order', amountRials: '2000000' };
      assert.equal((await h.apply(h.s.c2.token, body)).json().promotionId, null, 'volume unknown: not met');
      t.app.modules.promotions.setVolumeSource({ volumeRials: async (userId) => (userId === h.s.c2.userId ? 60_000_000n : 0n) });
      assert.equal((await h.apply(h.s.c2.token, body)).json().discountRials, '60000');
      assert.equal((await h.apply(h.s.c3.token, body)).json().promotionId, null);
      await h.ops('POST', `/v1/ops/promotions/${gold.id}/cancel`, { reason: 'test over' });
    });

    test('PAY-4 ops routes need ops_admin to change and ops roles to read', async () => {
      const body = { title: TITLE, audience: 'public', code: 'NOPE1', benefit: { type: 'fixed', amountRials: '1000' } };
      assert.equal((await t.call('POST', '/v1/ops/promotions', { token: h.s.c1.token, body })).statusCode, 403);
      assert.equal((await t.call('GET', '/v1/ops/promotions', { token: h.s.c1.token })).statusCode, 403);
      assert.equal((await t.call('POST', '/v1/promotions/apply', { body: { serviceCode: 'car_ride', amountRials: '1' } })).statusCode, 401);
      const list = (await h.ops('GET', '/v1/ops/promotions?status=active&trigger=code&limit=5')).json();
      assert.ok(list.total >= 1 && list.items.length <= 5 && list.items.every((p: { status: string; code: string }) => p.status === 'active' && p.code));
    });
  });

  describe(`PAY-4 promotions: gift credit [${kind}]`, () => {
    let t: TestApp;
    const h = promoHelpers(() => t);
    before(async () => { t = await createTestApp(kind, { env: LONG_TOKENS }); await h.signInAll(); });
    after(async () => { await t?.close(); });
    afterEach(async () => { await h.ledgerClean(); });

    test('PAY-4 a gift code credits the gift account once per user; the same Idempotency-Key replays it', async () => {
      const p = await h.create({ code: 'GIFT50', benefit: { type: 'gift_credit', amountRials: '500000' } });
      const first = await h.claim(h.s.c1.token, { code: 'gift۵۰' }, 'claim-key-0001');
      assert.equal(first.statusCode, 201, first.body);
      assert.equal(first.json().amountRials, '500000');
      assert.equal(await h.giftBalance(h.s.c1.userId), 500_000n);
      const replay = await h.claim(h.s.c1.token, { code: 'GIFT50' }, 'claim-key-0001');
      assert.equal(replay.statusCode, 201);
      assert.equal(replay.headers['idempotent-replayed'], 'true');
      assert.deepEqual(replay.json(), first.json());
      const twice = await h.claim(h.s.c1.token, { code: 'GIFT50' }, 'claim-key-0002');
      assert.equal(twice.statusCode, 409);
      assert.equal(twice.json().error.code, 'PROMO_ALREADY_CLAIMED');
      assert.equal((await h.claim(h.s.c1.token, { code: 'GIFT50' })).json().error.code, 'PROMO_ALREADY_CLAIMED');
      assert.equal(await h.giftBalance(h.s.c1.userId), 500_000n, 'credited exactly once');
      const [row] = await queryRows<{ reason: string; reference_id: string }>(t.db.db, sql`SELECT reason, reference_id FROM ledger_transfers WHERE id = ${(await t.app.modules.promotions.offersFor(h.s.c1.userId)).grants[0].ledgerTransferId}`);
      assert.deepEqual(row, { reason: 'promotion.gift', reference_id: p.id });
      const asDiscount = await h.apply(h.s.c1.token, { serviceCode: 'car_ride', amountRials: '100000', code: 'GIFT50' });
      assert.equal(asDiscount.json().error.code, 'PROMO_NOT_A_DISCOUNT');
      assert.match((await t.lastSms('09140000101')) ?? '', /اعتبار هدیه/);
    });

    test('PAY-4 gift credit: total limit, personal packages and claiming a code-less package by id', async () => {
      const limited = await h.create({ code: 'GIFTONE', benefit: { type: 'gift_credit', amountRials: '10000' }, totalUsageLimit: 1 });
      assert.equal((await h.claim(h.s.c2.token, { code: 'giftone' })).statusCode, 201);
      assert.equal((await h.claim(h.s.c3.token, { code: 'giftone' })).json().error.code, 'PROMO_USAGE_LIMIT');
      const personal = await h.create({ audience: 'personal', userIds: [h.s.c3.userId], benefit: { type: 'gift_credit', amountRials: '25000', validDays: 30 } });
      assert.equal((await h.claim(h.s.c2.token, { promotionId: personal.id })).json().error.code, 'PROMO_NOT_YOURS');
      const mine = (await t.call('GET', '/v1/promotions/mine', { token: h.s.c3.token })).json();
      assert.equal(mine.offers.find((o: { id: string }) => o.id === personal.id).state, 'available');
      const ok = await h.claim(h.s.c3.token, { promotionId: personal.id }, 'claim-personal-1');
      assert.equal(ok.json().expiresAt, new Date(t.clock.now().getTime() + 30 * DAY_MS).toISOString());
      const after = (await t.call('GET', '/v1/promotions/mine', { token: h.s.c3.token })).json();
      assert.equal(after.offers.find((o: { id: string }) => o.id === personal.id).state, 'claimed');
      assert.equal(after.giftCredits[0].amountRials, '25000');
      assert.deepEqual(after.giftCredits[0].title, personal.title, 'each gift credit says which promotion it came from');
      assert.equal((await h.claim(h.s.c3.token, { code: 'PARCELS1' })).json().error.code, 'PROMO_NOT_FOUND');
      assert.equal((await h.claim(h.s.c3.token, { code: 'GIFTONE' }, 'claim-personal-1')).json().error.code, 'IDEMPOTENCY_KEY_REUSED');
      const stats = (await h.ops('GET', `/v1/ops/promotions/${limited.id}/stats`)).json();
      assert.deepEqual([stats.usedCount, stats.giftGrants, stats.giftGrantedRials], [1, 1, '10000']);
    });

    test('PAY-4 gift credit is never cashable: a provider\'s settlement cannot pay out customer_gift', async () => {
      const courier = await t.signIn('09140000202'); // provider and customer
      const provider = { id: courier.userId, roles: ['provider', 'customer'] };
      const finance = { id: 'usr_demo_finance', roles: ['finance'] };
      await h.create({ code: 'NOCASH', benefit: { type: 'gift_credit', amountRials: '40000' } });
      assert.equal((await h.claim(courier.token, { code: 'NOCASH' })).statusCode, 201);
      const settlements = t.app.modules.settlements;
      await rejects(settlements.request(provider, 40_000n, 'nocash-settle-0001'), 'INSUFFICIENT_FUNDS');
      // Earnings in the provider wallet can be paid out; the gift credit stays where it is.
      await t.app.modules.ledger.transfer(t.db.db, { idempotencyKey: 'test-earnings-nocash', reason: 'order.earning', legs: [{ from: platformAccount('platform_revenue'), to: userAccount(courier.userId, 'provider_wallet'), amountRials: 30_000n }] });
      await rejects(settlements.request(provider, 30_001n, 'nocash-settle-0002'), 'INSUFFICIENT_FUNDS');
      const { settlement } = await settlements.request(provider, 30_000n, 'nocash-settle-0003');
      await settlements.approve(finance, settlement.id);
      await settlements.markPaid(finance, settlement.id, 'BANK-REF-0001');
      assert.equal(await h.giftBalance(courier.userId), 40_000n);
      const kinds = await queryRows<{ kind: string }>(t.db.db, sql`SELECT DISTINCT a.kind FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id WHERE e.transfer_id = ${settlement.holdTransferId} ORDER BY a.kind`);
      assert.deepEqual(kinds.map((k) => k.kind), ['bank', 'provider_wallet']);
      // Invariant over the whole ledger: no transfer moves gift credit into a cash account.
      const cashedOut = await queryRows(t.db.db, sql`
        SELECT e.transfer_id FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
        WHERE a.kind = 'customer_gift' AND e.amount_rials < 0 AND EXISTS (
          SELECT 1 FROM ledger_entries e2 JOIN ledger_accounts a2 ON a2.id = e2.account_id
          WHERE e2.transfer_id = e.transfer_id AND a2.kind IN ('bank', 'settlement_payable', 'cash_clearing', 'customer_wallet', 'provider_wallet'))`);
      assert.deepEqual(cashedOut, []);
      const giftLegs = await queryRows<{ kind: string }>(t.db.db, sql`
        SELECT DISTINCT a.kind FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
        JOIN ledger_transfers tr ON tr.id = e.transfer_id WHERE tr.reason = 'promotion.gift' ORDER BY a.kind`);
      assert.deepEqual(giftLegs.map((k) => k.kind), ['customer_gift', 'promotion_expense'], 'promotions credit customer_gift and nothing else');
    });
  });

  describe(`PAY-4 promotions: gift credit expiry [${kind}]`, () => {
    let t: TestApp;
    const h = promoHelpers(() => t);
    before(async () => { t = await createTestApp(kind, { env: LONG_TOKENS }); });
    beforeEach(async () => { await h.signInAll(); });
    after(async () => { await t?.close(); });
    afterEach(async () => { await h.ledgerClean(); });

    test('PAY-4 expiry reverses exactly the unused part of gift credit by a ledger transfer', async () => {
      const promos = t.app.modules.promotions;
      const u = h.s.c1.userId;
      await h.create({ code: 'EXPIRE10', benefit: { type: 'gift_credit', amountRials: '300000', validDays: 10 } });
      await h.create({ code: 'KEEPGIFT', benefit: { type: 'gift_credit', amountRials: '200000' } });
      const expiring = (await h.claim(h.s.c1.token, { code: 'expire10' })).json();
      await h.claim(h.s.c1.token, { code: 'keepgift' });
      // A purchase spends 100,000 of gift credit (the orders module does this through the ledger).
      await t.app.modules.ledger.transfer(t.db.db, { idempotencyKey: 'test-spend-gift-1', reason: 'order.fare', legs: [{ from: userAccount(u, 'customer_gift'), to: platformAccount('platform_revenue'), amountRials: 100_000n }] });
      assert.equal(await h.giftBalance(u), 400_000n);
      t.clock.advance(10 * DAY_MS - 60_000);
      assert.deepEqual((await promos.expireGiftCredits()).grantsExpired, 0, 'not yet');
      t.clock.advance(120_000);
      const run = await promos.expireGiftCredits();
      assert.deepEqual([run.grantsExpired, run.reversedRials, run.failures], [1, 200_000n, 0], 'the 100,000 spent came out of the expiring credit');
      assert.equal(await h.giftBalance(u), 200_000n, 'the lasting gift is intact');
      const grant = (await promos.offersFor(u)).grants.find((g) => g.id === expiring.id)!;
      assert.deepEqual([grant.status, grant.expiredRials], ['expired', 200_000n]);
      const [reversal] = await queryRows<{ reason: string; n: number }>(t.db.db, sql`SELECT reason, count(*)::int AS n FROM ledger_transfers WHERE id = ${grant.expiryTransferId} GROUP BY reason`);
      assert.deepEqual(reversal, { reason: 'promotion.gift_expired', n: 1 });
      const rerun = await promos.expireGiftCredits();
      assert.deepEqual([rerun.grantsExpired, rerun.reversedRials], [0, 0n], 'a second run changes nothing');
    });

    test('PAY-4 fully spent gift credit expires with nothing to reverse', async () => {
      const promos = t.app.modules.promotions;
      const u = h.s.c2.userId;
      await h.create({ code: 'SPENTALL', benefit: { type: 'gift_credit', amountRials: '50000', expiresAt: new Date(t.clock.now().getTime() + DAY_MS).toISOString() } });
      await h.claim(h.s.c2.token, { code: 'spentall' });
      await t.app.modules.ledger.transfer(t.db.db, { idempotencyKey: 'test-spend-gift-2', reason: 'order.fare', legs: [{ from: userAccount(u, 'customer_gift'), to: platformAccount('platform_revenue'), amountRials: 50_000n }] });
      t.clock.advance(DAY_MS);
      const run = await promos.expireGiftCredits();
      assert.deepEqual([run.grantsExpired, run.reversedRials], [1, 0n]);
      assert.equal(await h.giftBalance(u), 0n);
    });
  });
}
