import type { Platform } from '../../platform/context.js';
import { inTransaction } from '../../platform/context.js';
import { isUniqueViolation, type Tx } from '../../platform/db.js';
import type { AfterCommit } from '../../platform/events.js';
import { conflict, notFound, validation } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { isRealDate, DEFAULT_TIME_ZONE } from '../../platform/time.js';
import { isLocale } from '../../platform/i18n.js';
import type { AuditService, Actor } from '../ops/audit.service.js';
import type { SettingsService } from '../catalog/settings.service.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { UserCache } from '../identity/index.js';
import { normalizeMobile } from '../identity/index.js';
import type { LedgerService } from '../wallet/index.js';
import type { PaymentsService } from '../payments/index.js';
import type { ReviewsService } from '../reviews/index.js';
import { ErrandErrors as E } from './errands.errors.js';
import { ErrandMoney } from './errands.money.js';
import { errandsRepo as repo } from './errands.repo.js';
import { canMove, cancellationSplit, earliestWantedDate, rulePrice, withinBusinessHours } from './errands.rules.js';
import type { DocumentDelivery, ErrandRow, ErrandServiceRow, ErrandStatus, Names, VolumeTier } from './errands.tables.js';

export interface ErrandsDeps {
  platform: Platform;
  settings: SettingsService;
  audit: AuditService;
  catalog: CatalogService;
  notifications: NotificationsService;
  users: UserCache;
  ledger: LedgerService;
  payments: PaymentsService;
  reviews: ReviewsService;
}

export interface Viewer { id: string; roles: readonly string[] }

export interface RequestInput {
  serviceCode: string;
  quantity: number;
  description: string;
  address: string;
  /** Gregorian YYYY-MM-DD in the city's calendar. */
  wantedDate: string;
  documentDelivery: DocumentDelivery;
}

export interface ServiceInput {
  category: string; names: Names; priceMode: 'rule' | 'quote'; baseRials: bigint; perItemRials: bigint; leadDays: number;
  requiredDocuments: Names[]; powerOfAttorney: boolean; volumeTiers: VolumeTier[]; active: boolean; sortOrder: number;
}

/** ERR-5: what the customer's SMS says at each major step. */
const STEP_TEXT: Partial<Record<ErrandStatus, Names>> = {
  requested: { fa: 'ثبت شد و در حال بررسی است', ar: 'تم التسجيل وهو قيد المراجعة', en: 'received and under review' },
  infeasible: { fa: 'امکان انجام ندارد', ar: 'غير ممكن التنفيذ', en: 'cannot be done' },
  quoted: { fa: 'قیمت اعلام شد؛ برای شروع پرداخت کنید', ar: 'تم تحديد السعر؛ ادفع للبدء', en: 'priced; pay to start' },
  paid: { fa: 'پرداخت شد', ar: 'تم الدفع', en: 'paid' },
  assigned: { fa: 'به کارپرداز سپرده شد', ar: 'تم إسناده إلى مساعد', en: 'assigned to an assistant' },
  dispatched: { fa: 'کارپرداز اعزام شد', ar: 'انطلق المساعد', en: 'the assistant is on the way' },
  done: { fa: 'انجام شد', ar: 'تم الإنجاز', en: 'done' },
  failed: { fa: 'انجام نشد', ar: 'لم يتم', en: 'could not be completed' },
  cancelled: { fa: 'لغو شد', ar: 'أُلغي', en: 'cancelled' },
};

export const errandView = (e: ErrandRow) => ({
  id: e.id, customerId: e.customerId, serviceCode: e.serviceCode, category: e.category, cityId: e.cityId, channel: e.channel,
  quantity: e.quantity, description: e.description, address: e.address, wantedDate: e.wantedDate, documentDelivery: e.documentDelivery,
  status: e.status, priceRials: e.priceRials === null ? null : String(e.priceRials), paidRials: String(e.paidRials),
  refundedRials: String(e.refundedRials), costSoFarRials: String(e.costSoFarRials), assistantId: e.assistantId, reason: e.reason,
  failureReview: e.failureReview, rating: e.rating, paymentPending: e.pendingPaymentId !== null && e.status === 'quoted',
  createdAt: e.createdAt.toISOString(), updatedAt: e.updatedAt.toISOString(),
});
export type ErrandView = ReturnType<typeof errandView>;

const OPS = ['ops_agent', 'ops_admin'];
const isOps = (v: Viewer) => v.roles.some((r) => OPS.includes(r));

/**
 * ERR-1..ERR-7, CLM-3: errands from the request to done or failed. Every status change is a
 * guarded update plus a history row; money moves through the ledger (ErrandMoney).
 */
export class ErrandsService {
  readonly money: ErrandMoney;
  constructor(readonly d: ErrandsDeps) {
    this.money = new ErrandMoney(d.ledger);
  }

  private get db() { return this.d.platform.db; }
  private now() { return this.d.platform.clock.now(); }

  // ---- ERR-1 / ERR-6 catalogue ----
  listServices(all = false) { return repo.services(this.db, !all); }

  async upsertService(actor: Actor, code: string, input: ServiceInput): Promise<ErrandServiceRow> {
    return inTransaction(this.d.platform, async (tx) => {
      const before = await repo.service(tx, code);
      const [row] = await repo.upsertService(tx, { code, ...input, updatedAt: this.now() });
      await this.d.audit.record(tx, actor, { action: 'errand.service.upsert', targetType: 'errand_service', targetId: code, before: before ? serviceAudit(before) : null, after: serviceAudit(row) });
      return row;
    });
  }

  private async activeService(code: string): Promise<ErrandServiceRow> {
    const s = await repo.service(this.db, code);
    if (!s) throw notFound(E.SERVICE_NOT_FOUND, 'No such errand service');
    if (!s.active) throw validation(E.SERVICE_INACTIVE, 'This errand service is not offered now');
    return s;
  }

  // ---- ERR-2 requests ----
  async timeZoneOf(cityId: string | null | undefined): Promise<string> {
    if (!cityId) return DEFAULT_TIME_ZONE;
    return (await this.d.catalog.city(cityId).catch(() => null))?.timeZone ?? DEFAULT_TIME_ZONE;
  }

  /** ERR-2: whether the phone channel is staffed now (the ops screen warns outside the hours). */
  async phoneHours(cityId?: string | null) {
    const hours = this.d.settings.get('errands.businessHours', { cityId });
    return { open: withinBusinessHours(this.now(), await this.timeZoneOf(cityId), hours), ...hours };
  }

  /** ERR-2: a request on the web (24/7) by the customer. */
  async request(viewer: Viewer, input: RequestInput, idempotencyKey?: string): Promise<{ errand: ErrandRow; replayed: boolean }> {
    if (idempotencyKey) {
      const first = await repo.byIdempotencyKey(this.db, viewer.id, idempotencyKey);
      if (first) return { errand: first, replayed: true };
    }
    try {
      return { errand: await this.createFor(viewer.id, input, 'web', { id: viewer.id, roles: [...viewer.roles] }, idempotencyKey), replayed: false };
    } catch (err) {
      // Two concurrent retries with one key: the loser returns the winner's errand.
      const first = idempotencyKey && isUniqueViolation(err) ? await repo.byIdempotencyKey(this.db, viewer.id, idempotencyKey) : undefined;
      if (first) return { errand: first, replayed: true };
      throw err;
    }
  }

  /** ERR-2: an ops agent records a phone caller's request (audited). */
  async requestByPhone(actor: Actor, mobileInput: string, input: RequestInput): Promise<{ errand: ErrandRow; withinHours: boolean }> {
    const mobile = normalizeMobile(mobileInput);
    const customer = mobile ? await repo.userByMobile(this.db, mobile) : undefined;
    if (!customer) throw notFound(E.CUSTOMER_NOT_FOUND, 'No customer account has this mobile number');
    const { open } = await this.phoneHours(customer.cityId);
    const errand = await this.createFor(customer.id, input, 'phone', actor);
    return { errand, withinHours: open };
  }

  private async createFor(customerId: string, input: RequestInput, channel: 'web' | 'phone', actor: Actor, idempotencyKey?: string): Promise<ErrandRow> {
    const service = await this.activeService(input.serviceCode);
    const customer = await this.d.users.get(customerId);
    if (!customer) throw notFound(E.CUSTOMER_NOT_FOUND, 'No such customer');
    const cityId = customer.cityId ?? 'cty_tabriz';
    await this.checkWantedDate(input.wantedDate, service.leadDays, cityId);
    const now = this.now();
    return inTransaction(this.d.platform, async (tx, after) => {
      const row = await repo.insert(tx, {
        id: newId('err', now.getTime()), customerId, serviceCode: service.code, category: service.category, cityId, channel,
        createdBy: actor.id ?? customerId, quantity: input.quantity, description: input.description, address: input.address,
        wantedDate: input.wantedDate, documentDelivery: input.documentDelivery, status: 'requested', paidRials: 0n, refundedRials: 0n,
        costSoFarRials: 0n, failureReview: 'none', idempotencyKey: idempotencyKey ?? null, createdAt: now, updatedAt: now,
      });
      await repo.addEvent(tx, { id: newId('evt', now.getTime()), errandId: row.id, fromStatus: null, toStatus: 'requested', note: channel, actorId: actor.id, at: now });
      await this.d.reviews.enqueue(tx, { kind: 'errand', subjectId: row.id, subjectUserId: customerId, cityId, title: `${service.names.fa} - ${[customer.firstName, customer.lastName].filter(Boolean).join(' ') || customer.mobile}`, link: `/ops/errands/${row.id}` });
      if (channel === 'phone') await this.d.audit.record(tx, actor, { action: 'errand.request_by_phone', targetType: 'errand', targetId: row.id, after: errandView(row) });
      await this.sms(tx, row, service, 'requested', after);
      return row;
    });
  }

  /** ERR-1: the wanted date is at least the lead time away (the service's, never below the setting), in the city's calendar. */
  private async checkWantedDate(wanted: string, leadDays: number, cityId: string) {
    if (!isRealDate(wanted)) throw validation(E.WANTED_DATE_INVALID, 'The wanted date is not a real day');
    const tz = await this.timeZoneOf(cityId);
    const lead = Math.max(leadDays, this.d.settings.get('errands.minLeadDays'));
    const earliest = earliestWantedDate(this.now(), tz, lead);
    if (wanted < earliest) throw validation(E.WANTED_DATE_TOO_SOON, `The wanted date must be on or after ${earliest}`, { earliest, leadDays: lead });
    const latest = earliestWantedDate(this.now(), tz, this.d.settings.get('errands.maxWantedDays'));
    if (wanted > latest) throw validation(E.WANTED_DATE_TOO_FAR, `The wanted date must be on or before ${latest}`, { latest });
  }

  // ---- loading with ownership ----
  /** The customer's own errand; another user's is 404. Ops see every errand. */
  async forViewer(viewer: Viewer, id: string): Promise<ErrandRow> {
    const e = await repo.byId(this.db, id);
    if (!e || (e.customerId !== viewer.id && !isOps(viewer))) throw notFound(E.NOT_FOUND, 'No such errand');
    return e;
  }

  async forAssistant(viewer: Viewer, id: string): Promise<ErrandRow> {
    const e = await repo.byId(this.db, id);
    if (!e || e.assistantId !== viewer.id) throw notFound(E.NOT_FOUND, 'No such errand');
    return e;
  }

  async forOps(id: string): Promise<ErrandRow> {
    const e = await repo.byId(this.db, id);
    if (!e) throw notFound(E.NOT_FOUND, 'No such errand');
    return e;
  }

  mine(viewer: Viewer) { return repo.ofCustomer(this.db, viewer.id); }
  assigned(viewer: Viewer) { return repo.ofAssistant(this.db, viewer.id); }
  list(statuses?: ErrandStatus[]) { return repo.list(this.db, statuses, 200); }

  /** ERR-5: the timeline: the errand, every step, documents and their custody. */
  async timeline(e: ErrandRow) {
    const [events, documents, custody, service] = await Promise.all([repo.events(this.db, e.id), repo.documents(this.db, e.id), repo.custody(this.db, e.id), repo.service(this.db, e.serviceCode)]);
    return { errand: e, events, documents, custody, service: service! };
  }

  // ---- the state machine ----
  /** Guarded update + history row (+ SMS at major steps). Loses cleanly (409) when the status changed meanwhile. */
  async move(tx: Tx, e: ErrandRow, to: ErrandStatus, set: Partial<ErrandRow>, actorId: string | null, note: string | null, after: AfterCommit): Promise<ErrandRow> {
    if (!canMove(e.status, to)) throw conflict(E.BAD_STATE, `An errand in status ${e.status} cannot become ${to}`, { status: e.status, to });
    const now = this.now();
    const row = await repo.move(tx, e.id, e.status, { ...set, status: to, updatedAt: now });
    if (!row) throw conflict(E.STATE_CHANGED, 'The errand changed meanwhile; reload and try again');
    await repo.addEvent(tx, { id: newId('evt', now.getTime()), errandId: e.id, fromStatus: e.status, toStatus: to, note: note?.slice(0, 500) ?? null, actorId, at: now });
    const service = await repo.service(tx, e.serviceCode);
    if (service && to !== e.status) await this.sms(tx, row, service, to, after);
    return row;
  }

  async sms(tx: Tx, e: ErrandRow, service: ErrandServiceRow, step: ErrandStatus, after: AfterCommit) {
    const text = STEP_TEXT[step];
    if (!text) return;
    const user = await repo.userContact(tx, e.customerId);
    if (!user) return;
    const locale = isLocale(user.locale) ? user.locale : 'fa';
    await this.d.notifications.enqueue(tx, { channel: 'sms', to: user.mobile, userId: user.id, template: 'errand.update', locale, params: { service: service.names[locale], step: text[locale] } }, after);
  }

  /** ERR-3: ops decide feasibility; a rule-priced service is quoted at once (ops may set the price instead). */
  async decideFeasibility(actor: Actor, id: string, input: { feasible: boolean; reason?: string | null; priceRials?: bigint | null }): Promise<ErrandRow> {
    const e = await this.forOps(id);
    const service = (await repo.service(this.db, e.serviceCode))!;
    if (!input.feasible && !input.reason?.trim()) throw validation('REASON_REQUIRED', 'Say why the errand cannot be done');
    return inTransaction(this.d.platform, async (tx, after) => {
      await this.d.reviews.assertMayReview(tx, 'errand', e.id, actor);
      let row: ErrandRow;
      if (!input.feasible) row = await this.move(tx, e, 'infeasible', { reason: input.reason!.trim() }, actor.id, input.reason ?? null, after);
      else {
        const price = input.priceRials ?? (service.priceMode === 'rule' ? rulePrice(service, e.quantity) : null);
        row = price && price > 0n ? await this.move(tx, e, 'quoted', { priceRials: price }, actor.id, 'feasible', after) : await this.move(tx, e, 'feasible', {}, actor.id, null, after);
      }
      await this.d.reviews.resolve(tx, 'errand', e.id, row.status, actor);
      await this.d.audit.record(tx, actor, { action: 'errand.feasibility', targetType: 'errand', targetId: e.id, before: errandView(e), after: errandView(row), reason: input.reason ?? null });
      return row;
    });
  }

  /** ERR-3 / ERR-6: ops quote a feasible errand; without a price the rule (with volume tiers) computes it. */
  async quote(actor: Actor, id: string, priceRials: bigint | null): Promise<ErrandRow> {
    const e = await this.forOps(id);
    const service = (await repo.service(this.db, e.serviceCode))!;
    const price = priceRials ?? (service.priceMode === 'rule' ? rulePrice(service, e.quantity) : null);
    if (!price || price <= 0n) throw validation(E.QUOTE_REQUIRED, 'This service is priced by quote: set the price');
    if (e.status !== 'feasible') throw conflict(E.BAD_STATE, 'Only a feasible errand can be quoted', { status: e.status });
    return inTransaction(this.d.platform, async (tx, after) => {
      const row = await this.move(tx, e, 'quoted', { priceRials: price }, actor.id, null, after);
      await this.d.audit.record(tx, actor, { action: 'errand.quote', targetType: 'errand', targetId: e.id, before: errandView(e), after: errandView(row) });
      return row;
    });
  }

  // ---- paying ----
  /** ERR-3: the customer accepts the quote and pays from the wallet, or starts a card payment at the gateway. */
  async pay(viewer: Viewer, id: string, method: 'wallet' | 'gateway'): Promise<{ errand: ErrandRow; redirectUrl: string | null }> {
    const e = await this.forViewer(viewer, id);
    if (e.customerId !== viewer.id) throw notFound(E.NOT_FOUND, 'No such errand');
    if (e.status !== 'quoted') throw conflict(E.BAD_STATE, 'Only a quoted errand can be paid', { status: e.status });
    if (method === 'wallet') return { errand: await this.settleFromWallet(e, viewer.id), redirectUrl: null };
    // The card payment tops up the wallet; its success event then pays the errand from it.
    const started = await this.d.payments.startTopup(viewer.id, e.priceRials!);
    const row = await repo.move(this.db, e.id, 'quoted', { pendingPaymentId: started.paymentId, updatedAt: this.now() });
    if (!row) throw conflict(E.STATE_CHANGED, 'The errand changed meanwhile; reload and try again');
    return { errand: row, redirectUrl: started.redirectUrl };
  }

  private settleFromWallet(e: ErrandRow, actorId: string | null): Promise<ErrandRow> {
    return inTransaction(this.d.platform, async (tx, after) => {
      await this.money.payFromWallet(tx, e, e.priceRials!);
      return this.move(tx, e, 'paid', { paidRials: e.priceRials!, pendingPaymentId: null }, actorId, null, after);
    });
  }

  /** A gateway payment of an errand succeeded (the money is in the wallet now): pay the errand from it. */
  async onPaymentSucceeded(paymentId: string): Promise<void> {
    const e = await repo.byPendingPayment(this.db, paymentId);
    if (!e || e.status !== 'quoted') return;
    await this.settleFromWallet(e, e.customerId).catch((err) => this.d.platform.log.warn({ err, errandId: e.id }, 'errand not paid after gateway payment; the money stays in the wallet'));
  }

  // ---- cancellation (ERR-7) ----
  /** ERR-7 by the customer: free before start, follow-up fee before dispatch, cost so far after. */
  async cancel(viewer: Viewer, id: string, reason: string): Promise<ErrandRow> {
    const e = await this.forViewer(viewer, id);
    if (e.customerId !== viewer.id) throw notFound(E.NOT_FOUND, 'No such errand');
    return this.cancelErrand(e, { id: viewer.id, roles: [...viewer.roles] }, reason, false);
  }

  async opsCancel(actor: Actor, id: string, reason: string): Promise<ErrandRow> {
    return this.cancelErrand(await this.forOps(id), actor, reason, true);
  }

  private cancelErrand(e: ErrandRow, actor: Actor, reason: string, audited: boolean): Promise<ErrandRow> {
    if (!canMove(e.status, 'cancelled')) throw conflict(E.BAD_STATE, `An errand in status ${e.status} cannot be cancelled`, { status: e.status });
    const policy = {
      followUpFeeRials: this.d.settings.rials('errands.followUpFeeRials', { cityId: e.cityId }),
      costPercentDispatched: this.d.settings.get('errands.costSoFarPercent', { cityId: e.cityId }).dispatched,
      costPercentInProgress: this.d.settings.get('errands.costSoFarPercent', { cityId: e.cityId }).in_progress,
    };
    return inTransaction(this.d.platform, async (tx, after) => {
      const locked = await repo.lock(tx, e.id);
      if (!locked || locked.status !== e.status) throw conflict(E.STATE_CHANGED, 'The errand changed meanwhile; reload and try again');
      const split = cancellationSplit(locked.status, locked, policy);
      let row = await this.move(tx, locked, 'cancelled', { reason: reason.slice(0, 500), costSoFarRials: split.keptRials, pendingPaymentId: null }, actor.id, reason, after);
      row = await this.money.refund(tx, row, split.refundRials, 'cancel', {});
      await this.d.reviews.resolve(tx, 'errand', e.id, 'cancelled', actor);
      if (audited) await this.d.audit.record(tx, actor, { action: 'errand.cancel', targetType: 'errand', targetId: e.id, before: errandView(e), after: errandView(row), reason });
      return row;
    });
  }

  // ---- CLM-3 ----
  /** CLM-3: ops review a failed errand; when the assistant caused the negative result, part of the price goes back. */
  async reviewFailure(actor: Actor, id: string, input: { assistantAtFault: boolean; refundRials: bigint; reason: string }): Promise<ErrandRow> {
    const e = await this.forOps(id);
    if (e.status !== 'failed' || e.failureReview !== 'open') throw conflict(E.BAD_STATE, 'Only a failed errand awaiting review can be decided', { status: e.status, failureReview: e.failureReview });
    if (!input.assistantAtFault && input.refundRials > 0n) throw validation(E.REFUND_OVER_PAID, 'A refund needs the assistant to be at fault');
    if (input.refundRials > e.paidRials - e.refundedRials) throw validation(E.REFUND_OVER_PAID, 'The refund would exceed what was paid', { leftRials: String(e.paidRials - e.refundedRials) });
    return inTransaction(this.d.platform, async (tx) => {
      await this.d.reviews.assertMayReview(tx, 'errand', e.id, actor);
      const outcome = input.refundRials > 0n ? 'refunded' : 'rejected';
      const guarded = await repo.closeFailureReview(tx, e.id, outcome, this.now());
      if (!guarded) throw conflict(E.STATE_CHANGED, 'The failure was decided meanwhile; reload');
      const row = await this.money.refund(tx, guarded, input.refundRials, 'claim', {});
      await repo.addEvent(tx, { id: newId('evt', this.now().getTime()), errandId: e.id, fromStatus: 'failed', toStatus: 'failed', note: `review: ${outcome} ${input.refundRials}`, actorId: actor.id, at: this.now() });
      await this.d.reviews.resolve(tx, 'errand', e.id, `failure_${outcome}`, actor);
      await this.d.audit.record(tx, actor, { action: 'errand.failure_review', targetType: 'errand', targetId: e.id, before: errandView(e), after: errandView(row), reason: input.reason });
      return row;
    });
  }

  /** The customer rates a done errand once (1-5); the average orders assignment suggestions. */
  async rate(viewer: Viewer, id: string, stars: number): Promise<ErrandRow> {
    const e = await this.forViewer(viewer, id);
    if (e.customerId !== viewer.id) throw notFound(E.NOT_FOUND, 'No such errand');
    if (e.status !== 'done' || e.rating !== null) throw conflict(E.NOT_RATABLE, 'Only a done errand can be rated, once');
    const row = await repo.rate(this.db, e.id, stars, this.now());
    if (!row) throw conflict(E.NOT_RATABLE, 'Only a done errand can be rated, once');
    return row;
  }
}

const serviceAudit = (s: ErrandServiceRow) => ({ ...s, baseRials: String(s.baseRials), perItemRials: String(s.perItemRials) });

