import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { GeoIndex, type PointIndex } from './geo-index.js';
import { KdbushGeoIndex } from './kdbush-index.js';
import { distanceKm } from './geometry.js';

// Tabriz-sized box, so distances and densities look like a real city.
const lat = fc.double({ min: 37.98, max: 38.16, noNaN: true });
const lng = fc.double({ min: 46.15, max: 46.45, noNaN: true });
const op = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('upsert' as const), id: fc.integer({ min: 0, max: 60 }), lat, lng }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), id: fc.integer({ min: 0, max: 60 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rebuild' as const) }) },
);

const variants: Array<[string, () => PointIndex & { rebuild?: () => void }]> = [
  ['GeoIndex (grid)', () => new GeoIndex({ cellDeg: 0.0025 })],
  ['KdbushGeoIndex (snapshot + delta)', () => new KdbushGeoIndex({ minDelta: 4, deltaFraction: 0.1 })],
];

for (const [name, make] of variants) test(`PRV-11 ${name}: nearest equals a brute-force scan after any mix of upserts, moves, removes and rebuilds`, () => {
  fc.assert(fc.property(
    fc.array(op, { maxLength: 200 }), lat, lng, fc.integer({ min: 1, max: 12 }), fc.option(fc.double({ min: 0.1, max: 30, noNaN: true })), fc.integer({ min: 1, max: 4 }),
    (ops, qLat, qLng, k, maxKm, mod) => {
      const index = make();
      const truth = new Map<string, { lat: number; lng: number }>();
      for (const o of ops) {
        if (o.kind === 'upsert') { index.upsert(`p${o.id}`, o.lat, o.lng); truth.set(`p${o.id}`, { lat: o.lat, lng: o.lng }); }
        else if (o.kind === 'remove') { index.remove(`p${o.id}`); truth.delete(`p${o.id}`); }
        else index.rebuild?.();
      }
      const filter = (id: string) => Number(id.slice(1)) % mod === 0;
      const got = index.nearest(qLat, qLng, { k, maxKm: maxKm ?? undefined, filter });
      const want = [...truth.entries()]
        .filter(([id]) => filter(id))
        .map(([id, p]) => ({ id, d: distanceKm({ lat: qLat, lng: qLng }, p) }))
        .filter((x) => maxKm === null || x.d <= maxKm)
        .sort((a, b) => a.d - b.d)
        .slice(0, k);
      assert.equal(index.size, truth.size);
      assert.deepEqual(got.map((h) => h.distanceKm), want.map((w) => w.d));
      for (const h of got) assert.deepEqual({ lat: h.lat, lng: h.lng }, truth.get(h.id));
    },
  ), { numRuns: 400 });
});

test('PRV-11 GeoIndex finds far points (sparse index, no maxKm) and points across the whole earth', () => {
  const index = new GeoIndex();
  index.upsert('tehran', 35.6892, 51.389);
  index.upsert('sydney', -33.8688, 151.2093);
  index.upsert('tabriz', 38.0792, 46.2887);
  assert.deepEqual(index.nearest(38.08, 46.29, { k: 2 }).map((h) => h.id), ['tabriz', 'tehran']);
  assert.deepEqual(index.nearest(-34, 150, { k: 1 }).map((h) => h.id), ['sydney']);
  assert.deepEqual(index.nearest(38.08, 46.29, { k: 3, maxKm: 600 }).map((h) => h.id), ['tabriz', 'tehran']);
  index.remove('tabriz');
  assert.equal(index.size, 2);
  assert.deepEqual(index.nearest(38.08, 46.29, { k: 1, filter: (id) => id !== 'tehran' }).map((h) => h.id), ['sydney']);
});

test('PRV-11 GeoIndex hands each point\'s attached value to the filter, and keeps it across moves', () => {
  const index = new GeoIndex<{ idle: boolean }>();
  index.upsert('a', 38.08, 46.29, { idle: false });
  index.upsert('b', 38.09, 46.29, { idle: true });
  index.upsert('a', 38.0801, 46.29);
  assert.deepEqual(index.nearest(38.08, 46.29, { k: 2, filter: (_id, v) => v.idle }).map((h) => h.id), ['b']);
  index.upsert('a', 38.0801, 46.29, { idle: true });
  assert.deepEqual(index.nearest(38.08, 46.29, { k: 2, filter: (_id, v) => v.idle }).map((h) => h.id), ['a', 'b']);
});

test('PRV-11 KdbushGeoIndex rebuilds its snapshot by itself once the delta grows, and stays correct', () => {
  const index = new KdbushGeoIndex();
  for (let i = 0; i < 5000; i++) index.upsert(`p${i}`, 38 + (i % 100) / 1000, 46.2 + Math.floor(i / 100) / 1000);
  assert.equal(index.rebuilds, 0);
  const first = index.nearest(38.05, 46.225, { k: 3 });
  assert.equal(index.rebuilds, 1);
  assert.equal(index.pending, 0);
  index.upsert('p0', 38.0505, 46.2255);
  assert.equal(index.pending, 1);
  const after = index.nearest(38.0505, 46.2255, { k: 3 });
  assert.equal(after[0].id, 'p0');
  assert.equal(after[0].distanceKm, 0);
  assert.equal(first.length, 3);
});

test('PRV-11 GeoIndex over the whole earth and in tight clusters: nearest equals a brute-force scan (keys far from the first point, near-ties)', () => {
  const anyLat = fc.double({ min: -90, max: 90, noNaN: true });
  const anyLng = fc.double({ min: -180, max: 180, noNaN: true });
  // Points a hair apart (1e-9 to 1e-4 degrees) around a few centres, duplicates included: the
  // scan's lower bound must never rule out a point that ties or beats the k-th best.
  const near = fc.record({ c: fc.integer({ min: 0, max: 2 }), dLat: fc.double({ min: -1e-4, max: 1e-4, noNaN: true }), dLng: fc.double({ min: -1e-4, max: 1e-4, noNaN: true }) });
  const centres = [[38.0792, 46.2887], [-33.8688, 151.2093], [64.1466, -21.9426]];
  const placed = fc.oneof(
    fc.record({ lat: anyLat, lng: anyLng }),
    near.map(({ c, dLat, dLng }) => ({ lat: centres[c][0] + dLat, lng: centres[c][1] + dLng })),
    near.map(({ c }) => ({ lat: centres[c][0], lng: centres[c][1] })),
  );
  const query = fc.oneof(fc.record({ lat: anyLat, lng: anyLng }), fc.constantFrom(...centres.map(([la, ln]) => ({ lat: la, lng: ln }))));
  fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 80 }), placed), { maxLength: 150 }), query, fc.integer({ min: 1, max: 12 }), fc.option(fc.double({ min: 0.001, max: 25_000, noNaN: true })), (ops, q, k, maxKm) => {
    const index = new GeoIndex();
    const truth = new Map<string, { lat: number; lng: number }>();
    for (const [id, p] of ops) { index.upsert(`p${id}`, p.lat, p.lng); truth.set(`p${id}`, { lat: p.lat, lng: p.lng }); }
    const got = index.nearest(q.lat, q.lng, { k, maxKm: maxKm ?? undefined });
    const want = [...truth.entries()].map(([id, p]) => ({ id, d: distanceKm(q, p) }))
      .filter((x) => maxKm === null || x.d <= maxKm).sort((a, b) => a.d - b.d).slice(0, k);
    assert.deepEqual(got.map((h) => h.distanceKm), want.map((w) => w.d));
    for (const h of got) assert.deepEqual({ lat: h.lat, lng: h.lng }, truth.get(h.id));
  }), { numRuns: 500 });
});

test('PRV-11 GeoIndex: a filter may query the same index while a query runs; nearestAs builds the caller\'s own hits', () => {
  const index = new GeoIndex<{ n: number }>();
  index.upsert('a', 38.08, 46.29, { n: 1 });
  index.upsert('b', 38.081, 46.29, { n: 2 });
  index.upsert('c', 38.082, 46.29, { n: 3 });
  // The inner query gets its own k-best list, so the outer one's is not overwritten.
  const inner: string[][] = [];
  const outer = index.nearest(38.08, 46.29, { k: 3, filter: (id) => { inner.push(index.nearest(38.082, 46.29, { k: 1 }).map((h) => h.id)); return id !== 'b'; } });
  assert.deepEqual(outer.map((h) => h.id), ['a', 'c']);
  assert.ok(inner.length > 0 && inner.every((ids) => ids[0] === 'c'));
  assert.deepEqual(index.nearestAs(38.08, 46.29, { k: 2 }, (id, _lat, _lng, km, v) => `${id}:${v.n}:${km === 0}`), ['a:1:true', 'b:2:false']);
});
