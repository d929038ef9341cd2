import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asciiOnly } from './precompiled.js';

test('ACC-1 the precompiled bundle is made all ASCII without changing what it means', () => {
  const code = [
    '// a comment with Persian digits ۰-۹ and an em dash —',
    'const re = /[۰-۹٠-٩]+/;',
    'const s = "تبریز";',
    'const t = `کد ${1 + 1}`;',
    'const astral = "😀";',
    'module.exports = { re: re.test("۱۲") && !re.test("12"), s, t, astral };',
  ].join('\n');
  const ascii = asciiOnly(code)!;
  assert.match(ascii, /^[\x00-\x7f]*$/);
  const run = (src: string) => { const module = { exports: {} as Record<string, unknown> }; new Function('module', src)(module); return module.exports; };
  assert.deepEqual(run(ascii), run(code));
  assert.deepEqual(run(ascii), { re: true, s: 'تبریز', t: 'کد 2', astral: '😀' });
});

test('ACC-1 a bundle with a non-ASCII character escaped by a backslash stays as it is', () => {
  assert.equal(asciiOnly('const re = /\\ك/;'), null);
  assert.equal(asciiOnly('const plain = 1;'), 'const plain = 1;');
});
