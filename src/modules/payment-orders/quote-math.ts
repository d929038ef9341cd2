import Big from 'big.js';

/** XPO-3 fee tiers: the first tier whose `upToRials` covers the converted amount applies. */
export interface FeeTier { upToRials: string | null; fixedRials: string; percent: number }

export interface QuoteFigures { subtotalRials: bigint; feeRials: bigint; totalRials: bigint }

/** Foreign amounts: up to 7 digits and 2 decimals, above zero. */
export const FOREIGN_AMOUNT = /^(?:0|[1-9]\d{0,6})(?:\.\d{1,2})?$/;

/**
 * XPO-3: amount x rate + fee of the tier, computed exactly with big.js and rounded once, to whole
 * Rials (half-even). The subtotal shown is the exact product rounded for display; the fee shown is
 * what is left of the total, so the two always add up to the total charged.
 */
export function quoteFigures(amount: string, rialsPerUnit: string, tiers: FeeTier[]): QuoteFigures {
  const exact = new Big(amount).times(new Big(rialsPerUnit));
  const tier = tiers.find((t) => t.upToRials === null || exact.lte(new Big(t.upToRials))) ?? tiers[tiers.length - 1];
  const fee = tier ? new Big(tier.fixedRials).plus(exact.times(tier.percent).div(100)) : new Big(0);
  const total = BigInt(exact.plus(fee).round(0, Big.roundHalfEven).toFixed(0));
  const subtotal = BigInt(exact.round(0, Big.roundHalfEven).toFixed(0));
  const feeRials = total - subtotal;
  return { subtotalRials: subtotal, feeRials: feeRials < 0n ? 0n : feeRials, totalRials: total };
}

/** Accepts "612345.5"-style rates: positive, at most 4 decimals. */
export function isRateText(text: string): boolean {
  return /^(?:0|[1-9]\d{0,15})(?:\.\d{1,4})?$/.test(text) && new Big(text).gt(0);
}
