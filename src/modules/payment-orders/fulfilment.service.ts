import { inTransaction } from '../../platform/context.js';
import type { Tx } from '../../platform/db.js';
import { conflict, forbidden, notFound, validation } from '../../platform/errors.js';
import type { AfterCommit } from '../../platform/events.js';
import { newId } from '../../platform/ids.js';
import { isLocale } from '../../platform/i18n.js';
import { formatToman } from '../../platform/money.js';
import { sha256Hex, sniffContentType } from '../../platform/files.js';
import type { Actor } from '../ops/audit.service.js';
import { XpoErrors as E } from './payment-orders.errors.js';
import { xpoRepo as repo } from './payment-orders.repo.js';
import type { FxRateRow, XpoFileRow, XpoOrderRow, XpoStatus } from './payment-orders.tables.js';
import { isRateText } from './quote-math.js';
import type { Credentials } from './credentials-vault.js';
import { HOLDING, REVENUE, customerWallet, isStaff, sameSignature, signParts, type PaymentOrdersDeps } from './payment-orders.shared.js';

export interface RateInput { currency: string; rialsPerUnit: string; validFrom?: string; validUntil: string; reason: string }
export interface ReceiptUpload { fileName: string; contentBase64: string }

const SYSTEM: Actor = { id: null, roles: ['system'] };
/** A rate window longer than this is a typo, not a policy. */
const MAX_RATE_WINDOW_MS = 31 * 86_400_000;
const RECEIPT_LINK_TTL_MS = 30 * 86_400_000;
const OPEN: XpoStatus[] = ['awaiting_verification', 'queued', 'in_progress'];

/**
 * XPO-3 rates, XPO-5 fulfilment queue, XPO-6 success, XPO-8 refund: the ops side. Credentials are
 * opened only for the operator who claimed the order, every reading is audited, and they are
 * erased the moment the order ends (fulfilled or refunded).
 */
export class FulfilmentService {
  constructor(private readonly d: PaymentOrdersDeps) {}

  now(): Date { return this.d.platform.clock.now(); }

  /** XPO-3: ops set a currency's rate with a validity window (audited). */
  async setRate(actor: Actor, input: RateInput): Promise<FxRateRow> {
    if (!this.d.settings.get('paymentOrders.currencies').includes(input.currency)) throw validation(E.CURRENCY_UNSUPPORTED, 'This currency is not accepted', { field: 'currency' });
    if (!isRateText(input.rialsPerUnit)) throw validation(E.RATE_WINDOW_INVALID, 'The rate is Rials per unit, above zero, at most 4 decimals', { field: 'rialsPerUnit' });
    const now = this.d.platform.clock.now();
    const from = input.validFrom ? new Date(input.validFrom) : now;
    const until = new Date(input.validUntil);
    if (!(until > from) || until <= now || until.getTime() - from.getTime() > MAX_RATE_WINDOW_MS) {
      throw validation(E.RATE_WINDOW_INVALID, 'The validity window must end after it starts, in the future, and last at most 31 days');
    }
    return inTransaction(this.d.platform, async (tx) => {
      const row = await repo.insertRate(tx, { id: newId('fxr', now.getTime()), currency: input.currency, rialsPerUnit: input.rialsPerUnit, validFrom: from, validUntil: until, createdBy: actor.id, createdAt: now });
      await this.d.audit.record(tx, actor, { action: 'payment_order.rate_set', targetType: 'fx_rate', targetId: row.id, after: { currency: row.currency, rialsPerUnit: row.rialsPerUnit, validFrom: from.toISOString(), validUntil: until.toISOString() }, reason: input.reason });
      return row;
    });
  }

  rates(limit = 100) { return repo.rates(this.d.platform.db, limit); }

  queue(statuses: XpoStatus[]) { return repo.queue(this.d.platform.db, statuses, 200); }

  async get(id: string): Promise<XpoOrderRow> {
    const o = await repo.orderById(this.d.platform.db, id);
    if (!o) throw notFound(E.ORDER_NOT_FOUND, 'No such payment order');
    return o;
  }

  /** XPO-5: an operator takes a queued order; nobody takes an order of their own account. */
  async claim(actor: Actor, id: string): Promise<XpoOrderRow> {
    await this.get(id);
    const now = this.d.platform.clock.now();
    return inTransaction(this.d.platform, async (tx) => {
      await this.d.reviews.assertMayReview(tx, 'payment_order', id, actor);
      const o = await repo.transition(tx, id, ['queued'], { status: 'in_progress', assignedTo: actor.id, assignedAt: now, updatedAt: now });
      if (!o) throw conflict(E.ALREADY_CLAIMED, 'This order is not waiting in the queue (taken, or not yet verified)');
      await this.d.audit.record(tx, actor, { action: 'payment_order.claim', targetType: 'payment_order', targetId: id, before: { status: 'queued' }, after: { status: 'in_progress', assignedTo: actor.id } });
      return o;
    });
  }

  /** Back to the queue: the assigned operator, or an ops admin. */
  async release(actor: Actor, id: string, reason: string): Promise<XpoOrderRow> {
    const current = await this.get(id);
    if (current.assignedTo !== actor.id && !actor.roles.includes('ops_admin')) throw forbidden(E.NOT_ASSIGNED, 'Only the assigned operator or an ops admin can release this order');
    const now = this.d.platform.clock.now();
    return inTransaction(this.d.platform, async (tx) => {
      const o = await repo.transition(tx, id, ['in_progress'], { status: 'queued', assignedTo: null, assignedAt: null, updatedAt: now });
      if (!o) throw conflict(E.WRONG_STATUS, 'This order is not being worked on');
      await this.d.audit.record(tx, actor, { action: 'payment_order.release', targetType: 'payment_order', targetId: id, before: { assignedTo: current.assignedTo }, after: { status: 'queued' }, reason });
      return o;
    });
  }

  /** XPO-2: the assigned operator reads the credentials; the reading (never the secret) is audited. */
  async revealCredentials(actor: Actor, id: string): Promise<Credentials> {
    const o = await this.get(id);
    if (o.status !== 'in_progress' || !actor.id || o.assignedTo !== actor.id) throw forbidden(E.NOT_ASSIGNED, 'Only the operator who claimed this order can read its credentials');
    return inTransaction(this.d.platform, async (tx) => {
      const sealed = await repo.credentials(tx, id);
      if (!sealed) throw conflict(E.CREDENTIALS_GONE, 'This order has no stored credentials');
      const creds = this.d.vault.open(id, sealed);
      // Rotation: a secret sealed with an older key is re-sealed with the current one when read.
      const fresh = this.d.vault.reseal(id, sealed);
      if (fresh) await repo.putCredentials(tx, { orderId: id, ...fresh, createdAt: sealed.createdAt });
      await this.d.audit.record(tx, actor, { action: 'payment_order.credentials_read', targetType: 'payment_order', targetId: id, after: { keyId: sealed.keyId } });
      return creds;
    });
  }

  /** Re-seals every stored secret with the current key, so an old key can be retired. */
  async rotateKeys(): Promise<number> {
    let n = 0;
    for (const row of await repo.allCredentials(this.d.platform.db)) {
      const fresh = this.d.vault.reseal(row.orderId, row);
      if (!fresh) continue;
      await repo.putCredentials(this.d.platform.db, { orderId: row.orderId, ...fresh, createdAt: row.createdAt });
      n++;
    }
    return n;
  }

  /** XPO-5 / XPO-6: the receipt from the target site closes the order; the customer hears by SMS and email. */
  async fulfil(actor: Actor, id: string, input: { receipt: ReceiptUpload; reference?: string | null }): Promise<XpoOrderRow> {
    const o = await this.get(id);
    if (o.status !== 'in_progress' || o.assignedTo !== actor.id) throw forbidden(E.NOT_ASSIGNED, 'Only the operator who claimed this order can complete it');
    const file = await this.storeReceipt(actor, o, input.receipt);
    const customer = await this.d.users.get(o.userId);
    const now = this.d.platform.clock.now();
    return inTransaction(this.d.platform, async (tx, after) => {
      const done = await repo.transition(tx, id, ['in_progress'], { status: 'fulfilled', receiptFileId: file.id, targetReference: input.reference ?? null, fulfilledAt: now, updatedAt: now });
      if (!done) throw conflict(E.WRONG_STATUS, 'This order is no longer in progress');
      await repo.insertFile(tx, file);
      await repo.eraseCredentials(tx, id);
      await this.d.ledger.transfer(tx, {
        idempotencyKey: `xpo:${id}:settle`, reason: 'payment_order.fulfilled', reference: { type: 'payment_order', id },
        legs: [{ from: HOLDING(), to: REVENUE(), amountRials: o.paidRials }],
      });
      await this.d.reviews.resolve(tx, 'payment_order', id, 'fulfilled', actor);
      await this.d.audit.record(tx, actor, { action: 'payment_order.fulfil', targetType: 'payment_order', targetId: id, before: { status: 'in_progress' }, after: { status: 'fulfilled', receiptFileId: file.id, sha256: file.sha256, reference: input.reference ?? null } });
      if (customer) await this.notifySuccess(tx, done, file, customer, after);
      after.publish('paymentOrder.fulfilled', { orderId: id, userId: o.userId });
      return done;
    });
  }

  private async storeReceipt(actor: Actor, o: XpoOrderRow, r: ReceiptUpload): Promise<XpoFileRow> {
    const bytes = Buffer.from(r.contentBase64, 'base64');
    const max = this.d.settings.get('paymentOrders.receiptMaxBytes');
    if (bytes.length > max) throw validation(E.RECEIPT_TOO_LARGE, 'The receipt file is too large', { maxBytes: max });
    const type = bytes.length ? sniffContentType(bytes) : null;
    if (!type) throw validation(E.RECEIPT_INVALID, 'The receipt must be a PDF, PNG or JPEG file', { field: 'receipt' });
    const now = this.d.platform.clock.now();
    const id = newId('fil', now.getTime());
    const storageKey = `payment-orders/${o.id}/${id}`;
    await this.d.platform.files.put(storageKey, bytes);
    return { id, orderId: o.id, fileName: r.fileName.slice(0, 120), contentType: type, sizeBytes: bytes.length, sha256: sha256Hex(bytes), storageKey, uploadedBy: actor.id ?? 'system', createdAt: now };
  }

  private async notifySuccess(tx: Tx, o: XpoOrderRow, file: XpoFileRow, user: { id: string; mobile: string; email: string | null; locale: string }, after: AfterCommit) {
    const locale = isLocale(user.locale) ? user.locale : 'fa';
    const params = { site: o.siteName, amount: formatToman(o.paidRials, locale), foreign: `${o.amount} ${o.currency}`, reference: o.targetReference ?? o.id, link: this.receiptLink(file) };
    await this.d.notifications.enqueue(tx, { channel: 'sms', to: user.mobile, userId: user.id, template: 'paymentOrder.fulfilled', locale, params }, after);
    if (user.email) await this.d.notifications.enqueue(tx, { channel: 'email', to: user.email, userId: user.id, template: 'paymentOrder.fulfilled', locale, params }, after);
  }

  /** XPO-8: an order ops cannot fulfil is refunded in full to the wallet, once. */
  async refund(actor: Actor, id: string, reason: string): Promise<XpoOrderRow> {
    const o = await this.get(id);
    const mayRefund = actor.roles.includes('ops_admin') || actor.roles.includes('finance') || (o.assignedTo !== null && o.assignedTo === actor.id);
    if (!mayRefund) throw forbidden(E.NOT_ASSIGNED, 'Only the assigned operator, an ops admin or finance can refund this order');
    const customer = await this.d.users.get(o.userId);
    const now = this.d.platform.clock.now();
    return inTransaction(this.d.platform, async (tx, after) => {
      const done = await repo.transition(tx, id, OPEN, { status: 'refunded', refundedRials: o.paidRials, refundReason: reason, refundedAt: now, updatedAt: now });
      if (!done) throw conflict(E.WRONG_STATUS, 'Only a paid order that is not yet done can be refunded', { status: o.status });
      const amount = done.paidRials;
      if (amount > 0n) {
        const t = await this.d.ledger.transfer(tx, {
          idempotencyKey: `xpo:${id}:refund`, reason: 'payment_order.refund', reference: { type: 'payment_order', id },
          legs: [{ from: HOLDING(), to: customerWallet(o.userId), amountRials: amount }],
        });
        await repo.transition(tx, id, ['refunded'], { refundTransferId: t.id });
      }
      await this.d.promotions.release(tx, { reference: { type: 'payment_order', id } });
      await repo.eraseCredentials(tx, id);
      await this.d.reviews.resolve(tx, 'payment_order', id, 'refunded', actor);
      await this.d.audit.record(tx, actor, { action: 'payment_order.refund', targetType: 'payment_order', targetId: id, before: { status: o.status }, after: { status: 'refunded', refundedRials: String(amount) }, reason });
      if (customer) {
        const locale = isLocale(customer.locale) ? customer.locale : 'fa';
        await this.d.notifications.enqueue(tx, { channel: 'sms', to: customer.mobile, userId: customer.id, template: 'paymentOrder.refunded', locale, params: { site: o.siteName, amount: formatToman(amount, locale) } }, after);
      }
      after.publish('paymentOrder.refunded', { orderId: id, userId: o.userId, amountRials: String(amount) });
      return { ...done, refundedRials: amount };
    });
  }

  /** XPO-5: marks orders past their SLA and tells ops (SMS to the escalation list); run by a periodic job. */
  async escalateOverdue(): Promise<number> {
    const now = this.d.platform.clock.now();
    const rows = await repo.overdue(this.d.platform.db, now, 100);
    const mobiles = this.d.settings.get('paymentOrders.escalationMobiles');
    let n = 0;
    for (const row of rows) {
      await inTransaction(this.d.platform, async (tx, after) => {
        const o = await repo.markEscalated(tx, row.id, now);
        if (!o) return;
        await this.d.audit.record(tx, SYSTEM, { action: 'payment_order.sla_breached', targetType: 'payment_order', targetId: o.id, after: { slaDueAt: o.slaDueAt?.toISOString() ?? null, status: o.status, assignedTo: o.assignedTo } });
        for (const to of mobiles) await this.d.notifications.enqueue(tx, { channel: 'sms', to, template: 'paymentOrder.slaBreached', locale: 'fa', params: { id: o.id } }, after);
        after.publish('paymentOrder.slaBreached', { orderId: o.id });
        n++;
      });
    }
    return n;
  }

  /** The receipt file for its owner or staff; anyone else gets 404. */
  async receipt(viewer: { id: string; roles: readonly string[] }, id: string): Promise<{ file: XpoFileRow; bytes: Uint8Array }> {
    const o = await repo.orderById(this.d.platform.db, id);
    if (!o || (o.userId !== viewer.id && !isStaff(viewer.roles))) throw notFound(E.ORDER_NOT_FOUND, 'No such payment order');
    return this.fileOf(o.receiptFileId);
  }

  /** XPO-6: the link in the email opens the receipt without signing in, until it expires. */
  receiptLink(file: XpoFileRow): string {
    const exp = this.d.platform.clock.now().getTime() + RECEIPT_LINK_TTL_MS;
    const token = `${file.id}.${exp}.${signParts(this.d.platform.config.jwtSecret, 'receipt', [file.id, exp])}`;
    return `${this.d.platform.config.publicUrl}/payment-order-receipts/${token}`;
  }

  async receiptByToken(token: string): Promise<{ file: XpoFileRow; bytes: Uint8Array }> {
    const [fileId, exp, sig] = token.split('.');
    const valid = !!fileId && /^\d{1,15}$/.test(exp ?? '') && !!sig
      && sameSignature(sig, signParts(this.d.platform.config.jwtSecret, 'receipt', [fileId, Number(exp)]))
      && Number(exp) > this.d.platform.clock.now().getTime();
    if (!valid) throw notFound(E.RECEIPT_LINK_INVALID, 'This receipt link is not valid or has expired');
    return this.fileOf(fileId);
  }

  private async fileOf(fileId: string | null) {
    const file = fileId ? await repo.fileById(this.d.platform.db, fileId) : undefined;
    if (!file) throw notFound(E.RECEIPT_NOT_FOUND, 'This order has no receipt yet');
    return { file, bytes: await this.d.platform.files.get(file.storageKey) };
  }
}
