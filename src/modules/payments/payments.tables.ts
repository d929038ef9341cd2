import { pgTable, text, jsonb, integer, bigint, timestamp } from 'drizzle-orm/pg-core';
import type { AccountRef } from './ledger.js';

export type PaymentStatus = 'pending' | 'succeeded' | 'failed' | 'rejected';
export type PaymentPurpose = 'wallet_topup' | 'payment_link';
export type LinkReason = 'equipment' | 'penalty' | 'commission' | 'debt' | 'guarantee_return' | 'other';

export const paymentLinks = pgTable('payment_links', {
  id: text('id').primaryKey(),
  code: text('code').notNull(),
  userId: text('user_id').notNull(),
  amountRials: bigint('amount_rials', { mode: 'bigint' }).notNull(),
  reason: text('reason').$type<LinkReason>().notNull(),
  description: text('description').notNull(),
  creditAccount: jsonb('credit_account').$type<AccountRef>().notNull(),
  status: text('status').$type<'open' | 'paid' | 'cancelled'>().notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  paidAt: timestamp('paid_at', { withTimezone: true }),
  paidVia: text('paid_via').$type<'gateway' | 'balance'>(),
  paymentId: text('payment_id'),
  ledgerTransferId: text('ledger_transfer_id'),
  cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  cancelledBy: text('cancelled_by'),
  cancelReason: text('cancel_reason'),
});

export const payments = pgTable('payments', {
  id: text('id').primaryKey(),
  userId: text('user_id').notNull(),
  purpose: text('purpose').$type<PaymentPurpose>().notNull(),
  linkId: text('link_id'),
  amountRials: bigint('amount_rials', { mode: 'bigint' }).notNull(),
  description: text('description').notNull(),
  gateway: text('gateway').notNull(),
  authority: text('authority').notNull(),
  status: text('status').$type<PaymentStatus>().notNull(),
  callbackStatus: text('callback_status'),
  callbackAt: timestamp('callback_at', { withTimezone: true }),
  verifyAttempts: integer('verify_attempts').notNull().default(0),
  refId: text('ref_id'),
  cardPanMasked: text('card_pan_masked'),
  failureCode: text('failure_code'),
  creditedAccount: jsonb('credited_account').$type<AccountRef>(),
  ledgerTransferId: text('ledger_transfer_id'),
  receiptId: text('receipt_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  verifiedAt: timestamp('verified_at', { withTimezone: true }),
});

export const paymentEvents = pgTable('payment_events', {
  id: text('id').primaryKey(),
  paymentId: text('payment_id').notNull(),
  kind: text('kind').notNull(),
  data: jsonb('data').$type<Record<string, unknown>>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const receipts = pgTable('receipts', {
  id: text('id').primaryKey(),
  number: text('number').notNull(),
  userId: text('user_id').notNull(),
  amountRials: bigint('amount_rials', { mode: 'bigint' }).notNull(),
  purpose: text('purpose').notNull(),
  description: text('description').notNull(),
  paymentId: text('payment_id'),
  linkId: text('link_id'),
  ledgerTransferId: text('ledger_transfer_id').notNull(),
  gateway: text('gateway'),
  refId: text('ref_id'),
  cardPanMasked: text('card_pan_masked'),
  issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
});

export const sandboxSessions = pgTable('sandbox_gateway_sessions', {
  authority: text('authority').primaryKey(),
  amountRials: bigint('amount_rials', { mode: 'bigint' }).notNull(),
  callbackUrl: text('callback_url').notNull(),
  description: text('description').notNull(),
  status: text('status').$type<'pending' | 'paid' | 'cancelled'>().notNull(),
  refId: text('ref_id'),
  cardPanMasked: text('card_pan_masked'),
  verifiedAt: timestamp('verified_at', { withTimezone: true }),
  refundedAt: timestamp('refunded_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
});

export type PaymentRow = typeof payments.$inferSelect;
export type PaymentLinkRow = typeof paymentLinks.$inferSelect;
export type ReceiptRow = typeof receipts.$inferSelect;
