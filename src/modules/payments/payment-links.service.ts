import { randomInt } from 'node:crypto';
import type { Platform } from '../../platform/context.js';
import { inTransaction } from '../../platform/context.js';
import { isUniqueViolation, type Tx } from '../../platform/db.js';
import { conflict, notFound, validation } from '../../platform/errors.js';
import type { AfterCommit } from '../../platform/events.js';
import { newId } from '../../platform/ids.js';
import { isLocale } from '../../platform/i18n.js';
import { formatToman } from '../../platform/money.js';
import type { SettingsService } from '../catalog/settings.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { Actor, AuditService } from '../ops/audit.service.js';
import type { UserCache } from '../identity/index.js';
import { payerWallet, penaltyRevenue, platformRevenue } from './accounts.js';
import type { AccountRef, Ledger } from './ledger.js';
import { PaymentErrors } from './payments.errors.js';
import { linksRepo, paymentsRepo } from './payments.repo.js';
import type { LinkReason, PaymentLinkRow, ReceiptRow } from './payments.tables.js';
import type { PaymentsService, StartedPayment } from './payments.service.js';
import type { ReceiptsService } from './receipts.service.js';

export interface PaymentLinksDeps {
  platform: Platform;
  settings: SettingsService;
  ledger: Ledger;
  users: UserCache;
  notifications: NotificationsService;
  audit: AuditService;
  payments: PaymentsService;
  receipts: ReceiptsService;
}

export interface CreateLinkInput { userId: string; amountRials: bigint; reason: LinkReason; description: string; expiresInSeconds?: number }
export type LinkStatus = 'open' | 'paid' | 'cancelled' | 'expired';

/** Zarinpal refuses card payments under 1,000 Rials; smaller charges cannot be collected online. */
const GATEWAY_MIN_RIALS = 1000n;
/** No 0/o, 1/l/i: codes are read off SMS screens and typed. 31^10 codes resist guessing. */
const CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const CODE_LENGTH = 10;

/**
 * PAY-5: charges to a provider or customer (equipment, penalties, commission, debts), paid through
 * a short link sent by SMS, or taken from the balance. Settled by one ledger transfer into the
 * link's credit account, exactly once; links expire and can be cancelled by ops.
 */
export class PaymentLinksService {
  constructor(private readonly deps: PaymentLinksDeps) {}

  async create(actor: Actor, input: CreateLinkInput): Promise<PaymentLinkRow> {
    const max = this.deps.settings.rials('payments.linkMaxRials');
    if (input.amountRials < GATEWAY_MIN_RIALS || input.amountRials > max) {
      throw validation(PaymentErrors.PAYMENT_LINK_AMOUNT_OUT_OF_RANGE, 'The amount is outside what a payment link can carry', { minRials: String(GATEWAY_MIN_RIALS), maxRials: String(max) });
    }
    const user = await this.deps.users.get(input.userId);
    if (!user) throw notFound(PaymentErrors.USER_NOT_FOUND, 'No such user', { field: 'userId' });
    const now = this.deps.platform.clock.now();
    const ttl = input.expiresInSeconds ?? this.deps.settings.get('payments.linkTtlSeconds');
    const creditAccount = creditAccountFor(input.reason, user.id, user.roles.includes('provider'));
    for (let attempt = 0; ; attempt++) {
      try {
        return await inTransaction(this.deps.platform, async (tx, after) => {
          const link = await linksRepo.insert(tx, {
            id: newId('lnk', now.getTime()), code: newCode(), userId: user.id, amountRials: input.amountRials,
            reason: input.reason, description: input.description, creditAccount, status: 'open',
            expiresAt: new Date(now.getTime() + ttl * 1000), createdBy: actor.id ?? 'system', createdAt: now,
          });
          await this.deps.audit.record(tx, actor, { action: 'payment_link.create', targetType: 'payment_link', targetId: link.id, after: auditView(link) });
          await this.sendSms(tx, link, user, after);
          return link;
        });
      } catch (err) {
        // A code collision is astronomically rare; try a fresh code a few times.
        if (attempt < 3 && isUniqueViolation(err, 'payment_links_code_unique')) continue;
        throw err;
      }
    }
  }

  async cancel(actor: Actor, id: string, reason: string): Promise<PaymentLinkRow> {
    const now = this.deps.platform.clock.now();
    return inTransaction(this.deps.platform, async (tx) => {
      const link = await linksRepo.closeIfOpen(tx, id, { status: 'cancelled', cancelledAt: now, cancelledBy: actor.id, cancelReason: reason });
      if (!link) throw this.notOpen(await linksRepo.byId(tx, id));
      await this.deps.audit.record(tx, actor, { action: 'payment_link.cancel', targetType: 'payment_link', targetId: id, before: { status: 'open' }, after: { status: 'cancelled' }, reason });
      return link;
    });
  }

  /** PAY-5 "off the provider balance": the charge moves from the payer's wallet (which may go negative). */
  async chargeFromBalance(actor: Actor, id: string, reason?: string): Promise<{ link: PaymentLinkRow; receipt: ReceiptRow }> {
    const now = this.deps.platform.clock.now();
    const known = await this.get(id);
    // Read before the transaction: PGlite has one connection, and the cache reads outside tx.
    const user = await this.deps.users.get(known.userId);
    return inTransaction(this.deps.platform, async (tx) => {
      const current = await linksRepo.byId(tx, id);
      if (!current) throw notFound(PaymentErrors.PAYMENT_LINK_NOT_FOUND, 'No such payment link');
      const from = payerWallet(current.userId, !!user?.roles.includes('provider'));
      if (sameAccount(from, current.creditAccount)) throw validation(PaymentErrors.PAYMENT_LINK_NOT_FROM_BALANCE, 'This link pays into the same wallet; it cannot be taken from the balance');
      const link = await linksRepo.closeIfOpen(tx, id, { status: 'paid', paidAt: now, paidVia: 'balance' });
      if (!link) throw this.notOpen(current);
      const transfer = await this.deps.ledger.transfer(tx, {
        idempotencyKey: `payment_link:${id}:balance`, reason: 'charge.from_balance', reference: { type: 'payment_link', id },
        legs: [{ from, to: link.creditAccount, amountRials: link.amountRials }], memo: link.description,
      });
      await linksRepo.update(tx, id, { ledgerTransferId: transfer.id });
      const receipt = await this.deps.receipts.issue(tx, {
        userId: link.userId, amountRials: link.amountRials, purpose: 'charge_from_balance', description: link.description, ledgerTransferId: transfer.id, linkId: id,
      });
      await this.deps.audit.record(tx, actor, { action: 'payment_link.charge_from_balance', targetType: 'payment_link', targetId: id, before: { status: 'open' }, after: { status: 'paid', transferId: transfer.id, receiptId: receipt.id }, reason: reason ?? null });
      return { link: { ...link, ledgerTransferId: transfer.id }, receipt };
    });
  }

  /** Opening the SMS link: starts a gateway payment if the link is open and not expired. */
  async startPayment(code: string): Promise<StartedPayment> {
    const link = await this.byCode(code);
    const status = this.statusOf(link);
    if (status !== 'open') throw this.notOpen(link);
    return this.deps.payments.startLinkPayment(link);
  }

  async byCode(code: string): Promise<PaymentLinkRow> {
    const link = await linksRepo.byCode(this.deps.platform.db, code);
    if (!link) throw notFound(PaymentErrors.PAYMENT_LINK_NOT_FOUND, 'No such payment link');
    return link;
  }

  async get(id: string): Promise<PaymentLinkRow> {
    const link = await linksRepo.byId(this.deps.platform.db, id);
    if (!link) throw notFound(PaymentErrors.PAYMENT_LINK_NOT_FOUND, 'No such payment link');
    return link;
  }

  list(q: Parameters<typeof linksRepo.list>[1]) { return linksRepo.list(this.deps.platform.db, q); }

  /** What anyone holding the code sees: no personal data beyond the first name. */
  async publicView(code: string) {
    const link = await this.byCode(code);
    const user = await this.deps.users.get(link.userId);
    const [last] = await paymentsRepo.list(this.deps.platform.db, { linkId: link.id, limit: 1 });
    return { link, status: this.statusOf(link), firstName: user?.firstName ?? null, lastPayment: last ?? null };
  }

  statusOf(link: PaymentLinkRow): LinkStatus {
    if (link.status === 'open' && this.deps.platform.clock.now() >= link.expiresAt) return 'expired';
    return link.status;
  }

  url(link: PaymentLinkRow): string {
    return `${this.deps.platform.config.publicUrl}/p/${link.code}`;
  }

  private notOpen(link: PaymentLinkRow | undefined) {
    if (!link) return notFound(PaymentErrors.PAYMENT_LINK_NOT_FOUND, 'No such payment link');
    const status = this.statusOf(link);
    if (status === 'paid') return conflict(PaymentErrors.PAYMENT_LINK_PAID, 'This charge has already been paid');
    if (status === 'cancelled') return conflict(PaymentErrors.PAYMENT_LINK_CANCELLED, 'This payment link was cancelled');
    return conflict(PaymentErrors.PAYMENT_LINK_EXPIRED, 'This payment link has expired', { expiresAt: link.expiresAt.toISOString() });
  }

  private async sendSms(tx: Tx, link: PaymentLinkRow, user: { id: string; mobile: string; firstName: string | null; locale: string }, after: AfterCommit) {
    const locale = isLocale(user.locale) ? user.locale : 'fa';
    await this.deps.notifications.enqueue(tx, {
      channel: 'sms', to: user.mobile, userId: user.id, template: 'payments.link', locale,
      params: { name: user.firstName ?? '', amount: formatToman(link.amountRials, locale), description: link.description, link: this.url(link) },
    }, after);
  }
}

/** Which ledger account a charge settles into. Debts and commission reduce what the payer owes. */
export function creditAccountFor(reason: LinkReason, userId: string, isProvider: boolean): AccountRef {
  switch (reason) {
    case 'penalty': return penaltyRevenue();
    case 'commission':
    case 'debt': return payerWallet(userId, isProvider);
    default: return platformRevenue();
  }
}

function sameAccount(a: AccountRef, b: AccountRef) {
  return a.ownerType === b.ownerType && a.ownerId === b.ownerId && a.kind === b.kind;
}

function newCode(): string {
  let out = '';
  for (let i = 0; i < CODE_LENGTH; i++) out += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return out;
}

function auditView(link: PaymentLinkRow) {
  return { userId: link.userId, amountRials: String(link.amountRials), reason: link.reason, description: link.description, creditAccount: link.creditAccount, expiresAt: link.expiresAt.toISOString() };
}

