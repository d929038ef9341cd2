// V8 settings the server process applies before it compiles anything. Plain JavaScript, so
// scripts/server.mjs (through src/bundle-runner.mjs) can apply them without loading tsx.
import os from 'node:os';
import v8 from 'node:v8';

let applied = false;

/**
 * V8 compiles PGlite's 9 MB of WASM on background threads, and later recompiles its hot functions
 * with the optimising tier, by default on as many threads as it has (4). On a two-core machine those
 * threads took the CPU from the main thread while the server booted (`bench/startup`: ~0.2 s of a
 * 1.6 s start). One compile thread fewer than the cores leaves the main thread a core; the steady
 * state is the same (the same functions end up optimised), it only takes a little longer to reach.
 *
 * Set before the bundle is compiled, not just before PGlite starts: V8's code cache records the
 * flags it was made under and is rejected when any of them differ.
 */
export function applyV8Flags() {
  if (applied) return;
  applied = true;
  v8.setFlagsFromString(`--wasm-num-compilation-tasks=${Math.max(1, os.availableParallelism() - 1)}`);
}
