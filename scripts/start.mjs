#!/usr/bin/env node
// `npm start`: builds the web app when it is missing or older than its sources, then starts Peyk.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { serverNodeArgs } from '../src/platform/v8-flags.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);

function newest(dir) {
  let t = 0;
  if (!fs.existsSync(dir)) return t;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

const dist = path.join('web', 'dist', 'index.html');
const stale = !fs.existsSync(dist) || fs.statSync(dist).mtimeMs < Math.max(newest('web/src'), fs.statSync('web/index.html').mtimeMs);
if (stale) {
  console.log('Building the web app (first start only)...');
  const r = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const child = spawn(process.execPath, [...serverNodeArgs(), 'scripts/server.mjs'], { stdio: 'inherit', env: process.env });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
