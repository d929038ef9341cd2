import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { sql } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { createTestDatabase, type TestDatabase } from './harness/databases.js';
import { queryRows } from '../src/platform/db.js';
import { DEMO_JWT_SECRET } from '../src/config.js';
import { seedDemo } from '../src/seed/demo-seed.js';
import { checkLedger, userAccount, type AccountRef } from '../src/modules/wallet/index.js';
import { LedgerService } from '../src/modules/wallet/index.js';
import { systemClock } from '../src/platform/time.js';

// Issue 3's crash test: a server process on PostgreSQL takes concurrent money-moving requests with
// Idempotency-Keys over HTTP, is killed with SIGKILL mid-load, restarted, and every request is
// retried with its key: zero lost, zero duplicated, ledger check clean.

const REQUESTS = 400;
const PARALLEL = 12;
const KILL_AFTER = 120;
const FINANCE = 'usr_demo_finance';
const OWNERS = ['usr_demo_customer_1', 'usr_demo_customer_2', 'usr_demo_customer_3', 'usr_demo_driver_1'];

interface Server { child: ChildProcess; url: string; exited: Promise<void> }

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts test/harness/ledger-server.ts on the database and waits until it listens. */
async function startServer(databaseUrl: string): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/harness/ledger-server.ts'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready in 60 s:\n${output}`)), 60_000);
    child.stdout!.on('data', (d) => { output += d; if (output.includes('ready')) { clearTimeout(timer); resolve(); } });
    child.stderr!.on('data', (d) => { output += d; });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}):\n${output}`)); });
  });
  return { child, url: `http://127.0.0.1:${port}`, exited };
}

interface Request { key: string; body: { account: AccountRef; direction: 'credit' | 'debit'; amountRials: string; reason: string } }
interface Answer { status: number; transferId?: string; code?: string }

function requests(): Request[] {
  return Array.from({ length: REQUESTS }, (_, i) => ({
    key: `crash-${i}-${process.pid}`,
    body: {
      account: userAccount(OWNERS[i % OWNERS.length], i % OWNERS.length === 3 ? 'provider_wallet' : 'customer_wallet'),
      direction: i % 5 === 4 ? 'debit' : 'credit', amountRials: String(1000 + (i % 97) * 10), reason: `crash test request ${i}`,
    },
  }));
}

async function send(url: string, token: string, r: Request): Promise<Answer> {
  const res = await fetch(`${url}/v1/ops/ledger/adjustments`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': r.key }, body: JSON.stringify(r.body),
  });
  const json = await res.json() as { transferId?: string; error?: { code: string } };
  return { status: res.status, transferId: json.transferId, code: json.error?.code };
}

describe('LEDGER crash test [postgres]', { skip: !process.env.PEYK_TEST_PG_URL && 'needs PostgreSQL (npm test starts one)' }, () => {
  let db: TestDatabase;
  let server: Server | undefined;
  let token: string;
  before(async () => {
    db = await createTestDatabase('postgres');
    await seedDemo(db.db);
    // An open sign-in session for the token's sid: the guard refuses tokens of ended sessions.
    await db.db.execute(sql`INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at, created_at)
      VALUES ('rtk_crash_test', ${FINANCE}, 'crash-test', 'crash-test-hash', now() + interval '1 day', now())`);
    token = await new SignJWT({ sid: 'crash-test' }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject(FINANCE)
      .setIssuedAt().setExpirationTime('1h').setIssuer('peyk').setAudience('peyk').sign(new TextEncoder().encode(DEMO_JWT_SECRET));
  });
  after(async () => {
    server?.child.kill('SIGKILL');
    await server?.exited;
    await db?.close();
  });

  test('LEDGER SIGKILL mid-load, restart, retry every request with its key: zero lost, zero duplicated, ledger check clean', async () => {
    const all = requests();
    server = await startServer(db.url!);
    const first: Array<Answer | 'lost'> = new Array(REQUESTS);
    let answered = 0;
    let next = 0;
    const killed = server;
    await Promise.all(Array.from({ length: PARALLEL }, async () => {
      for (let i = next++; i < REQUESTS; i = next++) {
        try {
          first[i] = await send(killed.url, token, all[i]);
          if (++answered === KILL_AFTER) killed.child.kill('SIGKILL');
        } catch {
          first[i] = 'lost'; // the connection died with the server: did it commit? The retry tells.
        }
      }
    }));
    await killed.exited;
    const lost = first.filter((a) => a === 'lost').length;
    assert.ok(lost > 0 && answered >= KILL_AFTER && answered < REQUESTS, `the kill came mid-load (${answered} answered, ${lost} lost)`);
    for (const a of first) if (a !== 'lost') assert.ok(a.status === 201 || a.status === 200, `before the crash: ${JSON.stringify(a)}`);

    server = await startServer(db.url!);
    const retried: Answer[] = [];
    let n = 0;
    await Promise.all(Array.from({ length: PARALLEL }, async () => {
      for (let i = n++; i < REQUESTS; i = n++) retried[i] = await send(server!.url, token, all[i]);
    }));
    for (let i = 0; i < REQUESTS; i++) {
      assert.ok(retried[i].status === 200 || retried[i].status === 201, `retry ${i}: ${JSON.stringify(retried[i])}`);
      const before = first[i];
      if (before !== 'lost') {
        assert.equal(retried[i].status, 200, `an answered request replays (${i})`);
        assert.equal(retried[i].transferId, before.transferId, `the same transfer for the same key (${i})`);
      }
    }
    assert.equal(new Set(retried.map((a) => a.transferId)).size, REQUESTS, 'zero duplicated: one transfer per request');
    const [counts] = await queryRows<{ transfers: number; audits: number }>(db.db, sql`SELECT
      (SELECT count(*)::int FROM ledger_transfers WHERE idempotency_key LIKE ${`adjustment:${FINANCE}:crash-%-${process.pid}`}) AS transfers,
      (SELECT count(*)::int FROM audit_log WHERE action = 'ledger.adjustment') AS audits`);
    assert.equal(Number(counts.transfers), REQUESTS, 'zero lost, zero duplicated');
    assert.equal(Number(counts.audits), REQUESTS, 'FRD-3 each adjustment audited exactly once, in its own transaction');

    const ledger = new LedgerService(systemClock);
    const expected = new Map<string, bigint>();
    for (const r of all) {
      const k = `${r.body.account.ownerId}:${r.body.account.kind}`;
      expected.set(k, (expected.get(k) ?? 0n) + (r.body.direction === 'credit' ? 1n : -1n) * BigInt(r.body.amountRials));
    }
    for (const [k, want] of expected) {
      const [ownerId, kind] = k.split(':');
      assert.equal((await ledger.balance(db.db, userAccount(ownerId, kind as 'customer_wallet'))).balanceRials, want, `balance of ${k}`);
    }
    const report = await checkLedger(db.db);
    assert.deepEqual(report.violations, [], 'LEDGER check clean after the crash');
  });
});
