import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { localizeDigits } from '../../platform/i18n.js';
import { maskMobile, normalizeMobile } from './mobile.js';

const subscriber = fc.stringMatching(/^9\d{9}$/);

test('ACC-1 every accepted mobile format normalises to 09xxxxxxxxx', () => {
  for (const input of ['09121234567', '9121234567', '+989121234567', '989121234567', '00989121234567', '+98 912 123 4567', '0912-123-4567', '(0912) 123 4567', '۰۹۱۲۱۲۳۴۵۶۷', '٠٩١٢١٢٣٤٥٦٧', '+۹۸۹۱۲۱۲۳۴۵۶۷', '0912\u200c1234567']) {
    assert.equal(normalizeMobile(input), '09121234567', input);
  }
});

test('ACC-1 strings that are not Iranian mobiles are refused', () => {
  for (const input of ['', '0912123456', '091212345678', '08121234567', '+9891212345678', '+19121234567', '0912abc4567', '021-12345678', '0'.repeat(40), '98912123456', '0098 0912 1234567x']) {
    assert.equal(normalizeMobile(input), null, input);
  }
  assert.equal(normalizeMobile(42 as unknown as string), null);
});

test('ACC-1 property: a subscriber number in any prefix and digit script normalises to the same mobile', () => {
  const prefix = fc.constantFrom('0', '', '+98', '98', '0098', '+98 ', '0098-');
  const script = fc.constantFrom('en' as const, 'fa' as const, 'ar' as const);
  fc.assert(fc.property(subscriber, prefix, script, (sub, pre, locale) => {
    assert.equal(normalizeMobile(localizeDigits(pre + sub, locale)), `0${sub}`);
  }), { numRuns: 500 });
});

test('ACC-1 property: normalising is idempotent and never throws', () => {
  fc.assert(fc.property(fc.string({ maxLength: 40 }), (s) => {
    const once = normalizeMobile(s);
    if (once !== null) {
      assert.match(once, /^09\d{9}$/);
      assert.equal(normalizeMobile(once), once);
    }
  }), { numRuns: 1000 });
});

test('ORD-18 a masked mobile shows only the first four and last two digits', () => {
  assert.equal(maskMobile('09121234567'), '0912*****67');
  assert.equal(maskMobile('123'), '***');
});
