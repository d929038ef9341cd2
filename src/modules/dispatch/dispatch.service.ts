import { autocommit, inTransaction } from '../../platform/context.js';
import type { AfterCommit } from '../../platform/events.js';
import { isUniqueViolation, requireFailure, type DbOrTx } from '../../platform/db.js';
import { conflict, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { JobInput } from '../../platform/jobs.js';
import {
  OrderErrors as E, SEARCHING, SYSTEM, ordersRepo as repo,
  type Actor, type Candidate, type DispatchHooks, type FirstRound, type OfferInsert, type OfferRow, type OrderDraft, type OrderRow, type OrdersDeps, type OrdersService,
} from '../orders/index.js';
import { planBatchFromCandidates, type CandidateOrder } from './assignment/index.js';

/** The offer as the provider sees it (ORD-12: passenger or parcel job). */
export function offerView(o: OrderRow, f: OfferRow) {
  return {
    id: f.id, orderId: o.id, kind: o.kind === 'parcel' ? 'parcel' as const : 'passenger' as const, serviceCode: o.serviceCode,
    pickup: o.origin, dropoff: o.destination, distanceKm: Math.round(f.distanceKm * 100) / 100, priceRials: o.priceRials.toString(),
    expiresAt: f.expiresAt.toISOString(), passengers: o.passengers,
  };
}

const ROUND_JOB = 'dispatch.round';
const roundKey = (orderId: string, round: number) => `${orderId}:${round}`;

/**
 * The offer loop: each round offers a searching order to the best idle, eligible providers
 * (box couriers first for parcels, PRV-7; then priority; then pickup ETA), one at a time by
 * default, with a timeout (a job); a rejection or timeout moves to the next round. No candidate
 * until the search limit -> expired with a reason. Exactly one acceptance wins (guarded updates),
 * and a provider holds one active job (a unique partial index).
 */
export class DispatchService implements DispatchHooks {
  constructor(private readonly d: OrdersDeps, private readonly orders: OrdersService) {
    d.platform.jobs.register(ROUND_JOB, async (p) => this.onRoundDue(String(p.orderId), Number(p.round)));
    d.platform.jobs.every('dispatch.batch', 1000, () => this.tickBatches());
    orders.setDispatch(this);
  }

  private readonly lastBatchMs = new Map<string, number>();

  private isBatch(cityId: string) { return this.d.settings.get('dispatch.mode', { cityId }) === 'batch'; }

  private scope(o: Pick<OrderRow, 'cityId'>, serviceId: string | undefined) { return { cityId: o.cityId, serviceId: serviceId ?? null }; }
  private async serviceId(code: string) { return (await this.d.catalog.services()).find((s) => s.code === code)?.id; }

  /** Starts the search; returns the order as the first round left it (offered, or still requested), when it ran. */
  async start(orderId: string, fresh?: OrderRow): Promise<OrderRow | undefined> {
    const o = fresh ?? await this.orders.get(orderId);
    if (!o || !SEARCHING.includes(o.status)) return undefined;
    // A fresh order was written with its deadline; a scheduled or handed-over one starts a new search window.
    if (fresh?.searchDeadline) return this.runRound(o.id, o.dispatchRound, undefined, fresh);
    const limit = this.d.settings.get('dispatch.searchLimitSeconds', this.scope(o, await this.serviceId(o.serviceCode)));
    await repo.setFields(this.d.platform.db, o.id, { searchDeadline: new Date(this.d.platform.clock.now().getTime() + limit * 1000) });
    return this.runRound(o.id, o.dispatchRound);
  }

  /** The first round of an order not yet written (see DispatchHooks.planFirstRound): null in batch mode or with nobody to offer. */
  async planFirstRound(draft: OrderDraft): Promise<FirstRound | null> {
    if (this.isBatch(draft.cityId)) return null;
    const scope = this.scope(draft, await this.serviceId(draft.serviceCode));
    const picks = await this.pick(draft, this.d.platform.clock.now(), scope);
    return picks.length ? { providerIds: picks.map((c) => c.providerId), ...this.roundRows(draft.id, 1, picks, scope) } : null;
  }

  publishFirstRound(order: OrderRow, offers: readonly OfferRow[]): void { this.publishOffers(order, offers); }

  private async onRoundDue(orderId: string, round: number) {
    await repo.closePending(this.d.platform.db, orderId, 'expired', this.d.platform.clock.now(), round);
    await this.runRound(orderId, round);
  }

  /** One round: offers to the next candidates, or waits and searches again, or expires the order. */
  async runRound(orderId: string, round: number, forced?: Candidate[], known?: OrderRow): Promise<OrderRow | undefined> {
    const o = known ?? await this.orders.get(orderId);
    if (!o || !SEARCHING.includes(o.status) || o.dispatchRound !== round) return undefined;
    const now = this.d.platform.clock.now();
    if (o.searchDeadline && now >= o.searchDeadline) {
      await this.orders.end(o, { to: 'expired', actor: SYSTEM, reasonCode: 'NO_PROVIDER_FOUND', feeRials: 0n, feeKind: 'cancellation' }).catch((err) => {
        if ((err as { code?: string }).code !== E.ORDER_STATE_CONFLICT) throw err;
      });
      return undefined;
    }
    const scope = this.scope(o, await this.serviceId(o.serviceCode));
    // Batch mode: only the batch planner offers (forced); a round without it keeps the order waiting until the deadline.
    const picks = forced ?? (this.isBatch(o.cityId) ? [] : await this.pick(o, now, scope));
    const next = round + 1;
    const retryAt = new Date(Math.min(now.getTime() + this.d.settings.get('dispatch.retrySeconds', scope) * 1000, o.searchDeadline?.getTime() ?? Infinity));
    return inTransaction(this.d.platform, async (tx, after) => {
      const claimed = await repo.claimRound(tx, o.id, round, now);
      if (!claimed) return undefined; // another round runner got here first
      if (!picks.length) {
        const row = claimed.status === 'offered' ? await this.orders.log.change(tx, after, claimed, { to: 'requested', actor: SYSTEM, type: 'search_continues' }) : claimed;
        await this.d.platform.jobs.schedule(tx, ROUND_JOB, retryAt, { orderId: o.id, round: next }, roundKey(o.id, next));
        return row;
      }
      const data = { round: next, providers: picks.map((c) => c.providerId) };
      let row = claimed;
      if (claimed.status === 'requested') row = await this.orders.log.change(tx, after, claimed, { to: 'offered', actor: SYSTEM, type: 'offered', data });
      else await this.orders.log.record(tx, claimed, { type: 'offered', from: 'offered', to: 'offered', actor: SYSTEM, data });
      await this.writeOffers(tx, after, claimed, next, picks, scope);
      return row;
    });
  }

  /** A round's offer rows and the job that ends it when they time out. */
  private roundRows(orderId: string, round: number, picks: readonly Candidate[], scope: { cityId: string; serviceId: string | null }): { offers: OfferInsert[]; job: JobInput } {
    const now = this.d.platform.clock.now();
    const expiresAt = new Date(now.getTime() + this.d.settings.get('dispatch.offerTimeoutSeconds', scope) * 1000);
    const offers = picks.map((c) => ({
      id: newId('ofr', now.getTime()), orderId, providerId: c.providerId, round, status: 'pending' as const,
      distanceKm: c.distanceKm, etaSeconds: Math.round(c.etaSeconds), createdAt: now, expiresAt,
    }));
    return { offers, job: { kind: ROUND_JOB, runAt: expiresAt, payload: { orderId, round }, key: roundKey(orderId, round) } };
  }

  /** A round's offers and the job that ends it when they time out; the offers go out after commit. */
  private async writeOffers(tx: DbOrTx, after: AfterCommit, o: OrderRow, round: number, picks: readonly Candidate[], scope: { cityId: string; serviceId: string | null }) {
    const now = this.d.platform.clock.now();
    const { offers: rows, job } = this.roundRows(o.id, round, picks, scope);
    let offers;
    if (rows.length === 1) offers = await repo.insertOfferWithJob(tx, rows[0], job, now); // one round trip for the usual fanout of 1
    else {
      offers = await repo.insertOffers(tx, rows);
      await this.d.platform.jobs.schedule(tx, job.kind, job.runAt, job.payload, job.key);
    }
    after.run(() => this.publishOffers(o, offers));
  }

  /** Runs the batch round of every city in batch mode whose interval has passed (a periodic task). */
  private async tickBatches(): Promise<void> {
    const nowMs = this.d.platform.clock.now().getTime();
    for (const city of await this.d.catalog.cities()) {
      if (!this.isBatch(city.id)) continue;
      const everyMs = this.d.settings.get('dispatch.batchIntervalSeconds', { cityId: city.id }) * 1000;
      if (nowMs - (this.lastBatchMs.get(city.id) ?? 0) < everyMs) continue;
      this.lastBatchMs.set(city.id, nowMs);
      await this.runBatch(city.id);
    }
  }

  /**
   * Batch mode (per city): the waiting orders and the idle eligible providers near them are matched
   * together at the least total pickup distance (parcels count a penalty for couriers without a
   * box, PRV-7), instead of each order taking its nearest provider in turn. Returns the offers made.
   */
  async runBatch(cityId: string): Promise<number> {
    const db = this.d.platform.db;
    const now = this.d.platform.clock.now();
    const waiting = (await repo.waitingInCity(db, cityId, 500)).filter((o) => !o.searchDeadline || now < o.searchDeadline);
    if (!waiting.length) return 0;
    const holding = await repo.providersWithPendingOffers(db, now);
    const entries: Array<{ o: OrderRow; candidates: Candidate[] }> = [];
    for (const o of waiting) entries.push({ o, candidates: await this.eligibleCandidates(o, holding, 24) });
    const orders: CandidateOrder[] = entries.map((e) => ({ id: e.o.id, kind: e.o.kind, candidates: e.candidates }));
    const plan = planBatchFromCandidates({ orders, parcelNoBoxPenaltyKm: this.d.settings.get('dispatch.batchParcelNoBoxPenaltyKm', { cityId }) });
    const byId = new Map(entries.map((e) => [e.o.id, e]));
    for (const pair of plan.pairs) {
      const e = byId.get(pair.orderId)!;
      await this.runRound(e.o.id, e.o.dispatchRound, e.candidates.filter((c) => c.providerId === pair.providerId));
    }
    return plan.pairs.length;
  }

  /** Idle providers near the pickup for the order's service, not offered it before and not holding another offer. */
  private async nearby(o: OrderRow, holding: string[], k: number, scope: { cityId: string; serviceId: string | null }): Promise<Candidate[]> {
    const exclude = new Set([...await repo.offeredProviders(this.d.platform.db, o.id), ...holding]);
    return this.d.tracking.candidates({
      cityId: o.cityId, lat: o.origin.lat, lng: o.origin.lng, serviceCode: o.serviceCode,
      k, maxKm: this.d.settings.get('dispatch.maxPickupKm', scope), exclude: [...exclude],
    }).filter((c) => !exclude.has(c.providerId));
  }

  /**
   * The same set for one order without reading every pending offer of the city: the nearest
   * candidates are taken from memory and only they are checked in the database (one indexed
   * query); when too many of them are unavailable the search widens.
   */
  private async nearbyAvailable(o: OrderDraft, want: number, now: Date, scope: { cityId: string; serviceId: string | null }): Promise<Candidate[]> {
    const maxKm = this.d.settings.get('dispatch.maxPickupKm', scope);
    const unavailable = new Set<string>();
    let k = want;
    for (let attempt = 0; attempt < 4; attempt++) {
      const found = this.d.tracking.candidates({ cityId: o.cityId, lat: o.origin.lat, lng: o.origin.lng, serviceCode: o.serviceCode, k, maxKm, exclude: [...unavailable] })
        .filter((c) => !unavailable.has(c.providerId));
      const ids = found.map((c) => c.providerId);
      for (const id of await repo.unavailableProviders(this.d.platform.db, o.id, ids, now)) unavailable.add(id);
      const free = found.filter((c) => !unavailable.has(c.providerId));
      if (free.length >= want || found.length < k) return free;
      k *= 4;
    }
    return [];
  }

  /** Idle providers near the pickup that fit the order and were not offered it before. */
  private async eligibleCandidates(o: OrderRow, holding: string[], k: number): Promise<Candidate[]> {
    const found = await this.nearby(o, holding, k, this.scope(o, await this.serviceId(o.serviceCode)));
    const fitting: Candidate[] = [];
    for (const c of found) if (await this.fits(o, c)) fitting.push(c);
    return fitting;
  }

  /** The next providers to offer: not offered this order before, not holding another offer, eligible. */
  private async pick(o: OrderDraft, now: Date, scope: { cityId: string; serviceId: string | null }): Promise<Candidate[]> {
    const fanout = this.d.settings.get('dispatch.offerFanout', scope);
    const found = await this.nearbyAvailable(o, fanout + 10, now, scope);
    const parcel = o.kind === 'parcel';
    found.sort((a, b) => (parcel && a.hasBox !== b.hasBox ? (a.hasBox ? -1 : 1) : 0) || b.priority - a.priority || a.etaSeconds - b.etaSeconds);
    const picks: Candidate[] = [];
    for (const c of found) {
      if (picks.length >= fanout) break;
      if (await this.fits(o, c)) picks.push(c);
    }
    return picks;
  }

  /** ORD-4 seats from the vehicle card (PRV-11) and ORD-11 eligibility at dispatch. */
  private async fits(o: OrderDraft, c: Candidate): Promise<boolean> {
    const providerId = c.providerId;
    if (o.kind === 'ride') {
      const seats = c.capacitySeats ?? (await this.d.providers.get(providerId))?.vehicle.capacitySeats;
      if (seats !== undefined && seats > 0 && seats < o.passengers) return false;
    }
    if (!this.d.eligibility) return true;
    const verdict = await this.d.eligibility.check({ serviceCode: o.serviceCode, cityId: o.cityId, customer: { id: o.customerId }, provider: { id: providerId } });
    return verdict.allowed;
  }

  private publishOffers(o: OrderRow, offers: readonly OfferRow[]) {
    for (const f of offers) {
      try {
        this.d.tracking.live.publish(`provider:${f.providerId}`, { type: 'offer', offer: offerView(o, f) });
      } catch (err) {
        this.d.platform.log.warn({ err, offerId: f.id }, 'live offer publish failed');
      }
    }
  }

  /** The provider's pending offer, if any. */
  async currentOffer(providerId: string) {
    const [f] = await repo.pendingOffersFor(this.d.platform.db, providerId, this.d.platform.clock.now());
    if (!f) return null;
    const o = await this.orders.get(f.orderId);
    return o && SEARCHING.includes(o.status) ? offerView(o, f) : null;
  }

  private async ownOffer(providerId: string, offerId: string): Promise<OfferRow> {
    const f = await repo.offerById(this.d.platform.db, offerId);
    if (!f || f.providerId !== providerId) throw notFound(E.OFFER_NOT_FOUND, 'No such offer');
    return f;
  }

  /** The first guarded acceptance wins the order; everyone else gets 409. */
  async accept(providerId: string, offerId: string): Promise<OrderRow> {
    const f = await this.ownOffer(providerId, offerId);
    await this.d.providers.requireActive(providerId);
    await this.d.accounts.assertCanWork(providerId);
    // The unique index orders_provider_one_active is the guard; memory answers the common case without a read.
    if (this.d.tracking.activeOrder(providerId)) throw conflict(E.PROVIDER_HAS_ACTIVE_JOB, 'Finish your current job first');
    const now = this.d.platform.clock.now();
    const where = this.d.tracking.position(providerId);
    const actor = { id: providerId, role: 'provider' as const };
    const e = this.orders.log.eventRow(f.orderId, now, { type: 'status', from: 'offered', to: 'accepted', actor, where: where && { lat: where.lat, lng: where.lng }, data: { offerId: f.id } });
    try {
      // One statement, no transaction: the order, its history, its offers and its round job (see ordersRepo.acceptLogged).
      const won = await autocommit(this.d.platform, async (db, after) => {
        const r = await repo.acceptLogged(db, { orderId: f.orderId, offerId: f.id, providerId, at: now, e, roundJob: { kind: ROUND_JOB, key: roundKey(f.orderId, f.round) } });
        if (r) {
          after.run(() => this.orders.log.announce(r.order, 'offered'));
          after.run(() => this.d.tracking.setBusy(providerId, f.orderId));
        }
        return r;
      });
      if (!won) throw conflict(E.OFFER_NOT_AVAILABLE, 'This offer is no longer available');
      this.withdraw(won.order, won.closed);
      return won.order;
    } catch (err) {
      if (isUniqueViolation(err, 'orders_provider_one_active')) throw conflict(E.PROVIDER_HAS_ACTIVE_JOB, 'Finish your current job first');
      if (requireFailure(err) === 'OFFER_NOT_AVAILABLE') throw conflict(E.OFFER_NOT_AVAILABLE, 'This offer is no longer available');
      throw err;
    }
  }

  /** A rejection; when nobody in the round is left to answer, the next round starts at once. */
  async reject(providerId: string, offerId: string): Promise<void> {
    const f = await this.ownOffer(providerId, offerId);
    const now = this.d.platform.clock.now();
    const roundOver = await inTransaction(this.d.platform, async (tx) => {
      const answered = await repo.answerOffer(tx, f.id, providerId, 'rejected', now);
      if (!answered) throw conflict(E.OFFER_NOT_AVAILABLE, 'This offer is no longer available');
      const o = await repo.byId(tx, f.orderId);
      if (o) await this.orders.log.record(tx, o, { type: 'offer_rejected', from: o.status, to: o.status, actor: { id: providerId, role: 'provider' }, data: { offerId: f.id } });
      const over = (await repo.pendingInRound(tx, f.orderId, f.round)) === 0;
      if (over) await this.d.platform.jobs.cancel(tx, ROUND_JOB, roundKey(f.orderId, f.round));
      return over;
    });
    if (roundOver) await this.runRound(f.orderId, f.round);
  }

  /** The order ended: its pending offers close and its round job is cancelled. */
  async stop(tx: DbOrTx, order: OrderRow): Promise<void> {
    const closed = await repo.closePending(tx, order.id, 'cancelled', this.d.platform.clock.now());
    await this.d.platform.jobs.cancel(tx, ROUND_JOB, roundKey(order.id, order.dispatchRound));
    this.withdraw(order, closed);
  }

  /** Tells the providers of closed offers (but the order's own provider) that theirs is gone. */
  private withdraw(order: OrderRow, closed: ReadonlyArray<{ id: string; providerId: string }>) {
    for (const c of closed) {
      if (c.providerId === order.providerId) continue;
      try { this.d.tracking.live.publish(`provider:${c.providerId}`, { type: 'offer.withdrawn', offerId: c.id, orderId: order.id }); } catch { /* best effort */ }
    }
  }

  /** PRV-12: ops give an accepted order to another provider. */
  async assign(order: OrderRow, actor: Actor, providerId: string, reason: string): Promise<OrderRow> {
    const previous = order.providerId;
    try {
      return await inTransaction(this.d.platform, async (tx, after) => {
        const row = await this.orders.log.change(tx, after, order, {
          to: 'accepted', actor, type: 'handed_over', data: { reason, previousProviderId: previous, providerId },
          set: { providerId, acceptedAt: this.d.platform.clock.now(), arrivedAt: null, freeWaitUntil: null },
        });
        after.run(() => {
          if (previous) this.d.tracking.setBusy(previous, null);
          this.d.tracking.setBusy(providerId, order.id);
          try { this.d.tracking.live.publish(`provider:${providerId}`, { type: 'assigned', orderId: order.id }); } catch { /* best effort */ }
        });
        return row;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'orders_provider_one_active')) throw conflict(E.PROVIDER_HAS_ACTIVE_JOB, 'That provider has another job');
      throw err;
    }
  }
}
