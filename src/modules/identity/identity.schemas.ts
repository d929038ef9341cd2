import { z } from 'zod';
import { ROLES } from './roles.js';

export const localeSchema = z.enum(['fa', 'ar', 'en']);

export const otpRequestBody = z.object({ mobile: z.string().min(1).max(32) }).strict();
export const otpRequestReply = z.object({ mobile: z.string(), expiresInSeconds: z.number(), resendInSeconds: z.number() });

export const otpVerifyBody = z.object({
  mobile: z.string().min(1).max(32),
  code: z.string().regex(/^\d{6}$/, 'six digits'),
}).strict();

export const userSelf = z.object({
  id: z.string(),
  mobile: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  nationalId: z.string().nullable(),
  email: z.string().nullable(),
  birthDate: z.string().nullable(),
  locale: localeSchema,
  roles: z.array(z.string()),
  providerKind: z.string().nullable(),
  status: z.enum(['active', 'blocked']),
  blockedReason: z.string().nullable(),
  kycStatus: z.enum(['none', 'submitted', 'verified', 'rejected']),
  cityId: z.string().nullable(),
  hasPassword: z.boolean(),
  hasReferrer: z.boolean(),
  profileComplete: z.boolean(),
  createdAt: z.string(),
});

export const userOps = userSelf.extend({ referrerId: z.string().nullable(), blockedAt: z.string().nullable(), updatedAt: z.string() });

export const sessionReply = z.object({
  accessToken: z.string(),
  accessTokenExpiresAt: z.string(),
  refreshToken: z.string(),
  refreshTokenExpiresAt: z.string(),
  user: userSelf,
  isNewUser: z.boolean(),
});

export const refreshBody = z.object({ refreshToken: z.string().min(10).max(200) }).strict();
export const tokensReply = z.object({ accessToken: z.string(), accessTokenExpiresAt: z.string(), refreshToken: z.string(), refreshTokenExpiresAt: z.string() });

export const profilePatchBody = z.object({
  firstName: z.string().max(100).optional(),
  lastName: z.string().max(100).optional(),
  nationalId: z.string().max(20).optional(),
  birthDate: z.string().max(20).optional().describe('Gregorian YYYY-MM-DD or Jalali YYYY/MM/DD'),
  email: z.union([z.email().max(200), z.literal(''), z.null()]).optional(),
  referrerMobile: z.string().max(32).optional(),
  locale: localeSchema.optional(),
  cityId: z.string().max(40).optional(),
}).strict();

export const passwordSetBody = z.object({ currentPassword: z.string().max(200).optional(), newPassword: z.string().min(1).max(200) }).strict();
export const passwordLoginBody = z.object({ mobile: z.string().min(1).max(32), password: z.string().min(1).max(200) }).strict();
export const passwordResetBody = z.object({ mobile: z.string().min(1).max(32), channel: z.enum(['sms', 'email']).default('sms') }).strict();
export const passwordResetConfirmBody = z.object({
  mobile: z.string().max(32).optional(),
  code: z.string().regex(/^\d{6}$/).optional(),
  token: z.string().max(200).optional(),
  newPassword: z.string().min(1).max(200),
}).strict();

export const guestBody = z.object({ name: z.string().min(1).max(100), mobile: z.string().min(1).max(32) }).strict();
export const guestReply = z.object({ id: z.string(), name: z.string(), mobile: z.string(), createdAt: z.string() });

export const idParam = z.object({ id: z.string().min(1).max(64) }).strict();
export const reasonBody = z.object({ reason: z.string().trim().min(3).max(500) }).strict();
export const rolesBody = z.object({
  roles: z.array(z.enum(ROLES)).min(1).max(5),
  providerKind: z.enum(['driver', 'courier', 'mover_company', 'assistant']).nullable().optional(),
  reason: z.string().trim().min(3).max(500),
}).strict();
export const userSearchQuery = z.object({
  q: z.string().max(100).optional(),
  role: z.enum(ROLES).optional(),
  status: z.enum(['active', 'blocked']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
}).strict();

export const termsReply = z.object({
  version: z.number().nullable(),
  text: z.string().nullable(),
  publishedAt: z.string().nullable(),
  accepted: z.boolean(),
});
export const termsAcceptBody = z.object({ version: z.number().int().min(1) }).strict();
export const termsPublishBody = z.object({
  texts: z.object({ fa: z.string().min(10).max(100_000), ar: z.string().min(10).max(100_000), en: z.string().min(10).max(100_000) }).strict(),
  announce: z.boolean().default(true),
}).strict();

export const eligibilityReply = z.object({ canOrder: z.boolean(), reasons: z.array(z.string()) });
