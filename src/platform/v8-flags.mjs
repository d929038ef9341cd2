// V8 settings the server process applies before it compiles anything. Plain JavaScript, so
// scripts/server.mjs (through src/bundle-runner.mjs) can apply them without loading tsx.
import os from 'node:os';
import v8 from 'node:v8';

let applied = false;
let serverApplied = false;

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
export function applyV8Flags({ server = false } = {}) {
  if (!applied) {
    applied = true;
    v8.setFlagsFromString(`--wasm-num-compilation-tasks=${Math.max(1, os.availableParallelism() - 1)}`);
  }
  if (server && !serverApplied) {
    serverApplied = true;
    v8.setFlagsFromString(`--heap-growing-percent=${SERVER_HEAP_GROWING_PERCENT}`);
  }
}

/**
 * The server's old generation may grow to twice what survived the last full GC before the next one.
 *
 * A server with 10,000 providers connected keeps ~130 MB of live objects (a socket and its
 * provider's state each) and promoted ~4 MB/s of short-lived request objects (~1.7 MB/s since
 * PgliteFastClient stopped queueing statements in PGlite's async-mutex). V8 judged that
 * heap cheap to mark and let it grow only ~15% between full GCs: a full GC every ~5 s, each marking
 * the whole heap on V8's background threads. On a two-core machine those threads took the core that
 * PostgreSQL (or the load) was using, and every full GC stalled the orders in flight for 0.1-0.4 s
 * (bench/dispatch: the slowest offers of a run lined up with the full GCs). With room to double, a
 * full GC came every ~30-40 s at that load, now every ~70 s. Read by V8 at every full GC, so setting
 * it at runtime works.
 */
export const SERVER_HEAP_GROWING_PERCENT = 100;

/**
 * Node options for the server process, given on its command line by whatever spawns it
 * (scripts/start.mjs for `npm start`, bench/lib.ts for the benchmarks): the size of the thread pool
 * V8 runs its background work on (GC marking and sweeping, optimising compiles, WASM tier-up).
 *
 * Node's default is 4 threads whatever the machine. When a full GC starts, V8 marks the heap on all
 * of them at once; on a two-core machine those four threads took both cores from the main thread,
 * from PostgreSQL and from the clients for ~0.1 s, and the orders in flight then waited for that
 * long (bench/dispatch: an 80-160 ms event-loop stall at every full GC of the 150 MB heap that
 * 10,000 connected providers keep, while V8 reported 12-27 ms of pause; with one background
 * thread, 18-56 ms, mostly under 30). One thread fewer than the
 * cores, up to Node's 4, leaves a core for everything else. The GC does the same work, spread over
 * a little more time.
 *
 * A Node option, not a V8 flag: it does not change V8's flag hash, so the code cache made by a
 * server started without it (`node scripts/server.mjs` by hand) is still accepted, and vice versa.
 */
export function serverNodeArgs(cores = os.availableParallelism()) {
  return [`--v8-pool-size=${Math.min(4, Math.max(1, cores - 1))}`];
}
