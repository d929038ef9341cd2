import { test } from 'node:test';
import assert from 'node:assert/strict';
import { companyIdCheckDigit, isValidLegalEntityId, withCompanyIdCheckDigit } from './national-company-id.js';

test('ACC-3 known valid legal-entity national IDs pass the checksum', () => {
  for (const id of ['10380284790', '14007650912', '۱۰۳۸۰۲۸۴۷۹۰']) assert.equal(isValidLegalEntityId(id), true, id);
});

test('ACC-3 a wrong check digit, a wrong length, letters or an all-zero serial are refused', () => {
  for (const id of ['10380284791', '10380284792', '11053639140', '14007650913', '1038028479', '103802847900', '1038028479a', '', '00000000000', '10100000004']) {
    assert.equal(isValidLegalEntityId(id), false, id);
  }
});

test('ACC-3 changing any one digit of a valid ID is caught', () => {
  const valid = '10380284790';
  let caught = 0;
  let total = 0;
  for (let i = 0; i < 10; i++) {
    for (let d = 0; d <= 9; d++) {
      if (String(d) === valid[i]) continue;
      total++;
      if (!isValidLegalEntityId(valid.slice(0, i) + d + valid.slice(i + 1))) caught++;
    }
  }
  // Mod 11 folded to a digit cannot catch every change, but almost all of them.
  assert.ok(caught / total > 0.85, `${caught}/${total}`);
});

test('ACC-3 the check digit helper builds IDs the validator accepts', () => {
  assert.equal(companyIdCheckDigit('1038028479'), 0);
  for (const ten of ['1010110043', '1400765091', '1086188223']) assert.equal(isValidLegalEntityId(withCompanyIdCheckDigit(ten)), true, ten);
});
