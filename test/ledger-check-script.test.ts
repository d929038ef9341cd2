import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createTestDatabase, testDbKinds } from './harness/databases.js';
import { migrate, openDatabase } from '../src/platform/db.js';
import { ManualClock } from '../src/platform/time.js';
import { LedgerService, accountIdOf, platformAccount, userAccount } from '../src/modules/wallet/index.js';

// `npm run ledger:check` (scripts/ledger-check.ts) on the database `npm start` would use:
// exit 0 when the ledger is clean, 1 on a violation, 2 when there is nothing to check.

const wallet = userAccount('usr_script', 'customer_wallet');

function runCheck(env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/ledger-check.ts'], { encoding: 'utf8', env: { ...process.env, ...env, DATABASE_URL: env.DATABASE_URL ?? '' } });
  return { code: r.status, out: r.stdout + r.stderr };
}

for (const kind of testDbKinds()) {
  describe(`LEDGER npm run ledger:check [${kind}]`, () => {
    const dirs: string[] = [];
    after(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

    test('LEDGER ledger:check exits 0 on a clean ledger and 1 once a balance disagrees with its entries', async () => {
      let env: Record<string, string>;
      let database;
      if (kind === 'postgres') {
        database = await createTestDatabase('postgres');
        env = { DATABASE_URL: database.url! };
      } else {
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'peyk-ledger-check-'));
        dirs.push(dataDir);
        database = await openDatabase({ dataDir: path.join(dataDir, 'db') });
        await migrate(database);
        env = { PEYK_DATA_DIR: dataDir };
      }
      const ledger = new LedgerService(new ManualClock());
      await ledger.transfer(database.db, { idempotencyKey: 'script-1', reason: 'wallet.topup', legs: [{ from: platformAccount('gateway_clearing'), to: wallet, amountRials: 1000n }] });
      const close = () => database.close();
      if (kind === 'pglite') await close(); // PGlite has one process at a time
      const clean = runCheck(env);
      assert.equal(clean.code, 0, clean.out);
      assert.match(clean.out, /ledger check: clean/);

      const tamperer = kind === 'pglite' ? await openDatabase({ dataDir: path.join(env.PEYK_DATA_DIR, 'db') }) : database;
      await tamperer.db.execute(sql`UPDATE ledger_accounts SET balance_rials = balance_rials + 1 WHERE id = ${accountIdOf(wallet)}`);
      if (kind === 'pglite') await tamperer.close();
      const broken = runCheck(env);
      assert.equal(broken.code, 1, broken.out);
      assert.match(broken.out, /VIOLATION LEDGER sum of all balances is 0/);
      if (kind === 'postgres') await close();
    });

  });
}

test('LEDGER ledger:check exits 2 when there is no database to check', () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'peyk-ledger-check-'));
  try {
    const res = runCheck({ PEYK_DATA_DIR: empty });
    assert.equal(res.code, 2, res.out);
  } finally {
    fs.rmSync(empty, { recursive: true, force: true });
  }
});
