import { inTransaction } from '../platform/context.js';
import type { OrderLog, OrderRow, OrdersDeps, Actor, ProofOfDelivery } from '../modules/orders/index.js';
import { ordersRepo } from '../modules/orders/index.js';
import { settleOrder } from './order-money.js';

export interface CompleteTripInput {
  order: OrderRow;
  actor: Actor;
  pod: ProofOfDelivery | null;
  where: { lat: number; lng: number } | null;
  /** `returned` (ORD-10): the parcel came back; the sender pays the fare plus the return fare. */
  to?: 'completed' | 'returned';
  returnStage?: 'delivered' | 'held';
  holdUntil?: Date | null;
}

/**
 * Completes a trip in one transaction: the guarded status change, the fare through the ledger
 * (PAY-2 wallet, PAY-3 cash commission, PAY-4 promotion share), the receipt (PAY-8); after commit
 * the order.completed event and the provider is free again.
 * Compensation: none needed, since everything commits or rolls back together; the after-commit
 * steps are idempotent and retried by the next status read.
 */
export async function completeTrip(d: OrdersDeps, log: OrderLog, input: CompleteTripInput): Promise<OrderRow> {
  const o = input.order;
  const to = input.to ?? 'completed';
  const extra = to === 'returned' ? (o.returnPriceRials ?? 0n) : 0n;
  // ORD-7: the recipient pays cash; if the recipient does not pay (or the parcel came back), the sender's wallet does.
  const recipientDidNotPay = o.payer === 'recipient' && (to === 'returned' || input.pod?.recipientPaid === false);
  // A company order pays from the company's wallet through the same path (settleOrder picks the account).
  const byWallet = o.paymentMethod === 'wallet' || o.paymentMethod === 'company' || recipientDidNotPay;
  const now = d.platform.clock.now();
  // Read before the transaction (PGlite has one connection): the tier's discount comes off the commission.
  const discount = d.commissionDiscountPercent && o.providerId ? await d.commissionDiscountPercent(o.providerId, now, o.cityId) : 0;
  const commissionPercent = Math.max(0, d.pricing.commissionPercent(o.cityId, o.serviceCode) - discount);
  return inTransaction(d.platform, async (tx, after) => {
    const row = await log.change(tx, after, o, {
      to, actor: input.actor, where: input.where, data: { byWallet, returnFareRials: extra.toString() },
      set: to === 'completed'
        ? { completedAt: now, pod: input.pod }
        : { endedAt: now, completedAt: now, returnStage: input.returnStage ?? 'delivered', holdUntil: input.holdUntil ?? null },
    });
    const receiptId = await settleOrder(tx, d, row, {
      customerPaysRials: row.priceRials + extra, grossRials: row.priceRials + row.discountRials + extra, byWallet, commissionPercent,
    });
    if (receiptId) await ordersRepo.setFields(tx, row.id, { receiptId });
    after.run(() => d.tracking.setBusy(row.providerId!, null));
    return { ...row, receiptId };
  });
}
