import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decideCompensation, assessmentProblem, EXCLUDED_CAUSES, type Assessment } from './claims.rules.js';

const CAP = 50_000_000n;
const A: Assessment = { extent: 'total', damagePercent: null, causedByCarriage: true, packagingShowsImpact: false, excludedCause: null, providerAtFault: false };
const visible = (v: bigint) => ({ declaredValueRials: v, contentsVisible: true });

test('CLM-1 total loss pays the declared value up to the cap', () => {
  assert.deepEqual(decideCompensation(visible(10_000_000n), A, CAP), { outcome: 'approved', compensationRials: 10_000_000n });
  assert.deepEqual(decideCompensation(visible(90_000_000n), A, CAP), { outcome: 'approved', compensationRials: CAP });
});

test('CLM-1 partial damage pays proportionally to the assessed damage', () => {
  const d = decideCompensation(visible(10_000_000n), { ...A, extent: 'partial', damagePercent: 30 }, CAP);
  assert.deepEqual(d, { outcome: 'approved', compensationRials: 3_000_000n });
  const capped = decideCompensation(visible(80_000_000n), { ...A, extent: 'partial', damagePercent: 50 }, CAP);
  assert.deepEqual(capped, { outcome: 'approved', compensationRials: 25_000_000n }, 'the percentage applies to the capped value');
});

test('CLM-1 no declared value, no compensation', () => {
  assert.deepEqual(decideCompensation(visible(0n), A, CAP), { outcome: 'rejected', reason: 'no_declared_value' });
});

test('CLM-1 contents not visible count only when the packaging shows impact', () => {
  const hidden = { declaredValueRials: 10_000_000n, contentsVisible: false };
  assert.deepEqual(decideCompensation(hidden, A, CAP), { outcome: 'rejected', reason: 'no_packaging_impact' });
  assert.deepEqual(decideCompensation(hidden, { ...A, packagingShowsImpact: true }, CAP), { outcome: 'approved', compensationRials: 10_000_000n });
});

test('CLM-1 excluded causes and damage not from carriage are rejected with that reason', () => {
  for (const cause of EXCLUDED_CAUSES) {
    assert.deepEqual(decideCompensation(visible(10_000_000n), { ...A, excludedCause: cause }, CAP), { outcome: 'rejected', reason: `excluded_${cause}` });
  }
  assert.deepEqual(decideCompensation(visible(10_000_000n), { ...A, causedByCarriage: false }, CAP), { outcome: 'rejected', reason: 'not_carriage_damage' });
});

test('CLM-1 a partial assessment needs a whole percentage from 1 to 100', () => {
  assert.equal(assessmentProblem({ ...A, extent: 'partial', damagePercent: null }), 'damagePercent');
  assert.equal(assessmentProblem({ ...A, extent: 'partial', damagePercent: 0 }), 'damagePercent');
  assert.equal(assessmentProblem({ ...A, extent: 'partial', damagePercent: 12.5 }), 'damagePercent');
  assert.equal(assessmentProblem({ ...A, extent: 'partial', damagePercent: 40 }), null);
  assert.equal(assessmentProblem(A), null);
});

test('CLM-1 property: compensation never exceeds the declared value or the cap, and is never negative', () => {
  const assessment = fc.record({
    extent: fc.constantFrom('total' as const, 'partial' as const),
    damagePercent: fc.option(fc.integer({ min: -10, max: 200 }), { nil: null }),
    causedByCarriage: fc.boolean(),
    packagingShowsImpact: fc.boolean(),
    excludedCause: fc.option(fc.constantFrom(...EXCLUDED_CAUSES), { nil: null }),
    providerAtFault: fc.boolean(),
  });
  fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 12n }), assessment, (value, contentsVisible, cap, a) => {
    const d = decideCompensation({ declaredValueRials: value, contentsVisible }, a, cap);
    if (d.outcome === 'rejected') return true;
    return d.compensationRials >= 0n && d.compensationRials <= value && d.compensationRials <= cap;
  }), { numRuns: 2000 });
});
