import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { sql } from 'drizzle-orm';
import { Jobs } from '../src/platform/jobs.js';
import { queryRows } from '../src/platform/db.js';
import { ManualClock } from '../src/platform/time.js';
import { createTestDatabase, testDbKinds, type TestDatabase } from './harness/databases.js';

for (const kind of testDbKinds()) {
  describe(`platform delayed jobs [${kind}]`, () => {
    let db: TestDatabase;
    const clock = new ManualClock(new Date('2026-11-22T08:00:00Z'));
    before(async () => { db = await createTestDatabase(kind); });
    after(async () => { await db?.close(); });

    test('PLATFORM jobs run when due, once, and scheduling the same key twice is a no-op', async () => {
      const jobs = new Jobs(db.db, clock, pino({ level: 'silent' }));
      const seen: unknown[] = [];
      jobs.register('offer.timeout', async (p) => { seen.push(p.orderId); });
      const id = await jobs.schedule(db.db, 'offer.timeout', new Date(clock.now().getTime() + 15_000), { orderId: 'ord_1' }, 'ord_1');
      assert.ok(id);
      assert.equal(await jobs.schedule(db.db, 'offer.timeout', new Date(clock.now().getTime() + 15_000), { orderId: 'ord_1' }, 'ord_1'), null);
      assert.equal(await jobs.runDue(), 0);
      clock.advance(15_000);
      assert.equal(await jobs.runDue(), 1);
      assert.equal(await jobs.runDue(), 0);
      assert.deepEqual(seen, ['ord_1']);
    });

    test('PLATFORM a failing job is retried with backoff and a cancelled job never runs', async () => {
      const jobs = new Jobs(db.db, clock, pino({ level: 'silent' }));
      let calls = 0;
      jobs.register('flaky', async () => { calls++; if (calls === 1) throw new Error('provider down'); });
      jobs.register('never', async () => { throw new Error('should not run'); });
      await jobs.schedule(db.db, 'flaky', clock.now(), {}, 'f1');
      await jobs.schedule(db.db, 'never', clock.now(), {}, 'n1');
      assert.equal(await jobs.cancel(db.db, 'never', 'n1'), true);
      await jobs.runDue();
      assert.equal(calls, 1);
      clock.advance(2_000);
      await jobs.runDue();
      assert.equal(calls, 2);
      const rows = await queryRows<{ kind: string; status: string; attempts: number }>(db.db, sql`SELECT kind, status, attempts FROM jobs WHERE kind IN ('flaky', 'never') ORDER BY kind`);
      assert.deepEqual(rows, [{ kind: 'flaky', status: 'done', attempts: 2 }, { kind: 'never', status: 'cancelled', attempts: 0 }]);
    });
  });
}
