import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkVehicle, gregorianModelYear, type VehicleRule } from './vehicle-rules.js';

const at = new Date('2026-11-22T08:00:00Z');
const rule = (r: Partial<VehicleRule>): VehicleRule => ({ makes: [], models: [], minModelYear: null, maxAgeYears: null, ...r });

test('PRV-8 a minimum model year refuses older vehicles with an explanation', () => {
  const r = checkVehicle('car_ride', rule({ minModelYear: 2008 }), { make: 'Saipa', model: 'Pride', year: 2005 }, at);
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.code, 'VEHICLE_TOO_OLD');
  assert.match(!r.ok ? r.reason : '', /2008/);
  assert.equal(checkVehicle('car_ride', rule({ minModelYear: 2008 }), { year: 2008 }, at).ok, true);
});

test('PRV-8 a maximum age counts from the current year', () => {
  assert.equal(checkVehicle('premium', rule({ maxAgeYears: 5 }), { year: 2021 }, at).ok, true);
  assert.equal(checkVehicle('premium', rule({ maxAgeYears: 5 }), { year: 2020 }, at).ok, false);
});

test('PRV-8 Jalali model years are read as Gregorian', () => {
  assert.equal(gregorianModelYear(1398), 2019);
  assert.equal(gregorianModelYear(2019), 2019);
  assert.equal(checkVehicle('car_ride', rule({ minModelYear: 2008 }), { year: 1390 }, at).ok, true);
});

test('PRV-8 allowed makes and models are matched without regard to case and spacing', () => {
  const r = rule({ makes: ['Iran Khodro', 'Saipa'], models: ['saipa/shahin', 'iran khodro/dena'] });
  assert.equal(checkVehicle('x', r, { make: ' saipa ', model: 'Shahin', year: 2022 }, at).ok, true);
  const bad = checkVehicle('x', r, { make: 'Peugeot', model: '206', year: 2022 }, at);
  assert.equal(!bad.ok && bad.code, 'VEHICLE_MAKE_NOT_ALLOWED');
  const badModel = checkVehicle('x', r, { make: 'Saipa', model: 'Tiba', year: 2022 }, at);
  assert.equal(!badModel.ok && badModel.code, 'VEHICLE_MODEL_NOT_ALLOWED');
  assert.equal(checkVehicle('x', undefined, { year: 1950 }, at).ok, true, 'no rule: any vehicle');
});
