import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1).max(max);

/** An upload in JSON: the name as the user had it, and the bytes in base64 (type sniffed on the server). */
export const uploadBody = z.object({
  fileName: z.string().max(300),
  contentBase64: z.string().max(12_000_000).describe('the file bytes in base64 (size limit is a setting)'),
}).strict();

export const kycStatus = z.enum(['none', 'submitted', 'verified', 'rejected']);

export const submitBody = z.object({
  firstName: z.string().max(100),
  lastName: z.string().max(100),
  nationalId: z.string().max(20).describe('10-digit Iranian national ID; must match the profile, or fills it when empty'),
  card: uploadBody.describe('photo of the national card: JPEG or PNG'),
}).strict();

export const submissionView = z.object({
  id: z.string(), userId: z.string(), status: z.enum(['submitted', 'verified', 'rejected']),
  nationalId: z.string(), firstName: z.string(), lastName: z.string(), rejectReason: z.string().nullable(),
  decidedAt: z.string().nullable(), createdAt: z.string(),
});

export const requirementView = z.object({ reason: z.string(), deadline: z.string(), createdAt: z.string() });

export const myKycReply = z.object({ status: kycStatus, submission: submissionView.nullable(), requirement: requirementView.nullable() });

export const fileReply = z.object({ fileName: z.string(), contentType: z.string(), contentBase64: z.string() });

export const idParam = z.object({ id: z.string().max(64) }).strict();

export const opsListQuery = z.object({
  status: z.enum(['submitted', 'verified', 'rejected']).default('submitted'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
}).strict();

export const opsListItem = submissionView.extend({ mobile: z.string().nullable() });

export const opsDetailReply = z.object({
  submission: submissionView,
  file: z.object({ contentType: z.string(), sizeBytes: z.number(), sha256: z.string(), fileName: z.string() }),
  history: z.array(submissionView),
  requirement: requirementView.nullable(),
  user: z.object({ id: z.string(), mobile: z.string(), firstName: z.string().nullable(), lastName: z.string().nullable(), nationalId: z.string().nullable(), status: z.string() }).nullable(),
});

export const rejectBody = z.object({ reason: text(500) }).strict();

export const requireBody = z.object({
  userId: z.string().max(64),
  reason: text(500),
  deadline: z.iso.datetime({ offset: true }).optional().describe('default: now + kyc.requirementDeadlineDays'),
}).strict();

export const requirementsQuery = z.object({ overdue: z.enum(['true', 'false']).default('false') }).strict();
export const requirementItem = requirementView.extend({
  userId: z.string(), mobile: z.string().nullable(), firstName: z.string().nullable(), lastName: z.string().nullable(),
  kycStatus: z.string().nullable(), userStatus: z.string().nullable(), overdue: z.boolean(),
});
