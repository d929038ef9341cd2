import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  cancellationPercent, gateStatus, isPeak, nextTier, seasonAt, seasonBounds, seasonById, tierOf, tripPoints, type PeakWindow,
} from '../src/modules/rewards/rewards.rules.js';
import { peakCalendar } from '../src/modules/rewards/rewards.views.js';
import { SETTINGS } from '../src/modules/catalog/settings.definitions.js';

const TZ = 'Asia/Tehran';
const MONTHS = SETTINGS['rewards.seasonMonths'].default;
const WINDOWS = SETTINGS['rewards.peakWindows'].default as PeakWindow[];
const T = SETTINGS['rewards.tierThresholds'].default;
const GATES = { minRating: 4.8, maxCancellationPercent: 4 };
// Tehran is UTC+03:30 all year (no daylight saving since 2022).
const tehran = (local: string) => new Date(`${local}+03:30`);

test('RWD-2 seasons are Feb-Apr, May-Jul, Aug-Oct, Nov-Jan in the city\'s time zone', () => {
  assert.equal(seasonAt(tehran('2026-11-01T00:00:00'), TZ, MONTHS).id, '2026-11');
  assert.equal(seasonAt(tehran('2027-01-31T23:59:59'), TZ, MONTHS).id, '2026-11');
  assert.equal(seasonAt(tehran('2027-02-01T00:00:00'), TZ, MONTHS).id, '2027-02');
  // 31 Jan 21:00 UTC is already 1 Feb 00:30 in Tabriz: the local date decides.
  assert.equal(seasonAt(new Date('2027-01-31T21:00:00Z'), TZ, MONTHS).id, '2027-02');
  assert.equal(seasonAt(new Date('2027-01-31T21:00:00Z'), 'UTC', MONTHS).id, '2026-11');
  for (const [local, id] of [['2026-04-30T23:59:00', '2026-02'], ['2026-05-01T00:00:00', '2026-05'], ['2026-07-31T12:00:00', '2026-05'], ['2026-08-01T00:00:00', '2026-08'], ['2026-10-31T23:00:00', '2026-08']]) {
    assert.equal(seasonAt(tehran(local), TZ, MONTHS).id, id, local);
  }
  const b = seasonBounds(seasonById('2026-11', MONTHS)!, TZ);
  assert.equal(b.startsAt.toISOString(), '2026-10-31T20:30:00.000Z');
  assert.equal(b.endsAt.toISOString(), '2027-01-31T20:30:00.000Z');
  assert.equal(seasonById('2026-12', MONTHS), null, 'not a season start');
});

test('RWD-2 every instant falls in exactly one season, and seasons follow each other without gaps', () => {
  fc.assert(fc.property(fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }), (d) => {
    const s = seasonAt(d, TZ, MONTHS);
    const b = seasonBounds(s, TZ);
    assert.ok(b.startsAt <= d && d < b.endsAt, `${d.toISOString()} in ${s.id}`);
    assert.equal(seasonAt(b.endsAt, TZ, MONTHS).id, seasonById(`${s.endYear}-${String(s.endMonth).padStart(2, '0')}`, MONTHS)!.id);
  }), { numRuns: 300 });
});

test('RWD-3 peak windows: Sun-Thu 06:00-09:00 and 15:00-19:00, Friday 19:00-24:00, local time at trip start', () => {
  // 2026-11-22 is a Sunday, 2026-11-26 a Thursday, 2026-11-27 a Friday, 2026-11-28 a Saturday.
  const cases: Array<[string, boolean]> = [
    ['2026-11-22T05:59:00', false], ['2026-11-22T06:00:00', true], ['2026-11-22T08:59:59', true], ['2026-11-22T09:00:00', false],
    ['2026-11-22T12:00:00', false], ['2026-11-26T15:00:00', true], ['2026-11-26T18:59:00', true], ['2026-11-26T19:00:00', false],
    ['2026-11-26T20:00:00', false], ['2026-11-27T07:00:00', false], ['2026-11-27T16:00:00', false], ['2026-11-27T19:00:00', true],
    ['2026-11-27T23:59:59', true], ['2026-11-28T00:00:00', false], ['2026-11-28T07:00:00', false], ['2026-11-28T16:00:00', false],
  ];
  for (const [local, peak] of cases) assert.equal(isPeak(tehran(local), TZ, WINDOWS), peak, local);
  // The same instant is 03:00 UTC: not a peak in a UTC city.
  assert.equal(isPeak(tehran('2026-11-22T06:30:00'), 'UTC', WINDOWS), false);
});

test('RWD-3 one point per completed trip and three more in a peak window (settings)', () => {
  assert.equal(tripPoints(false, { pointsPerTrip: 1, peakBonusPoints: 3 }), 1);
  assert.equal(tripPoints(true, { pointsPerTrip: 1, peakBonusPoints: 3 }), 4);
  assert.equal(tripPoints(true, { pointsPerTrip: 2, peakBonusPoints: 5 }), 7);
});

test('RWD-5 tiers: Blue, Gold 100-399, Platinum 400-799, Diamond 800+ when the quality is met', () => {
  for (const [points, tier] of [[0, 'blue'], [99, 'blue'], [100, 'gold'], [399, 'gold'], [400, 'platinum'], [799, 'platinum'], [800, 'diamond'], [5000, 'diamond']] as const) {
    assert.equal(tierOf(points, true, false, T), tier, String(points));
  }
  assert.deepEqual(nextTier(99, T), { tier: 'gold', pointsNeeded: 100, pointsMissing: 1 });
  assert.deepEqual(nextTier(400, T), { tier: 'diamond', pointsNeeded: 800, pointsMissing: 400 });
  assert.equal(nextTier(800, T), null);
});

test('RWD-5 gold needs rating >= 4.8', () => {
  const q = (rating: number | null) => ({ rating, ratedTrips: 10, accepted: 100, cancelled: 0 });
  assert.equal(gateStatus(q(4.8), GATES).met, true);
  assert.equal(gateStatus(q(4.79), GATES).met, false);
  assert.equal(gateStatus(q(4.79), GATES).rating.missing, 0.01);
  assert.equal(gateStatus(q(null), GATES).met, false, 'not rated yet: not shown to be >= 4.8');
  assert.equal(tierOf(500, gateStatus(q(4.79), GATES).met, false, T), 'blue');
});

test('RWD-5 gold needs a cancellation rate <= 4% (provider cancellations / offers accepted)', () => {
  const q = (accepted: number, cancelled: number) => ({ rating: 5, ratedTrips: 10, accepted, cancelled });
  assert.equal(cancellationPercent({ accepted: 100, cancelled: 4 }), 4);
  assert.equal(cancellationPercent({ accepted: 0, cancelled: 0 }), 0);
  assert.equal(cancellationPercent({ accepted: 3, cancelled: 1 }), 33.33);
  assert.equal(gateStatus(q(100, 4), GATES).met, true);
  assert.equal(gateStatus(q(100, 5), GATES).met, false);
  assert.equal(gateStatus(q(100, 5), GATES).cancellation.excessPercent, 1);
});

test('RWD-6 the cancellation percent is exact decimal rounding, half up (what the per-trip SQL stores), never off by float error', () => {
  assert.equal(cancellationPercent({ accepted: 32, cancelled: 1 }), 3.13); // 3.125
  assert.equal(cancellationPercent({ accepted: 160, cancelled: 1 }), 0.63); // 0.625
  fc.assert(fc.property(fc.integer({ min: 1, max: 100_000 }), fc.nat(100_000), (accepted, cancelled) => {
    // round(cancelled * 100 / accepted, 2) in exact integers: hundredths = floor((20000c + a) / 2a).
    const hundredths = (BigInt(cancelled) * 20_000n + BigInt(accepted)) / (2n * BigInt(accepted));
    assert.equal(cancellationPercent({ accepted, cancelled }).toFixed(2), `${hundredths / 100n}.${String(hundredths % 100n).padStart(2, '0')}`);
  }), { numRuns: 2000 });
});

test('RWD-7 failing the quality (or opting out, RWD-1) holds Blue whatever the points', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 5000 }), fc.boolean(), fc.boolean(), (points, met, out) => {
    const tier = tierOf(points, met, out, T);
    if (!met || out) assert.equal(tier, 'blue');
    else assert.equal(tier, points >= 800 ? 'diamond' : points >= 400 ? 'platinum' : points >= 100 ? 'gold' : 'blue');
  }));
});

test('RWD-3 the peak calendar lists the next seven local days with Jalali dates and their windows', () => {
  const cal = peakCalendar(tehran('2026-11-22T10:00:00'), TZ, WINDOWS);
  assert.equal(cal.length, 7);
  assert.equal(cal[0].date, '2026-11-22');
  assert.equal(cal[0].jalali, '1405/09/01');
  assert.deepEqual(cal[0].windows.map((w) => `${w.from}-${w.to}`), ['06:00-09:00', '15:00-19:00']);
  assert.deepEqual(cal[5].windows.map((w) => `${w.from}-${w.to}`), ['19:00-24:00'], 'Friday');
  assert.deepEqual(cal[6].windows, [], 'Saturday');
  assert.equal(cal[5].windows[0].startsAt, '2026-11-27T15:30:00.000Z');
});
