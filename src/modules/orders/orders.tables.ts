import { bigint, doublePrecision, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { ActorRole, LatLngJson, OrderKind, OrderStatus, ParcelDetails, ProofOfDelivery } from './orders.model.js';

const ts = (name: string) => timestamp(name, { withTimezone: true });

export const orders = pgTable('orders', {
  id: text('id').primaryKey(),
  kind: text('kind').$type<OrderKind>().notNull(),
  serviceCode: text('service_code').notNull(),
  cityId: text('city_id').notNull(),
  customerId: text('customer_id').notNull(),
  providerId: text('provider_id'),
  status: text('status').$type<OrderStatus>().notNull(),
  quoteId: text('quote_id').notNull(),
  origin: jsonb('origin').$type<LatLngJson>().notNull(),
  destination: jsonb('destination').$type<LatLngJson>().notNull(),
  stops: jsonb('stops').$type<LatLngJson[]>().notNull(),
  distanceMeters: integer('distance_meters').notNull(),
  durationSeconds: integer('duration_seconds').notNull(),
  priceRials: bigint('price_rials', { mode: 'bigint' }).notNull(),
  discountRials: bigint('discount_rials', { mode: 'bigint' }).notNull().default(sql`0`),
  promotionId: text('promotion_id'),
  paymentMethod: text('payment_method').$type<'wallet' | 'cash' | 'company'>().notNull(),
  /** ACC-3: the company whose wallet pays (paymentMethod 'company'). */
  companyId: text('company_id'),
  payer: text('payer').$type<'sender' | 'recipient'>().notNull(),
  passengers: integer('passengers').notNull(),
  guest: jsonb('guest').$type<{ id: string; name: string; mobile: string } | null>(),
  parcel: jsonb('parcel').$type<ParcelDetails | null>(),
  scheduledAt: ts('scheduled_at'),
  dispatchRound: integer('dispatch_round').notNull().default(0),
  searchDeadline: ts('search_deadline'),
  paidWaitSeconds: integer('paid_wait_seconds').notNull().default(0),
  freeWaitUntil: ts('free_wait_until'),
  feeRials: bigint('fee_rials', { mode: 'bigint' }).notNull().default(sql`0`),
  endReason: text('end_reason'),
  endedBy: text('ended_by'),
  pod: jsonb('pod').$type<ProofOfDelivery | null>(),
  deliveryCodeHash: text('delivery_code_hash'),
  deliveryCodeExpiresAt: ts('delivery_code_expires_at'),
  returnPriceRials: bigint('return_price_rials', { mode: 'bigint' }),
  returnStage: text('return_stage').$type<'returning' | 'held' | 'central_office' | 'delivered'>(),
  holdUntil: ts('hold_until'),
  receiptId: text('receipt_id'),
  idempotencyKey: text('idempotency_key'),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
  acceptedAt: ts('accepted_at'),
  arrivedAt: ts('arrived_at'),
  startedAt: ts('started_at'),
  completedAt: ts('completed_at'),
  endedAt: ts('ended_at'),
});

export type OrderRow = typeof orders.$inferSelect;
export type OrderInsert = typeof orders.$inferInsert;

export const orderEvents = pgTable('order_events', {
  id: text('id').primaryKey(),
  orderId: text('order_id').notNull(),
  at: ts('at').notNull(),
  type: text('type').notNull(),
  fromStatus: text('from_status').$type<OrderStatus | null>(),
  toStatus: text('to_status').$type<OrderStatus | null>(),
  actorId: text('actor_id'),
  actorRole: text('actor_role').$type<ActorRole>().notNull(),
  lat: doublePrecision('lat'),
  lng: doublePrecision('lng'),
  data: jsonb('data').$type<Record<string, unknown>>().notNull(),
});

export type OrderEventRow = typeof orderEvents.$inferSelect;

export const orderOffers = pgTable('order_offers', {
  id: text('id').primaryKey(),
  orderId: text('order_id').notNull(),
  providerId: text('provider_id').notNull(),
  round: integer('round').notNull(),
  status: text('status').$type<'pending' | 'accepted' | 'rejected' | 'expired' | 'cancelled'>().notNull(),
  distanceKm: doublePrecision('distance_km').notNull(),
  etaSeconds: integer('eta_seconds').notNull(),
  createdAt: ts('created_at').notNull(),
  expiresAt: ts('expires_at').notNull(),
  respondedAt: ts('responded_at'),
});

export type OfferRow = typeof orderOffers.$inferSelect;
export type OfferInsert = typeof orderOffers.$inferInsert;
