import { z } from 'zod';
import { conditionSchema } from './promotions.rules.js';

/** zod schemas of the promotions API (.strict() bodies); amounts travel as strings of digits (Rials). */

export const rials = z.string().regex(/^\d{1,18}$/, 'an integer amount of Rials as a string of digits');
const positiveRials = rials.refine((v) => BigInt(v) > 0n, 'must be more than zero');
const instant = z.iso.datetime({ offset: true });
const localized = z.object({ fa: z.string().trim().min(1).max(200), ar: z.string().trim().min(1).max(200), en: z.string().trim().min(1).max(200) }).strict();
const localizedLong = z.object({ fa: z.string().max(2000), ar: z.string().max(2000), en: z.string().max(2000) }).strict();
const userId = z.string().min(3).max(64);
const serviceCode = z.string().min(1).max(40);
const reason = z.string().trim().min(3).max(500);

export const benefitBody = z.discriminatedUnion('type', [
  z.object({ type: z.literal('percent'), percent: z.string().max(6).describe('e.g. "10" or "12.5"; at most two decimals, up to 100'), maxDiscountRials: positiveRials.nullable().optional() }).strict(),
  z.object({ type: z.literal('fixed'), amountRials: positiveRials }).strict(),
  z.object({
    type: z.literal('gift_credit'), amountRials: positiveRials,
    validDays: z.number().int().min(1).max(3660).nullable().optional().describe('gift credit expires this many days after it is claimed'),
    expiresAt: instant.nullable().optional().describe('gift credit expires at this instant at the latest'),
  }).strict(),
]);
export type BenefitBody = z.infer<typeof benefitBody>;

export const promotionCreateBody = z.object({
  code: z.string().min(1).max(64).optional().describe('omit for an automatic campaign, applied without a code'),
  audience: z.enum(['public', 'personal']),
  userIds: z.array(userId).max(1000).optional().describe('the owners of a personal package'),
  benefit: benefitBody,
  serviceCodes: z.array(serviceCode).max(20).optional(),
  cityIds: z.array(z.string().min(1).max(40)).max(50).optional(),
  minOrderRials: rials.nullable().optional(),
  conditions: z.array(conditionSchema).max(10).optional(),
  startsAt: instant.nullable().optional(),
  endsAt: instant.nullable().optional(),
  totalUsageLimit: z.number().int().min(0).max(100_000_000).nullable().optional(),
  perUserLimit: z.number().int().min(1).max(10_000).nullable().optional().describe('omit for the default setting, null for no limit'),
  title: localized,
  description: localizedLong.nullable().optional(),
  announce: z.boolean().optional().describe('send the owners of a personal package an SMS'),
  reason: reason.optional(),
}).strict();
export type PromotionCreateBody = z.infer<typeof promotionCreateBody>;

export const promotionUpdateBody = z.object({
  expectedVersion: z.number().int().min(1).optional(),
  code: z.string().min(1).max(64).optional(),
  benefit: benefitBody.optional(),
  addUserIds: z.array(userId).max(1000).optional(),
  removeUserIds: z.array(userId).max(1000).optional(),
  serviceCodes: z.array(serviceCode).max(20).optional(),
  cityIds: z.array(z.string().min(1).max(40)).max(50).optional(),
  minOrderRials: rials.nullable().optional(),
  conditions: z.array(conditionSchema).max(10).optional(),
  startsAt: instant.nullable().optional(),
  endsAt: instant.nullable().optional(),
  totalUsageLimit: z.number().int().min(0).max(100_000_000).nullable().optional(),
  perUserLimit: z.number().int().min(1).max(10_000).nullable().optional(),
  title: localized.optional(),
  description: localizedLong.nullable().optional(),
  reason: reason.optional(),
}).strict();
export type PromotionUpdateBody = z.infer<typeof promotionUpdateBody>;

export const statusChangeBody = z.object({ reason }).strict();

export const promotionSearchQuery = z.object({
  status: z.enum(['active', 'suspended', 'cancelled']).optional(),
  benefitType: z.enum(['percent', 'fixed', 'gift_credit']).optional(),
  audience: z.enum(['public', 'personal']).optional(),
  trigger: z.enum(['code', 'automatic']).optional(),
  serviceCode: serviceCode.optional(),
  userId: userId.optional(),
  q: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
}).strict();

export const idParam = z.object({ id: z.string().min(3).max(64) }).strict();

export const applyBody = z.object({
  serviceCode,
  amountRials: rials,
  code: z.string().min(1).max(64).optional(),
  cityId: z.string().min(1).max(40).optional().describe('defaults to the city in my profile'),
  quantity: z.number().int().min(1).max(100_000).optional(),
}).strict();

export const claimBody = z.object({
  code: z.string().min(1).max(64).optional(),
  promotionId: z.string().min(3).max(64).optional().describe('for a gift package without a code, from /v1/promotions/mine'),
}).strict().refine((b) => (b.code === undefined) !== (b.promotionId === undefined), 'give either code or promotionId');

// ---- replies ----

export const benefitReply = z.object({
  type: z.enum(['percent', 'fixed', 'gift_credit']),
  percent: z.string().nullable(),
  maxDiscountRials: z.string().nullable(),
  amountRials: z.string().nullable(),
  giftValidDays: z.number().nullable(),
  giftExpiresAt: z.string().nullable(),
});

const termsReply = {
  id: z.string(),
  code: z.string().nullable(),
  trigger: z.enum(['code', 'automatic']),
  audience: z.enum(['public', 'personal']),
  benefit: benefitReply,
  serviceCodes: z.array(z.string()),
  cityIds: z.array(z.string()),
  minOrderRials: z.string().nullable(),
  conditions: z.array(z.unknown()),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  perUserLimit: z.number().nullable(),
  title: localized,
  description: localizedLong.nullable(),
};

export const promotionOpsReply = z.object({
  ...termsReply,
  status: z.enum(['active', 'suspended', 'cancelled']),
  totalUsageLimit: z.number().nullable(),
  usedCount: z.number(),
  version: z.number(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const promotionDetailReply = promotionOpsReply.extend({ userIds: z.array(z.string()), userCount: z.number() });

export const offerReply = z.object({
  ...termsReply,
  state: z.enum(['available', 'upcoming', 'used_up', 'claimed']),
  usesLeft: z.number().nullable(),
});

export const giftGrantReply = z.object({
  id: z.string(), promotionId: z.string(), title: z.object({ fa: z.string(), ar: z.string(), en: z.string() }).nullable().describe('the promotion it came from'), amountRials: z.string(), expiresAt: z.string().nullable(),
  status: z.enum(['active', 'expired']), expiredRials: z.string().nullable(), createdAt: z.string(),
});

export const applyReply = z.object({
  amountRials: z.string(), discountRials: z.string(), finalRials: z.string(), promotionId: z.string().nullable(),
  promotion: offerReply.omit({ state: true, usesLeft: true }).nullable(),
});

export const statsReply = z.object({
  promotionId: z.string(), usedCount: z.number(), totalUsageLimit: z.number().nullable(),
  redemptions: z.number(), released: z.number(), discountRials: z.string(), uniqueUsers: z.number(),
  giftGrants: z.number(), giftGrantedRials: z.string(), giftExpiredGrants: z.number(), giftExpiredRials: z.string(),
});
