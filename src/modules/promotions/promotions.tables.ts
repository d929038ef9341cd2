import { pgTable, text, jsonb, integer, bigint, timestamp, primaryKey } from 'drizzle-orm/pg-core';
import type { LocalizedText } from '../catalog/catalog.tables.js';
import type { Condition } from './promotions.rules.js';

export type PromotionStatus = 'active' | 'suspended' | 'cancelled';
export type BenefitType = 'percent' | 'fixed' | 'gift_credit';
export type Audience = 'public' | 'personal';

/** migrations/0120_promotions.sql */
export const promotions = pgTable('promotions', {
  id: text('id').primaryKey(),
  code: text('code'),
  audience: text('audience').$type<Audience>().notNull(),
  benefitType: text('benefit_type').$type<BenefitType>().notNull(),
  percentBasisPoints: integer('percent_basis_points'),
  amountRials: bigint('amount_rials', { mode: 'bigint' }),
  maxDiscountRials: bigint('max_discount_rials', { mode: 'bigint' }),
  giftValidDays: integer('gift_valid_days'),
  giftExpiresAt: timestamp('gift_expires_at', { withTimezone: true }),
  serviceCodes: text('service_codes').array().$type<string[]>().notNull(),
  cityIds: text('city_ids').array().$type<string[]>().notNull(),
  minOrderRials: bigint('min_order_rials', { mode: 'bigint' }),
  conditions: jsonb('conditions').$type<Condition[]>().notNull(),
  startsAt: timestamp('starts_at', { withTimezone: true }),
  endsAt: timestamp('ends_at', { withTimezone: true }),
  totalUsageLimit: integer('total_usage_limit'),
  perUserLimit: integer('per_user_limit'),
  usedCount: integer('used_count').notNull().default(0),
  status: text('status').$type<PromotionStatus>().notNull(),
  title: jsonb('title').$type<LocalizedText>().notNull(),
  description: jsonb('description').$type<LocalizedText | null>(),
  version: integer('version').notNull().default(1),
  createdBy: text('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

export const promotionUsers = pgTable('promotion_users', {
  promotionId: text('promotion_id').notNull(),
  userId: text('user_id').notNull(),
  addedAt: timestamp('added_at', { withTimezone: true }).notNull(),
}, (t) => [primaryKey({ columns: [t.promotionId, t.userId] })]);

export const promotionUserUsage = pgTable('promotion_user_usage', {
  promotionId: text('promotion_id').notNull(),
  userId: text('user_id').notNull(),
  usedCount: integer('used_count').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.promotionId, t.userId] })]);

export const promotionRedemptions = pgTable('promotion_redemptions', {
  id: text('id').primaryKey(),
  promotionId: text('promotion_id').notNull(),
  userId: text('user_id').notNull(),
  status: text('status').$type<'redeemed' | 'released'>().notNull(),
  referenceType: text('reference_type').notNull(),
  referenceId: text('reference_id').notNull(),
  idempotencyKey: text('idempotency_key').notNull(),
  serviceCode: text('service_code'),
  cityId: text('city_id'),
  amountRials: bigint('amount_rials', { mode: 'bigint' }),
  discountRials: bigint('discount_rials', { mode: 'bigint' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  releasedAt: timestamp('released_at', { withTimezone: true }),
});

export const promotionGiftGrants = pgTable('promotion_gift_grants', {
  id: text('id').primaryKey(),
  promotionId: text('promotion_id').notNull(),
  userId: text('user_id').notNull(),
  amountRials: bigint('amount_rials', { mode: 'bigint' }).notNull(),
  idempotencyKey: text('idempotency_key'),
  ledgerTransferId: text('ledger_transfer_id').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }),
  status: text('status').$type<'active' | 'expired'>().notNull(),
  expiredRials: bigint('expired_rials', { mode: 'bigint' }),
  expiryTransferId: text('expiry_transfer_id'),
  expiredAt: timestamp('expired_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export type PromotionRow = typeof promotions.$inferSelect;
export type RedemptionRow = typeof promotionRedemptions.$inferSelect;
export type GiftGrantRow = typeof promotionGiftGrants.$inferSelect;
