import type { DbOrTx } from '../../platform/db.js';
import { validation } from '../../platform/errors.js';
import { ledgerRepo } from './ledger.repo.js';
import { accountIdOf } from './ledger.service.js';
import { userAccount, type AccountRef, type TransferLeg } from './ledger.types.js';
import { WalletErrors as E } from './wallet.errors.js';

/** One source of a payment: which of the user's accounts pays how much. */
export interface SpendLeg { from: AccountRef; amountRials: bigint }

export interface SpendPlan {
  legs: SpendLeg[];
  giftRials: bigint;
  walletRials: bigint;
}

/**
 * The spending order (issue 3, PAY-2, PAY-4): gift credit first, only where the promotion allows
 * it, then the wallet, which may go negative. Inside a transaction the gift account is locked, so
 * the plan stays valid until commit (the gift account comes first in the ledger's lock order).
 */
export async function planSpend(tx: DbOrTx, userId: string, amountRials: bigint, opts: { giftAllowed: boolean }): Promise<SpendPlan> {
  if (typeof amountRials !== 'bigint' || amountRials <= 0n) throw validation(E.AMOUNT_INVALID, 'The amount must be a positive whole number of Rials');
  const gift = userAccount(userId, 'customer_gift');
  const giftAvailable = opts.giftAllowed ? await ledgerRepo.lockAvailable(tx, accountIdOf(gift)) : 0n;
  const giftRials = giftAvailable > 0n ? (giftAvailable < amountRials ? giftAvailable : amountRials) : 0n;
  const walletRials = amountRials - giftRials;
  const legs: SpendLeg[] = [];
  if (giftRials > 0n) legs.push({ from: gift, amountRials: giftRials });
  if (walletRials > 0n) legs.push({ from: userAccount(userId, 'customer_wallet'), amountRials: walletRials });
  return { legs, giftRials, walletRials };
}

/** Turns a spend plan into transfer legs paying `to`. */
export const spendLegsTo = (plan: SpendPlan, to: AccountRef): TransferLeg[] => plan.legs.map((l) => ({ from: l.from, to, amountRials: l.amountRials }));
