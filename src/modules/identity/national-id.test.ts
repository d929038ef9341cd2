import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isValidCompanyNationalId, isValidNationalId, normalizeNationalId, withNationalIdCheckDigit } from './national-id.js';

const nineDigits = fc.stringMatching(/^\d{9}$/);
const notAllSame = (s: string) => !/^(\d)\1{9}$/.test(s);

test('ACC-1 known valid national IDs pass the checksum', () => {
  for (const id of ['0499370899', '0790419904', '0084575948', '0067749828']) assert.equal(isValidNationalId(id), true, id);
});

test('ACC-1 national IDs with a wrong check digit, length or characters are refused', () => {
  for (const id of ['0499370898', '0790419905', '0084575940', '0684159415', '1234567890', '049937089', '04993708990', '049937089X', '', ' ', '0499 370899x']) {
    assert.equal(isValidNationalId(id), false, id);
  }
});

test('ACC-1 ten equal digits pass the arithmetic but are refused (never issued)', () => {
  for (let d = 0; d <= 9; d++) assert.equal(isValidNationalId(String(d).repeat(10)), false);
});

test('ACC-1 national IDs in Persian or Arabic digits are accepted and normalised to ASCII', () => {
  assert.equal(isValidNationalId('۰۴۹۹۳۷۰۸۹۹'), true);
  assert.equal(normalizeNationalId('۰۴۹۹۳۷۰۸۹۹'), '0499370899');
  assert.equal(normalizeNationalId('٠٤٩٩٣٧٠٨٩٩'), '0499370899');
  assert.equal(normalizeNationalId('049-937 0899'), '0499370899');
  assert.equal(normalizeNationalId('0499370898'), null);
});

test('ACC-1 property: withNationalIdCheckDigit always builds a valid ID', () => {
  fc.assert(fc.property(nineDigits, (nine) => {
    const id = withNationalIdCheckDigit(nine);
    assert.equal(id.length, 10);
    assert.equal(id.slice(0, 9), nine);
    assert.equal(isValidNationalId(id), notAllSame(id));
  }), { numRuns: 500 });
});

const remainder = (id: string) => [...id.slice(0, 9)].reduce((sum, d, i) => sum + Number(d) * (10 - i), 0) % 11;

test('ACC-1 property: changing the check digit of a valid ID always invalidates it', () => {
  fc.assert(fc.property(nineDigits, fc.integer({ min: 1, max: 9 }), (nine, delta) => {
    const id = withNationalIdCheckDigit(nine);
    const changed = id.slice(0, 9) + String((Number(id[9]) + delta) % 10);
    assert.equal(isValidNationalId(changed), false, `${id} -> ${changed}`);
  }), { numRuns: 500 });
});

// The official scheme maps remainders 1 and 10 to the same check digit (1), so a changed payload
// digit slips through exactly when it moves the remainder between those two; anything else is caught.
test('ACC-1 property: changing any one payload digit invalidates the ID, except the 1/10 remainder collision', () => {
  fc.assert(fc.property(nineDigits, fc.nat(8), fc.integer({ min: 1, max: 9 }), (nine, position, delta) => {
    const id = withNationalIdCheckDigit(nine);
    const changed = id.slice(0, position) + String((Number(id[position]) + delta) % 10) + id.slice(position + 1);
    if (isValidNationalId(changed)) {
      assert.deepEqual([remainder(id), remainder(changed)].sort((a, b) => a - b), [1, 10], `${id} -> ${changed}`);
    }
  }), { numRuns: 2000 });
});

test('ACC-3 known valid company national IDs (11 digits) pass; tampered ones fail', () => {
  for (const id of ['10380284790', '10100387143', '77111986110', '18061055669', '15292247120', '42118547230', '۱۰۳۸۰۲۸۴۷۹۰']) {
    assert.equal(isValidCompanyNationalId(id), true, id);
  }
  for (const id of ['10380284791', '10380284792', '10380285692', '11111111111', '1038028479', '103802847900', '1038028479a', '']) {
    assert.equal(isValidCompanyNationalId(id), false, id);
  }
});

test('ACC-3 property: exactly one check digit makes a company ID valid', () => {
  fc.assert(fc.property(fc.stringMatching(/^\d{10}$/), (ten) => {
    const valid = [...'0123456789'].filter((d) => isValidCompanyNationalId(ten + d));
    assert.ok(valid.length <= 1, `${ten}: ${valid}`);
    if (!/^(\d)\1{9}$/.test(ten)) assert.equal(valid.length, 1, ten);
  }), { numRuns: 300 });
});
