// bench/rewards: the rewards program on a throwaway PostgreSQL 15. (1) Full recompute of one season's
// standings from the raw rows, set-based in SQL: 50,000 drivers x 200 trips (10,000,000 trip rows)
// plus adjustments and each driver's quality; goal <= 30 s. (2) The incremental update per trip
// event through RewardsService.onTripCompleted (the rating read, then one statement: quality
// evaluated and saved, trip recorded once, standing updated; a tier change is one more statement),
// sequential, after a warm-up of 2,000 unmeasured events (a running server has its code compiled and
// its connections' plans cached: the first thousands of events are 3x slower at p99); goal p99 <= 2 ms.
// The drivers have ratings and accepted/cancelled offers consistent with their saved quality, so
// tiers change only when points say so. Then the recomputed standings are checked against the
// incrementally maintained ones.
// Run: `npx tsx bench/rewards.ts [--drivers 50000] [--trips 200] [--events 5000] [--warmup 2000]` or `npm run bench -- rewards`.
import pg from 'pg';
import pino from 'pino';
import { sql } from 'drizzle-orm';
import { migrate, openDatabase, queryRows } from '../src/platform/db.js';
import { ManualClock } from '../src/platform/time.js';
import { EventBus } from '../src/platform/events.js';
import { AuditService } from '../src/modules/ops/audit.service.js';
import { SettingsService } from '../src/modules/catalog/settings.service.js';
import { RewardsService } from '../src/modules/rewards/index.js';
import { tripsRepo } from '../src/modules/trips/trips.repo.js';
import type { Platform } from '../src/platform/context.js';
import { createDatabase, printTable, round, startPostgres } from './lib.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const DRIVERS = arg('drivers', 50_000);
const TRIPS = arg('trips', 200);
const EVENTS = arg('events', 5_000);
const WARMUP = arg('warmup', 2_000);
const SEASON = '2026-11';
const NOW = new Date('2026-12-15T09:00:00Z');



/** 10M raw trip rows, written set-based in chunks (the primary key is rebuilt once at the end). */
async function seed(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const started = performance.now();
  await c.query('ALTER TABLE reward_trips DROP CONSTRAINT reward_trips_pkey');
  await c.query('DROP INDEX reward_trips_season_idx');
  const chunk = 2_500;
  for (let from = 0; from < DRIVERS; from += chunk) {
    const to = Math.min(DRIVERS, from + chunk) - 1;
    await c.query(`
      INSERT INTO reward_trips (order_id, provider_id, city_id, season_id, started_at, completed_at, peak, points, recorded_at)
      SELECT 'ord_b' || p || '_' || n, 'usr_b' || p, 'cty_tabriz', $1,
             timestamptz '2026-11-01 00:00:00+03:30' + ((p * 7 + n * 613) % 2000) * interval '1 hour',
             timestamptz '2026-11-01 00:30:00+03:30' + ((p * 7 + n * 613) % 2000) * interval '1 hour',
             (p + n) % 5 = 0, CASE WHEN (p + n) % 5 = 0 THEN 4 ELSE 1 END, $2
      FROM generate_series($3::int, $4::int) p, generate_series(1, $5::int) n`, [SEASON, NOW, from, to, TRIPS]);
  }
  await c.query('ALTER TABLE reward_trips ADD PRIMARY KEY (order_id)');
  await c.query('CREATE INDEX reward_trips_season_idx ON reward_trips (season_id, provider_id)');
  // The ratings the drivers received (20 each: k = p % 11 four-star, the rest five-star, so the mean
  // is 4.50..5.00), written without the foreign-key triggers (the bench has no order or user rows);
  // then the offers accepted and cancelled, and quality as last evaluated from both, so a live event
  // re-evaluates the same quality and tiers change only when points say so, as in a running city.
  await c.query('SET session_replication_role = replica');
  await c.query(`
    INSERT INTO order_ratings (id, order_id, rater_id, ratee_id, ratee_role, stars, created_at)
    SELECT 'rat_b' || p || '_' || n, 'ord_b' || p || '_' || n, 'usr_c' || n, 'usr_b' || p, 'provider',
           CASE WHEN n <= p % 11 THEN 4 ELSE 5 END, timestamptz '2026-11-01 00:30:00+03:30' + n * interval '1 day'
    FROM generate_series(0, $1::int - 1) p, generate_series(1, 20) n`, [DRIVERS]);
  await c.query('SET session_replication_role = DEFAULT');
  // The last 30 days' offers: 40 accepted and p % 3 cancelled by the driver (0, 2.5 or 5 %).
  await c.query(`
    INSERT INTO reward_activity (order_id, provider_id, kind, at)
    SELECT 'ord_a' || p || '_' || n, 'usr_b' || p, CASE WHEN n > 40 THEN 'cancelled' ELSE 'accepted' END, $1::timestamptz - n * interval '7 hours'
    FROM generate_series(0, $2::int - 1) p, generate_series(1, 40 + p % 3) n`, [NOW, DRIVERS]);
  await c.query(`
    INSERT INTO reward_quality (provider_id, rating, rated_trips, accepted, cancelled, cancellation_percent, evaluated_at)
    SELECT 'usr_b' || p, 5 - (p % 11) * 0.05, 20, 40, p % 3, round((p % 3) * 100 / 40.0, 2), $1 FROM generate_series(0, $2::int - 1) p`, [NOW, DRIVERS]);
  await c.query(`
    INSERT INTO reward_adjustments (id, provider_id, season_id, kind, order_id, points, reason, actor_id, created_at)
    SELECT 'rwa_b' || i, 'usr_b' || (i * 37 % $2::int), $1, 'adjust', NULL, CASE WHEN i % 3 = 0 THEN -5 ELSE 20 END, 'bench adjustment', NULL, $3
    FROM generate_series(1, 1000) i`, [SEASON, DRIVERS, NOW]);
  // Steady state, as a city that has run for weeks: tables vacuumed (no autovacuum pass over the
  // freshly loaded 10M rows during the measurement) and the load checkpointed.
  await c.query('VACUUM (ANALYZE)');
  await c.query('CHECKPOINT');
  await c.end();
  return (performance.now() - started) / 1000;
}

function rewardsService(database: Awaited<ReturnType<typeof openDatabase>>, settings: SettingsService): RewardsService {
  const log = pino({ level: 'silent' });
  const clock = new ManualClock(NOW);
  const platform = { db: database.db, database, clock, events: new EventBus(log), log } as unknown as Platform;
  return new RewardsService({
    platform, settings, audit: new AuditService(clock),
    // The event's order: started 20 minutes before completion (peak windows are read from it).
    orders: { get: async () => null },
    // The real rating query of the trips module (mean of the last N ratings received).
    ratings: { providerRating: async (id) => tripsRepo.ratingSummary(database.db, id, 'provider', 500) },
    providers: { get: async (id) => ({ userId: id, cityId: 'cty_tabriz', status: 'active' }) },
    timeZoneOf: async () => 'Asia/Tehran',
  });
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

async function main() {
  // Sized for the data set (10M trips, ~2.5 GB with indexes), as a server holding it would be:
  // the per-event path then reads its index pages from shared memory, not through the kernel.
  const server = await startPostgres({ settings: [`shared_buffers=${process.env.BENCH_PG_SHARED_BUFFERS ?? '3GB'}`] });
  try {
    const url = await createDatabase(server.url, 'bench_rewards');
    const database = await openDatabase({ databaseUrl: url, poolSize: 4 });
    await migrate(database);
    console.log(`seeding ${DRIVERS} drivers x ${TRIPS} trips ...`);
    const seedS = await seed(url);
    const clock = new ManualClock(NOW);
    const settings = new SettingsService(database.db, new AuditService(clock), clock);
    await settings.load();
    const rewards = rewardsService(database, settings);

    const recomputes: number[] = [];
    for (let i = 0; i < 2; i++) {
      const t0 = performance.now();
      const changed = await rewards.recompute(null, SEASON);
      recomputes.push((performance.now() - t0) / 1000);
      console.log(`recompute ${i + 1}: ${round(recomputes[i], 2)} s, ${changed} standings written`);
    }

    // The recompute rewrote every standing: let the vacuum it leaves behind finish before measuring
    // the steady-state per-event path (autovacuum would otherwise run over them mid-measurement).
    await database.db.execute(sql`VACUUM (ANALYZE) reward_standings`);
    await database.db.execute(sql`CHECKPOINT`);
    const tierChanges = async () => (await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM reward_tier_history`))[0].n;
    const changesBefore = await tierChanges();
    const blocks = async () => (await queryRows<{ hit: number; read: number }>(database.db, sql`SELECT blks_hit::float8 AS hit, blks_read::float8 AS read FROM pg_stat_database WHERE datname = current_database()`))[0];
    const blocksBefore = await blocks();
    // Warm-up (not measured): a running server has compiled this path and opened its connections.
    for (let i = 0; i < WARMUP; i++) {
      await rewards.onTripCompleted({ orderId: `ord_warm${i}`, kind: 'ride', cityId: 'cty_tabriz', providerId: `usr_b${(i * 104_729 + 7) % DRIVERS}`, at: NOW.toISOString() });
    }
    const lat: number[] = [];
    for (let i = 0; i < EVENTS; i++) {
      const p = (i * 7919) % DRIVERS;
      const at = new Date(NOW.getTime() - (i % 600) * 60_000);
      const t0 = performance.now();
      await rewards.onTripCompleted({ orderId: `ord_live${i}`, kind: 'ride', cityId: 'cty_tabriz', providerId: `usr_b${p}`, at: at.toISOString() });
      lat.push(performance.now() - t0);
    }
    const eventTierChanges = (await tierChanges()) - changesBefore;
    const blocksAfter = await blocks();
    const dup0 = performance.now();
    for (let i = 0; i < 500; i++) await rewards.onTripCompleted({ orderId: `ord_live${i}`, kind: 'ride', cityId: 'cty_tabriz', providerId: `usr_b${(i * 7919) % DRIVERS}`, at: NOW.toISOString() });
    const dupMs = (performance.now() - dup0) / 500;

    const v0 = performance.now();
    const check = await rewards.verify(SEASON);
    const verifyS = (performance.now() - v0) / 1000;
    const [{ n: tripRows }] = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM reward_trips`);
    const tiers = await queryRows<{ tier: string; n: number }>(database.db, sql`SELECT tier, count(*)::int AS n FROM reward_standings WHERE season_id = ${SEASON} GROUP BY tier ORDER BY tier`);
    await database.close();

    const recomputeS = Math.max(...recomputes);
    printTable(['case', 'value'], [
      ['drivers x trips', `${DRIVERS} x ${TRIPS} (${tripRows} trip rows)`],
      ['seed (not measured)', `${round(seedS, 1)} s`],
      ['recompute, empty standings', `${round(recomputes[0], 2)} s`],
      ['recompute, standings in place', `${round(recomputes[1], 2)} s`],
      ['incremental p50 / p99 / max', `${round(pct(lat, 0.5), 3)} / ${round(pct(lat, 0.99), 3)} / ${round(Math.max(...lat), 2)} ms`],
      ['incremental p90 / p95', `${round(pct(lat, 0.9), 3)} / ${round(pct(lat, 0.95), 3)} ms`],
      ['blocks hit / read from the kernel during the events', `${blocksAfter.hit - blocksBefore.hit} / ${blocksAfter.read - blocksBefore.read}`],
      ['tier changes among the events', `${eventTierChanges} of ${EVENTS}`],
      ['duplicate event (mean)', `${round(dupMs, 3)} ms`],
      ['verify incremental = recompute', `${check.equal} (${check.differences.length} differences, ${round(verifyS, 2)} s)`],
      ['tiers', tiers.map((t) => `${t.tier} ${t.n}`).join(', ')],
    ]);
    console.log(JSON.stringify({ bench: 'rewards', recompute_s: round(recomputeS, 2), incremental_p99_ms: round(pct(lat, 0.99), 3), incremental_p50_ms: round(pct(lat, 0.5), 3), event_tier_changes: eventTierChanges, drivers: DRIVERS, trips_per_driver: TRIPS, verify_equal: check.equal }));
  } finally {
    server.stop();
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
