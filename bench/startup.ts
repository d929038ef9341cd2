// bench/startup: time from spawning the real server (`node scripts/server.mjs`, as `npm start`
// does) to GET /health = 200, on a fresh data dir (PGlite init + migrations + seed) and on an
// existing one. Goal (issue 2): existing <= 1.5 s.
// main.ts runs a precompiled bundle of the server when it is up to date (src/precompiled.ts); the
// bench also times the plain tsx path (PEYK_PRECOMPILE=0) and the first start after a change
// (bundle rebuilt). Runs: BENCH_FRESH_RUNS (default 2), BENCH_EXISTING_RUNS (default 5).
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, median, printTable, round, startPeyk, tempDir } from './lib.js';

const GOAL_EXISTING_MS = 1500;
const BUNDLE = path.join(ROOT, 'node_modules', '.cache', 'peyk', 'server.cjs');
const freshRuns = Number(process.env.BENCH_FRESH_RUNS ?? 2);
const existingRuns = Number(process.env.BENCH_EXISTING_RUNS ?? 5);

type Kind = 'warm-up' | 'fresh' | 'existing' | 'existing, tsx' | 'existing, rebuild';
interface Run { kind: Kind; readyMs: number; cpuMs: number | null; inMainMs: number | null; precompiled: boolean }

/** main() prints "ready in N ms", timed from its own start: the rest is node, tsx and loading code. */
function inMainMs(output: string): number | null {
  const m = /ready in (\d+) ms/.exec(output);
  return m ? Number(m[1]) : null;
}

async function once(kind: Kind, dataDir: string, env: Record<string, string> = {}): Promise<Run> {
  const server = await startPeyk({ dataDir, env });
  await server.stop();
  return { kind, readyMs: server.readyMs, cpuMs: server.cpuMs, inMainMs: inMainMs(server.output()), precompiled: /precompiled\)/.test(server.output()) };
}

const runs: Run[] = [];
const dirs: string[] = [];
const newDir = () => { const d = tempDir('peyk-bench-startup-'); dirs.push(d); return d; };
try {
  const existingDir = newDir();
  runs.push(await once('warm-up', existingDir)); // creates the data dir; builds the bundle if it is stale
  for (let i = 0; i < freshRuns; i++) runs.push(await once('fresh', newDir()));
  for (let i = 0; i < existingRuns; i++) runs.push(await once('existing', existingDir));
  for (let i = 0; i < Math.ceil(existingRuns / 2); i++) runs.push(await once('existing, tsx', existingDir, { PEYK_PRECOMPILE: '0' }));
  fs.rmSync(BUNDLE, { force: true });
  runs.push(await once('existing, rebuild', existingDir));
} finally {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
}

printTable(
  ['run', 'ready ms', 'cpu ms', 'in main() ms', 'ran from'],
  runs.map((r, i) => [`${i + 1} ${r.kind}`, round(r.readyMs), r.cpuMs ?? '?', r.inMainMs ?? '?', r.precompiled ? 'bundle' : 'tsx']),
);
const pick = (kind: Kind, key: 'readyMs' | 'cpuMs') => {
  const xs = runs.filter((r) => r.kind === kind).map((r) => r[key]).filter((x): x is number => x !== null);
  return xs.length ? round(median(xs)) : null;
};
const existing = pick('existing', 'readyMs')!;
console.log(`\nmedian ready on an existing data dir: ${existing} ms (goal <= ${GOAL_EXISTING_MS} ms: ${existing <= GOAL_EXISTING_MS ? 'met' : 'MISSED'}); ` +
  `through tsx without the bundle ${pick('existing, tsx', 'readyMs')} ms; fresh data dir ${pick('fresh', 'readyMs')} ms. ` +
  'cpu ms = the server\'s own CPU time until ready (a busy machine inflates wall time, much less CPU time).');
console.log(JSON.stringify({
  bench: 'startup', ready_ms_existing: existing, ready_ms_fresh: pick('fresh', 'readyMs'),
  ready_ms_existing_tsx: pick('existing, tsx', 'readyMs'), ready_ms_existing_rebuild: pick('existing, rebuild', 'readyMs'),
  cpu_ms_existing: pick('existing', 'cpuMs'), cpu_ms_existing_tsx: pick('existing, tsx', 'cpuMs'), cpu_ms_fresh: pick('fresh', 'cpuMs'),
  goal_ms_existing: GOAL_EXISTING_MS, runs_existing: runs.filter((r) => r.kind === 'existing').length, runs_fresh: freshRuns,
  runs_existing_from_bundle: runs.filter((r) => r.kind === 'existing' && r.precompiled).length,
}));
