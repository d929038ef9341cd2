#!/usr/bin/env node
// `npm run bench -- <name>` runs bench/<name>.ts with tsx; without a name, lists the benchmarks.
// Each benchmark prints a table and, as its very last line, one JSON line with its results.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const benchDir = path.join(root, 'bench');
const available = fs.readdirSync(benchDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && f !== 'lib.ts').map((f) => f.slice(0, -3)).sort();
const [name, ...rest] = process.argv.slice(2);

if (!name || !available.includes(name)) {
  if (name) console.error(`unknown benchmark "${name}"`);
  console.log(`usage: npm run bench -- <name>\navailable: ${available.join(', ')}`);
  process.exit(name ? 2 : 0);
}
const child = spawn(process.execPath, ['--import', 'tsx', path.join(benchDir, `${name}.ts`), ...rest], { cwd: root, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
