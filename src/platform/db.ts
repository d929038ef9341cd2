import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Column, SQL, Subquery, getTableColumns, is, sql, type Placeholder, type Table } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTable } from 'drizzle-orm/pg-core';
import type { PGlite } from '@electric-sql/pglite';
import { applyV8Flags } from './v8-flags.mjs';
import { pgliteWasmModule } from './pglite-wasm.mjs';

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
  /** PGlite only: the data directory as a gzipped tarball (what `loadDataDir` takes back). */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
}

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'migrations');

/** Opens PostgreSQL when a URL is given, else PGlite in `dataDir` (or in memory when dataDir is null). */
export async function openDatabase(opts: { databaseUrl?: string; dataDir?: string | null; loadDataDir?: Blob; poolSize?: number }): Promise<Database> {
  if (opts.databaseUrl) {
    const pg = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    lightenArrayResults((await import('pg/lib/result.js' as string)).default, pg.default.types as unknown as NonNullable<PgResult['_types']>);
    // Only queryPrepared's hot-path statements are named prepared statements: plan each once per
    // connection. (Left on `auto`, PostgreSQL kept re-planning them with custom plans, which cost
    // more than running them.) A startup parameter, so no extra round trip; `options` in the URL win.
    // Idle connections stay open (node-postgres closes them after 10 s by default): a connection
    // opened again in the middle of a burst is a new backend, whose first statements load its
    // catalog caches and parse every prepared statement again (bench/dispatch: the slowest offers
    // of a run waited on exactly that).
    const pool = new pg.default.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10, idleTimeoutMillis: 0, options: '-c plan_cache_mode=force_generic_plan' });
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
  applyV8Flags(); // before PGlite's WASM is compiled
  const { PGlite } = await import('@electric-sql/pglite');
  const { PgliteFastClient } = await import('./pglite-client.js');
  const { drizzle } = await import('drizzle-orm/pglite');
  if (opts.dataDir) fs.mkdirSync(opts.dataDir, { recursive: true });
  // PostgreSQL's default 128 MB of shared buffers costs PGlite ~0.4 s of WASM at every start
  // (initialising the buffer pool); 32 MB holds an embedded deployment's working set.
  const sharedBuffers = process.env.PEYK_PGLITE_SHARED_BUFFERS || '32MB';
  const client = await PGlite.create({
    dataDir: opts.dataDir ?? undefined, loadDataDir: opts.loadDataDir, pgliteWasmModule: await pgliteWasmModule(PROJECT_ROOT),
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffers}`],
  });
  // Statements run through PgliteFastClient (one call and a cached plan each); scripts and
  // migrations use PGlite directly, holding the fast client's connection lock (fast.exclusive).
  // Node's file systems write through: no syncToFs after each statement (see PgliteFastClient).
  const fast = new PgliteFastClient(client, 500, false);
  const db = drizzle(fast as unknown as PGlite) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    execScript: (text) => fast.exclusive(async () => { await client.exec(text); }),
    applyMigration: (name, text) => fast.exclusive(async () => {
      const done = await client.query('SELECT 1 FROM schema_migrations WHERE name = $1', [name]);
      if (done.rows.length) return false;
      await client.transaction(async (tx) => {
        await tx.exec(text);
        await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
      });
      return true;
    }),
    dumpDataDir: () => fast.exclusive(() => client.dumpDataDir('gzip')),
    close: () => fast.exclusive(() => client.close()),
  };
}

interface PgResult { rowAsArray: boolean; fields: unknown[]; _parsers?: unknown[]; _types?: { getTypeParser(oid: number, format: string): unknown }; _prebuiltEmptyResultObject: unknown }
interface PgField { dataTypeID: number; format?: string }

/**
 * node-postgres's `Result.addFields`, run for every statement, also builds an empty row keyed by
 * column name (a dictionary object, then copied) that only results in object mode use. Drizzle
 * reads rows as arrays, so for those only the column parsers are made (the rest of the method).
 * It was ~6% of the CPU of an in-process order lifecycle (quote to completion) on PostgreSQL.
 * Object-mode results, and any node-postgres whose Result looks different, are untouched.
 */
function lightenArrayResults(Result: { prototype: { addFields?: (this: PgResult, fields: PgField[]) => void; _parseRowAsArray?: unknown } }, pgTypes: NonNullable<PgResult['_types']>): void {
  const proto = Result?.prototype;
  const original = proto?.addFields;
  if (!original || !proto._parseRowAsArray || (original as { peykLight?: boolean }).peykLight) return;
  const light = function addFields(this: PgResult, fields: PgField[]) {
    if (!this.rowAsArray) return original.call(this, fields);
    this.fields = fields;
    const parsers = new Array(fields.length);
    const types = this._types ?? pgTypes;
    for (let i = 0; i < fields.length; i++) parsers[i] = types.getTypeParser(fields[i].dataTypeID, fields[i].format || 'text');
    if (fields.length) this._parsers = parsers;
    this._prebuiltEmptyResultObject = null;
  };
  (light as { peykLight?: boolean }).peykLight = true;
  proto.addFields = light;
}

/** Runs raw SQL and returns its rows (both drivers expose `rows`). */
export async function queryRows<T = Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

interface DrizzleInternals {
  dialect: { sqlToQuery(q: SQL): { sql: string; params: unknown[] } };
  session: { client: unknown; prepareQuery(q: { sql: string; params: unknown[] }, fields: undefined, name: string, arrayMode: boolean): { client: unknown; params: unknown[]; execute(): Promise<unknown> } };
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
  const session = (db as unknown as DrizzleInternals).session;
  let made = rawQueries.get(text);
  if (!made) {
    made = new Map();
    if (rawQueries.size < 1000) rawQueries.set(text, made);
  }
  const q = reusedQuery(made, session, () => session.prepareQuery({ sql: text, params }, undefined, statementName(text), false));
  q.params = params; // read, like the connection, before execute's first await
  const res = (await q.execute()) as { rows: T[] };
  return res.rows;
}

/**
 * Drizzle's prepared-query object for a statement on `session`'s driver (PGlite or node-postgres),
 * made once (its constructor builds two configs with nine parser closures each: ~1.5% of the
 * server's CPU when made per call) and pointed at the session's connection: `execute` reads
 * `client` before its first await, so the next call may repoint it at once.
 */
function reusedQuery<Q extends { client: unknown }>(made: Map<unknown, Q>, session: { client: unknown }, make: () => Q): Q {
  let q = made.get(session.constructor);
  if (!q) {
    q = make();
    made.set(session.constructor, q);
  }
  q.client = session.client;
  return q;
}
/** Per statement text (at most 1,000 kept), runPrepared's prepared-query objects by driver. */
const rawQueries = new Map<string, Map<unknown, { client: unknown; params: unknown[]; execute(): Promise<unknown> }>>();

/** The prepared-statement name of a statement text (the same text gets the same name in every process). */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `q_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    if (statementNames.size < 1000) statementNames.set(text, name);
  }
  return name;
}

/** A `sql.placeholder` for every input of a prepared query. */
export type Slots<P> = { readonly [K in keyof P & string]: Placeholder<K> };
/** A drizzle query builder (select, insert, update, delete, or a `with` of them) before it runs. */
type Buildable<R> = PromiseLike<R>;
interface BuiltQuery {
  queryString: string; params: unknown[]; fields: unknown; _isResponseInArrayMode: boolean;
  customResultMapper?: unknown; joinsNotNullableMap?: unknown;
}
interface PreparedQueryInternals { client: unknown; joinsNotNullableMap?: unknown; execute(values: Record<string, unknown>): Promise<unknown> }
interface Shape {
  query: { sql: string; params: unknown[] }; name: string; fields: unknown; arrayMode: boolean; mapper: unknown; joins: unknown;
  /** The driver's prepared-query object for this shape, one per session class (PGlite, node-postgres). */
  made: Map<unknown, PreparedQueryInternals>;
}
interface SessionInternals {
  session: { client: unknown; prepareQuery(q: { sql: string; params: unknown[] }, fields: unknown, name: string, arrayMode: boolean, mapper: unknown): PreparedQueryInternals };
}
const slots = new Proxy({}, { get: (_, key) => sql.placeholder(String(key)) });

function shapeOf(built: BuiltQuery): Shape {
  const flat = built.customResultMapper === undefined && built.joinsNotNullableMap === undefined ? flatRowMapper(built.fields) : undefined;
  return {
    query: { sql: built.queryString, params: built.params }, name: statementName(built.queryString),
    fields: flat ? undefined : built.fields, arrayMode: built._isResponseInArrayMode, mapper: flat ?? built.customResultMapper, joins: built.joinsNotNullableMap, made: new Map(),
  };
}

type SelectedField = { path: string[]; field: unknown };

/**
 * The rows of a query without joins, mapped as drizzle's mapResultRow maps them (each value through
 * its column's or expression's decoder, null stays null) with the decoders found once per shape:
 * drizzle looks each one up again for every column of every row (an `instanceof`-like walk per
 * value, ~2% of the server's CPU with the orders table's 60 columns). Undefined when a field is
 * nested (a join's table), which drizzle's own mapping then handles.
 */
function flatRowMapper(fields: unknown): ((rows: unknown[][]) => Array<Record<string, unknown>>) | undefined {
  if (!Array.isArray(fields) || !fields.length) return undefined;
  const keys: string[] = [];
  const decoders: Array<{ mapFromDriverValue(v: unknown): unknown }> = [];
  for (const { path, field } of fields as SelectedField[]) {
    if (path.length !== 1) return undefined;
    keys.push(path[0]);
    const f = field as { decoder?: unknown; sql?: { decoder: unknown }; _?: { sql: { decoder: unknown } } };
    decoders.push((is(field, Column) ? field : is(field, SQL) ? f.decoder : is(field, Subquery) ? f._!.sql.decoder : f.sql!.decoder) as never);
  }
  const n = keys.length;
  return (rows) => {
    const out = new Array<Record<string, unknown>>(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      const o: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) {
        const v = row[i];
        o[keys[i]] = v === null ? null : decoders[i].mapFromDriverValue(v);
      }
      out[r] = o;
    }
    return out;
  };
}

/** Runs a shape on `db`'s connection (see reusedQuery). */
function runShape<R>(db: DbOrTx, shape: Shape, values: Record<string, unknown>): Promise<R> {
  const session = (db as unknown as SessionInternals).session;
  const q = reusedQuery(shape.made, session, () => {
    const made = session.prepareQuery(shape.query, shape.fields, shape.name, shape.arrayMode, shape.mapper);
    made.joinsNotNullableMap = shape.joins;
    return made;
  });
  return q.execute(values) as Promise<R>;
}

/**
 * A hot-path drizzle query built once and then run, on any Db or transaction, as a named prepared
 * statement with the given values: building a query costs drizzle 0.1-0.6 ms of CPU (more than
 * PostgreSQL takes to run a small indexed one), and a named statement is parsed and planned once
 * per connection. `build` gets a placeholder for every input (`p.id`); drizzle encodes each value
 * as the column it is compared with or assigned to. Inputs used in raw `sql` need a cast
 * (`${p.ids}::text[]`). The text must not depend on the values: for queries whose shape varies
 * (which columns an update sets), see `preparedBy`.
 */
export function prepared<P extends Record<string, unknown>, R>(build: (db: Db, p: Slots<P>) => Buildable<R>): (db: DbOrTx, values: P) => Promise<R> {
  return preparedBy<P, R>(() => '', (db, p) => build(db, p as Slots<P>), (values) => values);
}

/**
 * Like `prepared`, for a query whose text depends on some of the inputs (the columns an insert or
 * update names, how many statuses it accepts): one built query per distinct `key`. Keep the number
 * of keys small and bounded (at most 200 are kept).
 */
export function preparedBy<A, R>(key: (input: A) => string, build: (db: Db, p: Slots<Record<string, unknown>>, input: A) => Buildable<R>, values: (input: A) => Record<string, unknown>): (db: DbOrTx, input: A) => Promise<R> {
  const shapes = new Map<string, Shape>();
  return (db, input) => {
    const k = key(input);
    let shape = shapes.get(k);
    if (!shape) {
      shape = shapeOf((build(db as Db, slots as Slots<Record<string, unknown>>, input) as unknown as { _prepare(): BuiltQuery })._prepare());
      if (shapes.size < 200) shapes.set(k, shape);
    }
    return runShape<R>(db, shape, values(input));
  };
}

/** The keys of a partial row with a value (undefined ones left out), sorted: the shape of a prepared insert or update. */
export const definedKeys = (row: object): string[] => Object.keys(row).filter((k) => (row as Record<string, unknown>)[k] !== undefined).sort();

/**
 * For a prepared insert or update of a partial row: a placeholder `${prefix}${key}` for each of its
 * defined keys, typed as the row (for `.values()` and `.set()`); `rowValues` gives their values.
 */
export function rowSlots<T extends object>(p: Slots<Record<string, unknown>>, row: T, prefix: string): T {
  return Object.fromEntries(definedKeys(row).map((k) => [k, sql`${p[`${prefix}${k}`]}`])) as T;
}

/** The values for `rowSlots`, encoded as the table's columns encode them (drizzle skips the encoder for null). */
export function rowValues(table: Table, row: object, prefix: string): Record<string, unknown> {
  const columns = getTableColumns(table) as Record<string, { mapToDriverValue(v: unknown): unknown }>;
  const out: Record<string, unknown> = {};
  for (const k of definedKeys(row)) {
    const v = (row as Record<string, unknown>)[k];
    out[`${prefix}${k}`] = v === null ? null : columns[k].mapToDriverValue(v);
  }
  return out;
}

/** `db.insert(table).values(row).returning()` as a prepared query (one per set of columns the row names). */
export function preparedInsert<T extends PgTable>(table: T): (db: DbOrTx, row: T['$inferInsert']) => Promise<Array<T['$inferSelect']>> {
  return preparedBy<T['$inferInsert'], Array<T['$inferSelect']>>(
    (row) => definedKeys(row).join(','),
    (db, p, row) => db.insert(table).values(rowSlots(p, row, '') as never).returning() as never,
    (row) => rowValues(table, row, ''),
  );
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

/** Whether an error is a not-null violation (optionally on a named column). */
export function isNotNullViolation(err: unknown, column?: string): boolean {
  const e = findPgError(err) as { code?: string; column?: string; message?: string } | undefined;
  if (!e || e.code !== '23502') return false;
  return column ? e.column === column || String(e.message ?? '').includes(`"${column}"`) : true;
}

/**
 * The code a statement's `peyk_require(ok, code)` guard failed with (migrations/0530), or
 * undefined for any other error.
 */
export function requireFailure(err: unknown): string | undefined {
  const e = findPgError(err);
  return e?.code === 'PY001' ? String(e.message ?? '') : undefined;
}

function findPgError(err: unknown): { code?: string; constraint?: string; message?: string } | undefined {
  let cur = err as { code?: string; cause?: unknown } | undefined;
  for (let i = 0; i < 5 && cur; i++) {
    if (typeof cur.code === 'string' && /^[0-9A-Z]{5}$/.test(cur.code)) return cur as never;
    cur = cur.cause as never;
  }
  return undefined;
}
