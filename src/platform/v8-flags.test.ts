import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serverNodeArgs } from './v8-flags.mjs';

test('serverNodeArgs: V8 gets one background thread fewer than the cores, at least 1 and at most Node\'s 4', () => {
  assert.deepEqual(serverNodeArgs(1), ['--v8-pool-size=1']);
  assert.deepEqual(serverNodeArgs(2), ['--v8-pool-size=1']);
  assert.deepEqual(serverNodeArgs(3), ['--v8-pool-size=2']);
  assert.deepEqual(serverNodeArgs(5), ['--v8-pool-size=4']);
  assert.deepEqual(serverNodeArgs(64), ['--v8-pool-size=4']);
});

test('serverNodeArgs: a code cache made under them is accepted without them (they are not in V8\'s flag hash)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peyk-v8flags-'));
  try {
    const script = path.join(dir, 'cache.cjs');
    fs.writeFileSync(script, `
      const vm = require('node:vm'), fs = require('node:fs');
      const src = Array.from({ length: 20 }, (_, i) => 'function f' + i + '(a) { return a + ' + i + '; } f' + i + '(1);').join('\\n');
      const file = ${JSON.stringify(path.join(dir, 'cache.bin'))};
      if (process.argv[2] === 'make') { const s = new vm.Script(src); s.runInThisContext(); fs.writeFileSync(file, s.createCachedData()); }
      else process.stdout.write(String(new vm.Script(src, { cachedData: fs.readFileSync(file) }).cachedDataRejected));
    `);
    execFileSync(process.execPath, [...serverNodeArgs(2), script, 'make']);
    assert.equal(execFileSync(process.execPath, [script, 'use'], { encoding: 'utf8' }), 'false');
    execFileSync(process.execPath, [script, 'make']);
    assert.equal(execFileSync(process.execPath, [...serverNodeArgs(8), script, 'use'], { encoding: 'utf8' }), 'false');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
