import type { ClaimFileRow, ClaimRow, ComplaintRow, PenaltyRow } from './claims.tables.js';
import type { ProviderComplaintView } from './complaints.service.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const claimJson = (c: ClaimRow) => ({
  id: c.id, orderId: c.orderId, status: c.status, description: c.description, declaredValueRials: String(c.declaredValueRials), category: c.category,
  contentsVisible: c.contentsVisible, podDamage: c.podDamage, compensationRials: String(c.compensationRials), paidBy: c.paidBy, rejectReason: c.rejectReason,
  note: c.note, decidedAt: iso(c.decidedAt), createdAt: c.createdAt.toISOString(),
});

export const opsClaimJson = (c: ClaimRow) => ({ ...claimJson(c), customerId: c.customerId, providerId: c.providerId, assessment: c.assessment, transferId: c.transferId, decidedBy: c.decidedBy });

export const fileJson = (f: ClaimFileRow) => ({ id: f.id, fileName: f.fileName, contentType: f.contentType, sizeBytes: f.sizeBytes, sha256: f.sha256 });

export const complaintJson = (c: ComplaintRow) => ({
  id: c.id, orderId: c.orderId, category: c.category as never, description: c.description, status: c.status, outcome: c.outcome, note: c.note,
  decidedAt: iso(c.decidedAt), createdAt: c.createdAt.toISOString(),
});

export const opsComplaintJson = (c: ComplaintRow) => ({ ...complaintJson(c), complainantId: c.complainantId, againstUserId: c.againstUserId, penaltyId: c.penaltyId, decidedBy: c.decidedBy });

export const providerComplaintJson = (c: ProviderComplaintView) => ({
  id: c.id, orderId: c.orderId, category: c.category as never, status: c.status, outcome: c.outcome, note: c.note, decidedAt: iso(c.decidedAt), createdAt: c.createdAt.toISOString(),
});

export const penaltyJson = (p: PenaltyRow) => ({
  id: p.id, providerId: p.providerId, amountRials: String(p.amountRials), reason: p.reason, sourceType: p.sourceType, sourceId: p.sourceId,
  transferId: p.transferId, createdBy: p.createdBy, createdAt: p.createdAt.toISOString(),
});
