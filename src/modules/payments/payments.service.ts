import type { Platform } from '../../platform/context.js';
import { inTransaction } from '../../platform/context.js';
import type { DbOrTx, Tx } from '../../platform/db.js';
import { AppError, forbidden, notFound, validation } from '../../platform/errors.js';
import type { AfterCommit } from '../../platform/events.js';
import { newId } from '../../platform/ids.js';
import { isLocale } from '../../platform/i18n.js';
import { formatToman } from '../../platform/money.js';
import type { SettingsService } from '../catalog/settings.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { UserCache } from '../identity/index.js';
import type { PaymentGateway, VerifyResult } from './gateway.js';
import type { AccountRef, Ledger } from './ledger.js';
import { gatewayClearing, payerWallet } from './accounts.js';
import { PaymentErrors } from './payments.errors.js';
import { linksRepo, paymentsRepo } from './payments.repo.js';
import type { PaymentLinkRow, PaymentPurpose, PaymentRow, ReceiptRow } from './payments.tables.js';
import type { ReceiptsService } from './receipts.service.js';

export interface PaymentsDeps {
  platform: Platform;
  settings: SettingsService;
  ledger: Ledger;
  gateway: PaymentGateway;
  users: UserCache;
  notifications: NotificationsService;
  receipts: ReceiptsService;
}

export interface StartedPayment { paymentId: string; redirectUrl: string; amountRials: bigint; gateway: string }
export interface Viewer { id: string; roles: readonly string[] }

const STAFF = ['ops_agent', 'ops_admin', 'finance'];
const TOPUP_DESCRIPTION = 'افزایش اعتبار کیف پول پیک';

/**
 * PAY-1 / PAY-5: payments through a card gateway. A payment row is written only after the gateway
 * gave an authority. A callback is trusted only after the gateway's verify; settling (status,
 * ledger transfer, receipt) is one transaction behind a guarded status update, so replayed or
 * concurrent callbacks credit exactly once.
 */
export class PaymentsService {
  constructor(private readonly deps: PaymentsDeps) {}

  get gatewayName() { return this.deps.gateway.name; }

  topupLimits() {
    return { minRials: String(this.deps.settings.rials('payments.topupMinRials')), maxRials: String(this.deps.settings.rials('payments.topupMaxRials')), gateway: this.deps.gateway.name };
  }

  /** PAY-1: starts a wallet top-up; the browser goes to `redirectUrl`. */
  async startTopup(userId: string, amountRials: bigint, wallet: 'customer' | 'provider' = 'customer'): Promise<StartedPayment> {
    const min = this.deps.settings.rials('payments.topupMinRials');
    const max = this.deps.settings.rials('payments.topupMaxRials');
    if (amountRials < min || amountRials > max) {
      throw validation(PaymentErrors.TOPUP_AMOUNT_OUT_OF_RANGE, 'The top-up amount is outside the allowed range', { minRials: String(min), maxRials: String(max) });
    }
    const user = await this.user(userId);
    if (wallet === 'provider' && !user.roles.includes('provider')) throw forbidden(PaymentErrors.PROVIDER_ROLE_REQUIRED, 'Only providers have a provider wallet');
    const account = payerWallet(userId, wallet === 'provider');
    return this.begin({ user, purpose: 'wallet_topup', amountRials, description: TOPUP_DESCRIPTION, creditedAccount: account });
  }

  /** PAY-5: starts the gateway payment of an open payment link (called by the links service). */
  async startLinkPayment(link: PaymentLinkRow): Promise<StartedPayment> {
    const user = await this.user(link.userId);
    return this.begin({ user, purpose: 'payment_link', linkId: link.id, amountRials: link.amountRials, description: link.description });
  }

  private async begin(input: { user: { id: string; mobile: string; email: string | null }; purpose: PaymentPurpose; amountRials: bigint; description: string; linkId?: string; creditedAccount?: AccountRef }): Promise<StartedPayment> {
    const now = this.deps.platform.clock.now();
    const id = newId('pay', now.getTime());
    // The gateway first: if it fails or times out, nothing of ours has been written.
    const created = await this.deps.gateway.create({
      paymentId: id, amountRials: input.amountRials, callbackUrl: `${this.deps.platform.config.publicUrl}/v1/payments/callback/${id}`,
      description: input.description, mobile: input.user.mobile, email: input.user.email, orderId: id,
    });
    await inTransaction(this.deps.platform, async (tx) => {
      await paymentsRepo.insert(tx, {
        id, userId: input.user.id, purpose: input.purpose, linkId: input.linkId ?? null, amountRials: input.amountRials,
        description: input.description, gateway: this.deps.gateway.name, authority: created.authority, status: 'pending',
        creditedAccount: input.creditedAccount ?? null, createdAt: now, updatedAt: now,
      });
      await paymentsRepo.addEvent(tx, id, 'created', { authority: created.authority, gateway: this.deps.gateway.name }, now);
    });
    return { paymentId: id, redirectUrl: created.redirectUrl, amountRials: input.amountRials, gateway: this.deps.gateway.name };
  }

  /**
   * The gateway's redirect back (Authority, Status). Neither value is trusted: the authority must be
   * this payment's, and only the gateway's verify decides. Returns the payment as it now stands.
   */
  async handleCallback(paymentId: string, query: { authority?: string; status?: string; ip?: string }): Promise<PaymentRow> {
    const { db, clock, log } = this.deps.platform;
    const p = await paymentsRepo.byId(db, paymentId);
    if (!p) throw notFound(PaymentErrors.PAYMENT_NOT_FOUND, 'No such payment');
    const now = clock.now();
    const seen = { authority: query.authority?.slice(0, 80) ?? null, status: query.status?.slice(0, 16) ?? null, ip: query.ip ?? null };
    if (!query.authority || query.authority !== p.authority) {
      log.warn({ paymentId, ...seen }, 'payment callback with a foreign authority ignored');
      await paymentsRepo.addEvent(db, p.id, 'callback_rejected', { ...seen, reason: 'authority_mismatch' }, now);
      return p;
    }
    await paymentsRepo.addEvent(db, p.id, 'callback', seen, now);
    if (p.status === 'succeeded' || p.status === 'rejected') return p;
    await paymentsRepo.update(db, p.id, { callbackStatus: query.status === 'OK' ? 'OK' : 'NOK', callbackAt: now, updatedAt: now });
    return this.verifyAndSettle(p, 'callback');
  }

  /** Asks the gateway again (after a verify timeout, or when the customer says money was taken). */
  async verifyAgain(viewer: Viewer, paymentId: string): Promise<PaymentRow> {
    const p = await this.getFor(viewer, paymentId);
    return this.verifyAndSettle(p, 'retry');
  }

  /** Verifies pending payments whose verify failed, and those whose callback never came. */
  async reconcilePending(limit = 50): Promise<number> {
    const now = this.deps.platform.clock.now().getTime();
    const rows = await paymentsRepo.dueForReconcile(this.deps.platform.db, {
      retryBefore: new Date(now - this.deps.settings.get('payments.reconcileAfterSeconds') * 1000),
      abandonedBefore: new Date(now - this.deps.settings.get('payments.abandonAfterSeconds') * 1000),
      limit,
    });
    for (const row of rows) await this.verifyAndSettle(row, 'reconcile');
    return rows.length;
  }

  /** The payer or ops/finance staff; anyone else gets 404. */
  async getFor(viewer: Viewer, paymentId: string): Promise<PaymentRow> {
    const p = await paymentsRepo.byId(this.deps.platform.db, paymentId);
    if (!p || (p.userId !== viewer.id && !viewer.roles.some((r) => STAFF.includes(r)))) throw notFound(PaymentErrors.PAYMENT_NOT_FOUND, 'No such payment');
    return p;
  }

  byId(db: DbOrTx, paymentId: string) { return paymentsRepo.byId(db, paymentId); }
  list(q: Parameters<typeof paymentsRepo.list>[1]) { return paymentsRepo.list(this.deps.platform.db, q); }
  events(paymentId: string) { return paymentsRepo.events(this.deps.platform.db, paymentId); }

  private async verifyAndSettle(p: PaymentRow, trigger: 'callback' | 'retry' | 'reconcile'): Promise<PaymentRow> {
    const { db, clock, log } = this.deps.platform;
    if (p.status === 'succeeded' || p.status === 'rejected') return p;
    await paymentsRepo.countVerifyAttempt(db, p.id, clock.now());
    let result: VerifyResult;
    try {
      result = await this.deps.gateway.verify({ authority: p.authority, amountRials: p.amountRials });
    } catch (err) {
      // No answer about the money: the payment stays pending and is verified again later.
      const e = err instanceof AppError ? { code: err.code, details: err.details } : { code: 'INTERNAL', message: String(err) };
      if (!(err instanceof AppError)) log.error({ err, paymentId: p.id }, 'payment verify crashed');
      else log.warn({ paymentId: p.id, ...e }, 'payment verify failed; will retry');
      await paymentsRepo.addEvent(db, p.id, 'verify_error', { trigger, ...e }, clock.now());
      return (await paymentsRepo.byId(db, p.id))!;
    }
    await paymentsRepo.addEvent(db, p.id, 'verify', { trigger, ...verifySummary(result) }, clock.now());
    if (result.status === 'failed') {
      return result.reason === 'amount_mismatch' ? this.reject(p, result.gatewayCode, null) : this.fail(p, result.reason);
    }
    if (result.amountRials !== undefined && result.amountRials !== p.amountRials) return this.reject(p, result.gatewayCode, result.amountRials);
    return this.settle(p, result);
  }

  private async fail(p: PaymentRow, reason: 'not_paid' | 'unknown_authority'): Promise<PaymentRow> {
    const now = this.deps.platform.clock.now();
    const code = reason === 'not_paid' ? 'PAYMENT_NOT_PAID' : 'PAYMENT_UNKNOWN_AT_GATEWAY';
    const row = await paymentsRepo.transition(this.deps.platform.db, p.id, ['pending'], { status: 'failed', failureCode: code, updatedAt: now });
    return row ?? (await paymentsRepo.byId(this.deps.platform.db, p.id))!;
  }

  /** An amount mismatch is never credited; the gateway returns unverified money to the card by itself. */
  private async reject(p: PaymentRow, gatewayCode: string, reportedRials: bigint | null): Promise<PaymentRow> {
    const { clock, log } = this.deps.platform;
    const now = clock.now();
    log.error({ paymentId: p.id, userId: p.userId, expectedRials: String(p.amountRials), reportedRials: reportedRials === null ? null : String(reportedRials), gatewayCode }, 'payment amount mismatch: rejected');
    return inTransaction(this.deps.platform, async (tx) => {
      await paymentsRepo.addEvent(tx, p.id, 'amount_mismatch', { expectedRials: String(p.amountRials), reportedRials: reportedRials === null ? null : String(reportedRials), gatewayCode }, now);
      const row = await paymentsRepo.transition(tx, p.id, ['pending', 'failed'], { status: 'rejected', failureCode: 'AMOUNT_MISMATCH', updatedAt: now });
      return row ?? (await paymentsRepo.byId(tx, p.id))!;
    });
  }

  /** Money was taken: mark succeeded, post the ledger transfer and issue the receipt, once. */
  private async settle(p: PaymentRow, v: Extract<VerifyResult, { refId: string }>): Promise<PaymentRow> {
    const now = this.deps.platform.clock.now();
    // Read before the transaction: PGlite has one connection, and the cache reads outside tx.
    const payer = await this.deps.users.get(p.userId);
    return inTransaction(this.deps.platform, async (tx, after) => {
      // A failed payment may still succeed: a verify that says "paid" outranks an earlier "not paid".
      const won = await paymentsRepo.transition(tx, p.id, ['pending', 'failed'], {
        status: 'succeeded', refId: v.refId, cardPanMasked: v.cardPanMasked, verifiedAt: now, updatedAt: now, failureCode: null,
      });
      if (!won) return (await paymentsRepo.byId(tx, p.id))!;
      const target = await this.creditTarget(tx, won, now, !!payer?.roles.includes('provider'));
      const transfer = await this.deps.ledger.transfer(tx, {
        idempotencyKey: `payment:${p.id}:settle`, reason: target.reason, reference: { type: 'payment', id: p.id },
        legs: [{ from: gatewayClearing(), to: target.account, amountRials: p.amountRials }],
        memo: `${this.deps.gateway.name} ref ${v.refId}`,
      });
      if (target.link) await linksRepo.update(tx, target.link.id, { ledgerTransferId: transfer.id });
      const receipt = await this.deps.receipts.issue(tx, {
        userId: p.userId, amountRials: p.amountRials, purpose: p.purpose, description: p.description, ledgerTransferId: transfer.id,
        paymentId: p.id, linkId: p.linkId, gateway: p.gateway, refId: v.refId, cardPanMasked: v.cardPanMasked,
      });
      const row = await paymentsRepo.update(tx, p.id, { ledgerTransferId: transfer.id, receiptId: receipt.id, creditedAccount: target.account });
      await paymentsRepo.addEvent(tx, p.id, 'settled', { transferId: transfer.id, receiptId: receipt.id, account: target.account, reason: target.reason }, now);
      if (payer) await this.notifyReceipt(tx, payer, row, receipt, after);
      after.publish('payment.succeeded', { paymentId: p.id, userId: p.userId, purpose: p.purpose, amountRials: String(p.amountRials), linkId: p.linkId, receiptId: receipt.id });
      return row;
    });
  }

  /** Where the money goes: the wallet chosen at top-up, or the link's account if the link is still open. */
  private async creditTarget(tx: Tx, p: PaymentRow, now: Date, payerIsProvider: boolean): Promise<{ account: AccountRef; reason: string; link?: PaymentLinkRow }> {
    if (p.purpose === 'wallet_topup') return { account: p.creditedAccount ?? payerWallet(p.userId, false), reason: 'wallet.topup' };
    const link = await linksRepo.closeIfOpen(tx, p.linkId!, { status: 'paid', paidAt: now, paidVia: 'gateway', paymentId: p.id });
    if (link) return { account: link.creditAccount, reason: 'charge.payment_link', link };
    // The link was paid another way or cancelled while the customer was at the gateway: the
    // money is theirs, so it goes to their wallet rather than being lost.
    this.deps.platform.log.warn({ paymentId: p.id, linkId: p.linkId }, 'payment link no longer open; payment credited to the payer wallet');
    return { account: payerWallet(p.userId, payerIsProvider), reason: 'charge.payment_link_unapplied' };
  }

  private async notifyReceipt(tx: Tx, user: { id: string; mobile: string; email: string | null; locale: string }, p: PaymentRow, receipt: ReceiptRow, after: AfterCommit) {
    const locale = isLocale(user.locale) ? user.locale : 'fa';
    const params = { amount: formatToman(p.amountRials, locale), description: p.description, number: receipt.number, refId: p.refId ?? '-', link: this.deps.receipts.printUrl(receipt.id, locale) };
    await this.deps.notifications.enqueue(tx, { channel: 'sms', to: user.mobile, userId: user.id, template: 'payments.receipt', locale, params }, after);
    if (user.email) await this.deps.notifications.enqueue(tx, { channel: 'email', to: user.email, userId: user.id, template: 'payments.receipt', locale, params }, after);
  }

  private async user(userId: string) {
    const user = await this.deps.users.get(userId);
    if (!user) throw notFound(PaymentErrors.USER_NOT_FOUND, 'No such user');
    return user;
  }
}

function verifySummary(v: VerifyResult) {
  return v.status === 'failed'
    ? { status: v.status, reason: v.reason, gatewayCode: v.gatewayCode, message: v.message }
    : { status: v.status, gatewayCode: v.gatewayCode, refId: v.refId, amountRials: v.amountRials === undefined ? null : String(v.amountRials) };
}
