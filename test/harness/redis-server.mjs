// Starts and stops a throwaway Redis 7 (Debian `redis-server`) for tests and benchmarks: no
// persistence, loopback only, its own directory, stopped by pid.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './postgres-server.mjs';

const BIN = '/usr/bin/redis-server';

function ping(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => s.write('PING\r\n'));
    s.once('data', (d) => { s.destroy(); resolve(String(d).startsWith('+PONG')); });
    s.once('error', () => resolve(false));
  });
}

/** Starts redis-server; returns { url, port, stop }. */
export async function startRedis() {
  if (!fs.existsSync(BIN)) throw new Error('redis-server is not installed (npm test installs it through scripts/ensure-system.sh)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peyk-redis-'));
  const port = await freePort();
  const pidfile = path.join(dir, 'redis.pid');
  const r = spawnSync(BIN, ['--port', String(port), '--bind', '127.0.0.1', '--daemonize', 'yes', '--pidfile', pidfile,
    '--dir', dir, '--save', '', '--appendonly', 'no', '--logfile', path.join(dir, 'redis.log')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`redis-server failed:\n${r.stdout}\n${r.stderr}`);
  for (let i = 0; i < 200 && !(await ping(port)); i++) await new Promise((res) => setTimeout(res, 25));
  if (!(await ping(port))) throw new Error(`redis-server did not answer on port ${port}`);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      const pid = Number(fs.readFileSync(pidfile, 'utf8').trim());
      if (pid > 0) process.kill(pid, 'SIGTERM');
    } catch { /* already gone */ }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { url: `redis://127.0.0.1:${port}`, port, dir, stop };
}
