import { pgTable, text, jsonb, integer, boolean, timestamp } from 'drizzle-orm/pg-core';

/** 'assistant' (issue 5, PRV-10): errand assistants have no vehicle. */
export type FleetType = 'car' | 'motorcycle' | 'van' | 'truck' | 'assistant';
export type ProviderStatus = 'active' | 'inactive';

/** What the vehicle card says (PRV-11: passenger capacity comes from it). */
export interface Vehicle {
  make?: string;
  model?: string;
  year?: number;
  plate?: string;
  colour?: string;
  capacitySeats?: number;
}

/** migrations/0210_providers_tracking.sql */
export const providers = pgTable('providers', {
  userId: text('user_id').primaryKey(),
  cityId: text('city_id').notNull(),
  fleetType: text('fleet_type').$type<FleetType>().notNull(),
  serviceCodes: text('service_codes').array().$type<string[]>().notNull(),
  vehicle: jsonb('vehicle').$type<Vehicle>().notNull(),
  hasBox: boolean('has_box').notNull().default(false),
  priority: integer('priority').notNull().default(0),
  status: text('status').$type<ProviderStatus>().notNull().default('active'),
  /** Why the provider was last deactivated (migrations/0400_onboarding.sql), e.g. 'document_expired'. */
  statusReason: text('status_reason'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export type ProviderRow = typeof providers.$inferSelect;
export type NewProviderRow = typeof providers.$inferInsert;
