/** CLM-1 as a pure function: what ops assessed -> compensation or a rejection with its reason. */

export const EXCLUDED_CAUSES = ['inherent_defect', 'sender_packing', 'perishable', 'unfit_for_motorcycle'] as const;
export type ExcludedCause = (typeof EXCLUDED_CAUSES)[number];

/** What ops found when they looked at the parcel and the photos. */
export interface Assessment {
  /** total loss, or partial damage of `damagePercent` of the value. */
  extent: 'total' | 'partial';
  /** 1..100, for partial damage. */
  damagePercent: number | null;
  /** Only physical damage from improper carriage counts. */
  causedByCarriage: boolean;
  /** For contents that were not visible: the packaging shows an impact. */
  packagingShowsImpact: boolean;
  excludedCause: ExcludedCause | null;
  /** The provider pays (and may be deactivated) instead of the platform. */
  providerAtFault: boolean;
}

export interface ParcelFacts {
  declaredValueRials: bigint;
  contentsVisible: boolean;
}

export type RejectReason = 'no_declared_value' | 'not_carriage_damage' | 'no_packaging_impact' | `excluded_${ExcludedCause}`;

export type Decision =
  | { outcome: 'approved'; compensationRials: bigint }
  | { outcome: 'rejected'; reason: RejectReason };

/**
 * CLM-1: total loss -> the declared value up to the cap; partial -> that base times the assessed
 * damage percentage (rounded down to a Rial). No declared value -> nothing; contents not visible ->
 * only if the packaging shows impact; excluded causes -> rejected with the cause.
 */
export function decideCompensation(parcel: ParcelFacts, a: Assessment, capRials: bigint): Decision {
  if (a.excludedCause) return { outcome: 'rejected', reason: `excluded_${a.excludedCause}` };
  if (!a.causedByCarriage) return { outcome: 'rejected', reason: 'not_carriage_damage' };
  if (parcel.declaredValueRials <= 0n) return { outcome: 'rejected', reason: 'no_declared_value' };
  if (!parcel.contentsVisible && !a.packagingShowsImpact) return { outcome: 'rejected', reason: 'no_packaging_impact' };
  const cap = capRials < 0n ? 0n : capRials;
  const base = parcel.declaredValueRials < cap ? parcel.declaredValueRials : cap;
  if (a.extent === 'total') return { outcome: 'approved', compensationRials: base };
  const percent = BigInt(Math.min(100, Math.max(0, Math.floor(a.damagePercent ?? 0))));
  return { outcome: 'approved', compensationRials: (base * percent) / 100n };
}

/** An assessment must be complete and consistent before it is applied. */
export function assessmentProblem(a: Assessment): string | null {
  if (a.extent === 'partial' && (a.damagePercent === null || !Number.isInteger(a.damagePercent) || a.damagePercent < 1 || a.damagePercent > 100)) return 'damagePercent';
  if (a.extent === 'total' && a.damagePercent !== null && a.damagePercent !== 100) return 'damagePercent';
  return null;
}
