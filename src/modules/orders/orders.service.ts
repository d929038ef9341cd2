import { autocommit, inTransaction } from '../../platform/context.js';
import { isNotNullViolation, isUniqueViolation, type DbOrTx } from '../../platform/db.js';
import type { JobInput } from '../../platform/jobs.js';
import { conflict, forbidden, notFound, validation } from '../../platform/errors.js';
import type { AuthUser } from '../../platform/http/auth.js';
import { newId } from '../../platform/ids.js';
import { chargeOrderFee } from '../../flows/order-money.js';
import { OrderLog, SYSTEM, type Actor, type OrdersDeps } from './orders.core.js';
import { OrderErrors as E } from './orders.errors.js';
import { SEARCHING, TERMINAL, type OrderKind, type OrderStatus } from './orders.model.js';
import type { QuoteLike } from './orders.ports.js';
import { ordersRepo as repo } from './orders.repo.js';
import type { CreateOrderBody } from './orders.schemas.js';
import type { OfferInsert, OfferRow, OrderInsert, OrderRow } from './orders.tables.js';
import { validateParcel } from './parcels.js';

const OPS_ROLES = ['ops_agent', 'ops_admin'];
const isOps = (u: Pick<AuthUser, 'roles'>) => u.roles.some((r) => OPS_ROLES.includes(r));
const IDEMPOTENCY_KEY = /^[\w.:-]{8,100}$/;
/** Kinds this issue dispatches; moving and errands fit the model and come later. */
const ORDERABLE: readonly OrderKind[] = ['ride', 'parcel'];

/** Dispatch hooks orders call after commit (the dispatch module registers itself). */
export interface DispatchHooks {
  /** Starts (or restarts) the search for a provider of a requested order; `fresh` is the row just inserted (saves a read). */
  start(orderId: string, fresh?: OrderRow): Promise<OrderRow | undefined>;
  /**
   * The first round of an order about to be written, planned before its transaction: the providers
   * to offer it to, or null (none now, or a city in batch mode): then it is written requested and
   * `start` searches.
   */
  planFirstRound(draft: OrderDraft): Promise<FirstRound | null>;
  /** Sends a first round's offers, once the statement that wrote them with the order (offered, round 1) committed. */
  publishFirstRound(order: OrderRow, offers: readonly OfferRow[]): void;
  /** Closes the order's pending offers and its round job (the order ended). */
  stop(tx: DbOrTx, order: OrderRow): Promise<void>;
  /** Gives an accepted order to a named provider (ops hand-over, PRV-12). */
  assign(order: OrderRow, actor: Actor, providerId: string, reason: string): Promise<OrderRow>;
}

/** What dispatch needs to know of an order before it is written. */
export type OrderDraft = Pick<OrderRow, 'id' | 'kind' | 'serviceCode' | 'cityId' | 'customerId' | 'origin' | 'passengers'>;
/**
 * A first round planned by dispatch (see DispatchHooks.planFirstRound): its providers, the offer
 * rows and the job that times them out, written with the order.
 */
export interface FirstRound { readonly providerIds: readonly string[]; readonly offers: readonly OfferInsert[]; readonly job: JobInput }

/** Orders for customers and ops: create from a quote, read, cancel, change (ORD-1..ORD-8, ORD-12, ORD-17, ACC-6). */
export class OrdersService {
  readonly log: OrderLog;
  private dispatch: DispatchHooks | undefined;

  constructor(private readonly d: OrdersDeps) {
    this.log = new OrderLog(d);
    // ORD-17: a scheduled order starts looking for a provider shortly before its time.
    d.platform.jobs.register('orders.start_scheduled', async (p) => this.startScheduled(String(p.orderId)));
  }

  setDispatch(hooks: DispatchHooks): void { this.dispatch = hooks; }

  /** The order row, or null. */
  async get(orderId: string): Promise<OrderRow | null> {
    return (await repo.byId(this.d.platform.db, orderId)) ?? null;
  }

  /** Who is on an order (for chat, ratings, live channels). */
  async parties(orderId: string): Promise<{ customerId: string; providerId: string | null; status: OrderStatus } | null> {
    const o = await this.get(orderId);
    return o ? { customerId: o.customerId, providerId: o.providerId, status: o.status } : null;
  }

  /** The order if `viewer` is its customer, its provider, or ops; ORDER_NOT_FOUND for everyone else. */
  async requireFor(viewer: Pick<AuthUser, 'id' | 'roles'>, orderId: string): Promise<{ order: OrderRow; role: 'customer' | 'provider' | 'ops' }> {
    const o = await this.get(orderId);
    if (o && o.customerId === viewer.id) return { order: o, role: 'customer' };
    if (o && o.providerId === viewer.id) return { order: o, role: 'provider' };
    if (o && isOps(viewer)) return { order: o, role: 'ops' };
    throw notFound(E.ORDER_NOT_FOUND, 'No such order');
  }

  async getFor(viewer: Pick<AuthUser, 'id' | 'roles'>, orderId: string) {
    const { order, role } = await this.requireFor(viewer, orderId);
    const history = role === 'ops' ? await repo.events(this.d.platform.db, order.id) : undefined;
    return this.log.view(order, role, { history });
  }

  async listMine(userId: string, q: { before?: string; limit: number }) {
    const rows = await repo.listForCustomer(this.d.platform.db, userId, { before: q.before, limit: q.limit + 1 });
    const page = rows.slice(0, q.limit);
    return { items: await Promise.all(page.map((o) => this.log.view(o, 'customer'))), next: rows.length > q.limit ? page[page.length - 1].id : null };
  }

  async search(q: { status?: OrderStatus; q?: string; cityId?: string; limit: number; offset: number }) {
    const rows = await repo.search(this.d.platform.db, q);
    return { items: await Promise.all(rows.map((o) => this.log.view(o, 'ops'))), next: null };
  }

  /**
   * OPS-3: how a city's orders went over the last `days` days (1: by local hour, else by local
   * day, in the city's time zone): totals by outcome, by service, per bucket, the fares of the
   * completed ones, the share cancelled and the median wait for a provider to accept.
   */
  async dashboard(q: { cityId: string; days: number }) {
    const city = await this.d.catalog.city(q.cityId);
    const to = this.d.platform.clock.now();
    const from = new Date(to.getTime() - q.days * 86_400_000);
    const unit: 'hour' | 'day' = q.days === 1 ? 'hour' : 'day';
    const d = await repo.dashboard(this.d.platform.db, { cityId: city.id, from, to, timeZone: city.timeZone, unit });
    const count = (...ss: OrderStatus[]) => d.byStatus.filter((r) => ss.includes(r.status)).reduce((a, r) => a + Number(r.n), 0);
    const total = count(...d.byStatus.map((r) => r.status));
    const cancelled = count('cancelled', 'no_show', 'expired');
    return {
      cityId: city.id, timeZone: city.timeZone, from: from.toISOString(), to: to.toISOString(), unit,
      totals: {
        orders: total, completed: count('completed', 'returned'), cancelled, open: total - count('completed', 'returned') - cancelled,
        expired: count('expired'), cancelledPercent: total ? Math.round((cancelled / total) * 1000) / 10 : 0,
        completedFareRials: d.byStatus.filter((r) => r.status === 'completed' || r.status === 'returned').reduce((a, r) => a + BigInt(r.fares), 0n).toString(),
      },
      acceptSecondsMedian: d.acceptSecondsMedian === null ? null : Math.round(d.acceptSecondsMedian),
      byStatus: d.byStatus.map((r) => ({ status: r.status, orders: Number(r.n) })).sort((a, b) => b.orders - a.orders),
      byService: d.byService.map((r) => ({ serviceCode: r.service_code, orders: Number(r.n), completed: Number(r.completed) })),
      buckets: d.buckets.map((b) => ({ at: b.at, created: Number(b.created), completed: Number(b.completed), cancelled: Number(b.cancelled) })),
    };
  }

  /**
   * Places an order from the caller's own unexpired quote (consumed in the statement that writes
   * the order, so a quote makes one order). The same Idempotency-Key returns the same order.
   */
  async create(userId: string, body: CreateOrderBody, idempotencyKey?: string): Promise<{ order: OrderRow; replayed: boolean }> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) throw validation(E.IDEMPOTENCY_KEY_INVALID, 'Idempotency-Key must be 8-100 letters, digits or - _ . :');
    const quote = await this.d.pricing.peek(userId, body.quoteId);
    // A replay finds its quote used by the key's order. A key sent again with an unused quote gets
    // IDEMPOTENCY_KEY_REUSED from the catch below (the key's unique index refuses the insert).
    const earlier = idempotencyKey && quote.usedAt ? await this.replay(userId, idempotencyKey, body.quoteId) : null;
    if (earlier) return { order: earlier, replayed: true };
    await this.d.accounts.assertCanOrder(userId);
    if (quote.changeOfOrderId) throw validation(E.QUOTE_MISMATCH, 'This quote is for a change of an order, not a new order', { field: 'quoteId' });
    if (quote.usedAt) throw conflict('QUOTE_USED', 'This quote has already been used');
    if (quote.expiresAt <= this.d.platform.clock.now()) throw conflict('QUOTE_EXPIRED', 'This quote has expired; ask for a new one');
    const fields = await this.orderFields(userId, body, quote);
    try {
      const order = await this.insertOrder(userId, quote, fields, idempotencyKey);
      // The first round's row (offered) answers without reading the order again.
      const latest = order.status === 'requested' ? await this.startDispatch(order.id, order) : order;
      return { order: latest ?? (await this.get(order.id)) ?? order, replayed: false };
    } catch (err) {
      if (!idempotencyKey) throw err;
      // The key's order exists: a concurrent request with the same key won the quote (answer with
      // its order), or the key was used for another quote (IDEMPOTENCY_KEY_REUSED).
      const keyTaken = isUniqueViolation(err, 'orders_idempotency_unique');
      const again = await this.replay(userId, idempotencyKey, body.quoteId).catch((e) => { if (keyTaken) throw e; return null; });
      if (again) return { order: again, replayed: true };
      throw err;
    }
  }

  private async replay(userId: string, key: string, quoteId: string): Promise<OrderRow | null> {
    const o = await repo.byIdempotencyKey(this.d.platform.db, userId, key);
    if (o && o.quoteId !== quoteId) throw conflict(E.IDEMPOTENCY_KEY_REUSED, 'This Idempotency-Key was used for another order');
    return o ?? null;
  }

  async restartDispatch(orderId: string) { await this.startDispatch(orderId); }

  async assignDirectly(order: OrderRow, actor: Actor, providerId: string, reason: string): Promise<OrderRow> {
    if (!this.dispatch) throw new Error('dispatch is not wired');
    return this.dispatch.assign(order, actor, providerId, reason);
  }

  private async planFirstRound(draft: OrderDraft): Promise<FirstRound | null> {
    try {
      return (await this.dispatch?.planFirstRound(draft)) ?? null;
    } catch (err) {
      // The order is written requested; start() searches as usual.
      this.d.platform.log.error({ err, orderId: draft.id }, 'planning the first dispatch round failed');
      return null;
    }
  }

  private async startDispatch(orderId: string, fresh?: OrderRow): Promise<OrderRow | undefined> {
    try {
      return await this.dispatch?.start(orderId, fresh);
    } catch (err) {
      // The order stands; the dispatch round job or ops pick it up.
      this.d.platform.log.error({ err, orderId }, 'dispatch start failed');
      return undefined;
    }
  }

  /** Checks the request against the quote's service and turns it into order fields (nothing written). */
  private async orderFields(userId: string, body: CreateOrderBody, quote: QuoteLike): Promise<Partial<OrderInsert> & { kind: OrderKind }> {
    const service = (await this.d.catalog.services()).find((s) => s.code === quote.serviceCode);
    const kind = service?.kind as OrderKind | undefined;
    if (!service || !kind || !ORDERABLE.includes(kind)) throw validation(E.ORDER_KIND_UNSUPPORTED, 'This service cannot be ordered here yet', { serviceCode: quote.serviceCode });
    const scope = { cityId: quote.cityId, serviceId: service.id };
    const scheduledAt = this.scheduleOf(body.scheduledAt ?? quote.scheduledAt ?? null, scope);
    // An order placed now starts searching at once: its search deadline is written with it (a scheduled one gets it when its search starts).
    const searchDeadline = scheduledAt ? null : new Date(this.d.platform.clock.now().getTime() + this.d.settings.get('dispatch.searchLimitSeconds', scope) * 1000);
    const companyId = await this.companyOf(userId, body);
    return { ...(await this.kindFields(userId, body, quote, kind, scope)), scheduledAt, searchDeadline, paymentMethod: body.paymentMethod, companyId };
  }

  /** ACC-3: an order paid by a company names a company the customer is an active member of. */
  private async companyOf(userId: string, body: CreateOrderBody): Promise<string | null> {
    if (body.paymentMethod !== 'company') {
      if (body.companyId) throw validation(E.COMPANY_NOT_ALLOWED, 'companyId goes with paymentMethod company', { field: 'companyId' });
      return null;
    }
    if (!body.companyId) throw validation(E.COMPANY_REQUIRED, 'Name the company that pays', { field: 'companyId' });
    const memberships = this.d.companies ? await this.d.companies.membership(userId) : [];
    if (!memberships.some((m) => m.companyId === body.companyId)) throw forbidden(E.NOT_A_COMPANY_MEMBER, 'You do not order for this company', { field: 'companyId' });
    return body.companyId;
  }

  private async kindFields(userId: string, body: CreateOrderBody, quote: QuoteLike, kind: OrderKind, scope: { cityId: string; serviceId: string }): Promise<Partial<OrderInsert> & { kind: OrderKind }> {
    if (kind === 'parcel') {
      if (body.passengers) throw validation(E.PARCEL_NO_PASSENGERS, 'A parcel order carries no passengers', { field: 'passengers' });
      if (body.guestId) throw validation(E.GUEST_RIDES_ONLY, 'Guests ride; they do not send parcels', { field: 'guestId' });
      if (!body.parcel) throw validation(E.PARCEL_DETAILS_REQUIRED, 'Describe the parcel and its recipient', { field: 'parcel' });
      const parcel = validateParcel(body.parcel, {
        maxValueRials: this.d.settings.rials('parcel.maxDeclaredValueRials', scope), forbidden: this.d.settings.get('parcel.forbiddenCategories'),
      });
      const payer = body.parcel.payer ?? 'sender';
      if (payer === 'recipient' && body.paymentMethod !== 'cash') throw validation(E.PARCEL_RECIPIENT_PAYS_CASH, 'A recipient pays in cash', { field: 'paymentMethod' });
      return { kind, passengers: 0, parcel, payer, guest: null };
    }
    if (body.parcel) throw validation(E.PARCEL_DETAILS_NOT_ALLOWED, 'Only parcel orders take parcel details', { field: 'parcel' });
    const passengers = body.passengers ?? 1;
    const capacity = (this.d.settings.get('order.passengerCapacity', scope) as Record<string, number>)[quote.serviceCode] ?? 1;
    if (passengers < 1) throw validation(E.PASSENGERS_REQUIRED, 'A ride carries at least one passenger', { field: 'passengers' });
    if (passengers > capacity) throw validation(E.PASSENGERS_OVER_CAPACITY, `This service carries at most ${capacity} passengers`, { field: 'passengers', capacity });
    return { kind, passengers, parcel: null, payer: 'sender', guest: await this.guestOf(userId, body.guestId) };
  }

  /** ACC-6: a ride for one of my guests (name + mobile, no account). */
  private async guestOf(userId: string, guestId: string | undefined) {
    if (!guestId) return null;
    const g = (await this.d.accounts.listGuests(userId)).find((x) => x.id === guestId);
    if (!g) throw notFound(E.GUEST_NOT_FOUND, 'No such guest', { field: 'guestId' });
    return { id: g.id, name: g.name, mobile: g.mobile };
  }

  private scheduleOf(at: string | Date | null, scope: { cityId: string; serviceId: string }): Date | null {
    if (!at) return null;
    const when = new Date(at);
    const now = this.d.platform.clock.now().getTime();
    const lead = this.d.settings.get('order.scheduleLeadMinutes', scope) * 60_000;
    const maxMs = this.d.settings.get('order.scheduleMaxDays', { cityId: scope.cityId }) * 86_400_000;
    if (Number.isNaN(when.getTime()) || when.getTime() < now + lead || when.getTime() > now + maxMs) {
      throw validation(E.SCHEDULE_INVALID, 'A scheduled order must be at least the lead time and at most the limit ahead', { field: 'scheduledAt' });
    }
    return when;
  }

  /**
   * Writes the order with its history, consuming its quote, and (placed now) its first round's
   * offers and timeout job, or (scheduled) the job that starts it: one statement, so one round
   * trip and no transaction; a transaction only when the quote's promotion is redeemed with it.
   */
  private async insertOrder(userId: string, quote: QuoteLike, f: Partial<OrderInsert> & { kind: OrderKind }, idempotencyKey?: string): Promise<OrderRow> {
    const now = this.d.platform.clock.now();
    const id = newId('ord', now.getTime());
    const requested = !f.scheduledAt;
    const draft: OrderDraft = { id, kind: f.kind, serviceCode: quote.serviceCode, cityId: quote.cityId, customerId: userId, origin: quote.origin, passengers: f.passengers ?? 0 };
    // Placed now, the order is written already offered to the first round's providers when there are any.
    const plan = requested ? await this.planFirstRound(draft) : null;
    const status = requested ? 'requested' as const : 'scheduled' as const;
    const events = [this.log.eventRow(id, now, { type: 'created', from: null, to: status, actor: { id: userId, role: 'customer' }, where: quote.origin, data: { quoteId: quote.id } })];
    if (plan) events.push(this.log.eventRow(id, now, { type: 'offered', from: 'requested', to: 'offered', actor: SYSTEM, data: { round: 1, providers: plan.providerIds } }));
    const row = {
      ...f, id, serviceCode: quote.serviceCode, cityId: quote.cityId, customerId: userId, providerId: null,
      status: plan ? 'offered' : status, dispatchRound: plan ? 1 : 0, origin: quote.origin, destination: quote.destination, stops: quote.stops,
      distanceMeters: quote.distanceMeters, durationSeconds: quote.durationSeconds, priceRials: quote.priceRials, discountRials: quote.hold ? quote.hold.discountRials : 0n,
      promotionId: quote.hold ? quote.hold.promotionId : null, paymentMethod: f.paymentMethod ?? 'wallet', companyId: f.companyId ?? null, idempotencyKey: idempotencyKey ?? null,
      createdAt: now, updatedAt: now,
    } as Omit<OrderInsert, 'quoteId'>;
    // ORD-17: a scheduled order starts its search the lead time before it is due.
    const job: JobInput | undefined = plan ? plan.job : f.scheduledAt
      ? { kind: 'orders.start_scheduled', runAt: new Date(f.scheduledAt.getTime() - this.d.settings.get('order.scheduleLeadMinutes', { cityId: quote.cityId }) * 60_000), payload: { orderId: id }, key: id }
      : undefined;
    const consumption = { quoteId: quote.id, userId, orderId: id, now };
    const offers: OfferRow[] = (plan?.offers ?? []).map((o) => ({ ...o, respondedAt: null }) as OfferRow);
    // PAY-4: the discount the quote showed is redeemed with the order (released if it is cancelled), in its transaction.
    const write = quote.hold ? inTransaction : autocommit;
    try {
      const order = await write(this.d.platform, async (db, after) => {
        const order = await repo.placeOrder(db, { quote: consumption, row, events, offers: plan?.offers ?? [], job, now });
        if (quote.hold) await this.d.promotions.redeem(db, { ...quote.hold, reference: { type: 'order', id }, idempotencyKey: `order:${id}:promotion` });
        if (plan) after.run(() => this.dispatch!.publishFirstRound(order, offers));
        after.run(() => this.log.announce(order, null));
        return order;
      });
      this.d.pricing.consumed(quote.id);
      return order;
    } catch (err) {
      // quote_id is left null when the quote could not be consumed (placeOrder): say why, once the statement is rolled back.
      if (isNotNullViolation(err, 'quote_id')) await this.d.pricing.consumeRefused(this.d.platform.db, consumption);
      throw err;
    }
  }

  private async startScheduled(orderId: string) {
    const o = await this.get(orderId);
    if (!o || o.status !== 'scheduled') return;
    await inTransaction(this.d.platform, (tx, after) => this.log.change(tx, after, o, { to: 'requested', actor: SYSTEM, type: 'schedule_due' }));
    await this.startDispatch(orderId);
  }

  /**
   * ORD-6: free before a provider accepts; after acceptance or arrival the cancellation fee goes
   * to the provider (less commission). Not once the trip has started.
   */
  async cancelByCustomer(userId: string, orderId: string, reason: string) {
    const order = await this.ownOrder(userId, orderId);
    const feeDue = order.status === 'accepted' || order.status === 'arrived';
    if (!feeDue && !['scheduled', ...SEARCHING].includes(order.status)) throw conflict(E.ORDER_STATE_CONFLICT, `An order that is ${order.status} cannot be cancelled`, { status: order.status });
    const fee = feeDue ? this.d.pricing.cancellationFeeRials(order.cityId, order.serviceCode) : 0n;
    return this.end(order, { to: 'cancelled', actor: { id: userId, role: 'customer' }, reasonCode: 'CUSTOMER_CANCELLED', note: reason, feeRials: fee, feeKind: 'cancellation' });
  }

  async cancelByOps(actor: Actor, orderId: string, reason: string) {
    const order = await this.get(orderId);
    if (!order) throw notFound(E.ORDER_NOT_FOUND, 'No such order');
    if (TERMINAL.has(order.status) || order.status === 'in_progress' || order.status === 'returning') {
      throw conflict(E.ORDER_STATE_CONFLICT, `An order that is ${order.status} cannot be cancelled`, { status: order.status });
    }
    return this.end(order, { to: 'cancelled', actor, reasonCode: 'OPS_CANCELLED', note: reason, feeRials: 0n, feeKind: 'cancellation' });
  }

  /**
   * Ends an order without a completed trip (cancelled, no-show, expired): offers and jobs stop,
   * the promotion use is given back, a fee (if any) is charged, the provider is free again.
   */
  async end(order: OrderRow, e: { to: 'cancelled' | 'no_show' | 'expired'; actor: Actor; reasonCode: string; note?: string; feeRials: bigint; feeKind: 'cancellation' | 'no_show'; where?: { lat: number; lng: number } | null }) {
    const now = this.d.platform.clock.now();
    const row = await inTransaction(this.d.platform, async (tx, after) => {
      const ended = await this.log.change(tx, after, order, {
        to: e.to, actor: e.actor, where: e.where, data: { reason: e.reasonCode, note: e.note ?? null, feeRials: e.feeRials.toString() },
        set: { endedAt: now, endReason: e.reasonCode, endedBy: e.actor.id, feeRials: e.feeRials },
      });
      await this.dispatch?.stop(tx, ended);
      await this.d.platform.jobs.cancel(tx, 'orders.start_scheduled', order.id);
      await this.d.promotions.release(tx, { reference: { type: 'order', id: order.id } });
      const receiptId = await chargeOrderFee(tx, this.d, ended, e.feeRials, e.feeKind);
      if (receiptId) await repo.setFields(tx, order.id, { receiptId });
      if (order.providerId) after.run(() => this.d.tracking.setBusy(order.providerId!, null));
      return { ...ended, receiptId: receiptId ?? ended.receiptId };
    });
    return row;
  }

  /** ORD-3 / ORD-5: a re-quote of the job (new destination, extra stop, paid waiting); nothing applies until confirmed. */
  async requestChange(userId: string, orderId: string, c: { newDestination?: { lat: number; lng: number }; addStop?: { lat: number; lng: number }; waitingMinutes?: number }) {
    const order = await this.ownOrder(userId, orderId);
    if (TERMINAL.has(order.status) || order.status === 'returning' || order.status === 'scheduled') {
      throw conflict(E.CHANGE_NOT_ALLOWED, `An order that is ${order.status} cannot be changed`, { status: order.status });
    }
    if (c.waitingMinutes) this.assertWaitAllowed(order, c.waitingMinutes);
    const quote = await this.d.pricing.quoteChange(userId, {
      order: { id: order.id, cityId: order.cityId, serviceCode: order.serviceCode, origin: order.origin, destination: order.destination, stops: order.stops, priceRials: order.priceRials, startedAt: order.startedAt },
      newDestination: c.newDestination, addStop: c.addStop, waitingMinutes: c.waitingMinutes,
    });
    return { quote, order };
  }

  private assertWaitAllowed(order: OrderRow, minutes: number) {
    if (order.kind !== 'ride' || !['accepted', 'arrived'].includes(order.status)) throw conflict(E.CHANGE_NOT_ALLOWED, 'Waiting time can be added to an accepted ride before it starts');
    const max = this.d.settings.get('order.maxPaidWaitMinutes', { cityId: order.cityId });
    if (order.paidWaitSeconds / 60 + minutes > max) throw validation(E.CHANGE_NOT_ALLOWED, `At most ${max} minutes of paid waiting per order`, { field: 'minutes', max });
  }

  /** The customer confirms a change quote: the new price, route and waiting apply (guarded on the version). */
  async confirmChange(userId: string, orderId: string, quoteId: string) {
    const order = await this.ownOrder(userId, orderId);
    const quote = await this.d.pricing.get(userId, quoteId);
    if (quote.changeOfOrderId !== order.id) throw validation(E.QUOTE_MISMATCH, 'This quote is not a change of this order', { field: 'quoteId' });
    const waitSeconds = (quote.waitingMinutes ?? 0) * 60;
    if (waitSeconds) this.assertWaitAllowed(order, quote.waitingMinutes!);
    return inTransaction(this.d.platform, async (tx, after) => {
      const q = await this.d.pricing.consume(tx, { userId, quoteId, orderId: order.id });
      return this.log.change(tx, after, order, {
        to: order.status, actor: { id: userId, role: 'customer' }, checkVersion: true, type: 'changed',
        data: { quoteId, previousPriceRials: order.priceRials.toString(), priceRials: q.priceRials.toString(), waitingMinutes: quote.waitingMinutes ?? 0 },
        set: {
          priceRials: q.priceRials, destination: q.destination, stops: q.stops, distanceMeters: q.distanceMeters, durationSeconds: q.durationSeconds,
          paidWaitSeconds: order.paidWaitSeconds + waitSeconds,
          freeWaitUntil: order.freeWaitUntil && waitSeconds ? new Date(order.freeWaitUntil.getTime() + waitSeconds * 1000) : order.freeWaitUntil,
        },
      });
    });
  }

  private async ownOrder(userId: string, orderId: string): Promise<OrderRow> {
    const o = await this.get(orderId);
    if (!o || o.customerId !== userId) throw notFound(E.ORDER_NOT_FOUND, 'No such order');
    return o;
  }

  /** A guard for support: ORD-9, no damage claim once the recipient signed. */
  async assertDamageClaimAllowed(orderId: string): Promise<void> {
    const o = await this.get(orderId);
    if (o?.pod) throw forbidden(E.DAMAGE_AFTER_SIGNATURE, 'The recipient signed for the parcel; damage had to be declared before signing');
  }

  /** Which provider holds which order now (tracking's busy flags after a restart). */
  async activeJobs(): Promise<Array<{ providerId: string; orderId: string }>> {
    const rows = await repo.activeJobs(this.d.platform.db);
    return rows.flatMap((r) => (r.providerId ? [{ providerId: r.providerId, orderId: r.orderId }] : []));
  }

  /** Open orders per city, for pricing's demand signal. */
  async openOrders(): Promise<Array<{ id: string; cityId: string; origin: { lat: number; lng: number } }>> {
    return repo.openByCity(this.d.platform.db);
  }

}
