import { z } from 'zod';
import { EXCLUDED_CAUSES } from './claims.rules.js';
import { COMPLAINT_CATEGORIES } from './complaints.service.js';

const text = (min: number, max: number) => z.string().trim().min(min).max(max);
const rials = z.string().regex(/^\d{1,18}$/, 'an integer amount of Rials as a string');
const id = z.string().min(3).max(64);

export const idParam = z.object({ id }).strict();
export const fileParam = z.object({ id, fileId: id }).strict();

export const uploadBody = z.object({
  fileName: z.string().max(300),
  contentBase64: z.string().max(6_000_000).describe('JPEG or PNG bytes in base64; the type is sniffed from the bytes'),
}).strict();

export const fileClaimBody = z.object({
  orderId: id,
  description: text(10, 2000),
  photos: z.array(uploadBody).max(10).describe('photos of the damage (count and size limits are settings)'),
}).strict();

export const claimStatus = z.enum(['submitted', 'approved', 'rejected']);
export const excludedCause = z.enum(EXCLUDED_CAUSES);

export const assessment = z.object({
  extent: z.enum(['total', 'partial']),
  damagePercent: z.number().int().min(1).max(100).nullable().default(null),
  causedByCarriage: z.boolean(),
  packagingShowsImpact: z.boolean().default(false),
  excludedCause: excludedCause.nullable().default(null),
  providerAtFault: z.boolean().default(false),
}).strict();

export const assessBody = assessment.extend({
  deactivateProvider: z.boolean().default(false),
  note: text(1, 1000).nullable().default(null),
}).strict();

export const fileView = z.object({ id: z.string(), fileName: z.string(), contentType: z.string(), sizeBytes: z.number(), sha256: z.string() });

export const claimView = z.object({
  id: z.string(), orderId: z.string(), status: claimStatus, description: z.string(),
  declaredValueRials: z.string(), category: z.string(), contentsVisible: z.boolean(), podDamage: z.string().nullable(),
  compensationRials: z.string(), paidBy: z.enum(['platform', 'provider']).nullable(), rejectReason: z.string().nullable(),
  note: z.string().nullable(), decidedAt: z.string().nullable(), createdAt: z.string(),
});

export const claimDetail = claimView.extend({ files: z.array(fileView) });

export const opsClaimView = claimView.extend({
  customerId: z.string(), providerId: z.string().nullable(), assessment: assessment.nullable(), transferId: z.string().nullable(), decidedBy: z.string().nullable(),
});
export const opsClaimDetail = opsClaimView.extend({ files: z.array(fileView), capRials: z.string() });

export const previewReply = z.object({ outcome: z.enum(['approved', 'rejected']), compensationRials: z.string(), reason: z.string().nullable() });

export const fileReply = z.object({ fileName: z.string(), contentType: z.string(), contentBase64: z.string() });

export const complaintCategory = z.enum(COMPLAINT_CATEGORIES);
export const complaintOutcome = z.enum(['dismissed', 'warning', 'penalty', 'deactivation']);

export const fileComplaintBody = z.object({
  orderId: id.nullable().optional(),
  againstUserId: id.nullable().optional().describe('for a general complaint: the provider it is about'),
  category: complaintCategory,
  description: text(10, 2000),
}).strict();

export const complaintView = z.object({
  id: z.string(), orderId: z.string().nullable(), category: complaintCategory, description: z.string(), status: z.enum(['open', 'decided']),
  outcome: complaintOutcome.nullable(), note: z.string().nullable(), decidedAt: z.string().nullable(), createdAt: z.string(),
});
export const opsComplaintView = complaintView.extend({ complainantId: z.string(), againstUserId: z.string(), penaltyId: z.string().nullable(), decidedBy: z.string().nullable() });
/** What the provider sees: the outcome, never who complained nor their words. */
export const providerComplaintView = complaintView.omit({ description: true });

export const decideComplaintBody = z.object({
  outcome: complaintOutcome,
  note: text(3, 1000),
  amountRials: rials.nullable().optional().describe('penalty amount; the setting provider.penaltyRials when omitted'),
}).strict();

export const mineReply = z.object({ claims: z.array(claimView), complaints: z.array(complaintView) });

export const penaltyBody = z.object({
  providerId: id,
  amountRials: rials.nullable().optional().describe('default: the setting provider.penaltyRials (5,000,000 Toman)'),
  reason: text(3, 500),
  collect: z.enum(['balance', 'link']).default('balance').describe('link: also SMS a payment link so the provider can pay it off by card (PAY-5)'),
}).strict();
export const penaltyView = z.object({
  id: z.string(), providerId: z.string(), amountRials: z.string(), reason: z.string(), sourceType: z.string(), sourceId: z.string().nullable(),
  transferId: z.string(), createdBy: z.string().nullable(), createdAt: z.string(),
});
export const penaltiesQuery = z.object({ providerId: id.optional() }).strict();
export const claimsQuery = z.object({ status: claimStatus.default('submitted') }).strict();
export const complaintsQuery = z.object({ status: z.enum(['open', 'decided']).default('open') }).strict();
