import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatToman, parseRials, tomanToRials } from './money.js';
import { toAsciiDigits } from './i18n.js';

test('PAY-8 Rials are shown as Toman: Persian digits and separators in fa', () => {
  assert.equal(formatToman(200_000_000n, 'fa'), '۲۰٬۰۰۰٬۰۰۰ تومان');
  assert.equal(formatToman(0n, 'fa'), '۰ تومان');
  assert.equal(formatToman(15n, 'fa'), '۱٫۵ تومان');
  assert.equal(formatToman(-15n, 'fa'), '-۱٫۵ تومان');
});

test('PAY-8 Rials are shown as Toman in Arabic-Indic digits (ar) and ASCII (en)', () => {
  assert.equal(formatToman(200_000_000n, 'ar'), '٢٠٬٠٠٠٬٠٠٠ تومان');
  assert.equal(formatToman(200_000_000n, 'en'), '20,000,000 Toman');
  assert.equal(formatToman(5n, 'en'), '0.5 Toman');
});

test('PAY-8 amounts beyond 2^53 format exactly (bigint, never float)', () => {
  const big = 123_456_789_012_345_678_901_234_567_890n;
  assert.equal(formatToman(big, 'en'), '12,345,678,901,234,567,890,123,456,789 Toman');
});

test('PAY-8 property: the Toman text read back as digits is the Rials divided by ten', () => {
  fc.assert(fc.property(fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }), fc.constantFrom('fa' as const, 'ar' as const, 'en' as const), (rials, locale) => {
    const text = toAsciiDigits(formatToman(rials, locale)).replace(/[٬,\s]|تومان|Toman/g, '').replace('٫', '.');
    const [whole, fraction] = text.replace('-', '').split('.');
    const abs = rials < 0n ? -rials : rials;
    assert.equal(BigInt(whole), abs / 10n);
    assert.equal(BigInt(fraction ?? '0'), abs % 10n);
    assert.equal(text.startsWith('-'), rials < 0n);
  }), { numRuns: 300 });
});

test('PAY-8 Toman converts to Rials by ten; Rials parse only from integers', () => {
  assert.equal(tomanToRials(20_000_000), 200_000_000n);
  assert.equal(tomanToRials(5n), 50n);
  assert.equal(parseRials('150000'), 150_000n);
  assert.equal(parseRials('-42'), -42n);
  assert.equal(parseRials(7), 7n);
  assert.equal(parseRials(9n), 9n);
  for (const bad of ['1.5', '1e3', ' 1', '', '0x10', '۱۲', '1'.repeat(31)]) assert.throws(() => parseRials(bad), RangeError, bad);
  for (const bad of [1.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN, Infinity]) assert.throws(() => parseRials(bad), RangeError, String(bad));
});
