import type { Platform } from '../../platform/context.js';
import { inTransaction } from '../../platform/context.js';
import { validation } from '../../platform/errors.js';
import { DEFAULT_TIME_ZONE } from '../../platform/time.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import type { PaymentsService, StartedPayment } from '../payments/index.js';
import { MAX_LEG_RIALS, accountIdOf, companyAccount, userAccount, type AccountBalance, type AccountRef, type LedgerService } from '../wallet/index.js';
import { CompanyErrors as E } from './companies.errors.js';
import { companiesRepo as repo, type LedgerLine } from './companies.repo.js';
import type { CompaniesService, Viewer } from './companies.service.js';
import { formatJalaliMonth, jalaliMonthBounds, jalaliMonthOf, parseJalaliMonth } from './statement-month.js';

export interface CompanyWalletDeps {
  platform: Platform;
  ledger: LedgerService;
  payments: PaymentsService;
  catalog: CatalogService;
  companies: CompaniesService;
}

export interface MonthlyStatement {
  month: string; timeZone: string; startsAt: Date; endsAt: Date;
  openingRials: bigint; creditsRials: bigint; debitsRials: bigint; closingRials: bigint; lines: LedgerLine[];
}

/**
 * ACC-3 the company's own wallet: a company_wallet ledger account. Money comes in by a ledger
 * transfer from the representative's wallet, or by a gateway top-up: the existing PAY-1 flow credits
 * the representative's wallet and, once the payment succeeds, one transfer moves it to the company.
 */
export class CompanyWalletService {
  constructor(private readonly d: CompanyWalletDeps) {}

  /** The ledger account orders paid "with the company account" debit. */
  walletAccountFor(companyId: string): AccountRef {
    return companyAccount(companyId);
  }

  async balance(viewer: Viewer, companyId: string): Promise<AccountBalance & { pendingTopups: number }> {
    await this.d.companies.getFor(viewer, companyId);
    await this.settlePendingTopups(companyId);
    const pending = (await repo.pendingTopups(this.d.platform.db, companyId)).length;
    return { ...(await this.d.ledger.balance(this.d.platform.db, companyAccount(companyId))), pendingTopups: pending };
  }

  /** The representative moves money from their own wallet (never into overdraft); the key makes retries safe. */
  async transferFromRepresentative(viewer: Viewer, companyId: string, amountRials: bigint, idempotencyKey: string | undefined) {
    await this.d.companies.asRepresentative(viewer, companyId);
    // Checked after access, so a stranger learns nothing from the answer.
    if (!idempotencyKey) throw validation(E.IDEMPOTENCY_KEY_REQUIRED, 'Send an Idempotency-Key header; a retry with the same key returns the first result');
    assertAmount(amountRials);
    return inTransaction(this.d.platform, (tx) => this.d.ledger.transfer(tx, {
      idempotencyKey: `company.transfer:${companyId}:${viewer.id}:${idempotencyKey}`, reason: 'company.transfer_in',
      reference: { type: 'company', id: companyId }, memo: 'from representative wallet', forbidOverdraft: true,
      legs: [{ from: userAccount(viewer.id, 'customer_wallet'), to: companyAccount(companyId), amountRials }],
    }));
  }

  /** Starts a gateway top-up for the company (PAY-1 flow); the browser goes to redirectUrl. */
  async startTopup(viewer: Viewer, companyId: string, amountRials: bigint): Promise<StartedPayment> {
    await this.d.companies.asRepresentative(viewer, companyId);
    const started = await this.d.payments.startTopup(viewer.id, amountRials, 'customer');
    await repo.insertTopup(this.d.platform.db, {
      paymentId: started.paymentId, companyId, userId: viewer.id, amountRials, status: 'pending', transferId: null, createdAt: this.d.platform.clock.now(), creditedAt: null,
    });
    return started;
  }

  /** 'payment.succeeded' handler: moves a company top-up from the payer's wallet to the company, once. */
  async onPaymentSucceeded(paymentId: string): Promise<void> {
    const db = this.d.platform.db;
    const topup = await repo.topupByPayment(db, paymentId);
    if (!topup || topup.status !== 'pending') return;
    await inTransaction(this.d.platform, async (tx) => {
      const row = await repo.markTopupCredited(tx, paymentId, this.d.platform.clock.now());
      if (!row) return;
      const t = await this.d.ledger.transfer(tx, {
        idempotencyKey: `company.topup:${paymentId}`, reason: 'company.topup', reference: { type: 'payment', id: paymentId }, memo: 'gateway top-up',
        legs: [{ from: userAccount(row.userId, 'customer_wallet'), to: companyAccount(row.companyId), amountRials: row.amountRials }],
      });
      await repo.setTopupTransfer(tx, paymentId, t.id);
    });
  }

  /** A safety net for a lost event: pending top-ups whose payment has succeeded are credited now. */
  private async settlePendingTopups(companyId: string): Promise<void> {
    const db = this.d.platform.db;
    for (const t of await repo.pendingTopups(db, companyId)) {
      const p = await this.d.payments.byId(db, t.paymentId);
      if (p?.status === 'succeeded') await this.onPaymentSucceeded(t.paymentId);
    }
  }

  /** The company account's posted movements in a Jalali month, on the company city's calendar. */
  async statement(viewer: Viewer, companyId: string, monthText?: string): Promise<MonthlyStatement> {
    const { company } = await this.d.companies.getFor(viewer, companyId);
    const timeZone = company.cityId ? ((await this.d.catalog.city(company.cityId).catch(() => null))?.timeZone ?? DEFAULT_TIME_ZONE) : DEFAULT_TIME_ZONE;
    const month = monthText ? parseJalaliMonth(monthText) : jalaliMonthOf(this.d.platform.clock.now(), timeZone);
    if (!month) throw validation(E.MONTH_INVALID, 'The month is a Jalali YYYY/MM', { field: 'month' });
    const { startsAt, endsAt } = jalaliMonthBounds(month, timeZone);
    const accountId = accountIdOf(companyAccount(companyId));
    const db = this.d.platform.db;
    const openingRials = await repo.balanceBefore(db, accountId, startsAt);
    const lines = await repo.ledgerLines(db, accountId, startsAt, endsAt);
    const creditsRials = lines.reduce((s, l) => (l.amountRials > 0n ? s + l.amountRials : s), 0n);
    const debitsRials = lines.reduce((s, l) => (l.amountRials < 0n ? s - l.amountRials : s), 0n);
    return { month: formatJalaliMonth(month), timeZone, startsAt, endsAt, openingRials, creditsRials, debitsRials, closingRials: openingRials + creditsRials - debitsRials, lines };
  }
}

function assertAmount(amountRials: bigint) {
  if (amountRials <= 0n || amountRials > MAX_LEG_RIALS) throw validation(E.AMOUNT_INVALID, 'The amount is out of range', { field: 'amountRials' });
}
