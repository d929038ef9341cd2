import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TRANSITIONS, TERMINAL, canTransition, sourcesOf, type OrderKind, type OrderStatus } from '../src/modules/orders/index.js';
import { commissionOf } from '../src/flows/order-money.js';

const KINDS: OrderKind[] = ['ride', 'parcel', 'moving', 'errand'];

test('ORD-1 each kind has a transition table; terminal statuses lead nowhere', () => {
  for (const kind of KINDS) {
    for (const s of TERMINAL) assert.equal(TRANSITIONS[kind][s], undefined, `${kind} ${s}`);
    assert.ok(canTransition(kind, 'requested', 'offered'));
    assert.ok(canTransition(kind, 'offered', 'accepted'));
    assert.ok(canTransition(kind, 'in_progress', 'completed'));
    assert.ok(!canTransition(kind, 'completed', 'cancelled'));
    assert.ok(!canTransition(kind, 'requested', 'completed'), 'no skipping to completion');
    assert.ok(!canTransition(kind, 'in_progress', 'no_show'));
  }
});

test('ORD-10 only parcels return to their sender', () => {
  assert.ok(canTransition('parcel', 'in_progress', 'returning'));
  assert.ok(canTransition('parcel', 'returning', 'returned'));
  assert.ok(!canTransition('ride', 'in_progress', 'returning'));
  assert.deepEqual(sourcesOf('ride', 'returned'), []);
});

test('ORD-6 a cancellation fee is possible only after acceptance or arrival; before acceptance cancelling is free', () => {
  const sources = new Set<OrderStatus>(sourcesOf('ride', 'cancelled'));
  for (const s of ['scheduled', 'requested', 'offered', 'accepted', 'arrived'] as OrderStatus[]) assert.ok(sources.has(s), s);
  assert.ok(!canTransition('ride', 'completed', 'cancelled'));
});

test('PAY-3 commission is a percent of the fare in basis points, rounded down to the Rial', () => {
  assert.equal(commissionOf(1_000_000n, 15), 150_000n);
  assert.equal(commissionOf(999n, 15), 149n);
  assert.equal(commissionOf(1_000_000n, 12.5), 125_000n);
  assert.equal(commissionOf(0n, 15), 0n);
});
