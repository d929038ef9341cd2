import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canMove, cancellationSplit, earliestWantedDate, rulePrice, withinBusinessHours } from './errands.rules.js';

const HOURS = { days: [6, 0, 1, 2, 3], from: '08:00', to: '16:00' };

test('ERR-2 business hours: Sat-Wed 08:00-16:00 in Tehran', () => {
  assert.equal(withinBusinessHours(new Date('2026-11-22T04:30:00Z'), 'Asia/Tehran', HOURS), true); // Sunday 08:00
  assert.equal(withinBusinessHours(new Date('2026-11-22T04:29:00Z'), 'Asia/Tehran', HOURS), false); // Sunday 07:59
  assert.equal(withinBusinessHours(new Date('2026-11-22T12:30:00Z'), 'Asia/Tehran', HOURS), false); // Sunday 16:00
  assert.equal(withinBusinessHours(new Date('2026-11-26T06:00:00Z'), 'Asia/Tehran', HOURS), false); // Thursday
  assert.equal(withinBusinessHours(new Date('2026-11-21T06:00:00Z'), 'Asia/Tehran', HOURS), true); // Saturday
});

test('ERR-1 the earliest wanted date counts days in the city calendar', () => {
  assert.equal(earliestWantedDate(new Date('2026-11-22T08:00:00Z'), 'Asia/Tehran', 1), '2026-11-23');
  assert.equal(earliestWantedDate(new Date('2026-11-22T21:00:00Z'), 'Asia/Tehran', 1), '2026-11-24'); // already the 23rd in Tehran
  assert.equal(earliestWantedDate(new Date('2026-12-31T08:00:00Z'), 'Asia/Tehran', 3), '2027-01-03');
});

test('ERR-6 the rule price takes the best volume tier reached, in whole Rials', () => {
  const s = { baseRials: 500_000n, perItemRials: 100_000n, volumeTiers: [{ minQuantity: 5, percentOff: 10 }, { minQuantity: 10, percentOff: 20 }] };
  assert.equal(rulePrice(s, 1), 600_000n);
  assert.equal(rulePrice(s, 5), 900_000n);
  assert.equal(rulePrice(s, 12), 1_360_000n);
  assert.equal(rulePrice({ ...s, volumeTiers: [{ minQuantity: 2, percentOff: 33.33 }] }, 2), 466_690n);
});

test('ERR-3 the transition table: no skipping payment, terminal states stay terminal', () => {
  assert.equal(canMove('quoted', 'assigned'), false);
  assert.equal(canMove('requested', 'paid'), false);
  assert.equal(canMove('done', 'cancelled'), false);
  assert.equal(canMove('in_progress', 'failed'), true);
});

test('ERR-7 the split: free when paid, fee once assigned, recorded cost after dispatch, capped at what is left', () => {
  const p = { followUpFeeRials: 200_000n, costPercentDispatched: 20, costPercentInProgress: 50 };
  const e = { priceRials: 1_000_000n, paidRials: 1_000_000n, refundedRials: 0n, costSoFarRials: 0n };
  assert.deepEqual(cancellationSplit('paid', e, p), { keptRials: 0n, refundRials: 1_000_000n });
  assert.deepEqual(cancellationSplit('assigned', e, p), { keptRials: 200_000n, refundRials: 800_000n });
  assert.deepEqual(cancellationSplit('dispatched', e, p), { keptRials: 200_000n, refundRials: 800_000n });
  assert.deepEqual(cancellationSplit('in_progress', e, p), { keptRials: 500_000n, refundRials: 500_000n });
  assert.deepEqual(cancellationSplit('in_progress', { ...e, costSoFarRials: 5_000_000n }, p), { keptRials: 1_000_000n, refundRials: 0n });
  assert.deepEqual(cancellationSplit('quoted', { ...e, paidRials: 0n }, p), { keptRials: 0n, refundRials: 0n });
});
