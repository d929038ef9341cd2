// Batch assignment (issue 4 batch mode, ORD-11 dispatch, PRV-7 box priority): the optimal solver
// against brute force, the greedy baseline, and the batch planner's eligibility rules.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assignGreedy, assignMinCost, assignmentCost, planBatch, planBatchFromCandidates, type BatchOrder, type BatchProvider } from '../src/modules/dispatch/assignment/index.js';

/** Best (most rows assigned, then least cost) over every partial matching: the reference answer. */
function bruteForce(cost: number[][]): { count: number; total: number } {
  const n = cost.length;
  const m = n ? cost[0].length : 0;
  const used = new Array<boolean>(m).fill(false);
  let best = { count: 0, total: 0 };
  const visit = (i: number, count: number, total: number) => {
    if (i === n) {
      if (count > best.count || (count === best.count && total < best.total - 1e-9)) best = { count, total };
      return;
    }
    visit(i + 1, count, total);
    for (let j = 0; j < m; j++) {
      if (used[j] || !Number.isFinite(cost[i][j])) continue;
      used[j] = true;
      visit(i + 1, count + 1, total + cost[i][j]);
      used[j] = false;
    }
  };
  visit(0, 0, 0);
  return best;
}

/** A row -> column answer is a matching: each column at most once, never on a forbidden cell. */
function assertMatching(cost: number[][], a: number[]): void {
  assert.equal(a.length, cost.length);
  const cols = a.filter((j) => j >= 0);
  assert.equal(new Set(cols).size, cols.length, 'a column is used twice');
  a.forEach((j, i) => { if (j >= 0) assert.ok(Number.isFinite(cost[i][j]), `row ${i} landed on a forbidden cell`); });
}

const matrix = (maxRows: number, maxCols: number, forbiddenShare: number) =>
  fc.integer({ min: 1, max: maxRows }).chain((n) => fc.integer({ min: 1, max: maxCols }).chain((m) =>
    fc.array(fc.array(fc.oneof(
      { weight: Math.round(100 - forbiddenShare * 100), arbitrary: fc.integer({ min: -20, max: 50 }) },
      { weight: Math.max(0, Math.round(forbiddenShare * 100)), arbitrary: fc.constant(Infinity) },
    ), { minLength: m, maxLength: m }), { minLength: n, maxLength: n })));

describe('assignMinCost', () => {
  test('ORD-11 batch mode: the optimal assignment equals brute force on small random square and rectangular matrices', () => {
    fc.assert(fc.property(matrix(6, 6, 0), (cost) => {
      const a = assignMinCost(cost);
      assertMatching(cost, a);
      const ref = bruteForce(cost);
      assert.equal(a.filter((j) => j >= 0).length, Math.min(cost.length, cost[0].length));
      assert.ok(Math.abs(assignmentCost(cost, a) - ref.total) < 1e-9, `got ${assignmentCost(cost, a)}, best ${ref.total}`);
    }), { numRuns: 400 });
  });

  test('ORD-11 batch mode: with forbidden pairs it assigns as many rows as possible, then at least cost', () => {
    fc.assert(fc.property(matrix(6, 6, 0.35), (cost) => {
      const a = assignMinCost(cost);
      assertMatching(cost, a);
      const ref = bruteForce(cost);
      assert.equal(a.filter((j) => j >= 0).length, ref.count);
      assert.ok(Math.abs(assignmentCost(cost, a) - ref.total) < 1e-9);
    }), { numRuns: 400 });
  });

  test('ORD-11 batch mode: fractional costs (pickup km) are solved optimally too', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), fc.integer(), (n, m, seed) => {
      let s = seed >>> 0;
      const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
      const cost = Array.from({ length: n }, () => Array.from({ length: m }, () => rnd() * 12.5));
      const a = assignMinCost(cost);
      assertMatching(cost, a);
      assert.ok(Math.abs(assignmentCost(cost, a) - bruteForce(cost).total) < 1e-7);
    }), { numRuns: 300 });
  });

  test('ORD-11 batch mode: more rows than columns leaves the extra rows at -1, more columns than rows leaves columns free', () => {
    const tall = [[4, 1], [2, 3], [1, 9], [8, 8]];
    const a = assignMinCost(tall);
    assert.equal(assignmentCost(tall, a), 2); // rows 0->1 (1) and 2->0 (1)
    assert.deepEqual(a, [1, -1, 0, -1]);
    const wide = [[5, 9, 1, 7], [6, 2, 8, 3]];
    assert.deepEqual(assignMinCost(wide), [2, 1]);
  });

  test('ORD-11 batch mode: a row with only forbidden pairs stays unassigned; an all-forbidden matrix assigns nothing', () => {
    const I = Infinity;
    assert.deepEqual(assignMinCost([[1, 2], [I, I], [3, 1]]), [0, -1, 1]);
    assert.deepEqual(assignMinCost([[I, I], [I, I]]), [-1, -1]);
    assert.deepEqual(assignMinCost([[NaN, 3]]), [1]);
    // Taking the cheap cell 0,0 would leave row 1 with nothing: the solver prefers serving both.
    assert.deepEqual(assignMinCost([[1, 10], [2, I]]), [1, 0]);
  });

  test('ORD-11 batch mode: empty input, a single cell and -Infinity', () => {
    assert.deepEqual(assignMinCost([]), []);
    assert.deepEqual(assignMinCost([[], []]), [-1, -1]);
    assert.deepEqual(assignMinCost([[7]]), [0]);
    assert.throws(() => assignMinCost([[-Infinity, 1]]), RangeError);
    assert.throws(() => assignMinCost([[1, 2], [1]]), RangeError);
  });

  test('ORD-11 batch mode: ties are broken deterministically (same matrix, same answer, every time)', () => {
    const flat = Array.from({ length: 6 }, () => new Array<number>(6).fill(3));
    const first = assignMinCost(flat);
    assertMatching(flat, first);
    for (let k = 0; k < 5; k++) assert.deepEqual(assignMinCost(flat.map((r) => [...r])), first);
    fc.assert(fc.property(matrix(8, 8, 0.2).map((c) => c.map((r) => r.map((x) => (Number.isFinite(x) ? x % 3 : x)))), (cost) => {
      assert.deepEqual(assignMinCost(cost), assignMinCost(cost.map((r) => [...r])));
    }), { numRuns: 200 });
  });

  test('ORD-11 batch mode: a 200x200 geometric matrix is never worse than greedy', () => {
    let s = 42;
    const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const pts = () => Array.from({ length: 200 }, () => [rnd() * 20, rnd() * 15]);
    const a = pts();
    const b = pts();
    const cost = a.map(([x, y]) => b.map(([u, v]) => Math.hypot(x - u, y - v)));
    const opt = assignMinCost(cost);
    assertMatching(cost, opt);
    assert.ok(assignmentCost(cost, opt) <= assignmentCost(cost, assignGreedy(cost)) + 1e-9);
  });
});

describe('assignGreedy', () => {
  test('ORD-11 greedy baseline: repeatedly takes the cheapest remaining pair, ties to the lower row then column', () => {
    assert.deepEqual(assignGreedy([[1, 2], [1, 100]]), [0, 1]);
    assert.deepEqual(assignGreedy([[5, 5], [5, 5]]), [0, 1]);
    assert.deepEqual(assignGreedy([[Infinity, 1], [2, 1]]), [1, 0]);
    assert.deepEqual(assignGreedy([[1], [0], [2]]), [-1, 0, -1]);
  });

  test('ORD-11 greedy baseline: always a valid matching, never cheaper than the optimum', () => {
    fc.assert(fc.property(matrix(6, 6, 0.2), (cost) => {
      const g = assignGreedy(cost);
      assertMatching(cost, g);
      const ref = bruteForce(cost);
      const count = g.filter((j) => j >= 0).length;
      if (count === ref.count) assert.ok(assignmentCost(cost, g) >= ref.total - 1e-9);
      else assert.ok(count < ref.count);
    }), { numRuns: 300 });
  });
});

describe('planBatch', () => {
  const at = (lat: number, lng: number) => ({ lat, lng });
  const order = (id: string, p: { lat: number; lng: number }, serviceCode = 'car_ride', kind = 'ride'): BatchOrder => ({ id, ...p, serviceCode, kind });
  const provider = (id: string, p: { lat: number; lng: number }, serviceCodes = ['car_ride'], hasBox = false): BatchProvider => ({ id, ...p, serviceCodes, hasBox });
  const center = at(38.08, 46.29); // Tabriz
  const km = (dLat: number) => dLat / 111.2;

  test('ORD-11 batch mode: pairs minimise total pickup distance where cheapest-pair-first would not', () => {
    // p1 is nearest to A, but giving it to A sends p2 the long way to B; the optimum swaps them.
    const orders = [order('A', center), order('B', at(center.lat + km(1), center.lng))];
    const providers = [provider('p1', at(center.lat + km(0.4), center.lng)), provider('p2', at(center.lat - km(1), center.lng))];
    const opt = planBatch({ orders, providers, maxPickupKm: 5 });
    const greedy = planBatch({ orders, providers, maxPickupKm: 5, method: 'greedy' });
    const pick = (plan: typeof opt) => Object.fromEntries(plan.pairs.map((p) => [p.orderId, p.providerId]));
    assert.deepEqual(pick(opt), { A: 'p2', B: 'p1' });
    assert.deepEqual(pick(greedy), { A: 'p1', B: 'p2' });
    const total = (plan: typeof opt) => plan.pairs.reduce((s, p) => s + p.pickupKm, 0);
    assert.ok(Math.abs(total(opt) - 1.6) < 0.01 && Math.abs(total(greedy) - 2.4) < 0.01, `${total(opt)} ${total(greedy)}`);
    assert.equal(opt.unassignedOrderIds.length, 0);
  });

  test('ORD-11 batch mode: a provider never gets a service it does not offer, nor a pickup beyond the radius', () => {
    const orders = [order('ride', center), order('parcel', at(center.lat + km(0.5), center.lng), 'moto_parcel', 'parcel'), order('far', at(center.lat + km(30), center.lng))];
    const providers = [provider('car', at(center.lat + km(0.4), center.lng), ['car_ride']), provider('moto', at(center.lat + km(0.1), center.lng), ['moto_ride', 'moto_parcel'])];
    const plan = planBatch({ orders, providers, maxPickupKm: 3 });
    assert.deepEqual(plan.pairs.map((p) => [p.orderId, p.providerId]).sort(), [['parcel', 'moto'], ['ride', 'car']]);
    assert.deepEqual(plan.unassignedOrderIds, ['far']);
    for (const p of plan.pairs) assert.ok(p.pickupKm <= 3);
  });

  test('PRV-7 batch mode: a parcel goes to a box courier even when a courier without a box is a little closer', () => {
    const orders = [order('parcel', center, 'moto_parcel', 'parcel')];
    const providers = [provider('nobox', at(center.lat + km(0.3), center.lng), ['moto_parcel'], false), provider('box', at(center.lat + km(1.5), center.lng), ['moto_parcel'], true)];
    assert.equal(planBatch({ orders, providers, maxPickupKm: 5 }).pairs[0].providerId, 'box');
    // Without the penalty, distance alone decides; a ride never pays the penalty.
    assert.equal(planBatch({ orders, providers, maxPickupKm: 5, parcelNoBoxPenaltyKm: 0 }).pairs[0].providerId, 'nobox');
    const ride = [order('ride', center, 'moto_parcel', 'ride')];
    assert.equal(planBatch({ orders: ride, providers, maxPickupKm: 5 }).pairs[0].providerId, 'nobox');
  });

  test('ORD-11 batch mode: a custom cost function can forbid pairs; no providers means every order waits', () => {
    const orders = [order('A', center)];
    const providers = [provider('p1', center), provider('p2', at(center.lat + km(1), center.lng))];
    const plan = planBatch({ orders, providers, maxPickupKm: 5, costFn: (_o, p, d) => (p.id === 'p1' ? Infinity : d) });
    assert.equal(plan.pairs[0].providerId, 'p2');
    assert.deepEqual(planBatch({ orders, providers: [], maxPickupKm: 5 }), { pairs: [], unassignedOrderIds: ['A'], providersConsidered: 0 });
    assert.throws(() => planBatch({ orders, providers, maxPickupKm: 0 }), RangeError);
  });

  test('ORD-11 batch mode: each provider is assigned at most once across a dense batch', () => {
    let s = 7;
    const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const orders = Array.from({ length: 150 }, (_, i) => order(`o${i}`, at(center.lat + (rnd() - 0.5) * 0.05, center.lng + (rnd() - 0.5) * 0.05)));
    const providers = Array.from({ length: 120 }, (_, i) => provider(`p${i}`, at(center.lat + (rnd() - 0.5) * 0.05, center.lng + (rnd() - 0.5) * 0.05)));
    const plan = planBatch({ orders, providers, maxPickupKm: 4 });
    assert.equal(new Set(plan.pairs.map((p) => p.providerId)).size, plan.pairs.length);
    assert.equal(plan.pairs.length + plan.unassignedOrderIds.length, orders.length);
    assert.equal(plan.pairs.length, 120);
  });

  test('ORD-11 batch mode: an order whose defer cost is below its best pickup waits for the next batch', () => {
    const orders = [{ ...order('near', center), deferCost: 3 }, { ...order('far', at(center.lat + km(6), center.lng)), deferCost: 3 }];
    const providers = [provider('p1', at(center.lat + km(0.5), center.lng)), provider('p2', at(center.lat + km(0.6), center.lng))];
    const plan = planBatch({ orders, providers, maxPickupKm: 10 });
    assert.deepEqual(plan.pairs.map((p) => p.orderId), ['near']);
    assert.deepEqual(plan.unassignedOrderIds, ['far']);
    // Without a defer cost every order that can be served is served.
    assert.equal(planBatch({ orders: orders.map(({ deferCost: _d, ...o }) => o), providers, maxPickupKm: 10 }).pairs.length, 2);
  });

  test('ORD-11 PRV-7 batch mode from candidate lists: one provider per order, box couriers preferred for parcels', () => {
    const plan = planBatchFromCandidates({
      orders: [
        { id: 'A', kind: 'ride', candidates: [{ providerId: 'p1', distanceKm: 0.4, hasBox: false }, { providerId: 'p2', distanceKm: 1.0, hasBox: false }] },
        { id: 'B', kind: 'ride', candidates: [{ providerId: 'p1', distanceKm: 0.6, hasBox: false }, { providerId: 'p2', distanceKm: 2.0, hasBox: false }] },
        { id: 'P', kind: 'parcel', candidates: [{ providerId: 'c1', distanceKm: 0.2, hasBox: false }, { providerId: 'c2', distanceKm: 1.2, hasBox: true }] },
        { id: 'none', kind: 'ride', candidates: [] },
      ],
    });
    const pick = Object.fromEntries(plan.pairs.map((p) => [p.orderId, p.providerId]));
    assert.deepEqual(pick, { A: 'p2', B: 'p1', P: 'c2' });
    assert.deepEqual(plan.unassignedOrderIds, ['none']);
    assert.equal(plan.pairs.find((p) => p.orderId === 'P')!.pickupKm, 1.2);
  });
});
