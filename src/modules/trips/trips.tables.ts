import { pgTable, text, smallint, integer, bigint, boolean, jsonb, timestamp } from 'drizzle-orm/pg-core';

export type PartyRole = 'customer' | 'provider';

/** migrations/0230_trip_extras.sql: ORD-14, one row per side per order. */
export const orderRatings = pgTable('order_ratings', {
  id: text('id').primaryKey(),
  orderId: text('order_id').notNull(),
  raterId: text('rater_id').notNull(),
  rateeId: text('ratee_id').notNull(),
  rateeRole: text('ratee_role').$type<PartyRole>().notNull(),
  stars: smallint('stars').notNull(),
  comment: text('comment'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

/** ORD-18 / ORD-15: the relayed chat of an order. */
export const orderMessages = pgTable('order_messages', {
  id: text('id').primaryKey(),
  orderId: text('order_id').notNull(),
  senderId: text('sender_id'),
  senderRole: text('sender_role').$type<PartyRole | 'system'>().notNull(),
  kind: text('kind').$type<'text' | 'lost_item'>().notNull(),
  body: text('body').notNull(),
  redacted: boolean('redacted').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export type LostItemStatus = 'open' | 'returned' | 'not_found' | 'closed';

/** ORD-15 */
export const lostItemRequests = pgTable('lost_item_requests', {
  id: text('id').primaryKey(),
  orderId: text('order_id').notNull(),
  customerId: text('customer_id').notNull(),
  providerId: text('provider_id').notNull(),
  description: text('description').notNull(),
  status: text('status').$type<LostItemStatus>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  closedBy: text('closed_by'),
  closeReason: text('close_reason'),
});

/** ORD-13 */
export const shareLinks = pgTable('share_links', {
  id: text('id').primaryKey(),
  orderId: text('order_id').notNull(),
  customerId: text('customer_id').notNull(),
  tokenHash: text('token_hash').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/** FRD-1: relatives acting together, linked by ops. */
export const accountLinks = pgTable('account_links', {
  id: text('id').primaryKey(),
  userA: text('user_a').notNull(),
  userB: text('user_b').notNull(),
  reason: text('reason').notNull(),
  createdBy: text('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  removedAt: timestamp('removed_at', { withTimezone: true }),
  removedBy: text('removed_by'),
  removedReason: text('removed_reason'),
});

export type FraudFlagStatus = 'open' | 'charged' | 'dismissed';
/** Why an order was flagged: the same account, national ID, a shared device or an ops link. */
export type SelfDealingReason =
  | { type: 'same_account' }
  | { type: 'national_id' }
  | { type: 'device'; deviceId: string }
  | { type: 'account_link'; linkId: string };

/** FRD-1 */
export const fraudFlags = pgTable('fraud_flags', {
  id: text('id').primaryKey(),
  kind: text('kind').$type<'self_dealing'>().notNull(),
  orderId: text('order_id').notNull(),
  cityId: text('city_id'),
  customerId: text('customer_id').notNull(),
  providerId: text('provider_id').notNull(),
  reasons: jsonb('reasons').$type<SelfDealingReason[]>().notNull(),
  status: text('status').$type<FraudFlagStatus>().notNull(),
  fareRials: bigint('fare_rials', { mode: 'bigint' }),
  multiplier: integer('multiplier'),
  penaltyRials: bigint('penalty_rials', { mode: 'bigint' }),
  ledgerTransferId: text('ledger_transfer_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  resolvedBy: text('resolved_by'),
  resolveReason: text('resolve_reason'),
});

export type RatingRow = typeof orderRatings.$inferSelect;
export type MessageRow = typeof orderMessages.$inferSelect;
export type LostItemRow = typeof lostItemRequests.$inferSelect;
export type ShareLinkRow = typeof shareLinks.$inferSelect;
export type AccountLinkRow = typeof accountLinks.$inferSelect;
export type FraudFlagRow = typeof fraudFlags.$inferSelect;
