import { pgTable, text, jsonb, integer, bigint, timestamp } from 'drizzle-orm/pg-core';
import type { LatLng } from '../../platform/geo/geometry.js';
import type { LocalizedText } from '../catalog/catalog.tables.js';
import type { BreakdownJson } from './pricing.rules.js';

/** A promotion hold as stored (Rials as strings); see promotions' RedemptionHold. */
export interface StoredHold {
  promotionId: string; userId: string; serviceCode: string; cityId: string | null;
  amountRials: string; discountRials: string; quantity: number;
}

/** migrations/0200_pricing.sql */
export const quotes = pgTable('quotes', {
  id: text('id').primaryKey(),
  userId: text('user_id').notNull(),
  cityId: text('city_id').notNull(),
  serviceCode: text('service_code').notNull(),
  serviceKind: text('service_kind').notNull(),
  origin: jsonb('origin').$type<LatLng>().notNull(),
  destination: jsonb('destination').$type<LatLng>().notNull(),
  stops: jsonb('stops').$type<LatLng[]>().notNull(),
  distanceMeters: integer('distance_meters').notNull(),
  durationSeconds: integer('duration_seconds').notNull(),
  routingSource: text('routing_source').notNull(),
  breakdown: jsonb('breakdown').$type<BreakdownJson>().notNull(),
  priceRials: bigint('price_rials', { mode: 'bigint' }).notNull(),
  promotionId: text('promotion_id'),
  promotionTitle: jsonb('promotion_title').$type<LocalizedText | null>(),
  hold: jsonb('hold').$type<StoredHold | null>(),
  waitingMinutes: integer('waiting_minutes').notNull().default(0),
  scheduledAt: timestamp('scheduled_at', { withTimezone: true }),
  changeOfOrderId: text('change_of_order_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  orderId: text('order_id'),
});
export type QuoteRow = typeof quotes.$inferSelect;
