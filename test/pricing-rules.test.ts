import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { computePrice, demandMultiplier, timeMultiplierAt, greatCircleRoute, OsrmRoutingProvider, GreatCircleRoutingProvider } from '../src/modules/pricing/index.js';
import { SETTINGS, type Tariff } from '../src/modules/catalog/settings.definitions.js';
import { startFakeOsrm, type FakeOsrm } from './fakes/osrm.js';

const CAR = SETTINGS['pricing.tariffs'].default.car_ride;
const flat: Tariff = { ...CAR, hourMultipliers: Array(24).fill(1), weekdayMultipliers: Array(7).fill(1) };
const base = { tariff: flat, timeMultiplier: 1, demandMultiplier: 1, zoneSurchargeRials: 0n, waitingMinutes: 0, roundingRials: 1n };
const ROAD = { roadFactor: 1.3, speedKmh: 24 };

describe('pricing rules', () => {
  test('ORD-2 price components: base + per-km + per-minute, times multipliers, plus surcharges and waiting, rounded up', () => {
    const p = computePrice({ ...base, distanceMeters: 10_000, durationSeconds: 1_200 });
    assert.equal(p.baseRials, 150_000n);
    assert.equal(p.distanceRials, 450_000n, '10 km x 45,000');
    assert.equal(p.timeRials, 160_000n, '20 min x 8,000');
    assert.equal(p.subtotalRials, 760_000n);
    assert.equal(p.minimumApplied, false);
    const busy = computePrice({ ...base, distanceMeters: 10_000, durationSeconds: 1_200, timeMultiplier: 1.2, demandMultiplier: 1.5, zoneSurchargeRials: 200_000n, waitingMinutes: 3, roundingRials: 1000n });
    assert.equal(busy.waitingRials, 30_000n);
    assert.equal(busy.zoneSurchargeRials, 200_000n);
    assert.equal(busy.subtotalRials, 760_000n * 18n / 10n + 200_000n + 30_000n, '760,000 x 1.2 x 1.5 + 200,000 + 30,000');
    assert.equal(busy.totalRials, busy.subtotalRials);
    const odd = computePrice({ ...base, distanceMeters: 1_234, durationSeconds: 77, roundingRials: 1000n, tariff: { ...flat, minimumRials: '0' } });
    assert.equal(odd.subtotalRials % 1000n, 0n, 'rounded to 1,000 Rials');
    assert.ok(odd.subtotalRials >= odd.baseRials + odd.distanceRials + odd.timeRials, 'rounded up, never down');
  });

  test('ORD-2 minimum fare: a short trip costs the minimum fare, surcharges come on top', () => {
    const p = computePrice({ ...base, distanceMeters: 300, durationSeconds: 60 });
    assert.equal(p.minimumApplied, true);
    assert.equal(p.subtotalRials, 300_000n);
    const withZone = computePrice({ ...base, distanceMeters: 300, durationSeconds: 60, zoneSurchargeRials: 500_000n });
    assert.equal(withZone.subtotalRials, 800_000n);
  });

  test('ORD-2 hour-of-day and weekday multipliers are read in Asia/Tehran, not UTC', () => {
    // 2026-11-26 is a Thursday. 04:00 UTC = 07:30 in Tehran (morning peak 1.2 x Thursday 1.05).
    assert.equal(timeMultiplierAt(CAR, new Date('2026-11-26T04:00:00Z'), 'Asia/Tehran'), 1.26);
    assert.equal(timeMultiplierAt(CAR, new Date('2026-11-26T04:00:00Z'), 'UTC'), 1.15 * 1.05, 'the same instant at 04:00 UTC is the night rate');
    // 2026-11-27 Friday 12:00 Tehran (08:30 UTC): no hour premium, Friday 0.95.
    assert.equal(timeMultiplierAt(CAR, new Date('2026-11-27T08:30:00Z'), 'Asia/Tehran'), 0.95);
    // Thursday 20:29 UTC is already Friday 00:59 in Tehran: night 1.15 x Friday 0.95.
    assert.equal(timeMultiplierAt(CAR, new Date('2026-11-26T21:29:00Z'), 'Asia/Tehran'), 1.0925);
    const custom: Tariff = { ...flat, hourMultipliers: flat.hourMultipliers.map((_, h) => (h === 9 ? 2 : 1)), weekdayMultipliers: [1, 1, 1, 1, 1, 1, 3] };
    assert.equal(timeMultiplierAt(custom, new Date('2026-11-28T05:45:00Z'), 'Asia/Tehran'), 6, 'Saturday 09:15 in Tehran');
  });

  test('ORD-2 demand multiplier: 1 while supply keeps up, then grows with open/idle, capped', () => {
    assert.equal(demandMultiplier(0, 0, 0.5, 2), 1);
    assert.equal(demandMultiplier(5, 10, 0.5, 2), 1);
    assert.equal(demandMultiplier(10, 5, 0.5, 2), 1.5);
    assert.equal(demandMultiplier(10, 0, 0.5, 2), 2, 'no idle provider: capped');
    assert.equal(demandMultiplier(1000, 1, 0.5, 1.8), 1.8);
  });

  test('ORD-2 property: price is monotone non-decreasing in distance and never below the minimum fare', () => {
    const tariffArb = fc.record({
      base: fc.integer({ min: 0, max: 2_000_000 }), perKm: fc.integer({ min: 0, max: 500_000 }), perMinute: fc.integer({ min: 0, max: 100_000 }),
      minimum: fc.integer({ min: 0, max: 5_000_000 }), hour: fc.double({ min: 0.1, max: 10, noNaN: true }), day: fc.double({ min: 0.1, max: 10, noNaN: true }),
    });
    fc.assert(fc.property(tariffArb, fc.integer({ min: 0, max: 300_000 }), fc.integer({ min: 0, max: 300_000 }), fc.double({ min: 1, max: 5, noNaN: true }),
      fc.integer({ min: 0, max: 2_000_000 }), fc.constantFrom(1n, 100n, 1000n), (t, d1, d2, demand, surcharge, rounding) => {
        const tariff: Tariff = { ...flat, baseRials: String(t.base), perKmRials: String(t.perKm), perMinuteRials: String(t.perMinute), minimumRials: String(t.minimum) };
        const [short, long] = d1 <= d2 ? [d1, d2] : [d2, d1];
        const at = (meters: number) => {
          // Durations follow distance at the city speed, as the great-circle provider makes them.
          const durationSeconds = Math.round((meters / 1000 / ROAD.speedKmh) * 3600);
          return computePrice({ ...base, tariff, distanceMeters: meters, durationSeconds, timeMultiplier: t.hour, demandMultiplier: demand, zoneSurchargeRials: BigInt(surcharge), roundingRials: rounding }).subtotalRials;
        };
        const a = at(short);
        const b = at(long);
        assert.ok(a <= b, `price(${short} m) = ${a} > price(${long} m) = ${b}`);
        assert.ok(a >= BigInt(t.minimum), `price ${a} below the minimum ${t.minimum}`);
      }), { numRuns: 500, seed: 4 });
  });

  test('ORD-2 great-circle routing: distance x road factor at the city speed, summed over stops', () => {
    const a = { lat: 38.02, lng: 46.35 };
    const b = { lat: 38.05, lng: 46.20 };
    const r = greatCircleRoute([a, b], ROAD);
    assert.equal(r.source, 'great_circle');
    assert.ok(r.distanceMeters > 13_000 * 1.3 && r.distanceMeters < 14_500 * 1.3, String(r.distanceMeters));
    assert.equal(r.durationSeconds, Math.round((r.distanceMeters / 1000 / 24) * 3600));
    const via = greatCircleRoute([a, { lat: 38.1, lng: 46.3 }, b], ROAD);
    assert.ok(via.distanceMeters > r.distanceMeters, 'a stop makes the path longer');
  });
});

describe('ORD-2 OSRM routing adapter against a local fake OSRM server', () => {
  let osrm: FakeOsrm;
  before(async () => { osrm = await startFakeOsrm({ detour: 1.25, speedMps: 8, hangMs: 2000 }); });
  after(async () => { await osrm?.close(); });
  const a = { lat: 38.02, lng: 46.35 };
  const b = { lat: 38.05, lng: 46.2 };

  test('ORD-2 the OSRM adapter asks GET /route/v1/driving/{lng},{lat};{lng},{lat}?overview=false and reads routes[0]', async () => {
    osrm.mode = 'normal';
    const provider = new OsrmRoutingProvider({ baseUrl: osrm.baseUrl, timeoutMs: 1000 });
    const r = await provider.route([a, { lat: 38.1, lng: 46.3 }, b], ROAD);
    assert.equal(r.source, 'osrm');
    const last = osrm.requests.at(-1)!;
    assert.equal(last.path, '/route/v1/driving/46.350000,38.020000;46.300000,38.100000;46.200000,38.050000');
    assert.equal(last.query, '?overview=false');
    const gc = greatCircleRoute([a, { lat: 38.1, lng: 46.3 }, b], { roadFactor: 1.25, speedKmh: 8 * 3.6 });
    assert.ok(Math.abs(r.distanceMeters - gc.distanceMeters) <= 2, `${r.distanceMeters} vs ${gc.distanceMeters}`);
    assert.ok(Math.abs(r.durationSeconds - gc.durationSeconds) <= 2);
  });

  test('ORD-2 the OSRM adapter falls back to great-circle on HTTP 500, NoRoute, garbage and timeout', async () => {
    const provider = new OsrmRoutingProvider({ baseUrl: osrm.baseUrl, timeoutMs: 200 });
    const expected = await new GreatCircleRoutingProvider().route([a, b], ROAD);
    for (const mode of ['http500', 'noRoute', 'garbage', 'hang'] as const) {
      osrm.mode = mode;
      const started = Date.now();
      const r = await provider.route([a, b], ROAD);
      assert.deepEqual(r, expected, mode);
      assert.ok(Date.now() - started < 1500, `${mode} waited ${Date.now() - started} ms`);
    }
    const down = new OsrmRoutingProvider({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 200 });
    assert.deepEqual(await down.route([a, b], ROAD), expected, 'connection refused');
    osrm.mode = 'normal';
  });
});
