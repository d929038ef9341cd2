import { inTransaction } from '../../platform/context.js';
import type { Tx } from '../../platform/db.js';
import { AppError, conflict, notFound, validation } from '../../platform/errors.js';
import type { AfterCommit } from '../../platform/events.js';
import { newId } from '../../platform/ids.js';
import { isLocale } from '../../platform/i18n.js';
import { PromotionErrors, type CustomerVolumeSource } from '../promotions/index.js';
import { XpoErrors as E } from './payment-orders.errors.js';
import { xpoRepo as repo } from './payment-orders.repo.js';
import { XPO_CATEGORIES, type CheckoutRow, type XpoCategory, type XpoOrderRow } from './payment-orders.tables.js';
import { FOREIGN_AMOUNT, quoteFigures } from './quote-math.js';
import { addWorkingHours } from './working-calendar.js';
import type { Credentials } from './credentials-vault.js';
import {
  CATEGORIES, HOLDING, SERVICE_CODE, calendarOf, customerWallet, sameSignature, signParts, type PaymentOrdersDeps,
} from './payment-orders.shared.js';

export interface QuoteRequest { category: XpoCategory; currency: string; amount: string }
export interface SignedQuote {
  category: XpoCategory; currency: string; amount: string; rateId: string; rialsPerUnit: string;
  subtotalRials: string; feeRials: string; discountRials: string; promotionId: string | null; totalRials: string;
  quantity: number; expiresAt: string; signature: string;
}
export interface NewOrderInput {
  category: XpoCategory; siteName: string; pageUrl: string; currency: string; amount: string; instructions: string;
  credentials?: Credentials | null; quote: SignedQuote;
}
type Payer = { id: string; mobile: string; locale: string } | null;

export interface CheckoutResult { checkoutId: string; status: 'paid' | 'pending'; totalRials: bigint; redirectUrl: string | null; orders: XpoOrderRow[] }

const quoteParts = (userId: string, q: Omit<SignedQuote, 'signature'>) => [userId, q.category, q.currency, q.amount, q.rateId, q.rialsPerUnit,
  q.subtotalRials, q.feeRials, q.discountRials, q.promotionId, q.totalRials, q.quantity, q.expiresAt];

/**
 * XPO-1..XPO-4 and XPO-7, the customer's side: a quote (rate x amount + fee - discount, signed so
 * it cannot be edited), the cart, and one payment for several orders by gateway or wallet.
 * Orders of a customer without verified KYC wait in 'awaiting_verification' until kyc.verified.
 */
export class PaymentOrdersService {
  constructor(private readonly d: PaymentOrdersDeps) {}

  /** Registers the event handlers (gateway payment settled, KYC verified) and the club-tier volume source. */
  subscribe(): void {
    const { events } = this.d.platform;
    events.subscribe('payment.succeeded', (e) => this.onPaymentSucceeded(e.paymentId, e.purpose));
    events.subscribe('kyc.verified', async (e) => { await this.onKycVerified(e.userId); });
    this.d.promotions.setVolumeSource(this.volumeSource());
  }

  categories() {
    return XPO_CATEGORIES.map((code) => ({ code, credentials: CATEGORIES[code].credentials, examples: CATEGORIES[code].examples }));
  }

  async currentRates() {
    const now = this.d.platform.clock.now();
    const out = [];
    for (const currency of this.d.settings.get('paymentOrders.currencies')) {
      const r = await repo.currentRate(this.d.platform.db, currency, now);
      if (r) out.push(r);
    }
    return out;
  }

  /** XPO-3: the price before the cart; consumes nothing. */
  async quote(userId: string, q: QuoteRequest): Promise<SignedQuote> {
    this.assertCategory(q.category);
    if (!this.d.settings.get('paymentOrders.currencies').includes(q.currency)) throw validation(E.CURRENCY_UNSUPPORTED, 'This currency is not accepted', { field: 'currency' });
    if (!FOREIGN_AMOUNT.test(q.amount) || Number(q.amount) <= 0) throw validation(E.AMOUNT_OUT_OF_RANGE, 'The amount must be above zero with at most two decimals', { field: 'amount' });
    const now = this.d.platform.clock.now();
    const rate = await repo.currentRate(this.d.platform.db, q.currency, now);
    if (!rate) throw conflict(E.NO_RATE, 'There is no valid rate for this currency right now; try again later', { currency: q.currency });
    const fig = quoteFigures(q.amount, rate.rialsPerUnit, this.d.settings.get('paymentOrders.feeTiers'));
    const min = this.d.settings.rials('paymentOrders.minOrderRials');
    const max = this.d.settings.rials('paymentOrders.maxOrderRials');
    if (fig.totalRials < min || fig.totalRials > max) throw validation(E.AMOUNT_OUT_OF_RANGE, 'The order total is outside the allowed range', { minRials: String(min), maxRials: String(max), totalRials: String(fig.totalRials) });
    const quantity = (await repo.countInCart(this.d.platform.db, userId)) + 1;
    const adj = await this.discount(userId, fig.totalRials, quantity);
    const ttlEnd = now.getTime() + this.d.settings.get('paymentOrders.quoteTtlSeconds') * 1000;
    const unsigned = {
      category: q.category, currency: q.currency, amount: q.amount, rateId: rate.id, rialsPerUnit: rate.rialsPerUnit,
      subtotalRials: String(fig.subtotalRials), feeRials: String(fig.feeRials), discountRials: String(adj.discountRials), promotionId: adj.promotionId,
      totalRials: String(adj.finalRials), quantity, expiresAt: new Date(Math.min(ttlEnd, rate.validUntil.getTime())).toISOString(),
    };
    return { ...unsigned, signature: signParts(this.d.platform.config.jwtSecret, 'quote', quoteParts(userId, unsigned)) };
  }

  /** XPO-2 / XPO-4: an order with its form goes into the cart at the quoted price. */
  async addToCart(userId: string, input: NewOrderInput): Promise<XpoOrderRow> {
    this.assertCategory(input.category);
    const q = input.quote;
    const { signature, ...unsigned } = q;
    const expected = signParts(this.d.platform.config.jwtSecret, 'quote', quoteParts(userId, unsigned));
    if (!sameSignature(signature, expected) || q.category !== input.category || q.currency !== input.currency || q.amount !== input.amount) {
      throw validation(E.QUOTE_TAMPERED, 'This quote was changed or belongs to another order; ask for a new quote');
    }
    const now = this.d.platform.clock.now();
    if (now >= new Date(q.expiresAt)) throw conflict(E.QUOTE_EXPIRED, 'This quote has expired; ask for a new one', { expiresAt: q.expiresAt });
    const rate = await repo.rateById(this.d.platform.db, q.rateId);
    if (!rate || now >= rate.validUntil) throw conflict(E.RATE_EXPIRED, 'The exchange rate of this quote is no longer valid; ask for a new quote');
    const creds = input.credentials ?? null;
    if (CATEGORIES[input.category].credentials === 'required' && !creds) throw validation(E.CREDENTIALS_REQUIRED, 'This kind of order needs your username and password on the target site', { field: 'credentials' });
    const max = this.d.settings.get('paymentOrders.maxCartItems');
    const id = newId('xpo', now.getTime());
    const sealed = creds ? this.d.vault.seal(id, creds) : null;
    return inTransaction(this.d.platform, async (tx) => {
      if ((await repo.countInCart(tx, userId)) >= max) throw conflict(E.CART_FULL, 'The cart is full; pay for it first', { maxItems: max });
      const order = await repo.insertOrder(tx, {
        id, userId, category: input.category, siteName: input.siteName, pageUrl: input.pageUrl, currency: q.currency, amount: q.amount,
        instructions: input.instructions, hasCredentials: !!sealed, rateId: q.rateId, rialsPerUnit: q.rialsPerUnit,
        subtotalRials: BigInt(q.subtotalRials), feeRials: BigInt(q.feeRials), discountRials: BigInt(q.discountRials), promotionId: q.promotionId,
        totalRials: BigInt(q.totalRials), status: 'in_cart', paidRials: 0n, refundedRials: 0n, createdAt: now, updatedAt: now,
      });
      if (sealed) await repo.putCredentials(tx, { orderId: id, ...sealed, createdAt: now });
      return order;
    });
  }

  async mine(userId: string, status?: XpoOrderRow['status']) {
    return repo.ordersOfUser(this.d.platform.db, userId, status);
  }

  /** The owner's order; anyone else gets 404 (XPO orders are private). */
  async getOwn(userId: string, id: string): Promise<XpoOrderRow> {
    const o = await repo.orderById(this.d.platform.db, id);
    if (!o || o.userId !== userId) throw notFound(E.ORDER_NOT_FOUND, 'No such payment order');
    return o;
  }

  /** Takes an order out of the cart; its credentials are erased with it. */
  async remove(userId: string, id: string): Promise<XpoOrderRow> {
    await this.getOwn(userId, id);
    const now = this.d.platform.clock.now();
    return inTransaction(this.d.platform, async (tx) => {
      const o = await repo.transition(tx, id, ['in_cart'], { status: 'removed', updatedAt: now });
      if (!o) throw conflict(E.NOT_IN_CART, 'Only orders still in the cart can be removed');
      await repo.eraseCredentials(tx, id);
      return o;
    });
  }

  /** XPO-4: one payment for the chosen cart orders (all of them by default). */
  async checkout(userId: string, input: { method: 'gateway' | 'wallet'; orderIds?: string[] }): Promise<CheckoutResult> {
    await this.d.accounts.assertCanOrder(userId);
    const orders = await this.cartOrders(userId, input.orderIds);
    const now = this.d.platform.clock.now();
    const expired: string[] = [];
    for (const o of orders) {
      const rate = await repo.rateById(this.d.platform.db, o.rateId);
      if (!rate || now >= rate.validUntil) expired.push(o.id);
    }
    if (expired.length) throw conflict(E.RATE_EXPIRED, 'The exchange rate of some orders has expired; remove them and quote again', { orderIds: expired });
    const total = orders.reduce((s, o) => s + o.totalRials, 0n);
    const id = newId('xpc', now.getTime());
    const base = { id, userId, method: input.method, orderIds: orders.map((o) => o.id), totalRials: total, createdAt: now };
    if (input.method === 'gateway') {
      const started = await this.d.payments.payments.startTopup(userId, total);
      await repo.insertCheckout(this.d.platform.db, { ...base, status: 'pending', paymentId: started.paymentId });
      return { checkoutId: id, status: 'pending', totalRials: total, redirectUrl: started.redirectUrl, orders };
    }
    const kycOk = await this.kycOk(userId);
    const payer = await this.payer(userId);
    const paid = await inTransaction(this.d.platform, async (tx, after) => {
      const checkout = await repo.insertCheckout(tx, { ...base, status: 'pending' });
      return this.pay(tx, after, checkout, kycOk, payer);
    });
    return { checkoutId: id, status: 'paid', totalRials: total, redirectUrl: null, orders: paid };
  }

  private async cartOrders(userId: string, ids?: string[]): Promise<XpoOrderRow[]> {
    const db = this.d.platform.db;
    if (!ids) {
      const cart = await repo.ordersOfUser(db, userId, 'in_cart');
      if (!cart.length) throw validation(E.CART_EMPTY, 'The cart is empty');
      return cart;
    }
    const unique = [...new Set(ids)];
    if (!unique.length) throw validation(E.CART_EMPTY, 'The cart is empty');
    const rows = await repo.ordersByIds(db, unique);
    for (const id of unique) {
      const o = rows.find((r) => r.id === id);
      if (!o || o.userId !== userId) throw notFound(E.ORDER_NOT_FOUND, 'No such payment order', { orderId: id });
      if (o.status !== 'in_cart') throw conflict(E.NOT_IN_CART, 'This order is not in the cart', { orderId: id, status: o.status });
    }
    return rows;
  }

  /**
   * Moves the checkout's total from the wallet to the holding account and the orders on to the
   * queue (or to 'awaiting_verification'), all or nothing. Runs inside the caller's transaction.
   */
  private async pay(tx: Tx, after: AfterCommit, checkout: CheckoutRow, kycOk: boolean, payer: Payer): Promise<XpoOrderRow[]> {
    const now = this.d.platform.clock.now();
    const transfer = await this.d.ledger.transfer(tx, {
      idempotencyKey: `xpo:checkout:${checkout.id}:pay`, reason: 'payment_order.pay', reference: { type: 'xpo_checkout', id: checkout.id },
      legs: [{ from: customerWallet(checkout.userId), to: HOLDING(), amountRials: checkout.totalRials }], forbidOverdraft: true,
    });
    const due = kycOk ? addWorkingHours(now, this.d.settings.get('paymentOrders.slaWorkingHours'), calendarOf(this.d.settings)) : null;
    const out: XpoOrderRow[] = [];
    for (const id of checkout.orderIds) {
      const before = await repo.orderById(tx, id);
      if (!before || before.userId !== checkout.userId) throw notFound(E.ORDER_NOT_FOUND, 'No such payment order', { orderId: id });
      if (before.promotionId) await this.redeem(tx, before, checkout.orderIds.length);
      const o = await repo.transition(tx, id, ['in_cart'], {
        status: kycOk ? 'queued' : 'awaiting_verification', checkoutId: checkout.id, paidRials: before.totalRials, paidAt: now,
        slaStartedAt: kycOk ? now : null, slaDueAt: due, updatedAt: now,
      });
      if (!o) throw conflict(E.NOT_IN_CART, 'This order is not in the cart any more', { orderId: id });
      if (kycOk) await this.enqueueReview(tx, o);
      out.push(o);
    }
    await repo.closeCheckout(tx, checkout.id, { status: 'paid', transferId: transfer.id, paidAt: now });
    if (!kycOk && payer) await this.tellToVerify(tx, payer, after);
    return out;
  }

  /** Bulk discounts count the orders paid together, as the quote counted the cart. */
  private async redeem(tx: Tx, o: XpoOrderRow, quantity: number) {
    await this.d.promotions.redeem(tx, {
      promotionId: o.promotionId!, userId: o.userId, reference: { type: 'payment_order', id: o.id }, idempotencyKey: `xpo:${o.id}:promotion`,
      serviceCode: SERVICE_CODE, amountRials: o.totalRials + o.discountRials, discountRials: o.discountRials, quantity,
    });
  }

  async enqueueReview(tx: Tx, o: XpoOrderRow) {
    const now = this.d.platform.clock.now();
    const slaMinutes = o.slaDueAt ? Math.max(1, Math.ceil((o.slaDueAt.getTime() - now.getTime()) / 60_000)) : null;
    await this.d.reviews.enqueue(tx, {
      kind: 'payment_order', subjectId: o.id, subjectUserId: o.userId, title: `${o.siteName} - ${o.amount} ${o.currency}`,
      link: `/ops/payment-orders/${o.id}`, slaMinutes,
    });
  }

  /** Read before a transaction: PGlite has one connection and the user cache reads outside it. */
  private async payer(userId: string): Promise<Payer> {
    const u = await this.d.users.get(userId);
    return u ? { id: u.id, mobile: u.mobile, locale: u.locale } : null;
  }

  private async tellToVerify(tx: Tx, user: NonNullable<Payer>, after: AfterCommit) {
    await this.d.notifications.enqueue(tx, { channel: 'sms', to: user.mobile, userId: user.id, template: 'paymentOrder.awaitingVerification', locale: isLocale(user.locale) ? user.locale : 'fa', params: {} }, after);
  }

  /** A gateway top-up of a pending checkout settled: the money is in the wallet; pay the orders from it. */
  async onPaymentSucceeded(paymentId: string, purpose: string): Promise<void> {
    if (purpose !== 'wallet_topup') return;
    const { db, log } = this.d.platform;
    const checkout = await repo.checkoutByPayment(db, paymentId);
    if (!checkout || checkout.status !== 'pending') return;
    const kycOk = await this.kycOk(checkout.userId);
    const payer = await this.payer(checkout.userId);
    try {
      await inTransaction(this.d.platform, (tx, after) => this.pay(tx, after, checkout, kycOk, payer));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      // The cart changed while the customer was at the gateway: the money stays in the wallet.
      log.warn({ checkoutId: checkout.id, code: err.code }, 'payment-order checkout could not be applied; the payment stays in the wallet');
      await repo.closeCheckout(db, checkout.id, { status: 'abandoned' });
    }
  }

  /** XPO-7 through promotions; a catalogue without the payment_order service (no demo seed) simply has no discounts. */
  private async discount(userId: string, amountRials: bigint, quantity: number) {
    try {
      return await this.d.promotions.applyToQuote({ userId, serviceCode: SERVICE_CODE, amountRials, quantity });
    } catch (err) {
      if (err instanceof AppError && err.code === PromotionErrors.SERVICE_UNKNOWN) return { discountRials: 0n, finalRials: amountRials, promotionId: null };
      throw err;
    }
  }

  /** XPO-4: verified KYC releases the customer's waiting orders into the queue; the SLA starts now. */
  async onKycVerified(userId: string): Promise<number> {
    const waiting = await repo.awaitingOfUser(this.d.platform.db, userId);
    const now = this.d.platform.clock.now();
    const due = addWorkingHours(now, this.d.settings.get('paymentOrders.slaWorkingHours'), calendarOf(this.d.settings));
    let moved = 0;
    for (const w of waiting) {
      await inTransaction(this.d.platform, async (tx) => {
        const o = await repo.transition(tx, w.id, ['awaiting_verification'], { status: 'queued', slaStartedAt: now, slaDueAt: due, updatedAt: now });
        if (!o) return;
        await this.enqueueReview(tx, o);
        await this.d.audit.record(tx, { id: null, roles: ['system'] }, { action: 'payment_order.kyc_released', targetType: 'payment_order', targetId: o.id, before: { status: 'awaiting_verification' }, after: { status: 'queued', slaDueAt: due.toISOString() } });
        moved++;
      });
    }
    return moved;
  }

  private async kycOk(userId: string): Promise<boolean> {
    if (!this.d.settings.get('kyc.requiredForPaymentOrders')) return true;
    return this.d.kyc.isVerified(userId);
  }

  private assertCategory(c: string) {
    if (!(XPO_CATEGORIES as readonly string[]).includes(c)) throw validation(E.CATEGORY_UNKNOWN, 'No such category', { field: 'category' });
  }

  /** XPO-7 club tiers: what a customer paid for payment orders (refunds excluded) since a date. */
  private volumeSource(): CustomerVolumeSource {
    return {
      volumeRials: async (userId, opts) => (opts.serviceCodes.length && !opts.serviceCodes.includes(SERVICE_CODE)
        ? 0n : repo.paidVolume(this.d.platform.db, userId, opts.since)),
    };
  }
}
