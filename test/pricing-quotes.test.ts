import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './harness/app.js';
import { testDbKinds } from './harness/databases.js';
import { queryRows } from '../src/platform/db.js';
import { greatCircleRoute, OsrmRoutingProvider, GreatCircleRoutingProvider } from '../src/modules/pricing/index.js';
import { startFakeOsrm, type FakeOsrm } from './fakes/osrm.js';

const ENV = { ACCESS_TOKEN_TTL_SECONDS: '86400' };
// Tabriz (demo seed): El Goli district, a plain western point, the bazaar (surcharge 200,000),
// the airport (surcharge 500,000), the restricted no-service zone, and a point outside the city.
const ELGOLI = { lat: 38.02, lng: 46.35 };
const WEST = { lat: 38.05, lng: 46.2 };
const BAZAAR = { lat: 38.082, lng: 46.294 };
const AIRPORT = { lat: 38.13, lng: 46.24 };
const RESTRICTED = { lat: 38.15, lng: 46.42 };
const OUTSIDE = { lat: 38.3, lng: 46.29 };
const MOBILES = { c1: '09140000101', c2: '09140000102', c3: '09140000103', admin: '09120000001', agent: '09120000002' };
type Who = keyof typeof MOBILES;

for (const kind of testDbKinds()) {
  describe(`ORD-2 quotes [${kind}]`, () => {
    let t: TestApp;
    const tok = {} as Record<Who, string>;
    const uid = {} as Record<Who, string>;
    const quote = (who: Who, body: Record<string, unknown>) => t.call('POST', '/v1/quotes', { token: tok[who], body });
    const car = (extra: Record<string, unknown> = {}) => ({ serviceCode: 'car_ride', origin: ELGOLI, destination: WEST, ...extra });
    const quoteCount = async () => (await queryRows<{ n: number }>(t.db.db, sql`SELECT count(*)::int AS n FROM quotes`))[0].n;
    const consume = (userId: string, quoteId: string, orderId: string) =>
      t.db.db.transaction((tx) => t.app.modules.pricing.consume(tx, { userId, quoteId, orderId }));

    before(async () => {
      t = await createTestApp(kind, { env: ENV });
      for (const who of Object.keys(MOBILES) as Who[]) {
        const s = await t.signIn(MOBILES[who]);
        tok[who] = s.token;
        uid[who] = s.userId;
        if (who === 'c1' || who === 'c2') assert.equal((await t.call('POST', '/v1/terms/accept', { token: s.token, body: { version: 1 } })).statusCode, 204);
      }
    });
    after(async () => { await t?.close(); });

    test('ORD-2 a quote shows its price components and an expiry 5 minutes ahead, and reads back the same', async () => {
      const res = await quote('c1', car());
      assert.equal(res.statusCode, 201, res.body);
      const q = res.json();
      assert.match(q.id, /^qte_/);
      assert.equal(q.cityId, 'cty_tabriz');
      assert.equal(q.serviceKind, 'ride');
      const route = greatCircleRoute([ELGOLI, WEST], { roadFactor: 1.3, speedKmh: 24 });
      assert.equal(q.distanceMeters, route.distanceMeters);
      assert.equal(q.durationSeconds, route.durationSeconds);
      const b = q.breakdown;
      assert.equal(b.baseRials, '150000');
      assert.equal(BigInt(b.distanceRials), (45_000n * BigInt(route.distanceMeters) + 500n) / 1000n);
      assert.equal(BigInt(b.timeRials), (8_000n * BigInt(route.durationSeconds) + 30n) / 60n);
      assert.equal(b.timeMultiplier, 1, 'Sunday 11:30 in Tabriz');
      assert.equal(b.demandMultiplier, 1, 'no demand signals wired');
      const metered = BigInt(b.baseRials) + BigInt(b.distanceRials) + BigInt(b.timeRials);
      assert.equal(BigInt(b.subtotalRials), (metered + 999n) / 1000n * 1000n);
      assert.equal(b.discountRials, '0');
      assert.equal(q.priceRials, b.totalRials);
      assert.equal(q.priceRials, b.subtotalRials);
      assert.equal(q.expiresAt, new Date(t.clock.now().getTime() + 300_000).toISOString());
      assert.equal(q.promotion, null);
      const again = await t.call('GET', `/v1/quotes/${q.id}`, { token: tok.c1 });
      assert.equal(again.statusCode, 200);
      assert.deepEqual(again.json(), q);
    });

    test('ORD-2 surcharge zones add their fee when the origin or the destination is inside', async () => {
      const fee = async (origin: object, destination: object, stops?: object[]) => {
        const res = await quote('c1', car({ origin, destination, stops }));
        assert.equal(res.statusCode, 201, res.body);
        return res.json().breakdown.zoneSurchargeRials;
      };
      assert.equal(await fee(ELGOLI, WEST), '0');
      assert.equal(await fee(BAZAAR, WEST), '200000');
      assert.equal(await fee(ELGOLI, BAZAAR), '200000');
      assert.equal(await fee(AIRPORT, BAZAAR), '700000');
      assert.equal(await fee(ELGOLI, WEST, [BAZAAR]), '0', 'a stop inside a surcharge zone does not count');
      const q = (await quote('c1', car({ origin: AIRPORT }))).json();
      const plain = (await quote('c1', car({ origin: { lat: 38.1, lng: 46.24 } }))).json();
      assert.ok(BigInt(q.priceRials) > BigInt(plain.priceRials));
    });

    test('ORD-2 bad places are refused with their code and nothing is written: no-service zone, outside the area, invalid coordinates', async () => {
      const before = await quoteCount();
      const cases: Array<[Record<string, unknown>, number, string]> = [
        [car({ destination: RESTRICTED }), 400, 'ZONE_NO_SERVICE'],
        [car({ origin: RESTRICTED }), 400, 'ZONE_NO_SERVICE'],
        [car({ stops: [RESTRICTED] }), 400, 'ZONE_NO_SERVICE'],
        [car({ destination: OUTSIDE }), 400, 'OUTSIDE_SERVICE_AREA'],
        [car({ origin: OUTSIDE }), 400, 'OUTSIDE_SERVICE_AREA'],
        [car({ cityId: 'cty_tabriz', origin: OUTSIDE }), 400, 'OUTSIDE_SERVICE_AREA'],
        [car({ origin: { lat: 91, lng: 46 } }), 400, 'COORDINATES_INVALID'],
        [car({ destination: { lat: 38, lng: -181 } }), 400, 'COORDINATES_INVALID'],
        [car({ stops: [{ lat: 1e308 * 10, lng: 0 }] }), 400, 'VALIDATION_FAILED'],
        [car({ origin: { lat: '38', lng: 46 } }), 400, 'VALIDATION_FAILED'],
        [car({ cityId: 'cty_nowhere' }), 404, 'CITY_NOT_FOUND'],
        [car({ serviceCode: 'submarine' }), 400, 'SERVICE_UNKNOWN'],
        [car({ serviceCode: 'moving' }), 400, 'SERVICE_NOT_PRICED'],
        [car({ stops: [BAZAAR, BAZAAR, BAZAAR, BAZAAR] }), 400, 'TOO_MANY_STOPS'],
        [car({ scheduledAt: '2026-11-21T08:00:00Z' }), 400, 'SCHEDULE_INVALID'],
        [car({ scheduledAt: '2027-06-01T08:00:00Z' }), 400, 'SCHEDULE_INVALID'],
        [car({ extra: 1 }), 400, 'VALIDATION_FAILED'],
      ];
      for (const [body, status, code] of cases) {
        const res = await quote('c1', body);
        assert.equal(res.statusCode, status, `${JSON.stringify(body)}: ${res.body}`);
        assert.equal(res.json().error.code, code, JSON.stringify(body));
      }
      assert.equal(await quoteCount(), before, 'no quote written');
    });

    test('ORD-2 the hour and weekday multipliers apply in Asia/Tehran at the scheduled time', async () => {
      // Thursday 04:00 UTC is 07:30 in Tabriz: morning peak 1.2 x Thursday 1.05.
      const res = await quote('c1', car({ scheduledAt: '2026-11-26T04:00:00Z' }));
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().breakdown.timeMultiplier, 1.26);
      assert.equal(res.json().scheduledAt, '2026-11-26T04:00:00.000Z');
      const now = (await quote('c1', car())).json();
      assert.ok(BigInt(res.json().priceRials) > BigInt(now.priceRials));
    });

    test('ORD-2 quotes need the customer role and an account allowed to order', async () => {
      const before = await quoteCount();
      const agent = await quote('agent', car());
      assert.equal(agent.statusCode, 403);
      assert.equal(agent.json().error.code, 'ROLE_REQUIRED');
      const c3 = await t.signIn(MOBILES.c3);
      const terms = await t.call('POST', '/v1/quotes', { token: c3.token, body: car() });
      assert.equal(terms.statusCode, 403);
      assert.equal(terms.json().error.code, 'TERMS_NOT_ACCEPTED');
      assert.equal((await t.call('POST', '/v1/quotes', { body: car() })).statusCode, 401);
      assert.equal(await quoteCount(), before);
    });

    test('ORD-2 a foreign quote is not found, neither by the API nor by consume', async () => {
      const q = (await quote('c1', car())).json();
      const res = await t.call('GET', `/v1/quotes/${q.id}`, { token: tok.c2 });
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().error.code, 'QUOTE_NOT_FOUND');
      await assert.rejects(consume(uid.c2, q.id, 'ord_foreign'), { code: 'QUOTE_NOT_FOUND' });
      await assert.rejects(consume(uid.c1, 'qte_00000000000000000000000000', 'ord_x'), { code: 'QUOTE_NOT_FOUND' });
      assert.equal((await t.call('GET', `/v1/quotes/${q.id}`, { token: tok.c1 })).json().usedAt, null, 'still unused');
    });

    test('ORD-2 an order consumes its quote once: a used quote answers QUOTE_USED', async () => {
      const q = (await quote('c1', car())).json();
      const used = await consume(uid.c1, q.id, 'ord_first');
      assert.equal(used.orderId, 'ord_first');
      assert.equal(used.priceRials, BigInt(q.priceRials), 'the order keeps the quoted price');
      await assert.rejects(consume(uid.c1, q.id, 'ord_second'), { code: 'QUOTE_USED' });
      const view = (await t.call('GET', `/v1/quotes/${q.id}`, { token: tok.c1 })).json();
      assert.ok(view.usedAt);
    });

    test('ORD-2 an expired quote cannot be consumed (QUOTE_EXPIRED)', async () => {
      const q = (await quote('c1', car())).json();
      t.clock.advance(300_001);
      await assert.rejects(consume(uid.c1, q.id, 'ord_late'), (err: { code: string; type: string }) => err.code === 'QUOTE_EXPIRED' && err.type === 'conflict');
      const q2 = (await quote('c1', car())).json();
      t.clock.advance(299_000);
      assert.equal((await consume(uid.c1, q2.id, 'ord_in_time')).orderId, 'ord_in_time');
    });

    test('ORD-2 consume race: of two concurrent consumers of one quote exactly one wins', async () => {
      for (let round = 0; round < 3; round++) {
        const q = (await quote('c1', car())).json();
        const results = await Promise.allSettled([consume(uid.c1, q.id, `ord_a${round}`), consume(uid.c1, q.id, `ord_b${round}`)]);
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        assert.equal(won.length, 1);
        assert.equal(lost[0].reason.code, 'QUOTE_USED');
        const [row] = await queryRows<{ order_id: string }>(t.db.db, sql`SELECT order_id FROM quotes WHERE id = ${q.id}`);
        assert.equal(row.order_id, (won[0] as PromiseFulfilledResult<{ orderId: string }>).value.orderId);
      }
    });

    test('PAY-4 promotions apply at quote time: a code, else the best automatic campaign; the price is after the discount', async () => {
      const create = async (body: Record<string, unknown>) => {
        const res = await t.call('POST', '/v1/ops/promotions', { token: tok.admin, body: { audience: 'public', title: { fa: 'تخفیف', ar: 'خصم', en: 'Discount' }, ...body } });
        assert.equal(res.statusCode, 201, res.body);
        return res.json();
      };
      const promo = await create({ code: 'TABRIZ10', benefit: { type: 'percent', percent: '10' }, serviceCodes: ['moto_parcel'] });
      const res = await quote('c1', { serviceCode: 'moto_parcel', origin: ELGOLI, destination: WEST, promoCode: 'tabriz10' });
      assert.equal(res.statusCode, 201, res.body);
      const q = res.json();
      const subtotal = BigInt(q.breakdown.subtotalRials);
      assert.equal(BigInt(q.breakdown.discountRials), subtotal / 10n);
      assert.equal(BigInt(q.priceRials), subtotal - subtotal / 10n);
      assert.equal(q.breakdown.totalRials, q.priceRials);
      assert.deepEqual(q.promotion, { id: promo.id, title: { fa: 'تخفیف', ar: 'خصم', en: 'Discount' } });
      const stored = await t.app.modules.pricing.get(uid.c1, q.id);
      assert.equal(stored.hold?.promotionId, promo.id);
      assert.equal(stored.hold?.discountRials, subtotal / 10n);
      // The hold is exactly what promotions.redeem needs when the order commits.
      const redeemed = await t.db.db.transaction((tx) => t.app.modules.promotions.redeem(tx, { ...stored.hold!, reference: { type: 'order', id: 'ord_promo' }, idempotencyKey: `order:ord_promo:${q.id}` }));
      assert.equal(redeemed.discountRials, subtotal / 10n);

      const before = await quoteCount();
      const bad = await quote('c1', { serviceCode: 'moto_parcel', origin: ELGOLI, destination: WEST, promoCode: 'NOSUCHCODE' });
      assert.equal(bad.statusCode, 404);
      assert.equal(bad.json().error.code, 'PROMO_NOT_FOUND');
      assert.equal(await quoteCount(), before);

      const auto = await create({ benefit: { type: 'fixed', amountRials: '50000' }, serviceCodes: ['van_parcel'] });
      const vq = (await quote('c2', { serviceCode: 'van_parcel', origin: ELGOLI, destination: WEST })).json();
      assert.equal(vq.promotion.id, auto.id, 'the automatic campaign applies without a code');
      assert.equal(BigInt(vq.priceRials), BigInt(vq.breakdown.subtotalRials) - 50_000n);
    });

    test('ORD-2 demand per H3 cell raises the price around busy cells, capped, and ops see it', async () => {
      const pricing = t.app.modules.pricing;
      const { latLngToCell } = await import('h3-js');
      const hot = latLngToCell(ELGOLI.lat, ELGOLI.lng, 8);
      assert.equal(pricing.demandCellOf(ELGOLI), hot);
      pricing.setDemandSignals({ open: (_c, cells) => (cells.includes(hot) ? 12 : 0), idle: (_c, cells) => (cells.includes(hot) ? 2 : 0) });
      try {
        const busy = (await quote('c1', car())).json();
        assert.equal(busy.breakdown.demandMultiplier, 2, '1 + 0.5 x (12/2 - 1) = 3.5, capped at 2');
        const calm = (await quote('c1', car({ origin: WEST, destination: ELGOLI }))).json();
        assert.equal(calm.breakdown.demandMultiplier, 1);
        const scheduled = (await quote('c1', car({ scheduledAt: '2026-11-23T08:00:00Z' }))).json();
        assert.equal(scheduled.breakdown.demandMultiplier, 1, 'demand now does not price a ride scheduled for tomorrow');
        const view = await t.call('GET', '/v1/ops/pricing/demand?cityId=cty_tabriz', { token: tok.agent });
        assert.equal(view.statusCode, 200, view.body);
        const body = view.json();
        assert.equal(body.signals, true);
        assert.equal(body.cap, 2);
        const cell = body.cells.find((c: { cell: string }) => c.cell === hot);
        assert.deepEqual(cell, { cell: hot, open: 12, idle: 2, multiplier: 2 });
        assert.ok(body.cells.length >= 7, 'the hot cell\'s neighbours see it in their ring too');
        assert.equal((await t.call('GET', '/v1/ops/pricing/demand?cityId=cty_tabriz', { token: tok.c1 })).statusCode, 403);
        assert.equal((await t.call('GET', '/v1/ops/pricing/demand?cityId=cty_x', { token: tok.agent })).json().error.code, 'CITY_NOT_FOUND');
      } finally {
        pricing.setDemandSignals({ open: () => 0, idle: () => 0 });
      }
    });

    test('ORD-2 ops read and set a tariff per city and service; the change is audited and prices the next quote', async () => {
      const url = '/v1/ops/pricing/cty_tabriz/moto_ride';
      const read = await t.call('GET', url, { token: tok.agent });
      assert.equal(read.statusCode, 200, read.body);
      assert.equal(read.json().source, 'default');
      assert.deepEqual(read.json().effective, { commissionPercent: 15, cancellationFeeRials: '150000', waitingFeePerMinuteRials: '5000', freeWaitingMinutes: 5, quoteTtlSeconds: 300 });
      const tariff = { ...read.json().tariff, minimumRials: '5000000', cancellationFeeRials: '90000', commissionPercent: 12 };
      assert.equal((await t.call('PUT', url, { token: tok.agent, body: { tariff, reason: 'x' } })).statusCode, 403, 'agents read, admins change');
      const bad = await t.call('PUT', url, { token: tok.admin, body: { tariff: { ...tariff, hourMultipliers: [1] }, reason: 'broken' } });
      assert.equal(bad.statusCode, 400);
      const set = await t.call('PUT', url, { token: tok.admin, body: { tariff, reason: 'winter rates' } });
      assert.equal(set.statusCode, 200, set.body);
      assert.equal(set.json().source, 'city');
      assert.equal(set.json().effective.cancellationFeeRials, '90000');
      assert.equal(t.app.modules.pricing.commissionPercent('cty_tabriz', 'moto_ride'), 12);
      assert.equal(t.app.modules.pricing.cancellationFeeRials('cty_tabriz', 'car_ride'), 150_000n, 'other services keep theirs');
      const q = (await quote('c1', { serviceCode: 'moto_ride', origin: ELGOLI, destination: WEST })).json();
      assert.equal(q.priceRials, '5000000');
      assert.equal(q.breakdown.minimumApplied, true);
      const audit = (await t.call('GET', '/v1/ops/audit?action=settings.set&targetId=pricing.tariffs@city:cty_tabriz', { token: tok.admin })).json();
      assert.equal(audit.items[0].reason, 'winter rates');
      assert.equal((await t.call('GET', '/v1/ops/pricing/cty_tabriz/submarine', { token: tok.agent })).json().error.code, 'SERVICE_UNKNOWN');
      assert.equal((await t.call('GET', '/v1/ops/pricing/cty_x/car_ride', { token: tok.agent })).statusCode, 404);
    });

    test('ORD-5 ORD-6 PAY-3 fee lookups for orders come from the tariff, else the settings', () => {
      const p = t.app.modules.pricing;
      assert.equal(p.cancellationFeeRials('cty_tabriz', 'car_ride'), 150_000n);
      assert.equal(p.waitingFeePerMinuteRials('cty_tabriz', 'car_ride'), 10_000n);
      assert.equal(p.freeWaitingSeconds('cty_tabriz', 'van_parcel'), 300);
      assert.equal(p.commissionPercent('cty_tabriz', 'car_ride'), 15);
    });

    test('ORD-3 a change re-quote: new destination, added stop or paid waiting, priced as the agreed price plus the change', async () => {
      const pricing = t.app.modules.pricing;
      const q = (await quote('c1', car())).json();
      const order = { id: 'ord_change_1', cityId: 'cty_tabriz', serviceCode: 'car_ride', origin: ELGOLI, destination: WEST, stops: [], priceRials: BigInt(q.priceRials) - 20_000n };
      const waiting = await pricing.quoteChange(uid.c1, { order, waitingMinutes: 4 });
      assert.equal(waiting.breakdown.changeRials, 40_000n, '4 paid minutes x 10,000');
      assert.equal(waiting.priceRials, order.priceRials + 40_000n, 'the agreed price (with its discount) plus the change');
      assert.equal(waiting.changeOfOrderId, order.id);
      const stop = await pricing.quoteChange(uid.c1, { order, addStop: AIRPORT });
      assert.deepEqual(stop.stops, [AIRPORT]);
      assert.ok(stop.priceRials > order.priceRials);
      const nearer = await pricing.quoteChange(uid.c1, { order, newDestination: { lat: 38.03, lng: 46.33 } });
      assert.ok(nearer.priceRials < order.priceRials, 'a shorter job costs less');
      await assert.rejects(pricing.quoteChange(uid.c1, { order }), { code: 'CHANGE_EMPTY' });
      await assert.rejects(pricing.quoteChange(uid.c1, { order, newDestination: RESTRICTED }), { code: 'ZONE_NO_SERVICE' });
      await assert.rejects(consume(uid.c1, waiting.id, 'ord_other'), { code: 'QUOTE_ORDER_MISMATCH' });
      assert.equal((await consume(uid.c1, waiting.id, order.id)).orderId, order.id);
      const view = (await t.call('GET', `/v1/quotes/${stop.id}`, { token: tok.c1 })).json();
      assert.equal(view.changeOfOrderId, order.id);
      assert.equal(view.breakdown.previousRials, order.priceRials.toString());
    });

    test('ORD-2 with a routing server configured, quotes use it; when it fails they fall back to great-circle', async () => {
      let osrm: FakeOsrm | undefined;
      try {
        osrm = await startFakeOsrm({ detour: 1.6, speedMps: 7 });
        t.app.modules.pricing.setRoutingProvider(new OsrmRoutingProvider({ baseUrl: osrm.baseUrl, timeoutMs: 300 }));
        const viaOsrm = (await quote('c1', car())).json();
        assert.equal(osrm.requests.length, 1);
        const gc = greatCircleRoute([ELGOLI, WEST], { roadFactor: 1.3, speedKmh: 24 });
        assert.ok(Math.abs(viaOsrm.distanceMeters - Math.round(gc.distanceMeters / 1.3 * 1.6)) <= 2, `${viaOsrm.distanceMeters}`);
        osrm.mode = 'http500';
        const fallback = (await quote('c1', car())).json();
        assert.equal(fallback.distanceMeters, gc.distanceMeters);
        assert.equal(fallback.durationSeconds, gc.durationSeconds);
      } finally {
        t.app.modules.pricing.setRoutingProvider(new GreatCircleRoutingProvider());
        await osrm?.close();
      }
    });
  });
}

describe('ORD-2 OSRM_URL selects the OSRM routing provider at wiring', () => {
  test('ORD-2 an app started with OSRM_URL prices quotes through the OSRM server', async () => {
    const osrm = await startFakeOsrm({ detour: 2, speedMps: 10 });
    const t = await createTestApp('pglite', { env: { ...ENV, OSRM_URL: `${osrm.baseUrl}/`, OSRM_TIMEOUT_MS: '500' } });
    try {
      assert.equal(t.config.routing.osrmUrl, osrm.baseUrl);
      const s = await t.signIn(MOBILES.c1);
      await t.call('POST', '/v1/terms/accept', { token: s.token, body: { version: 1 } });
      const res = await t.call('POST', '/v1/quotes', { token: s.token, body: { serviceCode: 'car_ride', origin: ELGOLI, destination: WEST } });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(osrm.requests.length, 1);
      assert.match(osrm.requests[0].path, /^\/route\/v1\/driving\/46\.350000,38\.020000;46\.200000,38\.050000$/);
      const gc = greatCircleRoute([ELGOLI, WEST], { roadFactor: 2, speedKmh: 36 });
      assert.ok(Math.abs(res.json().distanceMeters - gc.distanceMeters) <= 2);
      assert.ok(Math.abs(res.json().durationSeconds - gc.durationSeconds) <= 2);
    } finally {
      await t.close();
      await osrm.close();
    }
  });
});
