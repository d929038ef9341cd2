import type { KycRequirementRow, KycSubmissionRow } from './kyc.tables.js';

export const submissionJson = (s: KycSubmissionRow) => ({
  id: s.id, userId: s.userId, status: s.status, nationalId: s.nationalId, firstName: s.firstName, lastName: s.lastName,
  rejectReason: s.rejectReason, decidedAt: s.decidedAt?.toISOString() ?? null, createdAt: s.createdAt.toISOString(),
});

export const requirementJson = (r: KycRequirementRow) => ({ reason: r.reason, deadline: r.deadline.toISOString(), createdAt: r.createdAt.toISOString() });
