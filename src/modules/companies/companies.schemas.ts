import { z } from 'zod';
import { uploadBody } from '../kyc/kyc.schemas.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const rials = z.string().regex(/^\d{1,18}$/, 'an integer amount of Rials as a string');

export const registerBody = z.object({
  name: z.string().max(200),
  registrationNumber: z.string().max(20),
  nationalCompanyId: z.string().max(20).describe('11-digit national company ID (شناسه ملی), checksum validated'),
  landline: z.string().max(20).describe('with the area code, e.g. 04133334444'),
  staffCount: z.number().int().min(1).max(1_000_000),
  logo: uploadBody.optional().describe('JPEG or PNG'),
}).strict();

export const companyStatus = z.enum(['pending', 'active', 'rejected']);
export const memberRole = z.enum(['representative', 'member']);

export const companyView = z.object({
  id: z.string(), name: z.string(), registrationNumber: z.string(), nationalCompanyId: z.string(), landline: z.string(), staffCount: z.number(),
  hasLogo: z.boolean(), representativeId: z.string(), cityId: z.string().nullable(), status: companyStatus, rejectReason: z.string().nullable(),
  decidedAt: z.string().nullable(), createdAt: z.string(),
});
export const myCompanyView = companyView.extend({ role: memberRole.nullable() });

export const memberView = z.object({
  id: z.string(), companyId: z.string(), mobile: z.string(), userId: z.string().nullable(), name: z.string().nullable(), role: memberRole,
  status: z.enum(['invited', 'active', 'declined', 'removed']), createdAt: z.string(), acceptedAt: z.string().nullable(),
});

export const invitationView = z.object({ id: z.string(), companyId: z.string(), companyName: z.string(), createdAt: z.string() });

export const inviteBody = z.object({ mobile: z.string().max(32) }).strict();
export const idParam = z.object({ id: z.string().max(64) }).strict();
export const memberParams = z.object({ id: z.string().max(64), memberId: z.string().max(64) }).strict();

export const walletReply = z.object({ balanceRials: z.string(), pendingRials: z.string(), availableRials: z.string(), pendingTopups: z.number() });
export const amountBody = z.object({ amountRials: rials }).strict();
export const idempotencyHeaders = z.object({ 'idempotency-key': z.string().regex(/^[A-Za-z0-9_.:-]{8,100}$/).optional() });
export const transferReply = z.object({ transferId: z.string(), replayed: z.boolean(), createdAt: z.string() });
export const topupReply = z.object({ paymentId: z.string(), redirectUrl: z.string(), amountRials: z.string(), gateway: z.string() });

export const statementQuery = z.object({ month: z.string().max(10).optional().describe('Jalali YYYY/MM; default: this month in the city') }).strict();
export const statementReply = z.object({
  month: z.string(), timeZone: z.string(), startsAt: z.string(), endsAt: z.string(),
  openingRials: z.string(), creditsRials: z.string(), debitsRials: z.string(), closingRials: z.string(),
  lines: z.array(z.object({ transferId: z.string(), amountRials: z.string(), reason: z.string(), memo: z.string().nullable(), referenceType: z.string().nullable(), referenceId: z.string().nullable(), createdAt: z.string() })),
});

export const opsListQuery = z.object({
  status: companyStatus.default('pending'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
}).strict();
export const opsDetailReply = z.object({
  company: companyView,
  members: z.array(memberView),
  representative: z.object({ id: z.string(), mobile: z.string(), firstName: z.string().nullable(), lastName: z.string().nullable(), kycStatus: z.string() }).nullable(),
});
export const rejectBody = z.object({ reason: text(500) }).strict();
export const fileReply = z.object({ fileName: z.string(), contentType: z.string(), contentBase64: z.string() });
