// `npm run ledger:check`: checks the ledger invariants of the database `npm start` uses
// (DATABASE_URL, else PGlite in PEYK_DATA_DIR/db): all balances sum to 0, each balance equals its
// posted entries and each pending amount its holds, each transfer is balanced, no account that
// forbids negative is below zero, settlements agree with their holds. Exit 0 when clean, 1 on
// any violation, 2 when the database cannot be checked. `--json` prints the report as JSON.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { ConfigError, loadConfig } from '../src/config.js';
import { openDatabase, queryRows, type Database } from '../src/platform/db.js';
import { lockDataDir } from '../src/platform/data-dir-lock.js';
import { checkLedger } from '../src/modules/wallet/index.js';

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

async function open(): Promise<Database> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  if (config.databaseUrl) return openDatabase({ databaseUrl: config.databaseUrl, poolSize: 2 });
  const dir = path.join(config.dataDir, 'db');
  if (!fs.existsSync(dir)) fail(`No database in ${dir}: start Peyk once (npm start), or set PEYK_DATA_DIR / DATABASE_URL.`);
  // PGlite has one writer: refuse while the server holds the directory rather than risk it.
  try {
    process.on('exit', lockDataDir(config.dataDir));
  } catch (err) {
    fail(`${(err as Error).message}\n(PGlite allows one process at a time; with DATABASE_URL the check runs beside the server.)`);
  }
  return openDatabase({ dataDir: dir });
}

async function main() {
  const database = await open();
  try {
    const [{ ready }] = await queryRows<{ ready: boolean }>(database.db, sql`SELECT to_regclass('ledger_transfers') IS NOT NULL AS ready`);
    if (!ready) fail('This database has no ledger yet (its migrations have not run): start Peyk once first.');
    const report = await checkLedger(database.db);
    if (process.argv.includes('--json')) {
      console.log(JSON.stringify(report));
    } else {
      const s = report.stats;
      console.log(`ledger (${database.kind}): ${s.accounts} accounts, ${s.transfers} transfers (${s.pendingTransfers} pending), ${s.entries} entries, sum of balances ${s.totalBalanceRials}`);
      for (const v of report.violations) console.log(`VIOLATION ${v.rule}: ${JSON.stringify(v.detail)}`);
      console.log(report.ok ? 'ledger check: clean' : `ledger check: ${report.violations.length} violation(s)`);
    }
    process.exitCode = report.ok ? 0 : 1;
  } finally {
    await database.close();
  }
}

main().catch((err) => fail(`ledger check could not run: ${err instanceof Error ? err.message : String(err)}`));
