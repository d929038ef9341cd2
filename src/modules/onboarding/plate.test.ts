import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizePlate } from './plate.js';

test('PRV-1 car plates in the Iranian format are accepted in their usual spellings', () => {
  assert.equal(normalizePlate('12 ب 345 ایران 67', 'car'), '12ب345-67');
  assert.equal(normalizePlate('۱۲ب۳۴۵-۶۷', 'car'), '12ب345-67');
  assert.equal(normalizePlate('12|ج|345|IR 67', 'car'), '12ج345-67');
  assert.equal(normalizePlate('99 الف 111 - 15', 'car'), '99الف111-15');
  assert.equal(normalizePlate('٢٢ ق ٣٣٣ ٤٤', 'car'), '22ق333-44');
  assert.equal(normalizePlate('22 ك 333 44', 'car'), '22ک333-44', 'Arabic kaf is read as the Persian letter');
});

test('PRV-1 malformed car plates are refused', () => {
  for (const bad of ['', '12345', '12 X 345 67', '1 ب 345 67', '12 ب 34 67', '12 ب 345 6', '12 ب 345 05', '00 ب 345 67', '12 ب 000 67', '12 ب ب 345 67', 'a'.repeat(50)]) {
    assert.equal(normalizePlate(bad, 'car'), null, bad);
  }
});

test('PRV-1 motorcycle plates are three digits over five', () => {
  assert.equal(normalizePlate('123 45678', 'motorcycle'), '123-45678');
  assert.equal(normalizePlate('۱۲۳-۴۵۶۷۸', 'motorcycle'), '123-45678');
  for (const bad of ['12 45678', '123 4567', '12 ب 345 67', '1234 567']) assert.equal(normalizePlate(bad, 'motorcycle'), null, bad);
});
