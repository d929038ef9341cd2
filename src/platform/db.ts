import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { PGlite } from '@electric-sql/pglite';

export type DbKind = 'pglite' | 'postgres';

/** The drizzle handle every repo uses; the same type over PGlite and node-postgres. */
export type Db = PgDatabase<PgQueryResultHKT, Record<string, never>>;
/** A transaction handle (also a Db). */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
  kind: DbKind;
  db: Db;
  /** Runs a multi-statement SQL script outside drizzle. */
  execScript(text: string): Promise<void>;
  /** Applies one migration file unless already applied; serialised across processes. */
  applyMigration(name: string, text: string): Promise<boolean>;
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

/** Opens PostgreSQL when a URL is given, else PGlite in `dataDir` (or in memory when dataDir is null). */
export async function openDatabase(opts: { databaseUrl?: string; dataDir?: string | null; loadDataDir?: Blob; poolSize?: number }): Promise<Database> {
  if (opts.databaseUrl) {
    const pg = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    // Only queryPrepared's hot-path statements are named prepared statements: plan each once per
    // connection. (Left on `auto`, PostgreSQL kept re-planning them with custom plans, which cost
    // more than running them.) A startup parameter, so no extra round trip; `options` in the URL win.
    const pool = new pg.default.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10, options: '-c plan_cache_mode=force_generic_plan' });
    pool.on('error', () => { /* a dropped idle client is replaced on the next query */ });
    const db = drizzle(pool) as unknown as Db;
    return {
      kind: 'postgres',
      db,
      async execScript(text) { await pool.query(text); },
      async applyMigration(name, text) {
        const client = await pool.connect();
        try {
          // A session lock serialises several processes migrating the same database at once.
          await client.query('SELECT pg_advisory_lock(727272)');
          const done = await client.query('SELECT 1 FROM schema_migrations WHERE name = $1', [name]);
          if (done.rowCount) return false;
          try {
            await client.query(`BEGIN;\n${text}\n;INSERT INTO schema_migrations (name) VALUES ('${name}');\nCOMMIT;`);
          } catch (err) {
            await client.query('ROLLBACK').catch(() => undefined);
            throw err;
          }
          return true;
        } finally {
          await client.query('SELECT pg_advisory_unlock(727272)').catch(() => undefined);
          client.release();
        }
      },
      close: () => pool.end(),
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { PgliteFastClient } = await import('./pglite-client.js');
  const { drizzle } = await import('drizzle-orm/pglite');
  if (opts.dataDir) fs.mkdirSync(opts.dataDir, { recursive: true });
  // PostgreSQL's default 128 MB of shared buffers costs PGlite ~0.4 s of WASM at every start
  // (initialising the buffer pool); 32 MB holds an embedded deployment's working set.
  const sharedBuffers = process.env.PEYK_PGLITE_SHARED_BUFFERS || '32MB';
  const client = await PGlite.create({
    dataDir: opts.dataDir ?? undefined, loadDataDir: opts.loadDataDir,
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffers}`],
  });
  // Statements run through PgliteFastClient (one call and a cached plan each); scripts and
  // migrations use PGlite directly, under the same mutexes.
  const db = drizzle(new PgliteFastClient(client) as unknown as PGlite) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    async execScript(text) { await client.exec(text); },
    async applyMigration(name, text) {
      const done = await client.query('SELECT 1 FROM schema_migrations WHERE name = $1', [name]);
      if (done.rows.length) return false;
      await client.transaction(async (tx) => {
        await tx.exec(text);
        await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
      });
      return true;
    },
    close: () => client.close(),
  };
}

/** Runs raw SQL and returns its rows (both drivers expose `rows`). */
export async function queryRows<T = Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

interface DrizzleInternals {
  dialect: { sqlToQuery(q: SQL): { sql: string; params: unknown[] } };
  session: { prepareQuery(q: { sql: string; params: unknown[] }, fields: undefined, name: string, arrayMode: boolean): { execute(): Promise<unknown> } };
}
const statementNames = new Map<string, string>();

/**
 * Runs a hot-path statement as a named prepared statement: PostgreSQL then plans it once per
 * connection instead of on every call (for small indexed queries and write CTEs the planning costs
 * as much as running them). The statement text must not depend on the values (use array
 * parameters rather than a variable number of placeholders). PGlite runs it like queryRows.
 */
export async function queryPrepared<T = Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T[]> {
  const built = (db as unknown as DrizzleInternals).dialect.sqlToQuery(query);
  return runPrepared<T>(db, built.sql, built.params);
}

/** Runs fixed SQL text with parameters as a named prepared statement (see queryPrepared). */
export async function runPrepared<T>(db: DbOrTx, text: string, params: unknown[]): Promise<T[]> {
  const internals = db as unknown as DrizzleInternals;
  let name = statementNames.get(text);
  if (!name) {
    name = `q_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    if (statementNames.size < 1000) statementNames.set(text, name);
  }
  const res = (await internals.session.prepareQuery({ sql: text, params }, undefined, name, false).execute()) as { rows: T[] };
  return res.rows;
}

/** Applies every migration in `migrations/` not yet applied, each file with its bookkeeping in one transaction. */
export async function migrate(database: Database, dir: string = MIGRATIONS_DIR): Promise<string[]> {
  await database.execScript('CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  // One query for what is already there, so a start on an existing database does not pay one per
  // file (applyMigration still checks again under its lock, for processes migrating at once).
  const done = new Set((await queryRows<{ name: string }>(database.db, sql`SELECT name FROM schema_migrations`)).map((r) => r.name));
  const applied: string[] = [];
  for (const file of files) {
    if (!/^[\w.-]+$/.test(file)) throw new Error(`bad migration file name ${file}`);
    if (done.has(file)) continue;
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    if (await database.applyMigration(file, text)) applied.push(file);
  }
  return applied;
}

/** Whether an error is a unique-constraint violation (optionally on a named constraint). */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = findPgError(err);
  if (!e || e.code !== '23505') return false;
  return constraint ? e.constraint === constraint || String(e.message ?? '').includes(constraint) : true;
}

function findPgError(err: unknown): { code?: string; constraint?: string; message?: string } | undefined {
  let cur = err as { code?: string; cause?: unknown } | undefined;
  for (let i = 0; i < 5 && cur; i++) {
    if (typeof cur.code === 'string' && /^[0-9A-Z]{5}$/.test(cur.code)) return cur as never;
    cur = cur.cause as never;
  }
  return undefined;
}
