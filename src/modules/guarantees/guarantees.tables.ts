import { bigint, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true });

export type ReturnChoice = 'continue' | 'quit';
export type ReturnStatus = 'requested' | 'awaiting_payment' | 'ready' | 'shipped' | 'rejected' | 'cancelled';
export const OPEN_STATUSES: ReturnStatus[] = ['requested', 'awaiting_payment', 'ready'];

/** migrations/0410_provider_requests.sql: PRV-5 guarantee returns. */
export const guaranteeReturns = pgTable('guarantee_returns', {
  id: text('id').primaryKey(),
  userId: text('user_id').notNull(),
  choice: text('choice').$type<ReturnChoice>().notNull(),
  status: text('status').$type<ReturnStatus>().notNull(),
  equipmentRials: bigint('equipment_rials', { mode: 'bigint' }).notNull(),
  chargePercent: integer('charge_percent').notNull(),
  chargeRials: bigint('charge_rials', { mode: 'bigint' }).notNull(),
  postalAddress: text('postal_address').notNull(),
  collect: text('collect').$type<'wallet' | 'link' | 'none' | null>(),
  transferId: text('transfer_id'),
  linkId: text('link_id'),
  trackingNumber: text('tracking_number'),
  rejectReason: text('reject_reason'),
  decidedBy: text('decided_by'),
  decidedAt: ts('decided_at'),
  shippedAt: ts('shipped_at'),
  createdAt: ts('created_at').notNull(),
});
export type GuaranteeReturnRow = typeof guaranteeReturns.$inferSelect;

export const guaranteeReturnEvents = pgTable('guarantee_return_events', {
  id: text('id').primaryKey(),
  returnId: text('return_id').notNull(),
  status: text('status').notNull(),
  actorId: text('actor_id'),
  note: text('note'),
  createdAt: ts('created_at').notNull(),
});
export type GuaranteeReturnEventRow = typeof guaranteeReturnEvents.$inferSelect;
