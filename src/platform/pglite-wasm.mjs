// PGlite's WASM, compiled once per process and as early as possible. Plain JavaScript, so
// src/bundle-runner.mjs can start it before it compiles the server bundle.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

// On globalThis: the bundle has its own copy of this module, and must find the runner's compilation.
const KEY = Symbol.for('peyk.pgliteWasmModule');

/**
 * Starts compiling PGlite's 9 MB of WASM on V8's background threads and returns the promise of the
 * module (undefined when it cannot be found: PGlite then loads it itself). PGlite would only start
 * this once the server's code has loaded, and the main thread then sat ~0.1 s idle waiting for it;
 * started before the bundle is compiled, it is ready by the time the database opens.
 */
export function pgliteWasmModule(fromDir) {
  let compiling = globalThis[KEY];
  if (!compiling) {
    try {
      const entry = createRequire(path.join(fromDir, 'package.json')).resolve('@electric-sql/pglite');
      compiling = WebAssembly.compile(fs.readFileSync(path.join(path.dirname(entry), 'pglite.wasm'))).catch(() => undefined);
    } catch {
      compiling = Promise.resolve(undefined);
    }
    globalThis[KEY] = compiling;
  }
  return compiling;
}
