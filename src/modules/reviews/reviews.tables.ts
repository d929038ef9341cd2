import { pgTable, text, integer, timestamp } from 'drizzle-orm/pg-core';

/** OPS-1 queue kinds; each names the module that owns the subject and its decision. */
export const REVIEW_KINDS = [
  'provider_application', 'provider_document', 'change_request', 'guarantee_return', 'equipment_order',
  'kyc', 'company', 'payment_order', 'errand', 'claim', 'complaint',
] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

/** migrations/0390_reviews.sql */
export const reviewItems = pgTable('review_items', {
  id: text('id').primaryKey(),
  kind: text('kind').$type<ReviewKind>().notNull(),
  subjectId: text('subject_id').notNull(),
  subjectUserId: text('subject_user_id'),
  cityId: text('city_id'),
  title: text('title').notNull(),
  link: text('link').notNull(),
  status: text('status').$type<'open' | 'resolved'>().notNull(),
  slaMinutes: integer('sla_minutes'),
  claimedBy: text('claimed_by'),
  claimedAt: timestamp('claimed_at', { withTimezone: true }),
  outcome: text('outcome'),
  resolvedBy: text('resolved_by'),
  resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
export type ReviewItemRow = typeof reviewItems.$inferSelect;
