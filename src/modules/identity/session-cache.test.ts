import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SessionCache } from './session-cache.js';
/** A stand-in for the one read the cache makes, counting the reads. */
function fakeDb(rows: () => Array<{ userId: string }>) {
  let reads = 0;
  return { read: async () => { reads++; return rows(); }, reads: () => reads };
}

test('ACC-1 a session read once is served from the cache until its time runs out', async () => {
  let now = 0;
  const f = fakeDb(() => [{ userId: 'usr_a' }]);
  const cache = new SessionCache(f.read, 5_000, () => now);
  assert.equal(await cache.isOpen('rtk_1', 'usr_a'), true);
  assert.equal(await cache.isOpen('rtk_1', 'usr_a'), true);
  assert.equal(f.reads(), 1);
  now = 6_000;
  await cache.isOpen('rtk_1', 'usr_a');
  assert.equal(f.reads(), 2);
});

test('ACC-1 a closed session is read again at once, and a session of another user is not open', async () => {
  let open = true;
  const f = fakeDb(() => (open ? [{ userId: 'usr_a' }] : []));
  const cache = new SessionCache(f.read, 5_000, () => 0);
  assert.equal(await cache.isOpen('rtk_1', 'usr_a'), true);
  open = false;
  cache.closed('rtk_1');
  assert.equal(await cache.isOpen('rtk_1', 'usr_a'), false);
  open = true;
  cache.closedAllOf('usr_a');
  assert.equal(await cache.isOpen('rtk_1', 'usr_b'), false, 'the family belongs to usr_a');
});
