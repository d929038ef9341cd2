import { pgTable, text, jsonb, bigint, boolean, integer, timestamp } from 'drizzle-orm/pg-core';

export const XPO_CATEGORIES = ['education', 'travel', 'games', 'shopping'] as const;
export type XpoCategory = (typeof XPO_CATEGORIES)[number];

export const XPO_STATUSES = ['in_cart', 'removed', 'awaiting_verification', 'queued', 'in_progress', 'fulfilled', 'refunded'] as const;
export type XpoStatus = (typeof XPO_STATUSES)[number];

/** migrations/0510_payment_orders.sql */
export const xpoFxRates = pgTable('xpo_fx_rates', {
  id: text('id').primaryKey(),
  currency: text('currency').notNull(),
  /** numeric(20,4) read as text so no float ever touches it */
  rialsPerUnit: text('rials_per_unit').notNull(),
  validFrom: timestamp('valid_from', { withTimezone: true }).notNull(),
  validUntil: timestamp('valid_until', { withTimezone: true }).notNull(),
  createdBy: text('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
export type FxRateRow = typeof xpoFxRates.$inferSelect;

export const xpoCheckouts = pgTable('xpo_checkouts', {
  id: text('id').primaryKey(),
  userId: text('user_id').notNull(),
  method: text('method').$type<'gateway' | 'wallet'>().notNull(),
  orderIds: jsonb('order_ids').$type<string[]>().notNull(),
  totalRials: bigint('total_rials', { mode: 'bigint' }).notNull(),
  status: text('status').$type<'pending' | 'paid' | 'abandoned'>().notNull(),
  paymentId: text('payment_id'),
  transferId: text('transfer_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  paidAt: timestamp('paid_at', { withTimezone: true }),
});
export type CheckoutRow = typeof xpoCheckouts.$inferSelect;

export const xpoOrders = pgTable('xpo_orders', {
  id: text('id').primaryKey(),
  userId: text('user_id').notNull(),
  category: text('category').$type<XpoCategory>().notNull(),
  siteName: text('site_name').notNull(),
  pageUrl: text('page_url').notNull(),
  currency: text('currency').notNull(),
  amount: text('amount').notNull(),
  instructions: text('instructions').notNull(),
  hasCredentials: boolean('has_credentials').notNull(),
  rateId: text('rate_id').notNull(),
  rialsPerUnit: text('rials_per_unit').notNull(),
  subtotalRials: bigint('subtotal_rials', { mode: 'bigint' }).notNull(),
  feeRials: bigint('fee_rials', { mode: 'bigint' }).notNull(),
  discountRials: bigint('discount_rials', { mode: 'bigint' }).notNull(),
  promotionId: text('promotion_id'),
  totalRials: bigint('total_rials', { mode: 'bigint' }).notNull(),
  status: text('status').$type<XpoStatus>().notNull(),
  checkoutId: text('checkout_id'),
  paidRials: bigint('paid_rials', { mode: 'bigint' }).notNull(),
  refundedRials: bigint('refunded_rials', { mode: 'bigint' }).notNull(),
  paidAt: timestamp('paid_at', { withTimezone: true }),
  slaStartedAt: timestamp('sla_started_at', { withTimezone: true }),
  slaDueAt: timestamp('sla_due_at', { withTimezone: true }),
  escalatedAt: timestamp('escalated_at', { withTimezone: true }),
  assignedTo: text('assigned_to'),
  assignedAt: timestamp('assigned_at', { withTimezone: true }),
  receiptFileId: text('receipt_file_id'),
  targetReference: text('target_reference'),
  fulfilledAt: timestamp('fulfilled_at', { withTimezone: true }),
  refundReason: text('refund_reason'),
  refundTransferId: text('refund_transfer_id'),
  refundedAt: timestamp('refunded_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
export type XpoOrderRow = typeof xpoOrders.$inferSelect;

export const xpoCredentials = pgTable('xpo_credentials', {
  orderId: text('order_id').primaryKey(),
  keyId: text('key_id').notNull(),
  iv: text('iv').notNull(),
  ciphertext: text('ciphertext').notNull(),
  tag: text('tag').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
export type CredentialRow = typeof xpoCredentials.$inferSelect;

export const xpoFiles = pgTable('xpo_files', {
  id: text('id').primaryKey(),
  orderId: text('order_id').notNull(),
  fileName: text('file_name').notNull(),
  contentType: text('content_type').notNull(),
  sizeBytes: integer('size_bytes').notNull(),
  sha256: text('sha256').notNull(),
  storageKey: text('storage_key').notNull(),
  uploadedBy: text('uploaded_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
export type XpoFileRow = typeof xpoFiles.$inferSelect;
