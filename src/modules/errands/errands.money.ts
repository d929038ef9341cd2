import type { DbOrTx } from '../../platform/db.js';
import { conflict } from '../../platform/errors.js';
import { platformAccount, userAccount, type LedgerService } from '../wallet/index.js';
import { ErrandErrors as E } from './errands.errors.js';
import { errandsRepo as repo } from './errands.repo.js';
import type { ErrandRow } from './errands.tables.js';

/**
 * Every movement of errand money is one ledger transfer with an idempotency key derived from the
 * errand and the step, so a retried request can never pay or refund twice.
 */
export class ErrandMoney {
  constructor(private readonly ledger: LedgerService) {}

  /** ERR-3: the customer pays the price from the wallet (no overdraft: work starts only once paid). */
  async payFromWallet(tx: DbOrTx, e: ErrandRow, amountRials: bigint): Promise<string> {
    const t = await this.ledger.transfer(tx, {
      idempotencyKey: `errand:${e.id}:pay`, reason: 'errand.payment', reference: { type: 'errand', id: e.id },
      legs: [{ from: userAccount(e.customerId, 'customer_wallet'), to: platformAccount('platform_revenue'), amountRials }],
      forbidOverdraft: true,
    });
    return t.id;
  }

  /**
   * ERR-7 / CLM-3: gives back `amountRials` to the customer's wallet. The row update is guarded on
   * paid - refunded >= amount, so no sequence of refunds can exceed what was paid.
   */
  async refund(tx: DbOrTx, e: ErrandRow, amountRials: bigint, step: 'cancel' | 'claim', set: Partial<ErrandRow>): Promise<ErrandRow> {
    if (amountRials <= 0n) return Object.keys(set).length ? (await repo.update(tx, e.id, set))! : e;
    const row = await repo.addRefund(tx, e.id, amountRials, set);
    if (!row) throw conflict(E.REFUND_OVER_PAID, 'The refund would exceed what was paid', { paidRials: String(e.paidRials), refundedRials: String(e.refundedRials) });
    await this.ledger.transfer(tx, {
      idempotencyKey: `errand:${e.id}:refund:${step}`, reason: 'errand.refund', reference: { type: 'errand', id: e.id },
      legs: [{ from: platformAccount('platform_revenue'), to: userAccount(e.customerId, 'customer_wallet'), amountRials }],
    });
    return row;
  }
}
