// The web app's translation tables: no missing text, no untranslated English in Persian or Arabic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { en } from '../../web/src/i18n/en.js';
import { fa } from '../../web/src/i18n/fa.js';
import { ar } from '../../web/src/i18n/ar.js';

/** Language names are shown in their own script in every table (a reader looks for their own). */
const ENDONYMS = new Set(['lang.en']);

for (const [name, table] of [['fa', fa], ['ar', ar]] as const) {
  test(`ACC-1 every ${name} interface text is translated: same keys as English, no Latin letters or digits`, () => {
    assert.deepEqual(Object.keys(table).sort(), Object.keys(en).sort());
    for (const [key, text] of Object.entries(table)) {
      if (ENDONYMS.has(key)) continue;
      const plain = text.replace(/\{\w+\}/g, '');
      assert.ok(plain.trim().length > 0, `${name} ${key} is empty`);
      assert.doesNotMatch(plain, /[A-Za-z0-9]/, `${name} ${key} has Latin letters or digits: ${text}`);
    }
  });
}

test('ACC-1 placeholders match across languages', () => {
  const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
  for (const key of Object.keys(en) as Array<keyof typeof en>) {
    assert.equal(names(fa[key]), names(en[key]), `fa ${key}`);
    assert.equal(names(ar[key]), names(en[key]), `ar ${key}`);
  }
});
