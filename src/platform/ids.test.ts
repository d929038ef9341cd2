import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ID_PATTERN, encodeId, newId } from './ids.js';

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';
const timeOf = (id: string) => [...id.slice(4, 14)].reduce((t, ch) => t * 32 + CROCKFORD.indexOf(ch), 0);

test('OPS-4 ids carry their prefix and a fixed Crockford base32 shape', () => {
  const id = newId('aud');
  assert.match(id, ID_PATTERN);
  assert.ok(id.startsWith('aud_'));
  assert.equal(id.length, 30);
});

test('OPS-4 ids made in the same millisecond are unique and strictly increasing (audit paging by id)', () => {
  const ms = Date.now() + 10_000_000;
  const ids = Array.from({ length: 5000 }, () => newId('aud', ms));
  assert.equal(new Set(ids).size, ids.length);
  for (let i = 1; i < ids.length; i++) assert.ok(ids[i - 1] < ids[i], `${ids[i - 1]} !< ${ids[i]}`);
  assert.equal(timeOf(ids[0]), ms);
});

test('OPS-4 100,000 ids are unique', () => {
  const ids = new Set<string>();
  for (let i = 0; i < 100_000; i++) ids.add(newId('usr'));
  assert.equal(ids.size, 100_000);
});

test('OPS-4 property: ids never go backwards, and encode the later of the given and the last time', () => {
  fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 60_000 }), { minLength: 2, maxLength: 50 }), (offsets) => {
    const base = Date.now() + 20_000_000;
    let previous = newId('ord', base);
    let lastTime = timeOf(previous);
    for (const offset of offsets) {
      const id = newId('ord', base + offset);
      assert.ok(previous < id, `${previous} !< ${id}`);
      assert.equal(timeOf(id), Math.max(lastTime, base + offset));
      lastTime = timeOf(id);
      previous = id;
    }
  }), { numRuns: 100 });
});

test('OPS-4 ids made at later times sort after earlier ones (lexicographic = chronological)', () => {
  const a = newId('txn', Date.now() + 30_000_000);
  const b = newId('txn', Date.now() + 30_000_001);
  const c = newId('txn', Date.now() + 31_000_000);
  assert.deepEqual([c, a, b].sort(), [a, b, c]);
});

test('OPS-4 property: the encoding is the 48-bit time and the 80 random bits in base32, most significant first', () => {
  // The straightforward BigInt version, as a reference.
  const reference = (prefix: string, ms: number, rand: Uint8Array) => {
    let t = BigInt(ms);
    let bits = 0n;
    for (const b of rand) bits = (bits << 8n) | BigInt(b);
    let time = '';
    let random = '';
    for (let i = 0; i < 10; i++) { time = CROCKFORD[Number(t % 32n)] + time; t /= 32n; }
    for (let i = 0; i < 16; i++) { random = CROCKFORD[Number(bits & 31n)] + random; bits >>= 5n; }
    return `${prefix}_${time}${random}`;
  };
  fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 48 - 1 }), fc.uint8Array({ minLength: 10, maxLength: 10 }), (ms, rand) => {
    assert.equal(encodeId('ord', ms, rand), reference('ord', ms, rand));
  }), { numRuns: 2000 });
  assert.equal(encodeId('usr', 2 ** 48 - 1, new Uint8Array(10).fill(255)), `usr_${'z'.repeat(26)}`.replace('usr_z', 'usr_7'));
});
