import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isLocale, localizeDigits, toAsciiDigits } from './i18n.js';

test('ACC-1 Persian and Arabic-Indic digits read as ASCII digits; other text is left alone', () => {
  assert.equal(toAsciiDigits('۰۱۲۳۴۵۶۷۸۹'), '0123456789');
  assert.equal(toAsciiDigits('٠١٢٣٤٥٦٧٨٩'), '0123456789');
  assert.equal(toAsciiDigits('کد ۱۲۳ و ٤٥ abc'), 'کد 123 و 45 abc');
});

test('NTF-1 digits are written in the reader\'s script', () => {
  assert.equal(localizeDigits('نسخه 12', 'fa'), 'نسخه ۱۲');
  assert.equal(localizeDigits('12', 'ar'), '١٢');
  assert.equal(localizeDigits('12', 'en'), '12');
});

test('ACC-1 property: localising then reading back digits is the identity', () => {
  fc.assert(fc.property(fc.string({ maxLength: 50 }), fc.constantFrom('fa' as const, 'ar' as const, 'en' as const), (s, locale) => {
    const ascii = toAsciiDigits(s);
    assert.equal(toAsciiDigits(localizeDigits(ascii, locale)), ascii);
  }), { numRuns: 500 });
});

test('NTF-1 only fa, ar and en are locales', () => {
  for (const l of ['fa', 'ar', 'en']) assert.equal(isLocale(l), true);
  for (const l of ['FA', 'de', '', null, 1]) assert.equal(isLocale(l), false);
});
