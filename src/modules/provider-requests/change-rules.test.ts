import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fleetChangeNeeds, missingTypes, servicesOf } from './change-rules.js';

test('PRV-4 courier -> also motorcycle taxi needs a motorcycle licence, not a new vehicle', () => {
  const s = servicesOf('motorcycle', 'both');
  assert.deepEqual(s, ['moto_parcel', 'moto_ride']);
  assert.deepEqual(fleetChangeNeeds('motorcycle', 'motorcycle', s), { documents: ['motorcycle_licence'], vehicle: false });
});

test('PRV-4 motorcycle -> van or car needs the driving licence and the vehicle with its card', () => {
  assert.deepEqual(fleetChangeNeeds('motorcycle', 'van', ['van_parcel']), { documents: ['driving_licence', 'vehicle_card'], vehicle: true });
  assert.deepEqual(fleetChangeNeeds('motorcycle', 'car', ['car_ride']), { documents: ['driving_licence', 'vehicle_card'], vehicle: true });
  assert.deepEqual(fleetChangeNeeds('car', 'motorcycle', ['moto_parcel']), { documents: ['motorcycle_licence', 'vehicle_card'], vehicle: true });
});

test('PRV-4 missing document types are named', () => {
  assert.deepEqual(missingTypes(['driving_licence', 'vehicle_card'], [{ type: 'vehicle_card' }]), ['driving_licence']);
});
