// bench/http: autocannon against GET /v1/me with a valid token on the real server (PGlite, an
// existing data dir, its own process) vs a bare Fastify hello-world in the same run, same settings.
// Goal (issue 2): /v1/me req/s >= 0.5x hello-world's. Settings: BENCH_SECONDS (10), BENCH_CONNECTIONS (50).
import autocannon from 'autocannon';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, printTable, round, startNodeServer, startPeyk, tempDir, type Server } from './lib.js';

const GOAL_RATIO = 0.5;
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DEMO_CUSTOMER = '09140000101';

interface Load { name: string; reqPerSec: number; latencyP50: number; latencyP99: number; non2xx: number; errors: number; total: number }

async function load(name: string, url: string, headers: Record<string, string>, duration: number): Promise<Load> {
  const r = await autocannon({ url, connections, duration, headers, pipelining: 1 });
  return {
    name, reqPerSec: r.requests.average, latencyP50: r.latency.p50, latencyP99: r.latency.p99,
    non2xx: r.non2xx, errors: r.errors + r.timeouts, total: r.requests.total,
  };
}

async function json(res: Response) {
  const body = await res.json();
  if (!res.ok) throw new Error(`${res.url} answered ${res.status}: ${JSON.stringify(body)}`);
  return body;
}

/** Signs in the demo customer through the real OTP flow, reading the code from the demo SMS inbox. */
async function signIn(base: string, mobile: string): Promise<string> {
  const post = (p: string, body: unknown) => fetch(base + p, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await json(await post('/v1/auth/otp', { mobile }));
  let code: string | undefined;
  for (let i = 0; i < 200 && !code; i++) {
    const inbox = await json(await fetch(`${base}/v1/demo/sms?mobile=${mobile}&limit=1`));
    code = /(\d{6})/.exec(inbox[0]?.body ?? '')?.[1];
    if (!code) await new Promise((r) => setTimeout(r, 50));
  }
  if (!code) throw new Error('no sign-in code arrived in the demo SMS inbox');
  const session = await json(await post('/v1/auth/verify', { mobile, code }));
  return session.accessToken;
}

const dataDir = tempDir('peyk-bench-http-');
const servers: Server[] = [];
try {
  // First start migrates and seeds; the measured server then runs on the existing data dir.
  const first = await startPeyk({ dataDir });
  await first.stop();
  const peyk = await startPeyk({ dataDir, nodeArgs: process.env.BENCH_PEYK_NODE_ARGS?.split(' ').filter(Boolean) });
  servers.push(peyk);
  const hello = await startNodeServer(path.join(ROOT, 'bench', 'hello-server.mjs'));
  servers.push(hello);

  const token = await signIn(peyk.url, DEMO_CUSTOMER);
  const auth = { authorization: `Bearer ${token}` };
  const me = await json(await fetch(`${peyk.url}/v1/me`, { headers: auth }));
  if (me.mobile !== DEMO_CUSTOMER) throw new Error(`GET /v1/me returned ${JSON.stringify(me)}`);

  // A short warm-up of each lets the JIT settle before the measured runs.
  await load('warm-up', `${hello.url}/`, {}, 2);
  await load('warm-up', `${peyk.url}/v1/me`, auth, 2);
  const base = await load('fastify hello-world', `${hello.url}/`, {}, seconds);
  const real = await load('GET /v1/me (peyk)', `${peyk.url}/v1/me`, auth, seconds);
  // For the breakdown only: the same server without the guard, the handler and a response schema.
  const health = await load('GET /health (peyk)', `${peyk.url}/health`, {}, Math.min(seconds, 5));

  const loads = [base, real, health];
  printTable(
    ['target', 'req/s', 'µs/req', 'p50 ms', 'p99 ms', 'requests', 'non-2xx', 'errors'],
    loads.map((l) => [l.name, round(l.reqPerSec), round(1e6 / l.reqPerSec), l.latencyP50, l.latencyP99, l.total, l.non2xx, l.errors]),
  );
  if (loads.some((l) => l.non2xx || l.errors)) throw new Error('some requests failed: the numbers are not valid');
  const ratio = round(real.reqPerSec / base.reqPerSec, 3);
  const us = (l: Load) => 1e6 / l.reqPerSec;
  console.log(`\nratio ${ratio} (goal >= ${GOAL_RATIO}: ${ratio >= GOAL_RATIO ? 'met' : 'MISSED'}); ${connections} connections, ${seconds} s each. ` +
    `µs/req is wall time per request with the server's core saturated: Peyk's own setup (logger, hooks, plugins) ~${round(us(health) - us(base))} µs, ` +
    `the /v1/me guard + handler + response check ~${round(us(real) - us(health))} µs.`);
  console.log(JSON.stringify({
    bench: 'http', ratio_vs_hello: ratio, me_req_per_sec: round(real.reqPerSec), hello_req_per_sec: round(base.reqPerSec),
    health_req_per_sec: round(health.reqPerSec), me_p99_ms: real.latencyP99, connections, seconds, goal_ratio: GOAL_RATIO,
  }));
} finally {
  for (const s of servers) await s.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
