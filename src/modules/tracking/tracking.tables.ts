import { pgTable, text, boolean, doublePrecision, timestamp, bigserial } from 'drizzle-orm/pg-core';

/** migrations/0210_providers_tracking.sql: who is online, so a restart does not forget it. */
export const providerPresence = pgTable('provider_presence', {
  providerId: text('provider_id').primaryKey(),
  cityId: text('city_id').notNull(),
  online: boolean('online').notNull(),
  lat: doublePrecision('lat').notNull(),
  lng: doublePrecision('lng').notNull(),
  positionAt: timestamp('position_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/** PRV-11: location jumps rejected as implausible. */
export const locationRejections = pgTable('location_rejections', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  providerId: text('provider_id').notNull(),
  fromLat: doublePrecision('from_lat').notNull(),
  fromLng: doublePrecision('from_lng').notNull(),
  toLat: doublePrecision('to_lat').notNull(),
  toLng: doublePrecision('to_lng').notNull(),
  speedKmh: doublePrecision('speed_kmh').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
});

export type PresenceRow = typeof providerPresence.$inferSelect;
export type NewLocationRejection = typeof locationRejections.$inferInsert;
