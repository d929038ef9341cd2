import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distanceKm, isValidLatLng, pointInPolygon } from './geometry.js';

const square = { type: 'Polygon' as const, coordinates: [[[46, 38], [46.1, 38], [46.1, 38.1], [46, 38.1], [46, 38]], [[46.04, 38.04], [46.06, 38.04], [46.06, 38.06], [46.04, 38.06], [46.04, 38.04]]] };

test('GEO distanceKm: one degree of latitude is about 111 km, and a point is 0 km from itself', () => {
  assert.ok(Math.abs(distanceKm({ lat: 38, lng: 46 }, { lat: 39, lng: 46 }) - 111.2) < 0.3);
  assert.equal(distanceKm({ lat: 38, lng: 46 }, { lat: 38, lng: 46 }), 0);
});

test('GEO pointInPolygon honours the outer ring and holes', () => {
  assert.equal(pointInPolygon({ lat: 38.02, lng: 46.02 }, square), true);
  assert.equal(pointInPolygon({ lat: 38.05, lng: 46.05 }, square), false, 'inside the hole');
  assert.equal(pointInPolygon({ lat: 38.2, lng: 46.05 }, square), false);
});

test('GEO isValidLatLng refuses out-of-range and non-finite coordinates', () => {
  assert.equal(isValidLatLng({ lat: 38, lng: 46 }), true);
  assert.equal(isValidLatLng({ lat: 91, lng: 46 }), false);
  assert.equal(isValidLatLng({ lat: 38, lng: -181 }), false);
  assert.equal(isValidLatLng({ lat: Number.NaN, lng: 46 }), false);
});
