import type { DbOrTx } from '../../platform/db.js';
import { planSpend, spendLegsTo, type AccountRef, type TransferResult } from '../wallet/index.js';
import type { Ledger } from './ledger.js';

export interface WalletFallbackInput {
  userId: string;
  amountRials: bigint;
  /** Where the money goes (e.g. the order's fare account chosen by the orders module). */
  to: AccountRef;
  /** Unique per charge, e.g. `order:<id>:fare`. */
  idempotencyKey: string;
  reason: string;
  reference?: { type: string; id: string };
  /** Whether promotion gift credit may pay (PAY-4). */
  giftAllowed: boolean;
  memo?: string;
}

/**
 * PAY-2: when an online payment fails, the fare is taken from the wallet (gift credit first where
 * allowed); a short wallet goes negative and later top-ups pay it back, since they credit the same
 * account. Runs in the caller's transaction.
 */
export async function chargeWalletFallback(tx: DbOrTx, ledger: Ledger, input: WalletFallbackInput): Promise<TransferResult & { giftRials: bigint; walletRials: bigint }> {
  const plan = await planSpend(tx, input.userId, input.amountRials, { giftAllowed: input.giftAllowed });
  const transfer = await ledger.transfer(tx, {
    idempotencyKey: input.idempotencyKey, reason: input.reason, reference: input.reference, memo: input.memo,
    legs: spendLegsTo(plan, input.to),
  });
  return { ...transfer, giftRials: plan.giftRials, walletRials: plan.walletRials };
}
