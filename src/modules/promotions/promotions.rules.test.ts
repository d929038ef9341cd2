import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  discountFor, formatPercent, normalizeCode, outOfScope, overLimit, parsePercent, percentOfRials, unavailable, unmetCondition, unusedOfDueGrants,
} from './promotions.rules.js';

test('PAY-4 codes are case-insensitive and accept Persian and Arabic digits', () => {
  assert.equal(normalizeCode('nowruz1404'), 'NOWRUZ1404');
  assert.equal(normalizeCode('NowRuz۱۴۰۴'), 'NOWRUZ1404');
  assert.equal(normalizeCode(' nowruz١٤٠٤ '), 'NOWRUZ1404');
  assert.equal(normalizeCode('spring-sale_2'), 'SPRING-SALE_2');
  assert.equal(normalizeCode('ab'), null, 'too short');
  assert.equal(normalizeCode('نوروز'), null, 'letters outside A-Z');
  assert.equal(normalizeCode('-LEADING'), null);
  assert.equal(normalizeCode('x'.repeat(33)), null, 'too long');
});

test('PAY-4 percents are decimal strings with at most two decimals, stored as basis points', () => {
  assert.equal(parsePercent('10'), 1000);
  assert.equal(parsePercent('12.5'), 1250);
  assert.equal(parsePercent('0.01'), 1);
  assert.equal(parsePercent('100'), 10_000);
  for (const bad of ['0', '0.00', '100.01', '101', '-5', '1.234', '1e2', '', ' . ', 'abc']) assert.equal(parsePercent(bad), null, bad);
  for (const bp of [1, 5, 10, 99, 100, 1250, 1205, 10_000]) assert.equal(parsePercent(formatPercent(bp)), bp);
});

test('PAY-4 a percentage is rounded half down to whole Rials', () => {
  assert.equal(percentOfRials(100_004n, 1250), 12_500n, '12500.5 rounds down');
  assert.equal(percentOfRials(100_012n, 1250), 12_501n, '12501.5 rounds down');
  assert.equal(percentOfRials(100_013n, 1250), 12_502n, '12501.625 rounds up');
  assert.equal(percentOfRials(7n, 1000), 1n, '0.7 rounds up');
  assert.equal(percentOfRials(5n, 1000), 0n, '0.5 rounds down');
  assert.equal(percentOfRials(0n, 5000), 0n);
});

test('PAY-4 property: the rounded percentage is within half a Rial of the exact value, ties toward zero', () => {
  const ties = fc.integer({ min: 0, max: 10 ** 6 }).map((k) => BigInt(2 * k + 1) * 5n); // x 1000 bp: exact halves
  fc.assert(fc.property(fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 15n }), ties), fc.oneof(fc.integer({ min: 1, max: 10_000 }), fc.constant(1000)), (amount, bp) => {
    const got = percentOfRials(amount, bp);
    const exactTimes2 = amount * BigInt(bp) * 2n; // 2 x 10000 x exact value
    const diff = got * 20_000n - exactTimes2; // 20000 x (got - exact)
    assert.ok(diff >= -10_000n && diff < 10_000n, 'got - exact is in [-1/2, 1/2): an exact half goes down');
  }));
});

test('PAY-4 property: a discount is never negative, never above the cap, never above the amount', () => {
  const terms = fc.oneof(
    fc.record({ benefitType: fc.constant('percent' as const), percentBasisPoints: fc.integer({ min: 1, max: 10_000 }), amountRials: fc.constant(null), maxDiscountRials: fc.option(fc.bigInt({ min: 1n, max: 10n ** 12n })) }),
    fc.record({ benefitType: fc.constant('fixed' as const), percentBasisPoints: fc.constant(null), amountRials: fc.bigInt({ min: 1n, max: 10n ** 12n }), maxDiscountRials: fc.constant(null) }),
  );
  fc.assert(fc.property(terms, fc.bigInt({ min: 0n, max: 10n ** 15n }), (t, amount) => {
    const d = discountFor(t, amount);
    assert.ok(d >= 0n && d <= amount);
    if (t.maxDiscountRials !== null) assert.ok(d <= t.maxDiscountRials);
    if (t.benefitType === 'fixed') assert.equal(d, amount < t.amountRials! ? amount : t.amountRials);
  }));
  assert.equal(discountFor({ benefitType: 'gift_credit', percentBasisPoints: null, amountRials: 5n, maxDiscountRials: null }, 100n), 0n, 'gift credit is no discount');
});

test('PAY-4 the validity window is [startsAt, endsAt) and status comes first', () => {
  const startsAt = new Date('2026-01-01T00:00:00Z');
  const endsAt = new Date('2026-02-01T00:00:00Z');
  const p = { status: 'active' as const, startsAt, endsAt };
  assert.equal(unavailable(p, new Date('2025-12-31T23:59:59Z'))?.code, 'PROMO_NOT_STARTED');
  assert.equal(unavailable(p, startsAt), null);
  assert.equal(unavailable(p, new Date(endsAt.getTime() - 1)), null);
  assert.equal(unavailable(p, endsAt)?.code, 'PROMO_EXPIRED');
  assert.equal(unavailable({ ...p, status: 'suspended' }, startsAt)?.code, 'PROMO_SUSPENDED');
  assert.equal(unavailable({ ...p, status: 'cancelled' }, startsAt)?.code, 'PROMO_CANCELLED');
});

test('PAY-4 usage limits and scope give their own codes', () => {
  assert.equal(overLimit({ totalUsageLimit: 3, usedCount: 3, perUserLimit: null }, 0)?.code, 'PROMO_USAGE_LIMIT');
  assert.equal(overLimit({ totalUsageLimit: 3, usedCount: 2, perUserLimit: 1 }, 1)?.code, 'PROMO_USER_LIMIT');
  assert.equal(overLimit({ totalUsageLimit: null, usedCount: 99, perUserLimit: null }, 99), null);
  const scope = { serviceCodes: ['moto_parcel'], cityIds: ['cty_tabriz'], minOrderRials: 500_000n };
  assert.equal(outOfScope(scope, { serviceCode: 'car_ride', cityId: 'cty_tabriz', amountRials: 900_000n })?.code, 'PROMO_SERVICE_MISMATCH');
  assert.equal(outOfScope(scope, { serviceCode: 'moto_parcel', cityId: null, amountRials: 900_000n })?.code, 'PROMO_CITY_MISMATCH');
  assert.equal(outOfScope(scope, { serviceCode: 'moto_parcel', cityId: 'cty_tabriz', amountRials: 499_999n })?.code, 'PROMO_MIN_AMOUNT');
  assert.equal(outOfScope(scope, { serviceCode: 'moto_parcel', cityId: 'cty_tabriz', amountRials: 500_000n }), null);
});

test('PAY-4 rule conditions: bulk quantity, and past-volume tiers only with a volume source', async () => {
  const now = new Date('2026-03-01T00:00:00Z');
  const bulk = [{ type: 'min_quantity' as const, quantity: 5 }];
  assert.equal((await unmetCondition(bulk, { userId: 'u', now, quantity: 4 }))?.code, 'PROMO_CONDITIONS_NOT_MET');
  assert.equal(await unmetCondition(bulk, { userId: 'u', now, quantity: 5 }), null);
  const tier = [{ type: 'min_past_volume' as const, amountRials: '10000000', days: 90 }];
  assert.equal((await unmetCondition(tier, { userId: 'u', now, quantity: 1 }))?.code, 'PROMO_CONDITIONS_NOT_MET', 'no source: never assumed met');
  let asked: { since: Date } | undefined;
  const volume = { volumeRials: async (_u: string, o: { since: Date; serviceCodes: string[] }) => { asked = o; return 10_000_000n; } };
  assert.equal(await unmetCondition(tier, { userId: 'u', now, quantity: 1, volume }), null);
  assert.equal(asked!.since.toISOString(), '2025-12-01T00:00:00.000Z');
});

test('PAY-4 expiry takes back only what the later grants cannot cover', () => {
  const d = (s: string) => new Date(s);
  const due = [{ id: 'a', amountRials: 300_000n, expiresAt: d('2026-01-10T00:00:00Z') }];
  const later = [{ id: 'b', amountRials: 200_000n, expiresAt: null }];
  assert.equal(unusedOfDueGrants(400_000n, due, later).get('a'), 200_000n, '100,000 of a was spent');
  assert.equal(unusedOfDueGrants(500_000n, due, later).get('a'), 300_000n, 'nothing spent');
  assert.equal(unusedOfDueGrants(150_000n, due, later).get('a'), 0n, 'a was spent first');
  assert.equal(unusedOfDueGrants(900_000n, due, []).get('a'), 300_000n, 'never more than granted');
  assert.equal(unusedOfDueGrants(-50n, due, []).get('a'), 0n);
});

test('PAY-4 property: expiry never reverses more than was granted or than the pool holds', () => {
  const grant = fc.record({ id: fc.uuid(), amountRials: fc.bigInt({ min: 1n, max: 10n ** 9n }), expiresAt: fc.option(fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true })) });
  fc.assert(fc.property(fc.array(grant, { minLength: 1, maxLength: 6 }), fc.array(grant, { maxLength: 6 }), fc.bigInt({ min: -(10n ** 9n), max: 10n ** 10n }), (due, later, available) => {
    const parts = unusedOfDueGrants(available, due, later);
    let total = 0n;
    for (const g of due) {
      const p = parts.get(g.id) ?? 0n;
      assert.ok(p >= 0n && p <= g.amountRials);
      total += p;
    }
    assert.ok(total <= (available > 0n ? available : 0n));
  }));
});
