import { bigint, boolean, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { Assessment } from './claims.rules.js';

const ts = (name: string) => timestamp(name, { withTimezone: true });

export type ClaimStatus = 'submitted' | 'approved' | 'rejected';

/** migrations/0430_claims.sql: CLM-1 parcel damage claims (one per order). */
export const claims = pgTable('claims', {
  id: text('id').primaryKey(),
  orderId: text('order_id').notNull(),
  customerId: text('customer_id').notNull(),
  providerId: text('provider_id'),
  status: text('status').$type<ClaimStatus>().notNull(),
  description: text('description').notNull(),
  declaredValueRials: bigint('declared_value_rials', { mode: 'bigint' }).notNull(),
  category: text('category').notNull(),
  contentsVisible: boolean('contents_visible').notNull(),
  podDamage: text('pod_damage'),
  assessment: jsonb('assessment').$type<Assessment | null>(),
  compensationRials: bigint('compensation_rials', { mode: 'bigint' }).notNull().default(sql`0`),
  paidBy: text('paid_by').$type<'platform' | 'provider' | null>(),
  transferId: text('transfer_id'),
  rejectReason: text('reject_reason'),
  note: text('note'),
  decidedBy: text('decided_by'),
  decidedAt: ts('decided_at'),
  createdAt: ts('created_at').notNull(),
});
export type ClaimRow = typeof claims.$inferSelect;

export const claimFiles = pgTable('claim_files', {
  id: text('id').primaryKey(),
  claimId: text('claim_id').notNull(),
  ownerUserId: text('owner_user_id').notNull(),
  storageKey: text('storage_key').notNull(),
  fileName: text('file_name').notNull(),
  contentType: text('content_type').notNull(),
  sizeBytes: integer('size_bytes').notNull(),
  sha256: text('sha256').notNull(),
  createdAt: ts('created_at').notNull(),
});
export type ClaimFileRow = typeof claimFiles.$inferSelect;

export type PenaltySource = 'manual' | 'complaint' | 'claim' | 'errand';

/** PAY-6 liquidated-damages charges, each posted by one ledger transfer. */
export const penalties = pgTable('penalties', {
  id: text('id').primaryKey(),
  providerId: text('provider_id').notNull(),
  amountRials: bigint('amount_rials', { mode: 'bigint' }).notNull(),
  reason: text('reason').notNull(),
  sourceType: text('source_type').$type<PenaltySource>().notNull(),
  sourceId: text('source_id'),
  transferId: text('transfer_id').notNull(),
  createdBy: text('created_by'),
  createdAt: ts('created_at').notNull(),
});
export type PenaltyRow = typeof penalties.$inferSelect;

export type ComplaintStatus = 'open' | 'decided';
export type ComplaintOutcome = 'dismissed' | 'warning' | 'penalty' | 'deactivation';

/** CLM-2 complaints against a provider or assistant. */
export const complaints = pgTable('complaints', {
  id: text('id').primaryKey(),
  complainantId: text('complainant_id').notNull(),
  againstUserId: text('against_user_id').notNull(),
  orderId: text('order_id'),
  category: text('category').notNull(),
  description: text('description').notNull(),
  status: text('status').$type<ComplaintStatus>().notNull(),
  outcome: text('outcome').$type<ComplaintOutcome | null>(),
  note: text('note'),
  penaltyId: text('penalty_id'),
  decidedBy: text('decided_by'),
  decidedAt: ts('decided_at'),
  createdAt: ts('created_at').notNull(),
});
export type ComplaintRow = typeof complaints.$inferSelect;
