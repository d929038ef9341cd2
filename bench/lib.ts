// Helpers shared by the benchmarks: free ports, spawning the real server, tables, medians.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverNodeArgs } from '../src/platform/v8-flags.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A TCP port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface Server {
  child: ChildProcess;
  port: number;
  url: string;
  /** Milliseconds from spawn to the first `GET /health` = 200. */
  readyMs: number;
  /** CPU time (user + system, all threads) the server had used when it became ready; null off Linux. */
  cpuMs: number | null;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Spawns the real server as `npm start` does (`node <serverNodeArgs> scripts/server.mjs`) and waits for
 * /health = 200.
 */
export async function startPeyk(opts: { dataDir: string; env?: Record<string, string>; nodeArgs?: string[]; entry?: string[]; timeoutMs?: number }): Promise<Server> {
  const port = await freePort();
  const env = { ...process.env, PEYK_DATA_DIR: opts.dataDir, PORT: String(port), HOST: '127.0.0.1', ...opts.env };
  const started = performance.now();
  const child = spawn(process.execPath, [...serverNodeArgs(), ...(opts.nodeArgs ?? []), ...(opts.entry ?? ['scripts/server.mjs'])], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  return waitReady(child, port, started, opts.timeoutMs ?? 120_000);
}

/** Spawns any node script that listens on PORT (e.g. the hello-world baseline). */
export async function startNodeServer(script: string, env: Record<string, string> = {}): Promise<Server> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [script], { cwd: ROOT, env: { ...process.env, PORT: String(port), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return waitReady(child, port, started, 30_000, '/');
}

async function waitReady(child: ChildProcess, port: number, started: number, timeoutMs: number, probe = '/health'): Promise<Server> {
  let out = '';
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => { exited = true; resolve(); }));
  const url = `http://127.0.0.1:${port}`;
  // The probe runs whenever the server writes something (it prints its URL once it listens) and
  // every 50 ms otherwise. A tight polling loop took a share of this two-core machine's CPU away
  // from the server it was timing (~0.3 s of a 1.6 s start).
  let wake = () => undefined as void;
  const onOutput = (d: Buffer) => { out += d; wake(); };
  child.stdout!.on('data', onOutput);
  child.stderr!.on('data', onOutput);
  void exit.then(() => wake());
  for (;;) {
    if (exited) throw new Error(`server exited before it was ready:\n${out}`);
    if (performance.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`server not ready after ${timeoutMs} ms:\n${out}`);
    }
    if ((await httpStatus(url + probe)) === 200) break;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => { wake = () => undefined; resolve(); }, 50);
      wake = () => { clearTimeout(timer); wake = () => undefined; resolve(); };
    });
  }
  const readyMs = performance.now() - started;
  const cpuMs = processCpuMs(child.pid!);
  return {
    child, port, url, readyMs, cpuMs,
    output: () => out,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exit;
      clearTimeout(force);
    },
  };
}

/** The status of a GET, or null when nothing answers (node:http: lighter than fetch for a probe). */
function httpStatus(url: string): Promise<number | null> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false }, (res) => { res.resume(); resolve(res.statusCode ?? null); });
    req.on('error', () => resolve(null));
  });
}

/** utime + stime of a process from /proc (clock ticks of 10 ms): less disturbed by a busy machine than wall time. */
function processCpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Prints rows as an aligned text table. */
export function printTable(headers: string[], rows: (string | number)[][]): void {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells.slice(1)) console.log(line(r));
}

export const round = (n: number, digits = 0) => Number(n.toFixed(digits));

/** A throwaway PostgreSQL 15 cluster, started the way the test harness starts it. */
export async function startPostgres(opts: { settings?: string[] } = {}): Promise<{ url: string; stop(): void }> {
  const harness = '../test/harness/postgres-server.mjs';
  const mod = (await import(harness)) as { startPostgres(opts: { settings?: string[] }): Promise<{ url: string; stop(): void }> };
  return mod.startPostgres(opts);
}

/** Creates database `name` on the cluster at `adminUrl` and returns its URL. */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
