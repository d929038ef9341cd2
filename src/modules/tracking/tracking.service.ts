import { getResolution, latLngToCell } from 'h3-js';
import type { Platform } from '../../platform/context.js';
import { conflict, validation } from '../../platform/errors.js';
import { GeoIndex } from '../../platform/geo/geo-index.js';
import { distanceKm, isValidLatLng, type LatLng } from '../../platform/geo/geometry.js';
import type { SettingsService } from '../catalog/settings.service.js';
import type { FleetType, ProviderProfile, ProvidersService } from '../providers/index.js';
import { LiveHub } from './live-hub.js';
import { TrackingErrors as E } from './tracking.errors.js';
import * as repo from './tracking.repo.js';
import { MAX_POINTS_PER_BATCH } from './tracking.schemas.js';

/** A provider's state as the provider app and ops see it. */
export interface PresenceView {
  providerId: string;
  cityId: string;
  state: 'offline' | 'idle' | 'busy';
  orderId: string | null;
  position: { lat: number; lng: number; at: string } | null;
}

export interface Candidate {
  providerId: string; lat: number; lng: number; distanceKm: number; etaSeconds: number;
  hasBox: boolean; priority: number; fleetType: FleetType; capacitySeats: number;
}

export interface CandidateQuery { cityId: string; lat: number; lng: number; serviceCode: string; k: number; maxKm?: number; exclude?: string[] }

export interface TrackingDeps {
  platform: Pick<Platform, 'db' | 'clock' | 'events' | 'log'>;
  settings: SettingsService;
  providers: ProvidersService;
  /** ACC-8: throws ACCOUNT_BLOCKED for a blocked account (AccountsService.assertCanWork). */
  assertCanWork(userId: string): Promise<void>;
}

/**
 * What a candidate carries about its provider besides position. Interned (traitsOf): providers
 * share a few dozen combinations, so the objects the idle indexes hold stay in the CPU cache, where
 * a pointer to each provider's own presence object cost a cache miss per candidate.
 */
interface Traits { readonly fleetType: FleetType; readonly hasBox: boolean; readonly priority: number; readonly capacitySeats: number }

/** In memory per online provider: position plus the attributes dispatch filters on (copied at going online). */
interface Presence {
  providerId: string; cityId: string; lat: number; lng: number; atMs: number;
  services: ReadonlySet<string>; traits: Traits;
  /** Mirrors `busy` (which outlives presence): a busy provider is in no idle index. */
  busy: boolean;
  /** Which of the FLUSH_SLOTS flush ticks writes this provider's position. */
  slot: number;
}

// A device clock a little ahead of ours is normal; far ahead is not a real fix.
const FUTURE_SLACK_MS = 60_000;
/** A moved provider's position reaches the database within this long. */
const FLUSH_EVERY_MS = 10_000;
/**
 * The fleet is written in this many turns, one every FLUSH_EVERY_MS / FLUSH_SLOTS: ~1,000 rows a
 * second instead of ~10,000 rows at once every 10 s (at 10,000 providers). All at once, the burst
 * (~0.2 s of PostgreSQL, ~20 statements back to back) delayed the orders that came in during it.
 */
const FLUSH_SLOTS = 10;
/** Rejected jumps recorded per provider per flush window; more are counted in the event, not stored. */
const REJECTIONS_KEPT_PER_FLUSH = 5;
const IDLE_CELLS_TTL_MS = 5_000;

/**
 * Live provider state (PRV-11, ORD-13): online / offline, positions with a plausibility check, the
 * geo indexes dispatch asks for candidates (per city and service, of idle providers), busy flags,
 * and WebSocket fan-out. Presence is memory first (candidates are answered synchronously); who is
 * online and where is also written to provider_presence (going online or offline at once,
 * positions within 10 s, a slice of the fleet at a time), and `restore()` reloads it after a
 * restart, with the busy flags from the active orders.
 */
export class TrackingService {
  readonly live = new LiveHub();
  private readonly presence = new Map<string, Presence>();
  private readonly busy = new Map<string, string>();
  /**
   * Per city, per service code: the online providers offering it and idle, which is what dispatch
   * asks for (as a Redis design would keep a key per city and service). A query then reads only
   * eligible providers; a busy provider is in none of them, a moto courier offering two services in two.
   */
  private readonly idle = new Map<string, Map<string, GeoIndex<Traits>>>();
  /** Per city, per distinct service list (serviceSet): the idle indexes a provider with that list is in. */
  private readonly indexLists = new Map<string, WeakMap<ReadonlySet<string>, Array<GeoIndex<Traits>>>>();
  /** The interned Traits (traitsOf), by their values. */
  private readonly traitSets = new Map<string, Traits>();
  /** Moved since their last write, per flush slot. */
  private readonly dirty: Array<Set<string>> = Array.from({ length: FLUSH_SLOTS }, () => new Set<string>());
  private nextSlot = 0;
  private slotTurn = 0;
  private flushing = false;
  private readonly pendingRejections: repo.Rejection[] = [];
  private readonly rejectionsKept = new Map<string, number>();
  private readonly serviceSets = new Map<string, ReadonlySet<string>>();
  private idleCells = new Map<string, { atMs: number; counts: Map<string, number> }>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: TrackingDeps) {
    this.live.onLocations((providerId, points) => this.ingest(providerId, points as LocationInput[]));
    // ACC-8: a blocked provider leaves dispatch at once, and its live sockets close.
    deps.platform.events.subscribe('user.blocked', ({ userId }) => this.forceOffline(userId));
  }

  /** ACC-8 and PRV-11: an active, unblocked provider goes online at a position. */
  async goOnline(providerId: string, at: LatLng): Promise<PresenceView> {
    if (!isValidLatLng(at)) throw validation(E.COORDINATES_INVALID, 'Coordinates are out of range');
    await this.deps.assertCanWork(providerId);
    const profile = await this.deps.providers.requireActive(providerId);
    const now = this.deps.platform.clock.now();
    await repo.savePresence(this.deps.platform.db, {
      providerId, cityId: profile.cityId, online: true, lat: at.lat, lng: at.lng, positionAt: now, updatedAt: now,
    });
    this.putOnline(profile, at.lat, at.lng, now.getTime());
    return this.view(providerId, profile.cityId);
  }

  /** Refused while the provider holds a job (PRV-12: a job is finished or handed over first). */
  async goOffline(providerId: string): Promise<void> {
    if (this.busy.has(providerId)) throw conflict(E.PROVIDER_HAS_ACTIVE_JOB, 'Finish or hand over your current job first', { orderId: this.busy.get(providerId) });
    await this.takeOffline(providerId);
  }

  /** Takes a provider out of dispatch whatever it is doing (ACC-8 block). */
  async forceOffline(providerId: string): Promise<void> {
    await this.takeOffline(providerId);
    this.live.disconnectUser(providerId, 'account blocked');
  }

  /**
   * PRV-11: applies a batch of fixes in time order. A fix implying more than dispatch.maxSpeedKmh
   * from the last accepted one is rejected and recorded for ops; stale, duplicate and far-future
   * fixes are rejected silently. Cheap per point (no I/O unless a jump is flagged).
   */
  async ingest(providerId: string, points: ReadonlyArray<LocationInput>): Promise<{ accepted: number; rejected: number }> {
    const p = this.presence.get(providerId);
    if (!p) throw conflict(E.PROVIDER_OFFLINE, 'Go online before sending locations');
    if (!Array.isArray(points) || points.length > MAX_POINTS_PER_BATCH) throw validation(E.LOCATIONS_INVALID, `points must be a list of at most ${MAX_POINTS_PER_BATCH} fixes`);
    const nowMs = this.deps.platform.clock.now().getTime();
    const maxKmh = this.deps.settings.get('dispatch.maxSpeedKmh');
    const times = points.map((fix) => (fix && typeof fix.at === 'string' ? Date.parse(fix.at) : NaN));
    let accepted = 0;
    const jumps: repo.Rejection[] = [];
    for (const i of timeOrder(times)) {
      const fix = points[i];
      const t = times[i];
      if (!Number.isFinite(t) || !isValidLatLng(fix) || t > nowMs + FUTURE_SLACK_MS || t <= p.atMs) continue;
      const kmh = distanceKm(p, fix) / ((t - p.atMs) / 3_600_000);
      if (kmh > maxKmh) {
        jumps.push({ providerId, fromLat: p.lat, fromLng: p.lng, toLat: fix.lat, toLng: fix.lng, speedKmh: Math.min(kmh, 1e9), at: new Date(t) });
        continue;
      }
      p.lat = fix.lat; p.lng = fix.lng; p.atMs = t;
      accepted++;
    }
    if (accepted) this.moved(p);
    if (jumps.length) await this.flag(jumps);
    return { accepted, rejected: points.length - accepted };
  }

  /** Nearest online, idle providers offering the service, nearest first (synchronous, from memory). */
  candidates(q: CandidateQuery): Candidate[] {
    const index = this.idle.get(q.cityId)?.get(q.serviceCode);
    if (!index) return [];
    const exclude = q.exclude?.length ? new Set(q.exclude) : null;
    const kmh = this.deps.settings.get('pricing.speedKmh', { cityId: q.cityId });
    const roadFactor = this.deps.settings.get('pricing.roadFactor', { cityId: q.cityId });
    return index.nearestAs(q.lat, q.lng, {
      k: q.k, maxKm: q.maxKm, filter: exclude ? (id) => !exclude.has(id) : undefined,
    }, (providerId, lat, lng, distanceKm, t): Candidate => ({
      providerId, lat, lng, distanceKm, etaSeconds: Math.round((distanceKm * roadFactor / kmh) * 3600),
      hasBox: t.hasBox, priority: t.priority, fleetType: t.fleetType, capacitySeats: t.capacitySeats,
    }));
  }

  /**
   * Orders call this on accept (orderId) and when the job ends (null); busy providers are not
   * candidates. Memory only: the orders themselves are the record of who holds a job (`restore`).
   */
  setBusy(providerId: string, orderId: string | null): void {
    const wasBusy = this.busy.has(providerId);
    if (orderId) this.busy.set(providerId, orderId);
    else this.busy.delete(providerId);
    const p = this.presence.get(providerId);
    if (!p) return;
    if (wasBusy !== Boolean(orderId)) {
      p.busy = Boolean(orderId);
      if (p.busy) this.leaveIdle(p);
      else this.enterIdle(p);
      // The idle counts per cell follow at once (one cell per cached resolution), not at the next rebuild.
      this.countIdle(p, p.busy ? -1 : 1);
    }
    if (orderId) this.publishPosition(p);
  }

  /** RWD-8: a tier change moves an online provider's dispatch priority at once, not at the next going online. */
  setPriority(providerId: string, priority: number): void {
    const p = this.presence.get(providerId);
    if (!p || p.traits.priority === priority) return;
    p.traits = this.traitsOf({ ...p.traits, priority });
    this.enterIdle(p); // the idle indexes hold the traits
  }

  /** The order a provider is busy with, if any. */
  activeOrder(providerId: string): string | null {
    return this.busy.get(providerId) ?? null;
  }

  position(providerId: string): { lat: number; lng: number; at: Date } | null {
    const p = this.presence.get(providerId);
    return p ? { lat: p.lat, lng: p.lng, at: new Date(p.atMs) } : null;
  }

  isOnline(providerId: string): boolean {
    return this.presence.has(providerId);
  }

  /** Idle online providers in the given H3 cells (pricing's demand signal; positions up to 5 s old). */
  idleCount(cityId: string, h3cells: string[]): number {
    let n = 0;
    for (const cell of new Set(h3cells)) n += this.idleByCell(cityId, getResolution(cell)).get(cell) ?? 0;
    return n;
  }

  /** A provider's state (offline when not in memory). */
  view(providerId: string, cityId: string): PresenceView {
    const p = this.presence.get(providerId);
    const orderId = this.busy.get(providerId) ?? null;
    if (!p) return { providerId, cityId, state: 'offline', orderId, position: null };
    return { providerId, cityId: p.cityId, state: orderId ? 'busy' : 'idle', orderId, position: { lat: p.lat, lng: p.lng, at: new Date(p.atMs).toISOString() } };
  }

  /** Every online provider of a city (ops live map). */
  online(cityId: string) {
    const out = [];
    for (const p of this.presence.values()) {
      if (p.cityId !== cityId) continue;
      const orderId = this.busy.get(p.providerId) ?? null;
      out.push({
        providerId: p.providerId, state: orderId ? 'busy' as const : 'idle' as const, orderId, lat: p.lat, lng: p.lng, at: new Date(p.atMs).toISOString(),
        fleetType: p.traits.fleetType, serviceCodes: [...p.services], hasBox: p.traits.hasBox,
      });
    }
    return out;
  }

  /**
   * Refills memory after a restart: who is online and where from provider_presence (in pages, so
   * 100,000 rows never sit in memory at once), and who is busy with which order from `activeJobs`
   * (the orders module's active jobs).
   */
  async restore(activeJobs: () => Promise<Array<{ providerId: string; orderId: string }>>): Promise<number> {
    for (const job of await activeJobs()) this.busy.set(job.providerId, job.orderId);
    let after = '';
    let n = 0;
    for (;;) {
      const rows = await repo.onlinePresence(this.deps.platform.db, after, 5_000);
      for (const r of rows) {
        const profile = { userId: r.providerId, cityId: r.cityId, fleetType: r.fleetType, serviceCodes: r.serviceCodes, hasBox: r.hasBox, priority: r.priority, vehicle: { capacitySeats: r.capacitySeats ?? 0 } };
        this.putOnline(profile, r.lat, r.lng, r.positionAt.getTime());
      }
      n += rows.length;
      if (rows.length < 5_000) return n;
      after = rows[rows.length - 1].providerId;
    }
  }

  /** Positions written per statement by `flush`. */
  flushSliceRows = 500;

  /** Starts the periodic position flush and takes blocked accounts offline. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => { void this.flushTurn().catch((err) => this.deps.platform.log.error({ err }, 'presence flush failed')); }, FLUSH_EVERY_MS / FLUSH_SLOTS);
    this.timer.unref();
  }

  /**
   * One tick of the periodic flush: the next slot's moved providers. A tick that finds the previous
   * one still writing (a slow database) is skipped; the slots keep their order, so nothing is lost.
   */
  async flushTurn(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      const slot = this.slotTurn;
      this.slotTurn = (slot + 1) % FLUSH_SLOTS;
      // The rejected jumps once per round of slots: REJECTIONS_KEPT_PER_FLUSH is per FLUSH_EVERY_MS.
      await this.flushSlots([slot], slot === 0);
    } finally {
      this.flushing = false;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush().catch((err) => this.deps.platform.log.error({ err }, 'presence flush failed'));
  }

  /** Writes every moved position (all slots) and the rejected jumps queued since the last flush. */
  async flush(): Promise<void> {
    await this.flushSlots(this.dirty.map((_, i) => i), true);
  }

  private async flushSlots(slots: number[], rejections: boolean): Promise<void> {
    if (rejections && this.pendingRejections.length) {
      const rows = this.pendingRejections.splice(0);
      this.rejectionsKept.clear();
      for (let i = 0; i < rows.length; i += 1000) await repo.insertRejections(this.deps.platform.db, rows.slice(i, i + 1000));
    }
    const rows = [];
    for (const slot of slots) {
      for (const id of this.dirty[slot]) {
        const p = this.presence.get(id);
        if (p) rows.push({ providerId: id, lat: p.lat, lng: p.lng, at: new Date(p.atMs) });
      }
      this.dirty[slot].clear();
    }
    if (!rows.length) return;
    // In slices, each its own statement: one UPDATE of thousands of providers held PGlite's only
    // connection, or a core of PostgreSQL, long enough for the order statements behind it to notice.
    // Between slices they run.
    const now = this.deps.platform.clock.now();
    for (let i = 0; i < rows.length; i += this.flushSliceRows) await repo.savePositions(this.deps.platform.db, rows.slice(i, i + this.flushSliceRows), now);
  }

  private putOnline(profile: Pick<ProviderProfile, 'userId' | 'cityId' | 'fleetType' | 'serviceCodes' | 'hasBox' | 'priority' | 'vehicle'>, lat: number, lng: number, atMs: number): void {
    const old = this.presence.get(profile.userId);
    if (old) this.leaveIdle(old); // its city or services may have changed
    const p: Presence = {
      providerId: profile.userId, cityId: profile.cityId, lat, lng, atMs, services: this.serviceSet(profile.serviceCodes),
      traits: this.traitsOf({ fleetType: profile.fleetType, hasBox: profile.hasBox, priority: profile.priority, capacitySeats: profile.vehicle.capacitySeats ?? 0 }),
      busy: this.busy.has(profile.userId), slot: old?.slot ?? this.nextSlot++ % FLUSH_SLOTS,
    };
    this.presence.set(p.providerId, p);
    this.enterIdle(p);
    this.idleCells.clear();
  }

  private async takeOffline(providerId: string): Promise<void> {
    const p = this.presence.get(providerId);
    if (!p) return;
    const now = this.deps.platform.clock.now();
    await repo.savePresence(this.deps.platform.db, {
      providerId, cityId: p.cityId, online: false, lat: p.lat, lng: p.lng, positionAt: new Date(p.atMs), updatedAt: now,
    });
    this.presence.delete(providerId);
    this.dirty[p.slot].delete(providerId);
    this.leaveIdle(p);
    this.idleCells.clear();
  }

  private moved(p: Presence): void {
    this.enterIdle(p);
    this.dirty[p.slot].add(p.providerId);
    if (this.busy.has(p.providerId)) this.publishPosition(p);
    const ops = `ops:${p.cityId}`;
    if (this.live.hasSubscribers(ops)) {
      this.live.publish(ops, { type: 'provider.position', providerId: p.providerId, lat: p.lat, lng: p.lng, at: new Date(p.atMs).toISOString(), state: this.busy.has(p.providerId) ? 'busy' : 'idle' });
    }
  }

  /** ORD-13: the customer following `order:<id>` sees the provider move. */
  private publishPosition(p: Presence): void {
    const orderId = this.busy.get(p.providerId);
    if (orderId) this.live.publish(`order:${orderId}`, { type: 'provider.position', providerId: p.providerId, lat: p.lat, lng: p.lng, at: new Date(p.atMs).toISOString() });
  }

  /**
   * Queues rejected jumps for the next flush (one insert for all providers) instead of a write per
   * batch: a phone with a broken GPS, or a bad client, would otherwise turn every fix into a database
   * write. At most REJECTIONS_KEPT_PER_FLUSH rows per provider per flush window are kept.
   */
  private async flag(jumps: repo.Rejection[]): Promise<void> {
    const kept = this.rejectionsKept.get(jumps[0].providerId) ?? 0;
    const room = Math.max(0, REJECTIONS_KEPT_PER_FLUSH - kept);
    if (room) {
      this.pendingRejections.push(...jumps.slice(0, room));
      this.rejectionsKept.set(jumps[0].providerId, kept + Math.min(room, jumps.length));
    }
    const worst = jumps.reduce((a, b) => (b.speedKmh > a.speedKmh ? b : a));
    await this.deps.platform.events.publish('tracking.location_rejected', { providerId: worst.providerId, count: jumps.length, speedKmh: Math.round(worst.speedKmh), at: worst.at.toISOString() });
  }

  /** Adds `delta` to the provider's cell in every cached idle count of its city. */
  private countIdle(p: Presence, delta: number): void {
    for (const [key, hit] of this.idleCells) {
      const [cityId, res] = key.split('|');
      if (cityId !== p.cityId) continue;
      const cell = latLngToCell(p.lat, p.lng, Number(res));
      const n = (hit.counts.get(cell) ?? 0) + delta;
      if (n > 0) hit.counts.set(cell, n);
      else hit.counts.delete(cell);
    }
  }

  private idleByCell(cityId: string, res: number): Map<string, number> {
    const key = `${cityId}|${res}`;
    const nowMs = this.deps.platform.clock.now().getTime();
    const hit = this.idleCells.get(key);
    if (hit && nowMs - hit.atMs < IDLE_CELLS_TTL_MS) return hit.counts;
    const counts = new Map<string, number>();
    for (const p of this.presence.values()) {
      if (p.cityId !== cityId || this.busy.has(p.providerId)) continue;
      const cell = latLngToCell(p.lat, p.lng, res);
      counts.set(cell, (counts.get(cell) ?? 0) + 1);
    }
    this.idleCells.set(key, { atMs: nowMs, counts });
    return counts;
  }

  private traitsOf(t: Traits): Traits {
    const key = `${t.fleetType}|${t.hasBox}|${t.priority}|${t.capacitySeats}`;
    let shared = this.traitSets.get(key);
    if (!shared) this.traitSets.set(key, (shared = Object.freeze({ fleetType: t.fleetType, hasBox: t.hasBox, priority: t.priority, capacitySeats: t.capacitySeats })));
    return shared;
  }

  /** Providers share a handful of service lists; one Set each instead of one per provider (100,000 online). */
  private serviceSet(codes: string[]): ReadonlySet<string> {
    const key = [...codes].sort().join(',');
    let set = this.serviceSets.get(key);
    if (!set) this.serviceSets.set(key, (set = new Set(codes)));
    return set;
  }

  /** An idle provider is in the index of each service it offers in its city, at its position; a busy one in none. */
  private enterIdle(p: Presence): void {
    if (!p.busy) for (const index of this.idleIndexes(p)) index.upsert(p.providerId, p.lat, p.lng, p.traits);
  }

  private leaveIdle(p: Presence): void {
    for (const index of this.idleIndexes(p)) index.remove(p.providerId);
  }

  private idleIndexes(p: Presence): Array<GeoIndex<Traits>> {
    let lists = this.indexLists.get(p.cityId);
    if (!lists) this.indexLists.set(p.cityId, (lists = new WeakMap()));
    let list = lists.get(p.services);
    if (!list) {
      let byService = this.idle.get(p.cityId);
      if (!byService) this.idle.set(p.cityId, (byService = new Map()));
      list = [];
      for (const code of p.services) {
        let index = byService.get(code);
        if (!index) byService.set(code, (index = new GeoIndex<Traits>()));
        list.push(index);
      }
      lists.set(p.services, list);
    }
    return list;
  }
}

export interface LocationInput { lat: number; lng: number; at: string }

/** Indices of `times` in ascending order; devices nearly always send fixes in order, so check before sorting. */
function timeOrder(times: number[]): number[] {
  const order = times.map((_, i) => i);
  for (let i = 1; i < times.length; i++) {
    if (!(times[i] >= times[i - 1])) return order.sort((a, b) => (times[a] || 0) - (times[b] || 0));
  }
  return order;
}
