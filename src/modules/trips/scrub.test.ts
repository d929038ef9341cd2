import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HIDDEN_NUMBER, scrubPhoneNumbers } from './scrub.js';

test('ORD-18 phone numbers are removed from relayed text in ASCII, Persian and Arabic digits', () => {
  for (const text of [
    'call me 09121234567', 'شماره من ۰۹۱۲۱۲۳۴۵۶۷ است', 'رقمي ٠٩١٢١٢٣٤٥٦٧', '+98 912 123 4567', '0912-123-45-67',
    '(0912) 123 4567', '0 9 1 2 1 2 3 4 5 6 7', '۰۹۱۲ 123 ٤٥٦٧', '021 8888 1234', '0912\u200c123\u200c4567',
  ]) {
    const r = scrubPhoneNumbers(text);
    assert.equal(r.redacted, true, text);
    assert.ok(r.text.includes(HIDDEN_NUMBER), text);
    assert.equal(/[\d۰-۹٠-٩]{3,}/.test(r.text.replaceAll(HIDDEN_NUMBER, '')), false, `${text} -> ${r.text}`);
  }
});

test('ORD-18 short numbers (house numbers, plates, prices) stay in relayed text', () => {
  for (const text of ['پلاک ۱۲ طبقه ۳', 'I am at gate 4, plate 12 ب 345', 'fare 150,000 toman', 'سلام، رسیدم']) {
    assert.deepEqual(scrubPhoneNumbers(text), { text, redacted: false });
  }
});

test('ORD-18 the text around a hidden number is kept as it was', () => {
  assert.deepEqual(scrubPhoneNumbers('سلام ۰۹۱۲۱۲۳۴۵۶۷ تماس بگیر'), { text: `سلام ${HIDDEN_NUMBER} تماس بگیر`, redacted: true });
});
