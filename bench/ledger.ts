// bench/ledger: transfers/s of wallet-to-wallet payments with idempotency keys through
// LedgerService on a throwaway PostgreSQL 15, against `pgbench -b tpcb-like` on the same server
// with the same client count and duration; plus a hot-account case where every transfer credits
// platform revenue. Run: `npx tsx bench/ledger.ts [--clients 8] [--seconds 5] [--rounds 3]`
// or `npm run bench -- ledger`. Needs PostgreSQL 15 and pgbench (scripts/ensure-system.sh).
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { migrate, openDatabase, type Database } from '../src/platform/db.js';
import { systemClock } from '../src/platform/time.js';
import { LedgerService, checkLedger, platformAccount, userAccount, type AccountRef } from '../src/modules/wallet/index.js';
import { createDatabase, printTable, round, startPostgres } from './lib.js';

const PGBENCH = '/usr/lib/postgresql/15/bin/pgbench';
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const CLIENTS = arg('clients', 8);
/** Seconds per case per round; the cases alternate over ROUNDS rounds so load changes hit all alike. */
const SECONDS = arg('seconds', 5);
const ROUNDS = arg('rounds', 3);
const CUSTOMERS = 10_000;
const PROVIDERS = 1_000;


/** Runs `clients` loops of transfers for `seconds`; returns transfers per second. */
interface Run { tps: number; count: number; errors: number }
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * Runs CLIENTS loops of transfers for `seconds`. By default each transfer is the caller's whole
 * transaction (one statement); with `inCallerTx` it runs inside BEGIN ... COMMIT, as a caller that
 * writes other rows with it would.
 */
async function runLedger(ledger: LedgerService, database: Database, label: string, to: (i: number) => AccountRef, seconds: number, inCallerTx = false): Promise<Run> {
  let count = 0;
  let errors = 0;
  let seq = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  const worker = async () => {
    while (performance.now() < until) {
      const i = seq++;
      const from = userAccount(`usr_c${i % CUSTOMERS}`, 'customer_wallet');
      try {
        const input = { idempotencyKey: `${label}:${i}`, reason: 'order.fare', reference: { type: 'order', id: `ord_${i}` }, legs: [{ from, to: to(i), amountRials: BigInt(1000 + (i % 97)) }] };
        if (inCallerTx) await database.db.transaction((tx) => ledger.transfer(tx, input));
        else await ledger.transfer(database.db, input);
        count++;
      } catch (err) {
        errors++;
        if (errors < 5) console.error(err);
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, worker));
  const elapsed = (performance.now() - started) / 1000;
  return { tps: count / elapsed, count, errors };
}

const pgbenchArgs = (url: string) => {
  const u = new URL(url);
  return { common: ['-h', u.hostname, '-p', u.port, '-U', 'postgres'], db: u.pathname.slice(1) };
};

/** Scale = clients, as pgbench's documentation advises, so its clients do not all queue on one branch row. */
function initPgbench(url: string): void {
  const { common, db } = pgbenchArgs(url);
  const init = spawnSync(PGBENCH, [...common, '-i', '-q', '-s', String(CLIENTS), db], { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`pgbench -i failed: ${init.stderr}`);
}

/** Opens every wallet of the run with a top-up, so the measured runs only move money. */
async function openAccounts(ledger: LedgerService, database: Database, provider: (i: number) => AccountRef): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < CUSTOMERS; i = next++) {
      const legs = [{ from: platformAccount('gateway_clearing'), to: userAccount(`usr_c${i}`, 'customer_wallet'), amountRials: 10_000_000n }];
      if (i < PROVIDERS) legs.push({ from: platformAccount('gateway_clearing'), to: provider(i), amountRials: 1_000n });
      await ledger.transfer(database.db, { idempotencyKey: `open:${i}`, reason: 'wallet.topup', legs });
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, worker));
}

function runPgbench(url: string, seconds: number): { tps: number; output: string } {
  const { common, db } = pgbenchArgs(url);
  const run = spawnSync(PGBENCH, [...common, '-b', 'tpcb-like', '-c', String(CLIENTS), '-j', String(Math.min(CLIENTS, 2)), '-T', String(seconds), '-n', db], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`pgbench failed: ${run.stderr}`);
  const m = /tps = ([\d.]+) \(without initial connection time\)/.exec(run.stdout);
  if (!m) throw new Error(`cannot read pgbench output:\n${run.stdout}`);
  return { tps: Number(m[1]), output: run.stdout };
}

/** The test harness's throwaway PostgreSQL 15 cluster (a plain .mjs helper shared with the test runner). */

async function main() {
  const server = await startPostgres();
  try {
    const ledgerUrl = await createDatabase(server.url, 'bench_ledger');
    const pgbenchUrl = await createDatabase(server.url, 'bench_pgbench');
    const database = await openDatabase({ databaseUrl: ledgerUrl, poolSize: CLIENTS });
    await migrate(database);
    const ledger = new LedgerService(systemClock);
    const provider = (i: number) => userAccount(`usr_p${(i * 7919) % PROVIDERS}`, 'provider_wallet');
    const revenue = platformAccount('platform_revenue');

    // Warm-up opens the accounts and fills caches, so the runs measure steady state.
    initPgbench(pgbenchUrl);
    await openAccounts(ledger, database, provider);
    await runLedger(ledger, database, 'warm', provider, 2);
    const spread: Run[] = [];
    const hot: Run[] = [];
    const inTx: Run[] = [];
    const bench: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      spread.push(await runLedger(ledger, database, `spread${r}`, provider, SECONDS));
      hot.push(await runLedger(ledger, database, `hot${r}`, () => revenue, SECONDS));
      inTx.push(await runLedger(ledger, database, `tx${r}`, provider, SECONDS, true));
      bench.push(runPgbench(pgbenchUrl, SECONDS).tps);
    }
    const check = await checkLedger(database.db);
    await database.close();
    const spreadTps = sum(spread.map((x) => x.count)) / (ROUNDS * SECONDS);
    const hotTps = sum(hot.map((x) => x.count)) / (ROUNDS * SECONDS);
    const pgbenchTps = sum(bench) / ROUNDS;
    const inTxTps = sum(inTx.map((x) => x.count)) / (ROUNDS * SECONDS);
    const errors = sum([...spread, ...hot, ...inTx].map((x) => x.errors));
    const rows: (string | number)[][] = [];
    for (let r = 0; r < ROUNDS; r++) {
      rows.push([`round ${r + 1}`, round(spread[r].tps), round(hot[r].tps), round(inTx[r].tps), round(bench[r]), round(spread[r].tps / bench[r], 2), round(hot[r].tps / spread[r].tps, 2)]);
    }
    rows.push(['all', round(spreadTps), round(hotTps), round(inTxTps), round(pgbenchTps), round(spreadTps / pgbenchTps, 2), round(hotTps / spreadTps, 2)]);
    console.log(`${CLIENTS} clients (= pool connections), ${ROUNDS} rounds of ${SECONDS} s per case, cases interleaved; each transfer has its own idempotency key.`);
    console.log('spread: customer_wallet -> one of 1000 provider_wallets; hot: customer_wallet -> platform_revenue; both one transfer per transaction.');
    console.log(`in tx: spread inside the caller's BEGIN ... COMMIT (informational). pgbench: -b tpcb-like -s ${CLIENTS} -c ${CLIENTS} -j ${Math.min(CLIENTS, 2)}.`);
    printTable(['', 'spread tps', 'hot tps', 'in tx tps', 'pgbench tps', 'spread/pgbench', 'hot/spread'], rows);
    console.log(`ledger check: ${check.ok ? 'clean' : JSON.stringify(check.violations.slice(0, 5))} (${check.stats.transfers} transfers, ${check.stats.accounts} accounts, ${errors} errors)`);
    console.log(JSON.stringify({
      bench: 'ledger', ratio_vs_pgbench: round(spreadTps / pgbenchTps, 3), hot_ratio: round(hotTps / spreadTps, 3), imbalance: Number(BigInt(check.stats.totalBalanceRials)),
      ledger_check_ok: check.ok, spread_tps: round(spreadTps), hot_tps: round(hotTps), in_tx_tps: round(inTxTps), pgbench_tps: round(pgbenchTps),
      clients: CLIENTS, seconds_per_case: ROUNDS * SECONDS, errors,
    }));
    if (!check.ok) process.exitCode = 1;
  } finally {
    server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
