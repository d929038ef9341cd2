import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { prepared, queryPrepared, queryRows, runPrepared, type DbOrTx, type Slots } from '../../platform/db.js';
import type { Tier, TierBenefits, TierThresholds } from './rewards.rules.js';
import {
  rewardAdjustments, rewardMembers, rewardQuality, rewardStandings, rewardTierHistory, rewardTrips,
  type RewardAdjustmentRow, type RewardTripRow, type StandingRow,
} from './rewards.tables.js';

export interface StandingDelta {
  providerId: string; seasonId: string; tripPoints: number; trips: number; peakTrips: number; adjustmentPoints: number; at: Date;
}

/** What the recompute needs besides the raw rows: the tier rules' numbers. */
export interface TierParams { thresholds: TierThresholds; minRating: number; maxCancellationPercent: number }

export interface ComputedStanding { providerId: string; tripPoints: number; trips: number; peakTrips: number; adjustmentPoints: number; points: number; tier: Tier }

/**
 * The recompute as one set-based query over the raw rows of a season: trip points and adjustments
 * summed per provider, and the tier from the last evaluated quality and the opt-out flag (the same
 * rule as `tierOf`: quality not met, unrated or opted out -> blue).
 */
function computedSql(seasonId: string, p: TierParams, closed: boolean): SQL {
  // A closed season's tiers are history: they stay as they were when the season ended.
  const tier = closed
    ? sql`coalesce((SELECT s.tier FROM reward_standings s WHERE s.season_id = ${seasonId} AND s.provider_id = j.provider_id), 'blue')`
    : sql`CASE WHEN coalesce(m.opted_out, false) OR q.rating IS NULL OR q.rating < ${p.minRating}::numeric OR q.cancellation_percent > ${p.maxCancellationPercent}::numeric THEN 'blue'
           WHEN j.tp + j.ap >= ${p.thresholds.diamond}::int THEN 'diamond'
           WHEN j.tp + j.ap >= ${p.thresholds.platinum}::int THEN 'platinum'
           WHEN j.tp + j.ap >= ${p.thresholds.gold}::int THEN 'gold'
           ELSE 'blue' END`;
  return sql`
    WITH t AS (SELECT provider_id, sum(points)::int AS tp, count(*)::int AS n, (count(*) FILTER (WHERE peak))::int AS pk
               FROM reward_trips WHERE season_id = ${seasonId} GROUP BY provider_id),
         a AS (SELECT provider_id, sum(points)::int AS ap FROM reward_adjustments WHERE season_id = ${seasonId} GROUP BY provider_id),
         j AS (SELECT provider_id, coalesce(t.tp, 0) AS tp, coalesce(t.n, 0) AS n, coalesce(t.pk, 0) AS pk, coalesce(a.ap, 0) AS ap
               FROM t FULL JOIN a USING (provider_id))
    SELECT j.provider_id, j.tp, j.n, j.pk, j.ap, (j.tp + j.ap) AS pts, ${tier} AS tier
    FROM j LEFT JOIN reward_quality q USING (provider_id) LEFT JOIN reward_members m USING (provider_id)`;
}

type RawComputed = { provider_id: string; tp: number; n: number; pk: number; ap: number; pts: number; tier: Tier };

/** recordTrip's statement: fixed text, so it is built once and planned once per connection. */
const RECORD_TRIP = `
  WITH m AS (SELECT coalesce((SELECT opted_out FROM reward_members WHERE provider_id = $1), false) AS opted_out),
  a AS (SELECT (count(*) FILTER (WHERE kind = 'accepted'))::int AS accepted, (count(*) FILTER (WHERE kind = 'cancelled'))::int AS cancelled
        FROM reward_activity WHERE provider_id = $1 AND at >= $2::timestamptz AND at <= $3::timestamptz),
  q AS (INSERT INTO reward_quality (provider_id, rating, rated_trips, accepted, cancelled, cancellation_percent, evaluated_at)
        SELECT $1, $4::numeric, $5::int, a.accepted, a.cancelled,
               CASE WHEN a.accepted > 0 THEN round(a.cancelled * 100.0 / a.accepted, 2) ELSE 0 END, $3::timestamptz FROM a
        ON CONFLICT (provider_id) DO UPDATE SET rating = EXCLUDED.rating, rated_trips = EXCLUDED.rated_trips, accepted = EXCLUDED.accepted,
          cancelled = EXCLUDED.cancelled, cancellation_percent = EXCLUDED.cancellation_percent, evaluated_at = EXCLUDED.evaluated_at),
  t AS (INSERT INTO reward_trips (order_id, provider_id, city_id, season_id, started_at, completed_at, peak, points, recorded_at)
        SELECT $6, $1, $7, $8, $9::timestamptz, $10::timestamptz, $11::boolean, CASE WHEN m.opted_out THEN 0 ELSE $12::int END, $13::timestamptz FROM m
        ON CONFLICT DO NOTHING RETURNING provider_id, season_id, points, peak),
  s AS (INSERT INTO reward_standings AS s (provider_id, season_id, trip_points, trips, peak_trips, adjustment_points, points, tier, tier_since, updated_at)
        SELECT provider_id, season_id, points, 1, CASE WHEN peak THEN 1 ELSE 0 END, 0, points, 'blue', $13::timestamptz, $13::timestamptz FROM t
        ON CONFLICT (season_id, provider_id) DO UPDATE SET trip_points = s.trip_points + EXCLUDED.trip_points, trips = s.trips + 1,
          peak_trips = s.peak_trips + EXCLUDED.peak_trips, points = s.points + EXCLUDED.points, updated_at = EXCLUDED.updated_at
        RETURNING provider_id, season_id, trip_points, trips, peak_trips, adjustment_points, points, tier, tier_since, updated_at)
  SELECT a.accepted, a.cancelled, m.opted_out, s.* FROM a CROSS JOIN m LEFT JOIN s ON true`;

const standing = prepared((db, p: Slots<{ providerId: string; seasonId: string }>) =>
  db.select().from(rewardStandings).where(and(eq(rewardStandings.seasonId, p.seasonId), eq(rewardStandings.providerId, p.providerId))).limit(1));

export const rewardsRepo = {
  async optedOut(db: DbOrTx, providerId: string): Promise<boolean> {
    const [row] = await db.select().from(rewardMembers).where(eq(rewardMembers.providerId, providerId)).limit(1);
    return row?.optedOut ?? false;
  },

  async setOptedOut(db: DbOrTx, providerId: string, optedOut: boolean, at: Date): Promise<void> {
    await db.insert(rewardMembers).values({ providerId, optedOut, changedAt: at })
      .onConflictDoUpdate({ target: rewardMembers.providerId, set: { optedOut, changedAt: at } });
  },

  trip: async (db: DbOrTx, orderId: string): Promise<RewardTripRow | undefined> =>
    (await db.select().from(rewardTrips).where(eq(rewardTrips.orderId, orderId)).limit(1))[0],

  async addToStanding(tx: DbOrTx, d: StandingDelta): Promise<StandingRow> {
    const [row] = await tx.insert(rewardStandings).values({
      providerId: d.providerId, seasonId: d.seasonId, tripPoints: d.tripPoints, trips: d.trips, peakTrips: d.peakTrips,
      adjustmentPoints: d.adjustmentPoints, points: d.tripPoints + d.adjustmentPoints, tier: 'blue', tierSince: d.at, updatedAt: d.at,
    }).onConflictDoUpdate({
      target: [rewardStandings.seasonId, rewardStandings.providerId],
      set: {
        tripPoints: sql`${rewardStandings.tripPoints} + ${d.tripPoints}`, trips: sql`${rewardStandings.trips} + ${d.trips}`,
        peakTrips: sql`${rewardStandings.peakTrips} + ${d.peakTrips}`, adjustmentPoints: sql`${rewardStandings.adjustmentPoints} + ${d.adjustmentPoints}`,
        points: sql`${rewardStandings.points} + ${d.tripPoints + d.adjustmentPoints}`, updatedAt: d.at,
      },
    }).returning();
    return row;
  },

  standing: async (db: DbOrTx, providerId: string, seasonId: string): Promise<StandingRow | undefined> => (await standing(db, { providerId, seasonId }))[0],

  /** RWD-8: dispatch reads providers.priority (tracking copies it when the provider goes online). */
  async saveQuality(db: DbOrTx, q: { providerId: string; rating: number | null; ratedTrips: number; accepted: number; cancelled: number; cancellationPercent: number; at: Date }): Promise<void> {
    const values = {
      rating: q.rating === null ? null : q.rating.toFixed(2), ratedTrips: q.ratedTrips, accepted: q.accepted, cancelled: q.cancelled,
      cancellationPercent: q.cancellationPercent.toFixed(2), evaluatedAt: q.at,
    };
    await db.insert(rewardQuality).values({ providerId: q.providerId, ...values }).onConflictDoUpdate({ target: rewardQuality.providerId, set: values });
  },

  async recordActivity(db: DbOrTx, row: { orderId: string; providerId: string; kind: 'accepted' | 'cancelled'; at: Date }): Promise<void> {
    await runPrepared(db, 'INSERT INTO reward_activity (order_id, provider_id, kind, at) VALUES ($1, $2, $3, $4::timestamptz) ON CONFLICT DO NOTHING',
      [row.orderId, row.providerId, row.kind, row.at.toISOString()]);
  },

  /** RWD-1 + RWD-6 inputs in one round trip: opted out?, offers accepted and provider cancellations in the window. */
  async activityCounts(db: DbOrTx, providerId: string, since: Date, until: Date): Promise<{ accepted: number; cancelled: number; optedOut: boolean }> {
    const [r] = await queryPrepared<{ accepted: number; cancelled: number; opted_out: boolean | null }>(db, sql`
      SELECT (count(*) FILTER (WHERE kind = 'accepted'))::int AS accepted, (count(*) FILTER (WHERE kind = 'cancelled'))::int AS cancelled,
             (SELECT opted_out FROM reward_members WHERE provider_id = ${providerId}) AS opted_out
      FROM reward_activity WHERE provider_id = ${providerId} AND at >= ${since}::timestamptz AND at <= ${until}::timestamptz`);
    return { accepted: Number(r?.accepted ?? 0), cancelled: Number(r?.cancelled ?? 0), optedOut: r?.opted_out === true };
  },

  /**
   * The per-trip fast path in one statement (atomic on its own): counts the RWD-6 window (offers
   * accepted, provider cancellations) and reads the RWD-1 opt-out, saves the quality the tier is
   * decided with (the percent as `cancellationPercent` in rewards.rules computes it), records the
   * trip once (0 points when opted out) and adds it to the standing. `standing` is null for a
   * duplicate trip.
   */
  async recordTrip(db: DbOrTx, t: RewardTripRow, q: { rating: number | null; ratedTrips: number; since: Date; at: Date }): Promise<{ standing: StandingRow | null; accepted: number; cancelled: number; optedOut: boolean }> {
    const rows = await runPrepared<Record<string, unknown>>(db, RECORD_TRIP, [
      t.providerId, q.since.toISOString(), q.at.toISOString(), q.rating === null ? null : q.rating.toFixed(2), q.ratedTrips,
      t.orderId, t.cityId, t.seasonId, t.startedAt.toISOString(), t.completedAt.toISOString(), t.peak, t.points, t.recordedAt.toISOString(),
    ]);
    const r = rows[0];
    const counts = { accepted: Number(r.accepted), cancelled: Number(r.cancelled), optedOut: r.opted_out === true };
    if (r.provider_id == null) return { standing: null, ...counts };
    return {
      standing: {
        providerId: String(r.provider_id), seasonId: String(r.season_id), tripPoints: Number(r.trip_points), trips: Number(r.trips), peakTrips: Number(r.peak_trips),
        adjustmentPoints: Number(r.adjustment_points), points: Number(r.points), tier: r.tier as StandingRow['tier'],
        tierSince: new Date(r.tier_since as string), updatedAt: new Date(r.updated_at as string),
      },
      ...counts,
    };
  },

  /**
   * Guarded: changes the tier only if it is still `from` (a concurrent event may have settled it),
   * writes the history row and, for the current season, providers.priority: one statement, so the
   * per-trip path needs no transaction of its own (and is atomic inside a caller's).
   */
  async changeTier(db: DbOrTx, c: { providerId: string; seasonId: string; from: Tier; to: Tier; reason: string; points: number; at: Date; priority: number | null }): Promise<boolean> {
    const rows = await queryPrepared<{ n: number }>(db, sql`
      WITH u AS (UPDATE reward_standings SET tier = ${c.to}, tier_since = ${c.at}::timestamptz
                 WHERE season_id = ${c.seasonId} AND provider_id = ${c.providerId} AND tier = ${c.from} RETURNING provider_id),
      h AS (INSERT INTO reward_tier_history (provider_id, season_id, from_tier, to_tier, reason, points, at)
            SELECT provider_id, ${c.seasonId}, ${c.from}, ${c.to}, ${c.reason}, ${c.points}, ${c.at}::timestamptz FROM u),
      p AS (UPDATE providers SET priority = ${c.priority ?? 0}
            WHERE ${c.priority !== null} AND user_id IN (SELECT provider_id FROM u) AND priority <> ${c.priority ?? 0})
      SELECT count(*)::int AS n FROM u`);
    return Number(rows[0]?.n ?? 0) > 0;
  },

  async insertAdjustment(tx: DbOrTx, row: RewardAdjustmentRow): Promise<void> {
    await tx.insert(rewardAdjustments).values(row);
  },

  adjustmentById: async (db: DbOrTx, id: string): Promise<RewardAdjustmentRow | undefined> =>
    (await db.select().from(rewardAdjustments).where(eq(rewardAdjustments.id, id)).limit(1))[0],

  adjustments: (db: DbOrTx, f: { providerId?: string; seasonId?: string; limit: number }): Promise<RewardAdjustmentRow[]> => {
    const where: SQL[] = [];
    if (f.providerId) where.push(eq(rewardAdjustments.providerId, f.providerId));
    if (f.seasonId) where.push(eq(rewardAdjustments.seasonId, f.seasonId));
    return db.select().from(rewardAdjustments).where(where.length ? and(...where) : undefined).orderBy(desc(rewardAdjustments.createdAt), desc(rewardAdjustments.id)).limit(f.limit);
  },

  history: (db: DbOrTx, providerId: string, seasonId: string, limit: number) =>
    db.select().from(rewardTierHistory).where(and(eq(rewardTierHistory.providerId, providerId), eq(rewardTierHistory.seasonId, seasonId)))
      .orderBy(desc(rewardTierHistory.id)).limit(limit),

  async standingsPage(db: DbOrTx, f: { seasonId: string; tier?: Tier; q?: string; offset: number; limit: number }) {
    const where: SQL[] = [eq(rewardStandings.seasonId, f.seasonId)];
    if (f.tier) where.push(eq(rewardStandings.tier, f.tier));
    if (f.q) where.push(sql`${rewardStandings.providerId} ILIKE ${`%${f.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`}`);
    const rows = await db.select().from(rewardStandings).where(and(...where))
      .orderBy(desc(rewardStandings.points), rewardStandings.providerId).offset(f.offset).limit(f.limit);
    const [c] = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM reward_standings WHERE ${and(...where)}`);
    return { rows, total: Number(c?.n ?? 0) };
  },

  async standingsOfSeason(db: DbOrTx, seasonId: string): Promise<StandingRow[]> {
    return db.select().from(rewardStandings).where(eq(rewardStandings.seasonId, seasonId)).orderBy(rewardStandings.providerId);
  },

  async seasonsWithData(db: DbOrTx): Promise<Array<{ seasonId: string; providers: number }>> {
    const rows = await queryRows<{ season_id: string; n: number }>(db, sql`SELECT season_id, count(*)::int AS n FROM reward_standings GROUP BY season_id ORDER BY season_id DESC`);
    return rows.map((r) => ({ seasonId: r.season_id, providers: Number(r.n) }));
  },

  async tiersOf(db: DbOrTx, seasonId: string): Promise<Array<{ providerId: string; tier: Tier }>> {
    return db.select({ providerId: rewardStandings.providerId, tier: rewardStandings.tier }).from(rewardStandings)
      .where(and(eq(rewardStandings.seasonId, seasonId), sql`${rewardStandings.tier} <> 'blue'`));
  },

  /** The standings as the raw rows say they should be (nothing written). */
  async computed(db: DbOrTx, seasonId: string, p: TierParams, closed: boolean): Promise<ComputedStanding[]> {
    const rows = await queryRows<RawComputed>(db, sql`${computedSql(seasonId, p, closed)} ORDER BY j.provider_id`);
    return rows.map((r) => ({ providerId: r.provider_id, tripPoints: Number(r.tp), trips: Number(r.n), peakTrips: Number(r.pk), adjustmentPoints: Number(r.ap), points: Number(r.pts), tier: r.tier }));
  },

  /**
   * Rebuilds a season's standings from the raw rows in one statement: changed tiers go to the
   * history, standings with no raw rows left are removed, the rest upserted (unchanged rows untouched).
   */
  async recompute(db: DbOrTx, seasonId: string, p: TierParams, closed: boolean, at: Date): Promise<number> {
    const rows = await queryRows<{ n: number }>(db, sql`
      WITH calc AS (${computedSql(seasonId, p, closed)}),
      old AS (SELECT provider_id, tier FROM reward_standings WHERE season_id = ${seasonId}),
      hist AS (INSERT INTO reward_tier_history (provider_id, season_id, from_tier, to_tier, reason, points, at)
               SELECT c.provider_id, ${seasonId}::text, coalesce(o.tier, 'blue'), c.tier, 'recompute', c.pts, ${at}::timestamptz
               FROM calc c LEFT JOIN old o USING (provider_id) WHERE coalesce(o.tier, 'blue') <> c.tier RETURNING 1),
      gone AS (DELETE FROM reward_standings s WHERE s.season_id = ${seasonId}
               AND NOT EXISTS (SELECT 1 FROM calc c WHERE c.provider_id = s.provider_id) RETURNING 1),
      up AS (INSERT INTO reward_standings AS s (provider_id, season_id, trip_points, trips, peak_trips, adjustment_points, points, tier, tier_since, updated_at)
             SELECT provider_id, ${seasonId}::text, tp, n, pk, ap, pts, tier, ${at}::timestamptz, ${at}::timestamptz FROM calc
             ON CONFLICT (season_id, provider_id) DO UPDATE SET trip_points = EXCLUDED.trip_points, trips = EXCLUDED.trips,
               peak_trips = EXCLUDED.peak_trips, adjustment_points = EXCLUDED.adjustment_points, points = EXCLUDED.points, tier = EXCLUDED.tier,
               tier_since = CASE WHEN s.tier = EXCLUDED.tier THEN s.tier_since ELSE EXCLUDED.tier_since END, updated_at = EXCLUDED.updated_at
             WHERE (s.trip_points, s.trips, s.peak_trips, s.adjustment_points, s.points, s.tier)
               IS DISTINCT FROM (EXCLUDED.trip_points, EXCLUDED.trips, EXCLUDED.peak_trips, EXCLUDED.adjustment_points, EXCLUDED.points, EXCLUDED.tier)
             RETURNING 1)
      SELECT ((SELECT count(*) FROM up) + (SELECT count(*) FROM gone))::int AS n, (SELECT count(*) FROM hist) AS h`);
    return Number(rows[0]?.n ?? 0);
  },

  /** RWD-8: providers.priority from the season's tiers, in one statement (only rows that change). */
  async syncPriorities(db: DbOrTx, seasonId: string, benefits: TierBenefits): Promise<void> {
    await db.execute(sql`
      UPDATE providers p SET priority = CASE coalesce(s.tier, 'blue')
          WHEN 'diamond' THEN ${benefits.diamond.dispatchPriority}::int WHEN 'platinum' THEN ${benefits.platinum.dispatchPriority}::int
          WHEN 'gold' THEN ${benefits.gold.dispatchPriority}::int ELSE ${benefits.blue.dispatchPriority}::int END
      FROM providers p2 LEFT JOIN reward_standings s ON s.provider_id = p2.user_id AND s.season_id = ${seasonId}
      WHERE p.user_id = p2.user_id AND p.priority <> CASE coalesce(s.tier, 'blue')
          WHEN 'diamond' THEN ${benefits.diamond.dispatchPriority}::int WHEN 'platinum' THEN ${benefits.platinum.dispatchPriority}::int
          WHEN 'gold' THEN ${benefits.gold.dispatchPriority}::int ELSE ${benefits.blue.dispatchPriority}::int END`);
  },
};
