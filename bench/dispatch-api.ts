// Part of bench/dispatch: order-to-first-offer latency through the real HTTP and WebSocket API.
// A server process on PGlite (or PostgreSQL 15), 10,000 providers online over /v1/live moving
// every few seconds, customers ordering at 50/s (quote, then POST /v1/orders); the clock runs
// from sending POST /v1/orders to the first `offer` for that order arriving on a provider's socket.
// Providers accept offers and finish the trip a few seconds later so the fleet stays available.
// Accounts are cloned in SQL from the demo seed (a customer, a car driver) before the measured
// start; access tokens are signed with the server's secret. Run alone: `npm run bench -- dispatch-api`.
// The first DISPATCH_WARMUP_SECONDS (10) of orders, at the same rate, are not measured: a server's
// first minutes (JIT compilation, each pooled connection preparing each statement once, the first
// trip completions) are not its steady state, and a running city is in its steady state. The first
// completions come 2 s into the load (providers finish 2 s after accepting), and the code they run
// (ledger transfer, receipt, reward stats; on PGlite its WASM paths too) takes several seconds of
// load to be compiled: in a CPU profile of the PGlite server its main thread was 90-95% busy from 2
// to 8 s into the load and 70-78% after, and on PostgreSQL the slow offers of every miss fell in
// those seconds. So the warm-up covers 8 s of whole trips, not 3. The warm-up's own figures are printed.
// Settings: DISPATCH_PROVIDERS (10000), DISPATCH_ORDERS_PER_S (50), DISPATCH_SECONDS (30), DISPATCH_WARMUP_SECONDS (10), DISPATCH_DB (both|pglite|postgres),
// DISPATCH_PG_SOCKET (1: PostgreSQL over its Unix socket; 0: TCP),
// DISPATCH_SERVER_NODE_ARGS (extra node flags for the server process, e.g. a CPU profile),
// DISPATCH_PG_ACTIVITY (a file: PostgreSQL's connection states sampled every 50 ms, see sampleActivity).
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import v8 from 'node:v8';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import WebSocket from 'ws';
import { openDatabase, queryRows, type Database } from '../src/platform/db.js';
import { AccessTokens } from '../src/modules/identity/tokens.js';
import { SERVER_HEAP_GROWING_PERCENT } from '../src/platform/v8-flags.mjs';
import { round, startPeyk, tempDir, type Server } from './lib.js';

// The load generator holds 10,000 provider sockets too: its own full GCs, every few seconds under
// V8's default heap growth, stalled it for ~0.1 s, and the offers that arrived meanwhile were
// timestamped late. The server process gets the same setting (src/platform/v8-flags.mjs).
v8.setFlagsFromString(`--heap-growing-percent=${SERVER_HEAP_GROWING_PERCENT}`);

export interface ApiConfig { providers: number; ordersPerSecond: number; seconds: number; warmupSeconds: number; customers: number; moveEverySeconds: number; graceSeconds: number }
export const DEFAULT_API: ApiConfig = {
  providers: Number(process.env.DISPATCH_PROVIDERS ?? 10_000), ordersPerSecond: Number(process.env.DISPATCH_ORDERS_PER_S ?? 50),
  seconds: Number(process.env.DISPATCH_SECONDS ?? 30), warmupSeconds: Number(process.env.DISPATCH_WARMUP_SECONDS ?? 10), customers: 1000, moveEverySeconds: 5, graceSeconds: 30,
};
export interface ApiResult {
  db: 'pglite' | 'postgres'; ordered: number; offered: number; orderErrors: number; quoteErrors: number;
  p50Ms: number | null; p99Ms: number | null; maxMs: number | null; accepted: number; completed: number; fixes: number; refusedFixes: number; note?: string;
}

const SECRET = 'bench-dispatch-secret-0123456789abcdef-0123';
const CENTER = { lat: 38.0792, lng: 46.2887 };
const REQUIRED_ROUTES = ['/v1/quotes', '/v1/orders', '/v1/provider/online', '/v1/provider/offers/{offerId}/accept', '/v1/provider/orders/{id}/complete'];

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}
const near = (rnd: () => number, spreadDeg: number) => ({ lat: CENTER.lat + (rnd() - 0.5) * spreadDeg, lng: CENTER.lng + (rnd() - 0.5) * spreadDeg * 1.27 });

/** Which of the routes this run needs the server has (from its OpenAPI document). */
async function missingRoutes(base: string): Promise<string[]> {
  const res = await fetch(`${base}/docs/json`);
  if (!res.ok) return REQUIRED_ROUTES;
  const doc = (await res.json()) as { paths?: Record<string, unknown> };
  return REQUIRED_ROUTES.filter((p) => !doc.paths?.[p]);
}

/**
 * Clones a demo account `count` times in every table that has a row for it (users, providers,
 * terms acceptances ...), through jsonb so the bench keeps working as columns are added.
 */
async function cloneAccount(db: Database, template: string, prefix: string, count: number, mobileBase: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `${prefix}${i}`);
  if (!(await queryRows(db.db, sql`SELECT 1 FROM users WHERE id = ${template}`)).length) throw new Error(`demo account ${template} is not seeded`);
  const tables = ['users', 'providers'];
  for (let start = 0; start < count; start += 500) {
    const chunk = ids.slice(start, start + 500);
    const list = sql.join(chunk.map((id, k) => sql`(${id}, ${String(mobileBase + start + k)})`), sql`, `);
    await db.db.execute(sql`INSERT INTO users SELECT (jsonb_populate_record(NULL::users, to_jsonb(u) || jsonb_build_object(
      'id', c.id, 'mobile', '09' || c.m, 'national_id', lpad(c.m, 10, '0'), 'email', NULL))).* FROM users u, (VALUES ${list}) AS c(id, m) WHERE u.id = ${template}`);
    for (const table of tables.slice(1)) {
      const column = (name: string) => queryRows(db.db, sql`SELECT 1 FROM information_schema.columns WHERE table_name = ${table} AND column_name = ${name}`);
      if (!(await column('user_id')).length) continue;
      const idPatch = (await column('id')).length ? sql`, 'id', c.id || '_' || ${table}` : sql``;
      await db.db.execute(sql`INSERT INTO ${sql.identifier(table)} SELECT (jsonb_populate_record(NULL::${sql.identifier(table)}, to_jsonb(t) || jsonb_build_object('user_id', c.id ${idPatch}))).*
        FROM ${sql.identifier(table)} t, (VALUES ${list}) AS c(id, m) WHERE t.user_id = ${template}`);
    }
    // The current terms, accepted (ACC-9 asks before every order).
    const accepted = sql.join(chunk.map((id) => sql`(${id})`), sql`, `);
    await db.db.execute(sql`INSERT INTO terms_acceptances (user_id, version, accepted_at) SELECT a.id, v.version, now()
      FROM (VALUES ${accepted}) AS a(id), (SELECT max(version) AS version FROM terms_versions) v WHERE v.version IS NOT NULL ON CONFLICT DO NOTHING`);
    // One open sign-in session (refresh-token family) per account: the access tokens name it.
    const sessions = sql.join(chunk.map((id) => sql`(${`rtk_bench_${id}`}, ${id}, ${`fam_bench_${id}`}, ${randomUUID()}, now() + interval '1 day', now())`), sql`, `);
    await db.db.execute(sql`INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at, created_at) VALUES ${sessions}`);
  }
  return ids;
}

interface Env { server: Server; base: string; stopDb?: () => void }

async function startServer(kind: 'pglite' | 'postgres', cfg: ApiConfig): Promise<{ env: Env; providers: string[]; customers: string[] }> {
  const dataDir = tempDir('peyk-bench-dispatch-');
  const serverEnv: Record<string, string> = { JWT_SECRET: SECRET, ACCESS_TOKEN_TTL_SECONDS: '86400', LOG_LEVEL: 'warn' };
  let stopDb: (() => void) | undefined;
  let databaseUrl: string | undefined;
  if (kind === 'postgres') {
    const harness = '../test/harness/postgres-server.mjs';
    const pgServer = await ((await import(harness)) as { startPostgres(): Promise<{ url: string; dir: string; stop(): void }> }).startPostgres();
    stopDb = () => pgServer.stop();
    const admin = new pg.Client({ connectionString: pgServer.url });
    await admin.connect();
    await admin.query('CREATE DATABASE bench_dispatch');
    await admin.end();
    const u = new URL(pgServer.url);
    u.pathname = '/bench_dispatch';
    // The server reaches PostgreSQL over its Unix socket, as a server on the database's host would
    // (each statement is a round trip; over loopback TCP they cost the server ~2x the kernel time).
    // DISPATCH_PG_SOCKET=0: over TCP.
    if (process.env.DISPATCH_PG_SOCKET !== '0') u.searchParams.set('host', pgServer.dir);
    databaseUrl = u.toString();
    serverEnv.DATABASE_URL = databaseUrl;
  }
  // First start migrates and seeds the demo accounts; the clones are written while it is down.
  let t = performance.now();
  const first = await startPeyk({ dataDir, env: serverEnv, timeoutMs: 600_000 });
  await first.stop();
  const db = await openDatabase(databaseUrl ? { databaseUrl } : { dataDir: `${dataDir}/db` });
  const providers = await cloneAccount(db, 'usr_demo_driver_1', 'usr_bp', cfg.providers, 100_000_000);
  const customers = await cloneAccount(db, 'usr_demo_customer_1', 'usr_bc', cfg.customers, 200_000_000);
  await db.close();
  console.log(`  ${kind}: migrated and seeded in ${round((performance.now() - t) / 1000, 1)} s; ${cfg.providers} providers and ${cfg.customers} customers cloned`);
  t = performance.now();
  // DISPATCH_SERVER_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) profiles the server under load.
  const nodeArgs = (process.env.DISPATCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const server = await startPeyk({ dataDir, env: serverEnv, nodeArgs, timeoutMs: 600_000 });
  console.log(`  ${kind}: server ready in ${round((performance.now() - t) / 1000, 1)} s`);
  if (databaseUrl && process.env.DISPATCH_PG_ACTIVITY) await sampleActivity(databaseUrl, process.env.DISPATCH_PG_ACTIVITY);
  return { env: { server, base: server.url, stopDb }, providers, customers };
}

/**
 * DISPATCH_PG_ACTIVITY=<file>: every 50 ms, one line `<epoch ms> state/wait_event_type/wait_event=count ...`
 * of the server's PostgreSQL connections, to tell a busy database from one waiting on the server
 * (`idle in transaction` / ClientRead) or on locks. Compare with the `started at` epoch printed per phase.
 */
async function sampleActivity(databaseUrl: string, file: string): Promise<void> {
  const fs = await import('node:fs');
  const out = fs.openSync(file, 'w');
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  c.on('error', () => undefined);
  const tick = async () => {
    const r = await c.query(`SELECT coalesce(state, '-') AS s, coalesce(wait_event_type, '-') AS wt, coalesce(wait_event, '-') AS w, count(*)::int AS n
      FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() GROUP BY 1, 2, 3 ORDER BY 4 DESC`).catch(() => null);
    if (r) fs.writeSync(out, `${Date.now()} ${r.rows.map((x) => `${x.s}/${x.wt}/${x.w}=${x.n}`).join(' ')}\n`);
  };
  setInterval(() => void tick(), 50).unref();
}

/**
 * The customers' and providers' HTTP calls over node:http with keep-alive connections: the load
 * generator shares the machine with the server, and fetch costs it several times the CPU per request.
 */
class Client {
  private readonly url: URL;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  constructor(base: string) { this.url = new URL(base); }
  call(method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = http.request({
        host: this.url.hostname, port: this.url.port, path, method, agent: this.agent,
        headers: { authorization: `Bearer ${token}`, ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }), ...headers },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown = null;
          try { json = JSON.parse(text); } catch { json = text; }
          resolve({ status: res.statusCode ?? 0, json });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }
  close() { this.agent.destroy(); }
}

async function pool<T>(items: T[], concurrency: number, fn: (x: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => { for (let i = next++; i < items.length; i = next++) await fn(items[i], i); }));
}

interface Fleet { sockets: WebSocket[]; positions: Array<{ lat: number; lng: number }>; firstOffer: Map<string, number>; stats: { accepted: number; completed: number; acks: number; errors: number; fixes: number } }

/** Every provider: online over HTTP, one socket on /v1/live subscribed to its channel; accepts offers. */
async function connectFleet(api: Client, base: string, ids: string[], tokens: Map<string, string>): Promise<Fleet> {
  const rnd = lcg(99);
  const fleet: Fleet = { sockets: [], positions: [], firstOffer: new Map(), stats: { accepted: 0, completed: 0, acks: 0, errors: 0, fixes: 0 } };
  const online = new Map(ids.map((id) => [id, near(rnd, 0.1)]));
  await pool(ids, 32, async (id) => {
    const r = await api.call('POST', '/v1/provider/online', tokens.get(id)!, online.get(id));
    if (r.status !== 200) throw new Error(`POST /v1/provider/online answered ${r.status}: ${JSON.stringify(r.json)}`);
  });
  const wsBase = base.replace(/^http/, 'ws');
  await pool(ids, 64, (id) => new Promise<void>((resolve, reject) => {
    const ws = new WebSocket(`${wsBase}/v1/live?token=${tokens.get(id)}`);
    ws.on('error', reject);
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { type: string; channel?: string; offer?: { id: string; orderId: string } };
      if (msg.type === 'hello') ws.send(JSON.stringify({ type: 'subscribe', channel: `provider:${id}` }));
      else if (msg.type === 'subscribed') resolve();
      else if (msg.type === 'locations.ack') fleet.stats.acks++;
      else if (msg.type === 'offer' && msg.offer) {
        if (!fleet.firstOffer.has(msg.offer.orderId)) fleet.firstOffer.set(msg.offer.orderId, performance.now());
        void work(api, tokens.get(id)!, msg.offer, fleet);
      } else if (msg.type === 'error') fleet.stats.errors++;
    });
    fleet.sockets.push(ws);
    fleet.positions.push({ ...online.get(id)! });
  }));
  return fleet;
}

/** Accept, then arrive, start and complete a few seconds later (errors are counted, not fatal: another may win). */
async function work(api: Client, token: string, offer: { id: string; orderId: string }, fleet: Fleet): Promise<void> {
  const a = await api.call('POST', `/v1/provider/offers/${offer.id}/accept`, token).catch(() => null);
  if (!a || a.status >= 300) return;
  fleet.stats.accepted++;
  await new Promise((r) => setTimeout(r, 2000));
  for (const step of ['arrived', 'start', 'complete']) {
    const r = await api.call('POST', `/v1/provider/orders/${offer.orderId}/${step}`, token, step === 'complete' ? {} : undefined).catch(() => null);
    if (!r || r.status >= 300) return;
  }
  fleet.stats.completed++;
}

/** Each provider reports one fix every few seconds over its socket (staggered), moving on from where it went online. */
function moveFleet(fleet: Fleet, everySeconds: number): () => void {
  const rnd = lcg(7);
  const pos = fleet.positions;
  let k = 0;
  const perTick = Math.ceil(fleet.sockets.length / (everySeconds * 10));
  const timer = setInterval(() => {
    for (let n = 0; n < perTick; n++, k = (k + 1) % fleet.sockets.length) {
      const p = pos[k];
      p.lat += (rnd() - 0.5) * 0.0004;
      p.lng += (rnd() - 0.5) * 0.0005;
      const ws = fleet.sockets[k];
      if (ws.readyState === WebSocket.OPEN) {
        ws.send(JSON.stringify({ type: 'locations', points: [{ ...p, at: new Date().toISOString() }] }));
        fleet.stats.fixes++;
      }
    }
  }, 100);
  return () => clearInterval(timer);
}

const percentile = (xs: number[], q: number) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] : null; };

/** Customers order at a fixed rate (open loop); returns when every order is placed and the stragglers had 5 s. */
async function orderLoad(api: Client, customers: string[], tokens: Map<string, string>, cfg: ApiConfig, fleet: Fleet, label = 'measured') {
  const rnd = lcg(label === 'measured' ? 5 : 6);
  const sent = new Map<string, number>();
  const postMs: number[] = [];
  const errors = { quote: 0, order: 0, firstError: '' };
  const total = cfg.ordersPerSecond * cfg.seconds;
  const started = performance.now();
  console.log(`  ${label} started at ${Date.now()}`); // epoch ms, to line up with server-side logs
  const tasks: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / cfg.ordersPerSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const token = tokens.get(customers[i % customers.length])!;
    tasks.push((async () => {
      await new Promise((r) => setImmediate(r));
      const q = await api.call('POST', '/v1/quotes', token, { serviceCode: 'car_ride', origin: near(rnd, 0.08), destination: near(rnd, 0.12) });
      if (q.status !== 201) { errors.quote++; errors.firstError ||= `quote ${q.status} ${JSON.stringify(q.json)}`; return; }
      const t0 = performance.now();
      const o = await api.call('POST', '/v1/orders', token, { quoteId: q.json.id, paymentMethod: 'cash' }, { 'idempotency-key': `bench-${i}-${randomUUID()}` });
      if (o.status !== 201 && o.status !== 200) { errors.order++; errors.firstError ||= `order ${o.status} ${JSON.stringify(o.json)}`; return; }
      sent.set(o.json.id, t0);
      postMs.push(performance.now() - t0);
    })().catch((err: Error) => { errors.order++; errors.firstError ||= `network: ${err.message}`; }));
  }
  const placedIn = performance.now() - started;
  // An overloaded server may never catch up: orders still unanswered after the grace time count as not offered.
  await Promise.race([Promise.all(tasks), new Promise((r) => setTimeout(r, cfg.graceSeconds * 1000))]);
  const doneIn = performance.now() - started;
  if (label === 'measured') await new Promise((r) => setTimeout(r, 5000));
  console.log(`  ${label}: orders placed over ${round(placedIn / 1000, 1)} s, answered (or gave up) after ${round(doneIn / 1000, 1)} s; POST /v1/orders p50 ${round(percentile(postMs, 0.5) ?? 0)} ms, p99 ${round(percentile(postMs, 0.99) ?? 0)} ms`);
  const lat: number[] = [];
  const slow: Array<[number, number]> = [];
  for (const [orderId, t0] of sent) { const t1 = fleet.firstOffer.get(orderId); if (t1 !== undefined) { lat.push(t1 - t0); slow.push([t1 - t0, t0 - started]); } }
  // When the slowest were sent tells a periodic stall (flush, timer) from queueing.
  slow.sort((a, b) => b[0] - a[0]);
  console.log(`  slowest offers (ms @ s into the run): ${slow.slice(0, 12).map(([ms, at]) => `${round(ms)}@${round(at / 1000, 1)}`).join(' ')}`);
  return { sent: sent.size + (total - sent.size - errors.quote - errors.order), lat, errors };
}

export async function runApiBench(kind: 'pglite' | 'postgres', cfg: ApiConfig = DEFAULT_API): Promise<ApiResult> {
  const empty = (note: string): ApiResult => ({ db: kind, ordered: 0, offered: 0, orderErrors: 0, quoteErrors: 0, p50Ms: null, p99Ms: null, maxMs: null, accepted: 0, completed: 0, fixes: 0, refusedFixes: 0, note });
  const { env, providers, customers } = await startServer(kind, cfg);
  const sockets: WebSocket[] = [];
  try {
    const missing = await missingRoutes(env.base);
    if (missing.length) return empty(`server has no ${missing.join(', ')} yet`);
    const signer = new AccessTokens(SECRET, 86_400, Date.now);
    const tokens = new Map<string, string>();
    for (const id of [...providers, ...customers]) tokens.set(id, (await signer.issue({ sub: id, sid: `fam_bench_${id}` })).token);
    const api = new Client(env.base);
    let t = performance.now();
    const fleet = await connectFleet(api, env.base, providers, tokens);
    console.log(`  ${kind}: ${providers.length} providers online with a socket each in ${round((performance.now() - t) / 1000, 1)} s`);
    sockets.push(...fleet.sockets);
    const stopMoving = moveFleet(fleet, cfg.moveEverySeconds);
    if (cfg.warmupSeconds > 0) {
      const warm = await orderLoad(api, customers, tokens, { ...cfg, seconds: cfg.warmupSeconds }, fleet, 'warm-up');
      console.log(`  warm-up (not measured): order-to-first-offer p50 ${round(percentile(warm.lat, 0.5) ?? 0, 1)} ms, p99 ${round(percentile(warm.lat, 0.99) ?? 0, 1)} ms`);
      if (warm.errors.order || warm.errors.quote) console.log(`  warm-up: ${warm.errors.quote} quote / ${warm.errors.order} order errors (${warm.errors.firstError})`);
    }
    const load = await orderLoad(api, customers, tokens, cfg, fleet);
    stopMoving();
    api.close();
    const p99 = load.sent && load.lat.length >= load.sent * 0.99 ? percentile(load.lat, 0.99) : null;
    return {
      db: kind, ordered: load.sent, offered: load.lat.length, orderErrors: load.errors.order, quoteErrors: load.errors.quote,
      p50Ms: percentile(load.lat, 0.5), p99Ms: p99, maxMs: load.lat.length ? Math.max(...load.lat) : null,
      accepted: fleet.stats.accepted, completed: fleet.stats.completed, fixes: fleet.stats.fixes, refusedFixes: fleet.stats.acks,
      note: [load.errors.firstError && `first error: ${load.errors.firstError}`, p99 === null && load.sent ? `fewer than 99% of orders got an offer, p99 unknown` : ''].filter(Boolean).join('; ') || undefined,
    };
  } finally {
    for (const ws of sockets) ws.terminate();
    await env.server.stop();
    env.stopDb?.();
  }
}

export function printApi(results: ApiResult[], cfg: ApiConfig = DEFAULT_API): void {
  console.log(`API: ${cfg.providers} providers online over /v1/live (a fix every ${cfg.moveEverySeconds} s), ${cfg.ordersPerSecond} orders/s for ${cfg.seconds} s (after ${cfg.warmupSeconds} s unmeasured), order-to-first-offer:`);
  for (const r of results) {
    console.log(`  ${r.db}: ${r.ordered} ordered, ${r.offered} offered, p50 ${r.p50Ms === null ? '-' : round(r.p50Ms, 1)} ms, p99 ${r.p99Ms === null ? '-' : round(r.p99Ms, 1)} ms, max ${r.maxMs === null ? '-' : round(r.maxMs)} ms;`
      + ` ${r.accepted} accepted, ${r.completed} completed, ${r.fixes} fixes sent (${r.refusedFixes} refused), ${r.quoteErrors} quote / ${r.orderErrors} order errors${r.note ? ` (${r.note})` : ''}`);
  }
}

export function apiKinds(): Array<'pglite' | 'postgres'> {
  const want = process.env.DISPATCH_DB ?? 'both';
  return want === 'both' ? ['pglite', 'postgres'] : [want as 'pglite' | 'postgres'];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const results: ApiResult[] = [];
  for (const kind of apiKinds()) results.push(await runApiBench(kind));
  printApi(results);
  const by = (k: string) => results.find((r) => r.db === k)?.p99Ms ?? null;
  console.log(JSON.stringify({ bench: 'dispatch-api', offer_p99_ms_pglite: by('pglite') === null ? null : round(by('pglite')!, 1), offer_p99_ms_postgres: by('postgres') === null ? null : round(by('postgres')!, 1) }));
}
