import { latLngToCell } from 'h3-js';
import type { Platform } from '../../platform/context.js';
import type { DbOrTx } from '../../platform/db.js';
import { conflict, forbidden, notFound, validation } from '../../platform/errors.js';
import type { LatLng } from '../../platform/geo/geometry.js';
import { newId } from '../../platform/ids.js';
import type { SettingsService } from '../catalog/settings.service.js';
import type { Actor } from '../ops/audit.service.js';
import type { Tariff } from '../catalog/settings.definitions.js';
import type { AccountsService } from '../identity/index.js';
import type { PromotionsService, RedemptionHold } from '../promotions/index.js';
import type { EligibilityService } from '../eligibility/index.js';
import { demandAt, demandSnapshot, type DemandCell, type DemandParams, type DemandSignals } from './demand.js';
import { PricingErrors as E } from './pricing.errors.js';
import { assertCoordinates, Places, type CityPlace } from './pricing.places.js';
import { pricingRepo as repo } from './pricing.repo.js';
import { breakdownFromJson, breakdownJson, computePrice, timeMultiplierAt, type PriceBreakdown } from './pricing.rules.js';
import type { QuoteRow, StoredHold } from './pricing.tables.js';
import { TariffBook } from './tariffs.js';
import { GreatCircleRoutingProvider, OsrmRoutingProvider, type RouteEstimate, type RoutingProvider } from './routing.js';

export interface QuoteRequest {
  serviceCode: string; cityId?: string; origin: LatLng; destination: LatLng; stops?: LatLng[];
  scheduledAt?: string; promoCode?: string; waitingMinutes?: number;
}

export interface Quote {
  id: string; userId: string; cityId: string; serviceCode: string; serviceKind: string;
  origin: LatLng; destination: LatLng; stops: LatLng[]; distanceMeters: number; durationSeconds: number; routingSource: string;
  breakdown: PriceBreakdown; priceRials: bigint; promotionId: string | null; promotion: { id: string; title: QuoteRow['promotionTitle'] } | null;
  hold: RedemptionHold | null; waitingMinutes: number; scheduledAt: Date | null;
  createdAt: Date; expiresAt: Date; usedAt: Date | null; orderId: string | null; changeOfOrderId: string | null;
}

/** ORD-3: what a running order looks like to a re-quote. */
export interface OrderForChange { id: string; cityId: string; serviceCode: string; origin: LatLng; destination: LatLng; stops: LatLng[]; priceRials: bigint; startedAt?: Date | string | null }
export interface ChangeRequest { order: OrderForChange; newDestination?: LatLng; addStop?: LatLng; waitingMinutes?: number }

export interface PricingDeps {
  platform: Platform; settings: SettingsService; promotions: PromotionsService; accounts: AccountsService; eligibility: EligibilityService;
  routing?: RoutingProvider;
}

interface Job { city: CityPlace; serviceCode: string; origin: LatLng; destination: LatLng; stops: LatLng[]; waitingMinutes: number; at: Date }

const MAX_SCHEDULE_DAYS = 30;
/** At most this many unused quotes kept in memory (50 quotes/s for a 5-minute TTL is 15,000). */
const MAX_REMEMBERED_QUOTES = 20_000;

/**
 * ORD-2 / ORD-3 pricing: quotes priced from the service's tariff in the city, the route (a
 * RoutingProvider), zones, local hour and weekday, and demand around the pickup; promotions
 * discount the quote; orders consume a quote exactly once.
 */
export class PricingService {
  private signals: DemandSignals | undefined;
  private routing: RoutingProvider;
  readonly places: Places;
  private readonly tariffs: TariffBook;

  constructor(private readonly d: PricingDeps) {
    const cfg = d.platform.config.routing;
    this.routing = d.routing ?? (cfg?.osrmUrl
      ? new OsrmRoutingProvider({ baseUrl: cfg.osrmUrl, timeoutMs: cfg.osrmTimeoutMs, log: d.platform.log })
      : new GreatCircleRoutingProvider());
    this.places = new Places(d.platform.db);
    this.tariffs = new TariffBook(d.settings, this.places);
  }

  /** Quotes this process issued and nobody has used yet, oldest first (see `peek`). */
  private readonly issued = new Map<string, Quote>();

  private remember(q: Quote): Quote {
    const now = this.d.platform.clock.now().getTime();
    for (const [id, old] of this.issued) {
      if (this.issued.size < MAX_REMEMBERED_QUOTES && old.expiresAt.getTime() > now) break;
      this.issued.delete(id);
    }
    this.issued.set(q.id, q);
    return q;
  }

  /** Loads cities, zones and services (the sync fee lookups need the service ids). */
  async load(): Promise<void> { await this.places.load(true); }

  setDemandSignals(signals: DemandSignals): void { this.signals = signals; }
  hasDemandSignals(): boolean { return this.signals !== undefined; }
  setRoutingProvider(routing: RoutingProvider): void { this.routing = routing; }

  /** Prices a job for a customer and stores the quote (valid for the quote TTL). */
  async quote(userId: string, req: QuoteRequest, locale: 'fa' | 'ar' | 'en' = 'fa'): Promise<Quote> {
    const stops = req.stops ?? [];
    assertCoordinates([{ p: req.origin, role: 'origin' }, { p: req.destination, role: 'destination' }, ...stops.map((p, i) => ({ p, role: `stops.${i}` }))]);
    this.assertStops(stops.length);
    const service = await this.places.service(req.serviceCode);
    const city = req.cityId ? await this.places.city(req.cityId) : await this.places.cityAt(req.origin, null);
    this.tariff(city.id, service.code); // SERVICE_NOT_PRICED before anything else is asked
    const now = this.d.platform.clock.now();
    const at = this.scheduleInstant(req.scheduledAt, now);
    await this.d.accounts.assertCanOrder(userId);
    const verdict = await this.d.eligibility.check({ serviceCode: service.code, cityId: city.id, customer: { id: userId }, locale });
    if (!verdict.allowed) throw forbidden(E.SERVICE_NOT_ELIGIBLE, 'This service is not available to you', { reasons: verdict.reasons });
    const job: Job = { city, serviceCode: service.code, origin: req.origin, destination: req.destination, stops, waitingMinutes: req.waitingMinutes ?? 0, at };
    // Demand now says nothing about a ride hours ahead: scheduled jobs are priced at demand 1.0.
    const { route, price } = await this.price(job, req.scheduledAt ? 1 : undefined);
    const adj = await this.d.promotions.applyToQuote({ userId, serviceCode: service.code, cityId: city.id, amountRials: price.subtotalRials, code: req.promoCode });
    const breakdown: PriceBreakdown = { ...price, discountRials: adj.discountRials, totalRials: adj.finalRials };
    const row = await repo.insert(this.d.platform.db, {
      ...this.rowOf(userId, job, service.kind, route, breakdown, now),
      scheduledAt: req.scheduledAt ? at : null,
      promotionId: adj.promotionId, promotionTitle: adj.promotion?.title ?? null, hold: adj.hold ? storeHold(adj.hold) : null,
    });
    return this.remember(toQuote(row));
  }

  /** The caller's own quote; another user's answers QUOTE_NOT_FOUND too. */
  async get(userId: string, quoteId: string): Promise<Quote> {
    const row = await repo.byId(this.d.platform.db, quoteId);
    if (!row || row.userId !== userId) throw notFound(E.QUOTE_NOT_FOUND, 'No such quote');
    return toQuote(row);
  }

  /**
   * Like `get`, from this process's memory when it issued the quote (saves the order path a read).
   * A quote never changes but for its use, so only `usedAt` can be stale (another process used it):
   * the consumption is guarded in the database, which stays the authority.
   */
  async peek(userId: string, quoteId: string): Promise<Quote> {
    const q = this.issued.get(quoteId);
    if (!q || q.userId !== userId || q.usedAt) return this.get(userId, quoteId);
    return q;
  }

  /** Any quote by id (for modules that already checked who may see it), or null. */
  async byId(db: DbOrTx, quoteId: string): Promise<Quote | null> {
    const row = await repo.byId(db, quoteId);
    return row ? toQuote(row) : null;
  }

  /**
   * Marks the quote used by an order inside the order's transaction. Guarded: exactly one of
   * concurrent consumers wins; the others get QUOTE_USED. A change quote only fits its own order.
   */
  async consume(tx: DbOrTx, q: { userId: string; quoteId: string; orderId: string }): Promise<Quote> {
    const now = this.d.platform.clock.now();
    const row = await repo.consume(tx, { id: q.quoteId, userId: q.userId, orderId: q.orderId, now });
    if (!row) return this.consumeRefused(tx, q);
    this.issued.delete(q.quoteId);
    return toQuote(row);
  }

  /**
   * Why a quote could not be consumed (by `consume`, or by a statement of another module built with
   * `quoteConsumeCte`), as the error the customer gets: always throws.
   */
  async consumeRefused(db: DbOrTx, q: { userId: string; quoteId: string; orderId: string }): Promise<never> {
    this.issued.delete(q.quoteId);
    const current = await repo.byId(db, q.quoteId);
    if (!current || current.userId !== q.userId) throw notFound(E.QUOTE_NOT_FOUND, 'No such quote');
    if (current.usedAt) throw conflict(E.QUOTE_USED, 'This quote has already been used', { orderId: current.orderId === q.orderId ? q.orderId : undefined });
    if (current.changeOfOrderId && current.changeOfOrderId !== q.orderId) throw conflict(E.QUOTE_ORDER_MISMATCH, 'This quote is for a change of another order');
    throw conflict(E.QUOTE_EXPIRED, 'This quote has expired; ask for a new one', { expiresAt: current.expiresAt.toISOString() });
  }

  /** A quote consumed by another module's statement (`quoteConsumeCte`): not served from memory again. */
  consumed(quoteId: string): void { this.issued.delete(quoteId); }

  /**
   * ORD-3: re-quotes a running order the customer changes (new destination, added stop, paid
   * waiting). The new price is the agreed price plus what the change costs under the pricing
   * rules now (both jobs priced at the same instant and demand), never below zero. Nothing
   * applies until the order module consumes this quote on the customer's confirmation.
   */
  async quoteChange(userId: string, c: ChangeRequest): Promise<Quote> {
    if (!c.newDestination && !c.addStop && !c.waitingMinutes) throw validation(E.CHANGE_EMPTY, 'Change the destination, add a stop or add waiting time');
    const o = c.order;
    const stops = c.addStop ? [...o.stops, c.addStop] : o.stops;
    const destination = c.newDestination ?? o.destination;
    assertCoordinates([{ p: destination, role: 'newDestination' }, ...(c.addStop ? [{ p: c.addStop, role: 'addStop' }] : [])]);
    this.assertStops(stops.length);
    const service = await this.places.service(o.serviceCode);
    const city = await this.places.city(o.cityId);
    const now = this.d.platform.clock.now();
    const before = await this.price({ city, serviceCode: o.serviceCode, origin: o.origin, destination: o.destination, stops: o.stops, waitingMinutes: 0, at: now });
    const job: Job = { city, serviceCode: o.serviceCode, origin: o.origin, destination, stops, waitingMinutes: c.waitingMinutes ?? 0, at: now };
    const after = await this.price(job, before.price.demandMultiplier);
    const changeRials = after.price.subtotalRials - before.price.subtotalRials;
    const total = o.priceRials + changeRials > 0n ? o.priceRials + changeRials : 0n;
    const breakdown: PriceBreakdown = { ...after.price, totalRials: total, previousRials: o.priceRials, changeRials };
    const row = await repo.insert(this.d.platform.db, { ...this.rowOf(userId, job, service.kind, after.route, breakdown, now), changeOfOrderId: o.id });
    return toQuote(row);
  }

  /** ORD-2 demand per H3 cell in a city, for ops. */
  async demandSnapshot(cityId: string): Promise<DemandCell[]> {
    const city = await this.places.city(cityId);
    return demandSnapshot(this.signals, city.id, city.serviceArea, city.center, this.demandParams(city.id));
  }

  /** The demand cell of a point at the configured resolution, so signal providers index open requests and idle providers the same way. */
  demandCellOf(p: LatLng): string {
    return latLngToCell(p.lat, p.lng, this.d.settings.get('pricing.demandH3Resolution'));
  }

  demandParams(cityId: string): DemandParams {
    const s = this.d.settings;
    return { resolution: s.get('pricing.demandH3Resolution'), kRing: s.get('pricing.demandKRing'), sensitivity: s.get('pricing.demandSensitivity', { cityId }), cap: s.get('pricing.demandMultiplierCap', { cityId }) };
  }

  /** The tariff of a service in a city (SERVICE_NOT_PRICED when it has none). */
  tariff(cityId: string, serviceCode: string): Tariff { return this.tariffs.tariff(cityId, serviceCode); }
  tariffView(cityId: string, serviceCode: string) { return this.tariffs.view(cityId, serviceCode); }
  setTariff(actor: Actor, cityId: string, serviceCode: string, tariff: Tariff, reason: string) { return this.tariffs.set(actor, cityId, serviceCode, tariff, reason); }
  /** ORD-6 fee after acceptance or arrival. */
  cancellationFeeRials(cityId: string, serviceCode: string): bigint { return this.tariffs.cancellationFeeRials(cityId, serviceCode); }
  /** ORD-5 paid waiting per minute. */
  waitingFeePerMinuteRials(cityId: string, serviceCode: string): bigint { return this.tariffs.waitingFeePerMinuteRials(cityId, serviceCode); }
  /** ORD-5 free waiting at pickup, seconds. */
  freeWaitingSeconds(cityId: string, serviceCode: string): number { return this.tariffs.freeWaitingSeconds(cityId, serviceCode); }
  /** PAY-3 platform commission, percent. */
  commissionPercent(cityId: string, serviceCode: string): number { return this.tariffs.commissionPercent(cityId, serviceCode); }

  // ---- internals ----

  private async price(job: Job, fixedDemand?: number): Promise<{ route: RouteEstimate; price: PriceBreakdown }> {
    const s = this.d.settings;
    const cityId = job.city.id;
    const tariff = this.tariff(cityId, job.serviceCode);
    const surchargeZones = await this.places.assertServed(job.city,
      [{ p: job.origin, role: 'origin' }, ...job.stops.map((p, i) => ({ p, role: `stops.${i}` })), { p: job.destination, role: 'destination' }],
      [job.origin, job.destination]);
    const route = await this.routing.route([job.origin, ...job.stops, job.destination], { roadFactor: s.get('pricing.roadFactor', { cityId }), speedKmh: s.get('pricing.speedKmh', { cityId }) });
    const price = computePrice({
      tariff, distanceMeters: route.distanceMeters, durationSeconds: route.durationSeconds,
      timeMultiplier: timeMultiplierAt(tariff, job.at, job.city.timeZone),
      demandMultiplier: fixedDemand ?? demandAt(this.signals, cityId, job.origin, this.demandParams(cityId)).multiplier,
      zoneSurchargeRials: surchargeZones.reduce((sum, z) => sum + z.surchargeRials, 0n),
      waitingMinutes: job.waitingMinutes, roundingRials: s.rials('pricing.roundingRials'),
    });
    return { route, price };
  }

  private rowOf(userId: string, job: Job, serviceKind: string, route: RouteEstimate, breakdown: PriceBreakdown, now: Date) {
    return {
      id: newId('qte', now.getTime()), userId, cityId: job.city.id, serviceCode: job.serviceCode, serviceKind,
      origin: pt(job.origin), destination: pt(job.destination), stops: job.stops.map(pt),
      distanceMeters: route.distanceMeters, durationSeconds: route.durationSeconds, routingSource: route.source,
      breakdown: breakdownJson(breakdown), priceRials: breakdown.totalRials, waitingMinutes: job.waitingMinutes,
      createdAt: now, expiresAt: new Date(now.getTime() + this.tariffs.quoteTtlSeconds(job.city.id, job.serviceCode) * 1000),
    };
  }

  private scheduleInstant(scheduledAt: string | undefined, now: Date): Date {
    if (!scheduledAt) return now;
    const at = new Date(scheduledAt);
    if (Number.isNaN(at.getTime()) || at.getTime() < now.getTime() - 60_000 || at.getTime() > now.getTime() + MAX_SCHEDULE_DAYS * 86_400_000) {
      throw validation(E.SCHEDULE_INVALID, `A scheduled time must be in the next ${MAX_SCHEDULE_DAYS} days`, { field: 'scheduledAt' });
    }
    return at;
  }

  private assertStops(n: number) {
    const max = this.d.settings.get('pricing.maxStops');
    if (n > max) throw validation(E.TOO_MANY_STOPS, `At most ${max} stops`, { max });
  }


}

/** Six decimals (about 10 cm) is all a quote needs, and keeps stored JSON small. */
const pt = (p: LatLng): LatLng => ({ lat: Math.round(p.lat * 1e6) / 1e6, lng: Math.round(p.lng * 1e6) / 1e6 });

function storeHold(h: RedemptionHold): StoredHold {
  return { ...h, amountRials: h.amountRials.toString(), discountRials: h.discountRials.toString() };
}

export function toQuote(r: QuoteRow): Quote {
  const hold = r.hold ? { ...r.hold, amountRials: BigInt(r.hold.amountRials), discountRials: BigInt(r.hold.discountRials) } : null;
  return {
    id: r.id, userId: r.userId, cityId: r.cityId, serviceCode: r.serviceCode, serviceKind: r.serviceKind,
    origin: r.origin, destination: r.destination, stops: r.stops, distanceMeters: r.distanceMeters, durationSeconds: r.durationSeconds,
    routingSource: r.routingSource, breakdown: breakdownFromJson(r.breakdown), priceRials: r.priceRials,
    promotionId: r.promotionId, promotion: r.promotionId ? { id: r.promotionId, title: r.promotionTitle } : null, hold,
    waitingMinutes: r.waitingMinutes, scheduledAt: r.scheduledAt, createdAt: r.createdAt, expiresAt: r.expiresAt,
    usedAt: r.usedAt, orderId: r.orderId, changeOfOrderId: r.changeOfOrderId,
  };
}
