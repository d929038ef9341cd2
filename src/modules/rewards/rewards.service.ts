import type { Platform } from '../../platform/context.js';
import { inTransaction } from '../../platform/context.js';
import { AfterCommit } from '../../platform/events.js';
import type { DbOrTx } from '../../platform/db.js';
import { isUniqueViolation } from '../../platform/db.js';
import { conflict, notFound, validation } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { DEFAULT_TIME_ZONE } from '../../platform/time.js';
import type { SettingsService } from '../catalog/settings.service.js';
import type { Actor, AuditService } from '../ops/audit.service.js';
import { RewardErrors as E } from './rewards.errors.js';
import { rewardsRepo as repo, type TierParams } from './rewards.repo.js';
import {
  cancellationPercent, gateStatus, isPeak, seasonAt, seasonById, tierOf, tripPoints,
  type Quality, type QualityGates, type Season, type Tier, type TierBenefits, type TierThresholds,
} from './rewards.rules.js';
import type { StandingRow } from './rewards.tables.js';

/** The fields of the orders module's events rewards reads (a subset of OrderEventPayload). */
export interface OrderEventLike {
  orderId: string; kind: string; cityId: string; providerId: string | null; status?: string; at: string;
  /** The trip's times when the event carries them (the orders module's events do); otherwise the order is read. */
  acceptedAt?: string | null; startedAt?: string | null; completedAt?: string | null;
}

/** What rewards reads of an order (OrdersService.get satisfies it). */
export interface OrderFacts {
  id: string; kind: string; cityId: string; providerId: string | null; status: string;
  startedAt: Date | null; acceptedAt: Date | null; completedAt: Date | null; endReason: string | null; endedBy: string | null;
}

export interface RewardsDeps {
  platform: Platform;
  settings: SettingsService;
  audit: AuditService;
  orders: { get(orderId: string): Promise<OrderFacts | null> };
  /** RWD-6: the mean of the provider's last N ratings (trips module: tripExtras.ratings.providerRating). */
  ratings: { providerRating(providerId: string): Promise<{ average: number | null; count: number }> };
  /** Whether a user is a provider, and in which city (providers module). */
  providers: { get(userId: string): Promise<{ userId: string; cityId: string; status: string } | null> };
  /** The city's time zone (catalog); the platform default when unknown. */
  timeZoneOf(cityId: string): Promise<string>;
}

export interface QualityNow extends Quality { cancellationPercent: number; evaluatedAt: Date; optedOut: boolean }

declare module '../../platform/events.js' {
  interface AppEvents {
    /** RWD-7: a provider's tier changed (after commit); dispatch priority and benefits follow it. */
    'rewards.tier_changed': { providerId: string; seasonId: string; from: Tier; to: Tier; reason: string; priority: number };
  }
}

/**
 * The provider rewards program (RWD-1..RWD-9). Completed trips arrive as `order.completed` events
 * and are recorded once each (idempotent by order id, in any order); standings are kept up to date
 * per event and can be rebuilt from the raw rows (`recompute`) with the same result. Points are
 * not money and never reach the ledger (RWD-4).
 */
export class RewardsService {
  /** Current-season tiers of providers above Blue, for `priorityOf` without a query. */
  private readonly tiers = new Map<string, { seasonId: string; tier: Tier }>();

  constructor(private readonly d: RewardsDeps) {}

  // ---- settings ----
  thresholds = (): TierThresholds => this.d.settings.get('rewards.tierThresholds');
  benefits = (): TierBenefits => this.d.settings.get('rewards.tierBenefits');
  gates = (): QualityGates => ({ minRating: this.d.settings.get('rewards.minRating'), maxCancellationPercent: this.d.settings.get('rewards.maxCancellationPercent') });
  tierParams = (): TierParams => ({ thresholds: this.thresholds(), ...this.gates() });
  private seasonMonths = () => this.d.settings.get('rewards.seasonMonths');

  /** The season of an instant in a city's time zone (RWD-2). */
  async seasonOf(at: Date, cityId: string | null): Promise<Season> {
    const tz = cityId ? await this.d.timeZoneOf(cityId) : DEFAULT_TIME_ZONE;
    return seasonAt(at, tz, this.seasonMonths());
  }

  parseSeason(id: string): Season {
    const s = seasonById(id, this.seasonMonths());
    if (!s) throw validation(E.REWARDS_SEASON_INVALID, 'No season starts there', { seasonId: id, seasonMonths: this.seasonMonths() });
    return s;
  }

  parseSeasonOrNull(id: string): Season | null {
    return seasonById(id, this.seasonMonths());
  }

  /** Loads the current season's tiers into memory (call at boot, before serving). */
  async load(): Promise<void> {
    const season = await this.seasonOf(this.d.platform.clock.now(), null);
    this.tiers.clear();
    for (const r of await repo.tiersOf(this.d.platform.db, season.id)) this.tiers.set(r.providerId, { seasonId: season.id, tier: r.tier });
  }

  /** Subscribes to the orders module's events (completed trips; accepted offers and cancellations for RWD-6). */
  subscribe(): void {
    type Loose = { subscribe(name: string, h: (e: OrderEventLike) => Promise<void>): () => void };
    const bus = this.d.platform.events as unknown as Loose;
    bus.subscribe('order.completed', (e) => this.onTripCompleted(e).then(() => undefined));
    bus.subscribe('order.accepted', (e) => this.onAccepted(e));
    bus.subscribe('order.status_changed', (e) => (e.status === 'cancelled' ? this.onCancelled(e) : Promise.resolve()));
  }

  // ---- benefits (RWD-8) ----

  /** The tier a provider holds in the current season (Blue when none). */
  tierNow(providerId: string): Tier {
    const t = this.tiers.get(providerId);
    return t ? t.tier : 'blue';
  }

  /** RWD-8 dispatch priority of the provider's current tier (higher goes first); synchronous, from memory. */
  priorityOf(providerId: string): number {
    return this.benefits()[this.tierNow(providerId)].dispatchPriority;
  }

  /**
   * RWD-8 commission discount at fare settlement: percentage points to take off the commission
   * percent for a trip completed at `at` (the tier held in that season, now). 0 for Blue.
   */
  async commissionDiscountPercent(providerId: string, at: Date, cityId: string | null = null): Promise<number> {
    const season = await this.seasonOf(at, cityId);
    const s = await repo.standing(this.d.platform.db, providerId, season.id);
    return this.benefits()[s?.tier ?? 'blue'].commissionDiscountPercent;
  }

  // ---- inputs ----

  /**
   * RWD-3: records a completed trip once and adds its points. Points: `pointsPerTrip`, plus
   * `peakBonusPoints` when the trip STARTED in a peak window in the city's local time. Trips of a
   * provider who opted out are recorded with 0 points (RWD-1). Returns false for a duplicate.
   */
  async onTripCompleted(e: OrderEventLike): Promise<boolean> {
    if (!e.providerId || !this.d.settings.get('rewards.orderKinds').includes(e.kind as never)) return false;
    const providerId = e.providerId;
    const times = e.completedAt !== undefined ? e : await this.d.orders.get(e.orderId);
    const completedAt = times?.completedAt ? new Date(times.completedAt) : new Date(e.at);
    const startedAt = times?.startedAt ? new Date(times.startedAt) : times?.acceptedAt ? new Date(times.acceptedAt) : completedAt;
    const tz = await this.d.timeZoneOf(e.cityId);
    const season = seasonAt(completedAt, tz, this.seasonMonths());
    const peak = isPeak(startedAt, tz, this.d.settings.get('rewards.peakWindows'));
    const now = this.d.platform.clock.now();
    // Two round trips: the rating (the trips module's), then one statement that evaluates the rest
    // of the quality, saves it, records the trip once and adds it to the standing. (Measured: on a
    // two-core server two reads at once are slower than one after the other.)
    const r = await this.d.ratings.providerRating(providerId);
    const rating = roundRating(r.average);
    const recorded = await repo.recordTrip(this.d.platform.db,
      { orderId: e.orderId, providerId, cityId: e.cityId, seasonId: season.id, startedAt, completedAt, peak, recordedAt: now,
        points: tripPoints(peak, { pointsPerTrip: this.d.settings.get('rewards.pointsPerTrip'), peakBonusPoints: this.d.settings.get('rewards.peakBonusPoints') }) },
      { rating, ratedTrips: r.count, since: this.windowStart(now), at: now });
    const { standing: added, optedOut, ...counts } = recorded;
    const quality: QualityNow = { rating, ratedTrips: r.count, ...counts, cancellationPercent: cancellationPercent(counts), evaluatedAt: now, optedOut };
    // A duplicate adds nothing; the tier is still settled against the quality just saved.
    const standing = added ?? (await repo.standing(this.d.platform.db, providerId, season.id)) ?? null;
    if (standing) await this.settle(providerId, season.id, standing, quality, 'points');
    return added !== null;
  }

  private async onAccepted(e: OrderEventLike): Promise<void> {
    if (!e.providerId) return;
    await repo.recordActivity(this.d.platform.db, { orderId: e.orderId, providerId: e.providerId, kind: 'accepted', at: new Date(e.at) });
  }

  /** RWD-6: only cancellations by the provider count (not customers', ops' or no-shows). */
  private async onCancelled(e: OrderEventLike): Promise<void> {
    const order = await this.d.orders.get(e.orderId);
    if (!order?.providerId || order.endedBy !== order.providerId) return;
    await repo.recordActivity(this.d.platform.db, { orderId: e.orderId, providerId: order.providerId, kind: 'cancelled', at: new Date(e.at) });
    await this.refresh(order.providerId);
  }

  /**
   * RWD-5/6: the quality now (rating of the last N rated trips; cancellation rate = provider
   * cancellations / offers accepted over the last `rewards.cancellationWindowDays` days). Saved
   * only together with the tier it decides (in `apply`), so the recompute sees what the tier saw.
   */
  async evaluateQuality(providerId: string): Promise<QualityNow> {
    const now = this.d.platform.clock.now();
    const r = await this.d.ratings.providerRating(providerId);
    const { optedOut, ...counts } = await repo.activityCounts(this.d.platform.db, providerId, this.windowStart(now), now);
    const rating = roundRating(r.average);
    return { rating, ratedTrips: r.count, ...counts, cancellationPercent: cancellationPercent(counts), evaluatedAt: now, optedOut };
  }

  private windowStart(now: Date): Date {
    return new Date(now.getTime() - this.d.settings.get('rewards.cancellationWindowDays') * 86_400_000);
  }

  /**
   * RWD-7: re-evaluates quality and the current season's tier (quality changes between trips: new
   * ratings, cancellations, the window sliding). Called on reads and cancellations.
   */
  async refresh(providerId: string, cityId: string | null = null): Promise<QualityNow> {
    const season = await this.seasonOf(this.d.platform.clock.now(), cityId);
    const quality = await this.evaluateQuality(providerId);
    await this.apply(providerId, season.id, quality, 'quality', (tx) => repo.standing(tx, providerId, season.id).then((s) => s ?? null));
    return quality;
  }

  /**
   * One transaction: `change` writes and returns the standing (null: nothing to do), then the tier
   * is settled from points + quality; a change goes to the history and providers.priority. After
   * commit the memory cache and the bus learn it.
   */
  private async apply(providerId: string, seasonId: string, quality: QualityNow, reason: string,
    change: (tx: DbOrTx) => Promise<StandingRow | null>): Promise<boolean> {
    const ctx = await this.tierContext(seasonId);
    return inTransaction(this.d.platform, async (tx, after) => {
      await repo.saveQuality(tx, { providerId, ...quality, at: quality.evaluatedAt });
      const standing = await change(tx);
      if (!standing) return false;
      await this.settleIn(tx, after, ctx, providerId, seasonId, standing, quality, reason);
      return true;
    });
  }

  /** The tier of a standing just written outside a transaction (the per-trip fast path): a change is one statement. */
  private async settle(providerId: string, seasonId: string, standing: StandingRow, quality: QualityNow, reason: string): Promise<void> {
    const ctx = await this.tierContext(seasonId);
    const to = this.tierFor(ctx, standing, quality);
    if (to === standing.tier) {
      if (ctx.current) this.remember(providerId, seasonId, to);
      return;
    }
    const after = new AfterCommit(this.d.platform.events);
    await this.settleIn(this.d.platform.db, after, ctx, providerId, seasonId, standing, quality, reason);
    await after.flush();
  }

  private async tierContext(seasonId: string) {
    const currentId = (await this.seasonOf(this.d.platform.clock.now(), null)).id;
    return { current: currentId === seasonId, closed: seasonId < currentId, now: this.d.platform.clock.now() };
  }

  /** RWD-7 from points + quality; a closed season's tier is history (late trips change its points only). */
  private tierFor(ctx: { closed: boolean }, standing: StandingRow, quality: QualityNow): Tier {
    if (ctx.closed) return standing.tier;
    return tierOf(standing.points, gateStatus(quality, this.gates()).met, quality.optedOut, this.thresholds());
  }

  /** A tier change: guarded update, history, providers.priority; after commit the cache and the bus. */
  private async settleIn(tx: DbOrTx, after: AfterCommit, ctx: { current: boolean; closed: boolean; now: Date }, providerId: string, seasonId: string,
    standing: StandingRow, quality: QualityNow, reason: string): Promise<void> {
    const to = this.tierFor(ctx, standing, quality);
    if (ctx.current) after.run(() => this.remember(providerId, seasonId, to));
    if (to === standing.tier) return;
    const met = gateStatus(quality, this.gates()).met;
    const why = to === 'blue' ? (quality.optedOut ? 'opted_out' : met ? reason : 'quality_lost') : reason;
    const priority = this.benefits()[to].dispatchPriority;
    const changed = await repo.changeTier(tx, { providerId, seasonId, from: standing.tier, to, reason: why, points: standing.points, at: ctx.now, priority: ctx.current ? priority : null });
    if (!changed) return;
    after.publish('rewards.tier_changed', { providerId, seasonId, from: standing.tier, to, reason: why, priority });
  }

  private remember(providerId: string, seasonId: string, tier: Tier) {
    if (tier === 'blue') this.tiers.delete(providerId);
    else this.tiers.set(providerId, { seasonId, tier });
  }

  // ---- the driver (RWD-1) ----

  async requireProvider(userId: string) {
    const p = await this.d.providers.get(userId);
    if (!p) throw notFound(E.REWARDS_NOT_A_PROVIDER, 'You have no provider profile');
    return p;
  }

  /** RWD-1: leave or rejoin the program; nothing else about the provider changes. */
  async setOptOut(providerId: string, optedOut: boolean): Promise<void> {
    const p = await this.requireProvider(providerId);
    await repo.setOptedOut(this.d.platform.db, providerId, optedOut, this.d.platform.clock.now());
    await this.refresh(providerId, p.cityId);
  }

  // ---- ops (RWD-9) ----

  /** RWD-9: adds (or with a negative number removes) points in a season, with a reason, audited. */
  async adjust(actor: Actor, input: { providerId: string; seasonId?: string; points: number; reason: string }): Promise<string> {
    const p = await this.requireProvider(input.providerId);
    const season = input.seasonId ? this.parseSeason(input.seasonId) : await this.seasonOf(this.d.platform.clock.now(), p.cityId);
    return this.writeAdjustment(actor, { providerId: p.userId, seasonId: season.id, kind: 'adjust', orderId: null, points: input.points, reason: input.reason });
  }

  /** RWD-9: takes back one trip's points (fraud, misuse); once per trip, audited. */
  async revokeTrip(actor: Actor, input: { orderId: string; reason: string }): Promise<string> {
    const trip = await repo.trip(this.d.platform.db, input.orderId);
    if (!trip) throw notFound(E.REWARDS_TRIP_NOT_FOUND, 'No points were recorded for this order');
    if (trip.points === 0) throw conflict(E.REWARDS_NOTHING_TO_REVOKE, 'This trip earned no points');
    return this.writeAdjustment(actor, { providerId: trip.providerId, seasonId: trip.seasonId, kind: 'revoke', orderId: trip.orderId, points: -trip.points, reason: input.reason });
  }

  private async writeAdjustment(actor: Actor, a: { providerId: string; seasonId: string; kind: 'adjust' | 'revoke'; orderId: string | null; points: number; reason: string }): Promise<string> {
    const quality = await this.evaluateQuality(a.providerId);
    const now = this.d.platform.clock.now();
    const id = newId('rwa', now.getTime());
    try {
      await this.apply(a.providerId, a.seasonId, quality, a.kind === 'revoke' ? 'revocation' : 'adjustment', async (tx) => {
        const s = await repo.addToStanding(tx, { providerId: a.providerId, seasonId: a.seasonId, tripPoints: 0, trips: 0, peakTrips: 0, adjustmentPoints: a.points, at: now });
        if (s.points < 0) throw validation(E.REWARDS_POINTS_NEGATIVE, 'Points cannot go below zero', { points: s.points - a.points, change: a.points });
        await repo.insertAdjustment(tx, { id, ...a, actorId: actor.id, createdAt: now });
        await this.d.audit.record(tx, actor, { action: `rewards.${a.kind}`, targetType: 'provider', targetId: a.providerId, after: { id, seasonId: a.seasonId, orderId: a.orderId, points: a.points }, reason: a.reason });
        return s;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'reward_adjustments_revoke_once')) throw conflict(E.REWARDS_ALREADY_REVOKED, 'This trip\'s points were already revoked');
      throw err;
    }
    return id;
  }

  /**
   * Rebuilds a season's standings from the raw trips and adjustments (with the last evaluated
   * quality), audited; returns how many standings changed. Then syncs dispatch priority.
   */
  async recompute(actor: Actor | null, seasonId: string, reason?: string): Promise<number> {
    this.parseSeason(seasonId);
    const now = this.d.platform.clock.now();
    const changed = await inTransaction(this.d.platform, async (tx) => {
      const n = await repo.recompute(tx, seasonId, this.tierParams(), await this.isClosed(seasonId), now);
      if ((await this.seasonOf(now, null)).id === seasonId) await repo.syncPriorities(tx, seasonId, this.benefits());
      if (actor) await this.d.audit.record(tx, actor, { action: 'rewards.recompute', targetType: 'reward_season', targetId: seasonId, after: { changed: n }, reason });
      return n;
    });
    await this.load();
    return changed;
  }

  /** The standings the raw rows imply, without writing (the determinism check). */
  async computed(seasonId: string) {
    return repo.computed(this.d.platform.db, seasonId, this.tierParams(), await this.isClosed(seasonId));
  }

  /** Seasons before the current one are closed (their tiers no longer change). */
  async isClosed(seasonId: string): Promise<boolean> {
    return seasonId < (await this.seasonOf(this.d.platform.clock.now(), null)).id;
  }

  /** Whether the recorded standings equal what the raw rows imply. */
  async verify(seasonId: string): Promise<{ equal: boolean; differences: string[] }> {
    const [stored, computed] = [await repo.standingsOfSeason(this.d.platform.db, seasonId), await this.computed(seasonId)];
    const key = (s: { providerId: string; tripPoints: number; trips: number; peakTrips: number; adjustmentPoints: number; points: number; tier: string }) =>
      `${s.providerId}:${s.tripPoints}:${s.trips}:${s.peakTrips}:${s.adjustmentPoints}:${s.points}:${s.tier}`;
    const a = new Set(stored.map(key));
    const b = new Set(computed.map(key));
    const differences = [...[...a].filter((x) => !b.has(x)).map((x) => `stored ${x}`), ...[...b].filter((x) => !a.has(x)).map((x) => `computed ${x}`)];
    return { equal: differences.length === 0, differences };
  }

  get db() { return this.d.platform.db; }
  get clock() { return this.d.platform.clock; }
  get settings() { return this.d.settings; }
  timeZoneOf(cityId: string) { return this.d.timeZoneOf(cityId); }
}

/** The rating as saved and shown: two decimals. */
const roundRating = (average: number | null): number | null => (average === null ? null : Math.round(average * 100) / 100);
