/**
 * Claims (CLM-1 parcel damage), complaints (CLM-2) and penalties (PAY-6). Other modules import
 * only from here; `ClaimsModule.penalize(tx, actor, providerId, amountRials, reason)` posts a penalty
 * inside the caller's transaction (the caller decides who may penalize; see `mayPenalize`).
 */
import type { DbOrTx } from '../../platform/db.js';
import type { Actor } from '../ops/audit.service.js';
import { ClaimsService } from './claims.service.js';
import { ComplaintsService } from './complaints.service.js';
import { PenaltiesService } from './penalties.service.js';
import type { ClaimsDeps } from './claims.deps.js';
import type { PenaltyRow, PenaltySource } from './claims.tables.js';

export { ClaimsService, type FileClaimInput, type AssessInput } from './claims.service.js';
export { ComplaintsService, COMPLAINT_CATEGORIES, type ComplaintCategory, type ProviderComplaintView } from './complaints.service.js';
export { PenaltiesService, type PenaltyInput } from './penalties.service.js';
export { decideCompensation, assessmentProblem, EXCLUDED_CAUSES, type Assessment, type Decision, type ExcludedCause, type RejectReason } from './claims.rules.js';
export { ClaimErrors } from './claims.errors.js';
export { mayPenalize, PENALTY_ROLES, type ClaimsDeps } from './claims.deps.js';
export type { ClaimRow, ComplaintRow, PenaltyRow, PenaltySource, ClaimStatus, ComplaintOutcome } from './claims.tables.js';
export { registerClaimsRoutes, registerClaimsOpsRoutes } from './claims.routes.js';

export interface ClaimsModule {
  claims: ClaimsService;
  complaints: ComplaintsService;
  penalties: PenaltiesService;
  /** PAY-6: posts a penalty to the provider's balance inside `tx` (one ledger transfer, audited, SMS). */
  penalize(tx: DbOrTx, actor: Actor, providerId: string, amountRials: bigint, reason: string, source?: { type: PenaltySource; id: string | null }): Promise<PenaltyRow>;
}

export function createClaimsModule(deps: ClaimsDeps): ClaimsModule {
  const penalties = new PenaltiesService(deps);
  return {
    claims: new ClaimsService(deps),
    complaints: new ComplaintsService(deps, penalties),
    penalties,
    penalize: (tx, actor, providerId, amountRials, reason, source) => penalties.penalize(tx, actor, providerId, amountRials, reason, source),
  };
}
