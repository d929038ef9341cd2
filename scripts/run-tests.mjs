#!/usr/bin/env node
// `npm test`: builds the web app, starts a throwaway PostgreSQL, runs every test with node's test
// runner (unit, integration on PGlite and PostgreSQL, browser), then stops the servers.
// `--unit` runs only the unit tests beside the code. Extra arguments filter test files by substring.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startPostgres } from '../test/harness/postgres-server.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
const args = process.argv.slice(2);
const unitOnly = args.includes('--unit');
const filters = args.filter((a) => !a.startsWith('--'));

function walk(dir, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.test\.tsx?$/.test(e.name)) out.push(p);
  }
  return out;
}

let files = [...walk('src'), ...(unitOnly ? [] : walk('test'))].sort();
if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));
if (!files.length) {
  console.error('no test files matched');
  process.exit(1);
}
const needsBrowser = files.some((f) => f.startsWith('test/e2e/'));
const needsPg = files.some((f) => f.startsWith('test/'));

if (needsBrowser) {
  console.log('# building the web app for the browser tests');
  const r = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

let pg;
if (needsPg) {
  pg = await startPostgres();
  console.log(`# PostgreSQL 15 started for the tests on port ${pg.port}`);
}
const cleanup = () => pg?.stop();
process.on('SIGINT', () => { cleanup(); process.exit(130); });
process.on('SIGTERM', () => { cleanup(); process.exit(143); });

const env = { ...process.env, PEYK_TEST_PG_URL: pg?.url ?? '', NODE_ENV: 'test', LOG_LEVEL: 'silent' };
if (!pg) delete env.PEYK_TEST_PG_URL;
const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=300000', ...files], { stdio: 'inherit', env });
child.on('exit', (code, signal) => {
  cleanup();
  process.exit(code ?? (signal ? 1 : 0));
});
