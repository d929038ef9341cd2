// node-postgres results in array mode (src/platform/db.ts lightenArrayResults): Drizzle's rows, read
// as arrays, skip node-postgres's per-statement empty-row template; object-mode results keep it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../src/platform/db.js';
import { createTestDatabase, testDbKinds, type TestDatabase } from './harness/databases.js';

const postgres = testDbKinds().includes('postgres');

describe('node-postgres array-mode results (PostgreSQL)', { skip: postgres ? false : 'PostgreSQL is not running (npm test starts it)' }, () => {
  let db: TestDatabase;
  before(async () => { db = await createTestDatabase('postgres'); });
  after(async () => { await db?.close(); });

  test('array-mode rows keep their column types, names and nulls', async () => {
    const Result = (await import('pg/lib/result.js' as string)).default;
    assert.equal(Result.prototype.addFields.peykLight, true, 'the lighter addFields is installed');
    const pool = (db.db as unknown as { $client: { query(q: unknown): Promise<{ rows: unknown[]; fields: Array<{ name: string }> }> } }).$client;
    const text = `SELECT 1::int AS n, 9007199254740993::bigint AS big, NULL::text AS nothing, '{"a":[1,2]}'::jsonb AS doc,
      '2026-12-01T10:00:00Z'::timestamptz AS at, true AS yes, 'x' AS n2`;
    const asArray = await pool.query({ text, rowMode: 'array' });
    assert.deepEqual(asArray.fields.map((f) => f.name), ['n', 'big', 'nothing', 'doc', 'at', 'yes', 'n2']);
    assert.deepEqual(asArray.rows, [[1, '9007199254740993', null, { a: [1, 2] }, new Date('2026-12-01T10:00:00Z'), true, 'x']]);
    // Object mode is untouched: rows keyed by column name, in order.
    const asObject = await pool.query({ text });
    assert.deepEqual(asObject.rows, [{ n: 1, big: '9007199254740993', nothing: null, doc: { a: [1, 2] }, at: new Date('2026-12-01T10:00:00Z'), yes: true, n2: 'x' }]);
    assert.deepEqual(Object.keys(asObject.rows[0] as object), ['n', 'big', 'nothing', 'doc', 'at', 'yes', 'n2']);
    // Two statements in one simple query give two results, each with its own columns.
    const many = await pool.query({ text: 'SELECT 1 AS a; SELECT 2 AS b, 3 AS c', rowMode: 'array' }) as unknown as Array<{ rows: unknown[] }>;
    assert.deepEqual(many.map((r) => r.rows), [[[1]], [[2, 3]]]);
    // And through drizzle.
    assert.deepEqual(await queryRows(db.db, sql`SELECT 2::int AS two, NULL::int AS none`), [{ two: 2, none: null }]);
  });
});
