import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { MIGRATIONS_DIR, migrate, openDatabase, type Database, type DbKind } from '../../src/platform/db.js';

/** A hash of the migrations, so a cached snapshot or template is rebuilt when they change. */
function migrationsHash(): string {
  const h = createHash('sha256');
  for (const f of fs.readdirSync(MIGRATIONS_DIR).sort()) h.update(f).update(fs.readFileSync(path.join(MIGRATIONS_DIR, f)));
  return h.digest('hex').slice(0, 12);
}

/** Which databases integration tests run on: PGlite always, PostgreSQL when the harness started one. */
export function testDbKinds(): DbKind[] {
  return process.env.PEYK_TEST_PG_URL ? ['pglite', 'postgres'] : ['pglite'];
}

async function pgliteSnapshot(): Promise<Blob> {
  const file = path.join(os.tmpdir(), `peyk-pglite-${migrationsHash()}.tar.gz`);
  if (fs.existsSync(file)) return new Blob([fs.readFileSync(file)]);
  const db = await openDatabase({ dataDir: null });
  await migrate(db);
  const blob = await db.dumpDataDir!();
  await db.close();
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
  fs.renameSync(tmp, file);
  return blob;
}

async function pgAdminQuery(sqlText: string): Promise<void> {
  const pg = await import('pg');
  const client = new pg.default.Client({ connectionString: process.env.PEYK_TEST_PG_URL });
  await client.connect();
  try {
    await client.query(sqlText);
  } finally {
    await client.end();
  }
}

async function ensurePgTemplate(): Promise<string> {
  const name = `peyk_tpl_${migrationsHash()}`;
  const pg = await import('pg');
  const admin = new pg.default.Client({ connectionString: process.env.PEYK_TEST_PG_URL });
  await admin.connect();
  try {
    // Test files run in parallel processes; one builds the template, the others wait on the lock.
    await admin.query('SELECT pg_advisory_lock(4242)');
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!exists.rowCount) {
      await admin.query(`CREATE DATABASE ${name}`);
      const url = new URL(process.env.PEYK_TEST_PG_URL!);
      url.pathname = `/${name}`;
      const db = await openDatabase({ databaseUrl: url.toString(), poolSize: 1 });
      await migrate(db);
      await db.close();
    }
  } finally {
    await admin.query('SELECT pg_advisory_unlock(4242)').catch(() => undefined);
    await admin.end();
  }
  return name;
}

export interface TestDatabase extends Database {
  /** Connection URL (PostgreSQL only), for a second process to share it. */
  url?: string;
}

/** A fresh, migrated, empty database of the given kind; closing it drops it. */
export async function createTestDatabase(kind: DbKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    return openDatabase({ dataDir: null, loadDataDir: await pgliteSnapshot() });
  }
  if (!process.env.PEYK_TEST_PG_URL) throw new Error('PEYK_TEST_PG_URL is not set: run the tests with `npm test`, which starts PostgreSQL');
  const template = await ensurePgTemplate();
  const name = `peyk_t_${randomBytes(6).toString('hex')}`;
  await pgAdminQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  const url = new URL(process.env.PEYK_TEST_PG_URL);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString(), poolSize: 20 });
  return {
    ...db,
    url: url.toString(),
    async close() {
      await db.close();
      await pgAdminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    },
  };
}
