import type { DbOrTx } from '../platform/db.js';
import { companyAccount, planSpend, platformAccount, spendLegsTo, userAccount, type AccountRef, type TransferLeg } from '../modules/wallet/index.js';
import type { OrderRow, OrdersDeps } from '../modules/orders/index.js';

/** ACC-3: the company wallet that pays an order placed on a company's account (like a wallet, it may go negative). */
const companyPayer = (o: OrderRow): AccountRef | null => (o.paymentMethod === 'company' && o.companyId ? companyAccount(o.companyId) : null);

/** Commission on an amount; percent may carry two decimals (basis points), rounded down to the Rial. */
export const commissionOf = (amountRials: bigint, percent: number): bigint => (amountRials * BigInt(Math.round(percent * 100))) / 10_000n;

export interface SettleInput {
  /** What the customer pays now (fare after discount, plus any return fare). */
  customerPaysRials: bigint;
  /** What the provider's fare is before commission (customer share + promotion share). */
  grossRials: bigint;
  /** Paid from the customer's gift credit and wallet (PAY-2: the wallet may go negative); else cash to the provider. */
  byWallet: boolean;
  commissionPercent: number;
}

/**
 * PAY-2 / PAY-3 / PAY-4 at completion, as one balanced transfer: wallet jobs pay the provider from
 * the customer's gift credit then wallet; the promotion's share comes from promotion expense; the
 * commission goes from the provider wallet to platform revenue (on cash jobs that is all the
 * ledger sees: the provider owes the commission). Returns the receipt id (PAY-8), if money moved.
 */
export async function settleOrder(tx: DbOrTx, d: OrdersDeps, o: OrderRow, s: SettleInput): Promise<string | null> {
  const provider = userAccount(o.providerId!, 'provider_wallet');
  const legs: TransferLeg[] = [];
  const company = companyPayer(o);
  if (s.byWallet && s.customerPaysRials > 0n && company) legs.push({ from: company, to: provider, amountRials: s.customerPaysRials });
  else if (s.byWallet && s.customerPaysRials > 0n) {
    const plan = await planSpend(tx, o.customerId, s.customerPaysRials, { giftAllowed: true });
    legs.push(...spendLegsTo(plan, provider));
  }
  const promotionShare = s.grossRials - s.customerPaysRials;
  if (promotionShare > 0n) legs.push({ from: platformAccount('promotion_expense'), to: provider, amountRials: promotionShare });
  const commission = commissionOf(s.grossRials, s.commissionPercent);
  if (commission > 0n) legs.push({ from: provider, to: platformAccount('platform_revenue'), amountRials: commission });
  if (!legs.length) return null;
  const transfer = await d.ledger.transfer(tx, {
    idempotencyKey: `order:${o.id}:settle`, reason: 'order.fare', reference: { type: 'order', id: o.id }, legs,
    memo: `${o.serviceCode} ${company ? `company ${o.companyId}` : s.byWallet ? 'wallet' : 'cash'}`,
  });
  if (s.customerPaysRials <= 0n) return null;
  const receipt = await d.receipts.issue(tx, {
    userId: o.customerId, amountRials: s.customerPaysRials, purpose: company ? 'order_fare_company' : s.byWallet ? 'order_fare' : 'order_fare_cash',
    description: `${o.serviceCode} ${o.id}`, ledgerTransferId: transfer.id,
  });
  return receipt.id;
}

/**
 * ORD-6 / ORD-5: the cancellation or no-show fee, from the customer's wallet (may go negative) to
 * the provider, less the platform's commission. Returns the receipt id.
 */
export async function chargeOrderFee(tx: DbOrTx, d: OrdersDeps, o: OrderRow, feeRials: bigint, kind: 'cancellation' | 'no_show'): Promise<string | null> {
  if (feeRials <= 0n || !o.providerId) return null;
  const commission = commissionOf(feeRials, d.pricing.commissionPercent(o.cityId, o.serviceCode));
  const from = companyPayer(o) ?? userAccount(o.customerId, 'customer_wallet');
  const legs: TransferLeg[] = [{ from, to: userAccount(o.providerId, 'provider_wallet'), amountRials: feeRials - commission }];
  if (commission > 0n) legs.push({ from, to: platformAccount('platform_revenue'), amountRials: commission });
  const transfer = await d.ledger.transfer(tx, {
    idempotencyKey: `order:${o.id}:${kind}-fee`, reason: `order.${kind}_fee`, reference: { type: 'order', id: o.id },
    legs: legs.filter((l) => l.amountRials > 0n),
  });
  const receipt = await d.receipts.issue(tx, {
    userId: o.customerId, amountRials: feeRials, purpose: `order_${kind}_fee`, description: `${o.serviceCode} ${o.id}`, ledgerTransferId: transfer.id,
  });
  return receipt.id;
}
