// Prepared drizzle queries (src/platform/db.ts: prepared, preparedBy, preparedInsert): built once,
// run as named statements on PGlite and PostgreSQL. They must give what the same drizzle query
// built on every call gives (rows, types, encodings, defaults, nulls), inside and outside
// transactions, and one shape must never run another shape's text.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { and, eq, sql } from 'drizzle-orm';
import { bigint, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { prepared, preparedBy, preparedInsert, rowSlots, rowValues, definedKeys, type Slots } from '../src/platform/db.js';
import { createTestDatabase, testDbKinds, type TestDatabase } from './harness/databases.js';

const things = pgTable('prepared_things', {
  id: text('id').primaryKey(),
  name: text('name'),
  n: integer('n').notNull().default(7),
  amount: bigint('amount', { mode: 'bigint' }),
  doc: jsonb('doc').$type<{ a: string; b: number[] } | null>(),
  at: timestamp('at', { withTimezone: true }),
  status: text('status').notNull().default('new'),
});
type Thing = typeof things.$inferInsert;

const byId = prepared((db, p: Slots<{ id: string }>) => db.select().from(things).where(eq(things.id, p.id)).limit(1));
const insertThing = preparedInsert(things);
const moveStatus = prepared((db, p: Slots<{ id: string; from: string[]; to: string }>) =>
  db.update(things).set({ status: p.to as never }).where(and(eq(things.id, p.id), sql`${things.status} = ANY(${p.from}::text[])`)).returning());
const setSome = preparedBy<{ id: string; set: Partial<Thing> }, unknown>(
  ({ set }) => definedKeys(set).join(','),
  (db, p, { set }) => db.update(things).set(rowSlots(p, set, 's_')).where(eq(things.id, p.id)),
  ({ id, set }) => ({ id, ...rowValues(things, set, 's_') }),
);

const thing = fc.record({
  id: fc.uuid(),
  name: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
  n: fc.option(fc.integer({ min: -1000, max: 1000 }), { nil: undefined }),
  amount: fc.option(fc.option(fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }), { nil: null }), { nil: undefined }),
  doc: fc.option(fc.option(fc.record({ a: fc.string({ maxLength: 5 }), b: fc.array(fc.integer(), { maxLength: 3 }) }, { noNullPrototype: true }), { nil: null }), { nil: undefined }),
  at: fc.option(fc.date({ min: new Date('2000-01-01'), max: new Date('2090-01-01'), noInvalidDate: true }), { nil: undefined }),
}, { requiredKeys: ['id'], noNullPrototype: true });

for (const kind of testDbKinds()) {
  describe(`prepared queries [${kind}]`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(kind);
      await t.execScript(`CREATE TABLE prepared_things (id text PRIMARY KEY, name text, n int NOT NULL DEFAULT 7, amount bigint,
        doc jsonb, at timestamptz, status text NOT NULL DEFAULT 'new')`);
    });
    after(async () => { await t.close(); });

    test('a prepared insert and select give the rows drizzle gives, for any set of columns (defaults, nulls, bigint, jsonb, dates)', async () => {
      let run = 0;
      await fc.assert(fc.asyncProperty(thing, async (generated) => {
        const row = { ...generated, id: `${generated.id}-${run++}` }; // shrinking retries a value: keep ids unique
        const [a] = await insertThing(t.db, row);
        const [b] = await t.db.insert(things).values({ ...row, id: `${row.id}-plain` }).returning();
        assert.deepEqual(a, { ...b, id: row.id });
        assert.deepEqual((await byId(t.db, { id: row.id }))[0], a);
      }), { numRuns: 80 });
    });

    test('each shape of a preparedBy query runs its own text (no column of one shape leaks into another)', async () => {
      await insertThing(t.db, { id: 'shape', name: 'x', n: 1, amount: 5n });
      await setSome(t.db, { id: 'shape', set: { name: 'y' } });
      await setSome(t.db, { id: 'shape', set: { n: 2, amount: null } });
      await setSome(t.db, { id: 'shape', set: { name: undefined, doc: { a: 'q', b: [1] } } });
      const [row] = await byId(t.db, { id: 'shape' });
      assert.deepEqual({ name: row.name, n: row.n, amount: row.amount, doc: row.doc }, { name: 'y', n: 2, amount: null, doc: { a: 'q', b: [1] } });
    });

    test('array inputs and guarded updates: only a row in one of the given statuses moves', async () => {
      await insertThing(t.db, { id: 'g1' });
      assert.equal((await moveStatus(t.db, { id: 'g1', from: ['done'], to: 'x' })).length, 0);
      assert.equal((await moveStatus(t.db, { id: 'g1', from: ['done', 'new'], to: 'done' }))[0].status, 'done');
    });

    test('inside a transaction they see its writes and roll back with it', async () => {
      await assert.rejects(t.db.transaction(async (tx) => {
        await insertThing(tx, { id: 'tx1', name: 'in' });
        assert.equal((await byId(tx, { id: 'tx1' }))[0]?.name, 'in');
        throw new Error('roll back');
      }), /roll back/);
      assert.equal((await byId(t.db, { id: 'tx1' })).length, 0);
    });

    test('errors reach the caller with their code and leave nothing written', async () => {
      await insertThing(t.db, { id: 'dup' });
      await assert.rejects(insertThing(t.db, { id: 'dup', name: 'again' }), (err: { cause?: { code?: string } }) => err.cause?.code === '23505');
      assert.equal((await byId(t.db, { id: 'dup' }))[0].name, null);
    });
  });
}
