import { pgTable, text, jsonb, boolean, doublePrecision, integer, bigint, timestamp, primaryKey } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

export type LocalizedText = { fa: string; ar: string; en: string };

export const cities = pgTable('cities', {
  id: text('id').primaryKey(),
  code: text('code').notNull(),
  names: jsonb('names').$type<LocalizedText>().notNull(),
  timeZone: text('time_zone').notNull(),
  centerLat: doublePrecision('center_lat').notNull(),
  centerLng: doublePrecision('center_lng').notNull(),
  serviceArea: jsonb('service_area').$type<GeoJsonPolygon | null>(),
  active: boolean('active').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export type GeoJsonPolygon = { type: 'Polygon'; coordinates: number[][][] };

export const zones = pgTable('zones', {
  id: text('id').primaryKey(),
  cityId: text('city_id').notNull(),
  code: text('code').notNull(),
  names: jsonb('names').$type<LocalizedText>().notNull(),
  kind: text('kind').$type<'district' | 'surcharge' | 'no_service'>().notNull(),
  polygon: jsonb('polygon').$type<GeoJsonPolygon>().notNull(),
  surchargeRials: bigint('surcharge_rials', { mode: 'bigint' }).notNull().default(sql`0`),
  active: boolean('active').notNull().default(true),
});

export const services = pgTable('services', {
  id: text('id').primaryKey(),
  code: text('code').notNull(),
  kind: text('kind').$type<'ride' | 'parcel' | 'moving' | 'errand' | 'payment_order'>().notNull(),
  vehicleType: text('vehicle_type'),
  names: jsonb('names').$type<LocalizedText>().notNull(),
  active: boolean('active').notNull().default(true),
  sortOrder: integer('sort_order').notNull().default(0),
});

export const settings = pgTable('settings', {
  key: text('key').notNull(),
  scopeType: text('scope_type').$type<'global' | 'city' | 'service'>().notNull(),
  scopeId: text('scope_id').notNull().default(''),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text('updated_by'),
}, (t) => [primaryKey({ columns: [t.key, t.scopeType, t.scopeId] })]);
