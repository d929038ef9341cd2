import { pgTable, text, jsonb, integer, boolean, bigint, date, timestamp } from 'drizzle-orm/pg-core';

export type Names = { fa: string; ar: string; en: string };
/** ERR-6: from `minQuantity` items or occurrences on, `percentOff` comes off the rule price. */
export interface VolumeTier { minQuantity: number; percentOff: number }

export const ERRAND_STATUSES = ['requested', 'feasible', 'infeasible', 'quoted', 'paid', 'assigned', 'dispatched', 'in_progress', 'done', 'failed', 'cancelled'] as const;
export type ErrandStatus = (typeof ERRAND_STATUSES)[number];
export type DocumentDelivery = 'upload' | 'post' | 'courier' | 'collect';
export type DocHolder = 'customer' | 'in_transit' | 'office' | 'assistant' | 'returned' | 'digital';
export type CustodyAction = 'sent' | 'received' | 'collected' | 'handed_to_assistant' | 'returned';

/** migrations/0500_errands.sql */
export const errandServices = pgTable('errand_services', {
  code: text('code').primaryKey(),
  category: text('category').notNull(),
  names: jsonb('names').$type<Names>().notNull(),
  priceMode: text('price_mode').$type<'rule' | 'quote'>().notNull(),
  baseRials: bigint('base_rials', { mode: 'bigint' }).notNull(),
  perItemRials: bigint('per_item_rials', { mode: 'bigint' }).notNull(),
  leadDays: integer('lead_days').notNull(),
  requiredDocuments: jsonb('required_documents').$type<Names[]>().notNull(),
  powerOfAttorney: boolean('power_of_attorney').notNull(),
  volumeTiers: jsonb('volume_tiers').$type<VolumeTier[]>().notNull(),
  active: boolean('active').notNull(),
  sortOrder: integer('sort_order').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
export type ErrandServiceRow = typeof errandServices.$inferSelect;

export const errandAssistants = pgTable('errand_assistants', {
  userId: text('user_id').primaryKey(),
  categories: text('categories').array().$type<string[]>().notNull(),
  active: boolean('active').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
export type AssistantRow = typeof errandAssistants.$inferSelect;

export const errands = pgTable('errands', {
  id: text('id').primaryKey(),
  customerId: text('customer_id').notNull(),
  serviceCode: text('service_code').notNull(),
  category: text('category').notNull(),
  cityId: text('city_id').notNull(),
  channel: text('channel').$type<'web' | 'phone'>().notNull(),
  createdBy: text('created_by').notNull(),
  quantity: integer('quantity').notNull(),
  description: text('description').notNull(),
  address: text('address').notNull(),
  wantedDate: date('wanted_date', { mode: 'string' }).notNull(),
  documentDelivery: text('document_delivery').$type<DocumentDelivery>().notNull(),
  status: text('status').$type<ErrandStatus>().notNull(),
  priceRials: bigint('price_rials', { mode: 'bigint' }),
  paidRials: bigint('paid_rials', { mode: 'bigint' }).notNull(),
  refundedRials: bigint('refunded_rials', { mode: 'bigint' }).notNull(),
  costSoFarRials: bigint('cost_so_far_rials', { mode: 'bigint' }).notNull(),
  pendingPaymentId: text('pending_payment_id'),
  assistantId: text('assistant_id'),
  reason: text('reason'),
  failureReview: text('failure_review').$type<'none' | 'open' | 'refunded' | 'rejected'>().notNull(),
  rating: integer('rating'),
  idempotencyKey: text('idempotency_key'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
export type ErrandRow = typeof errands.$inferSelect;

export const errandEvents = pgTable('errand_events', {
  id: text('id').primaryKey(),
  errandId: text('errand_id').notNull(),
  fromStatus: text('from_status').$type<ErrandStatus>(),
  toStatus: text('to_status').$type<ErrandStatus>().notNull(),
  note: text('note'),
  actorId: text('actor_id'),
  at: timestamp('at', { withTimezone: true }).notNull(),
});
export type ErrandEventRow = typeof errandEvents.$inferSelect;

export const errandDocuments = pgTable('errand_documents', {
  id: text('id').primaryKey(),
  errandId: text('errand_id').notNull(),
  label: text('label').notNull(),
  delivery: text('delivery').$type<'upload' | 'post' | 'courier' | 'in_person'>().notNull(),
  fileKey: text('file_key'),
  contentType: text('content_type'),
  sizeBytes: integer('size_bytes'),
  sha256: text('sha256'),
  tracking: text('tracking'),
  holder: text('holder').$type<DocHolder>().notNull(),
  holderUserId: text('holder_user_id'),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
export type ErrandDocumentRow = typeof errandDocuments.$inferSelect;

export const errandCustody = pgTable('errand_custody', {
  id: text('id').primaryKey(),
  documentId: text('document_id').notNull(),
  errandId: text('errand_id').notNull(),
  action: text('action').$type<CustodyAction>().notNull(),
  holder: text('holder').notNull(),
  holderUserId: text('holder_user_id'),
  recordedBy: text('recorded_by').notNull(),
  note: text('note'),
  at: timestamp('at', { withTimezone: true }).notNull(),
});
export type CustodyRow = typeof errandCustody.$inferSelect;
