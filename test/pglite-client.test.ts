// The PGlite fast path (src/platform/pglite-client.ts) against PGlite's own query(): same rows, same
// types, same errors; its statement cache survives eviction and a changed table; transactions
// commit and roll back as PGlite's do; statements take turns through the client's own lock, which
// PGlite's entry points share through exclusive().
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import v8 from 'node:v8';
import vm from 'node:vm';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { PGlite, protocol } from '@electric-sql/pglite';
import { Lock, PgliteFastClient, bindMessage } from '../src/platform/pglite-client.js';

describe('PGlite fast client', () => {
  let pg: PGlite;
  let fast: PgliteFastClient;
  before(async () => {
    pg = await PGlite.create();
    await pg.exec(`CREATE TABLE t (id text PRIMARY KEY, n int, big bigint, f float8, ok boolean, at timestamptz, day date,
      doc jsonb, tags text[], nums int[], raw bytea, amount numeric(20,0), CONSTRAINT t_n_unique UNIQUE (n))`);
    fast = new PgliteFastClient(pg, 4);
  });
  after(async () => { await pg.close(); });

  const row = fc.record({
    id: fc.string({ minLength: 1, maxLength: 12 }),
    n: fc.integer({ min: -1e6, max: 1e6 }),
    big: fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }),
    f: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }),
    ok: fc.boolean(),
    at: fc.date({ min: new Date('1990-01-01'), max: new Date('2090-01-01'), noInvalidDate: true }),
    doc: fc.option(fc.record({ a: fc.string(), b: fc.array(fc.integer()) }), { nil: null }),
    tags: fc.array(fc.string({ maxLength: 6 }), { maxLength: 4 }),
    nums: fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 4 }),
  });

  test('rows and types equal PGlite query() for random values (parameters as node-postgres sends them)', async () => {
    await fc.assert(fc.asyncProperty(row, async (r) => {
      await pg.query('DELETE FROM t');
      const insert = 'INSERT INTO t (id, n, big, f, ok, at, doc, tags, nums) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *';
      const params = [r.id, r.n, r.big, r.f, r.ok, r.at, r.doc, r.tags, r.nums];
      const a = await fast.query(insert, params);
      const b = await pg.query('SELECT * FROM t WHERE id = $1', [r.id]);
      assert.deepEqual(a.rows, b.rows);
      assert.deepEqual(a.fields, b.fields);
      assert.equal(a.affectedRows, 1);
      const arr = await fast.query('SELECT id, n, tags FROM t WHERE id = $1', [r.id], { rowMode: 'array' });
      assert.deepEqual(arr.rows, [[r.id, r.n, r.tags]]);
    }), { numRuns: 60 });
  });

  test('property: the Bind message is byte for byte the one PGlite\'s serializer writes', () => {
    const value = fc.oneof(fc.constant(null), fc.string(), fc.string({ unit: 'grapheme' }), fc.uint8Array({ maxLength: 40 }));
    fc.assert(fc.property(fc.string({ maxLength: 20 }), fc.array(value, { maxLength: 12 }), (name, values) => {
      assert.deepEqual(Buffer.from(bindMessage(name, values)), Buffer.from(protocol.serialize.bind({ statement: name, values })));
    }), { numRuns: 500 });
  });

  test('caller parsers override PGlite parsers (drizzle keeps timestamps as text)', async () => {
    await fast.query("INSERT INTO t (id, n, at) VALUES ('p1', 101, '2026-12-01T10:00:00Z') ON CONFLICT DO NOTHING");
    const res = await fast.query('SELECT at FROM t WHERE id = $1', ['p1'], { parsers: { 1184: (v: string) => `raw:${v}` } });
    assert.match(String((res.rows[0] as { at: string }).at), /^raw:2026-12-01 10:00:00/);
  });

  test('errors are PGlite DatabaseErrors with code and constraint, and change nothing', async () => {
    await fast.query("INSERT INTO t (id, n) VALUES ('e1', 7) ON CONFLICT DO NOTHING");
    await assert.rejects(fast.query("INSERT INTO t (id, n) VALUES ('e2', $1)", [7]), (err: { code?: string; constraint?: string }) => err.code === '23505' && err.constraint === 't_n_unique');
    assert.deepEqual((await fast.query("SELECT count(*)::int AS c FROM t WHERE id = 'e2'")).rows, [{ c: 0 }]);
    await assert.rejects(fast.query('SELECT nope FROM t'), (err: { code?: string }) => err.code === '42703');
    await assert.rejects(fast.query('SELECT n FROM t WHERE n = $1', ['not a number']), (err: { code?: string }) => err.code === '22P02');
    // The statement that failed at bind still works with a good value.
    assert.equal((await fast.query('SELECT n FROM t WHERE n = $1', [7])).rows.length, 1);
  });

  test('statement cache: more texts than it holds, and a table changed under a cached statement', async () => {
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 10; i++) assert.deepEqual((await fast.query(`SELECT $1::int + ${i} AS v`, [round])).rows, [{ v: round + i }]);
    }
    const prepared = await pg.query<{ c: number }>('SELECT count(*)::int AS c FROM pg_prepared_statements');
    assert.ok(prepared.rows[0].c <= 5, `at most the cache size stays prepared, found ${prepared.rows[0].c}`);
    await pg.exec('CREATE TABLE s (a int); INSERT INTO s VALUES (1)');
    assert.deepEqual((await fast.query('SELECT * FROM s')).rows, [{ a: 1 }]);
    await pg.exec('ALTER TABLE s ADD COLUMN b int DEFAULT 2');
    // The first call after the change may fail once (PostgreSQL's "cached plan must not change result type"); the next parses again.
    const again = await fast.query('SELECT * FROM s').catch(() => fast.query('SELECT * FROM s'));
    assert.deepEqual(again.rows, [{ a: 1, b: 2 }]);
  });

  test('transactions commit, roll back on error, and hold the connection', async () => {
    await fast.transaction(async (tx) => {
      await tx.query("INSERT INTO t (id, n) VALUES ('tx1', 501)");
      await tx.query("INSERT INTO t (id, n) VALUES ('tx2', 502)");
    });
    await assert.rejects(fast.transaction(async (tx) => {
      await tx.query("INSERT INTO t (id, n) VALUES ('tx3', 503)");
      await tx.query("INSERT INTO t (id, n) VALUES ('tx4', 501)"); // unique n
    }), (err: { code?: string }) => err.code === '23505');
    const ids = (await fast.query("SELECT id FROM t WHERE id LIKE 'tx%' ORDER BY id")).rows.map((r) => (r as { id: string }).id);
    assert.deepEqual(ids, ['tx1', 'tx2']);
    // A statement from outside waits for the open transaction instead of running inside it.
    let release!: () => void;
    const holding = fast.transaction(async (tx) => {
      await tx.query("INSERT INTO t (id, n) VALUES ('tx5', 505)");
      await new Promise<void>((r) => { release = r; });
      await tx.query('SELECT 1');
      throw new Error('roll back');
    });
    await new Promise((r) => setTimeout(r, 20));
    const outside = fast.query("SELECT count(*)::int AS c FROM t WHERE id = 'tx5'");
    release();
    await assert.rejects(holding, /roll back/);
    assert.deepEqual((await outside).rows, [{ c: 0 }]);
  });

  test('a long run of statements keeps no memory per statement (PGlite parsed and kept every raw reply)', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    await fast.query("INSERT INTO t (id, n, doc) VALUES ('mem', 424242, '{\"a\": \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\", \"b\": []}') ON CONFLICT DO NOTHING");
    const heap = () => { gc(); return process.memoryUsage().heapUsed; };
    for (let i = 0; i < 2000; i++) await fast.query('SELECT * FROM t WHERE id = $1', ['mem']);
    const before = heap();
    for (let i = 0; i < 20000; i++) await fast.query('SELECT * FROM t WHERE id = $1', ['mem']);
    // Keeping each reply's parsed messages cost ~0.5 KB per statement: ~10 MB here.
    assert.ok(heap() - before < 3e6, `heap grew by ${((heap() - before) / 1e6).toFixed(1)} MB over 20,000 statements`);
  });

  test('the lock hands over first come first served, and is free again once every holder released', async () => {
    const lock = new Lock();
    const order: number[] = [];
    assert.equal(lock.acquire(), undefined); // free: taken at once
    const waits = [1, 2, 3].map((i) => lock.acquire()!.then(() => { order.push(i); }));
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(order, []);
    for (let i = 0; i < 4; i++) { lock.release(); await new Promise((r) => setImmediate(r)); }
    await Promise.all(waits);
    assert.deepEqual(order, [1, 2, 3]);
    assert.equal(lock.acquire(), undefined);
    lock.release();
  });

  test('PGlite\'s own entry points run through exclusive(): they wait for an open transaction and run alone', async () => {
    let release!: () => void;
    const holding = fast.transaction(async (tx) => {
      await tx.query("INSERT INTO t (id, n) VALUES ('ex1', 601)");
      await new Promise<void>((r) => { release = r; });
      await tx.query("INSERT INTO t (id, n) VALUES ('ex2', 602)");
    });
    await new Promise((r) => setTimeout(r, 20));
    const seen: string[] = [];
    const script = fast.exclusive(async () => {
      const r = await pg.query<{ c: number }>("SELECT count(*)::int AS c FROM t WHERE id LIKE 'ex%'");
      seen.push(`script saw ${r.rows[0].c}`);
    });
    const after = fast.query("SELECT count(*)::int AS c FROM t WHERE id LIKE 'ex%'").then((r) => { seen.push(`query saw ${(r.rows[0] as { c: number }).c}`); });
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(seen, []); // both wait for the transaction
    release();
    await Promise.all([holding, script, after]);
    assert.deepEqual(seen, ['script saw 2', 'query saw 2']);
    // Two statements started at once inside a transaction run one after the other.
    await fast.transaction(async (tx) => {
      const [a, b] = await Promise.all([tx.query("INSERT INTO t (id, n) VALUES ('ex3', 603) RETURNING n"), tx.query("SELECT count(*)::int AS c FROM t WHERE id = 'ex3'")]);
      assert.deepEqual([a.rows, b.rows], [[{ n: 603 }], [{ c: 1 }]]);
    });
  });

  test('statements leave nothing that outlives the young generation (PGlite\'s mutex waiters did, ~1.5 KB each)', () => {
    // Sampled in a process of its own (test/harness/pglite-promotion.ts). Through PGlite's
    // async-mutex each statement's waiter objects were promoted, ~1.5 KB a statement: ~29 MB for
    // these 20,000; through the client's lock, well under 1 MB.
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/harness/pglite-promotion.ts'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const { statements, bytes } = JSON.parse(r.stdout.trim().split('\n').pop()!) as { statements: number; bytes: number };
    assert.equal(statements, 20000);
    assert.ok(bytes < 5e6, `${(bytes / 1e6).toFixed(1)} MB outlived the young generation over 20,000 statements`);
  });
});
