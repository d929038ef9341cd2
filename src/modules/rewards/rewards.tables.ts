import { boolean, integer, numeric, pgTable, text, timestamp, bigserial } from 'drizzle-orm/pg-core';
import type { Tier } from './rewards.rules.js';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** migrations/0300_rewards.sql */
export const rewardMembers = pgTable('reward_members', {
  providerId: text('provider_id').primaryKey(),
  optedOut: boolean('opted_out').notNull(),
  changedAt: ts('changed_at').notNull(),
});

export const rewardTrips = pgTable('reward_trips', {
  orderId: text('order_id').primaryKey(),
  providerId: text('provider_id').notNull(),
  cityId: text('city_id').notNull(),
  seasonId: text('season_id').notNull(),
  startedAt: ts('started_at').notNull(),
  completedAt: ts('completed_at').notNull(),
  peak: boolean('peak').notNull(),
  points: integer('points').notNull(),
  recordedAt: ts('recorded_at').notNull(),
});
export type RewardTripRow = typeof rewardTrips.$inferSelect;

export const rewardAdjustments = pgTable('reward_adjustments', {
  id: text('id').primaryKey(),
  providerId: text('provider_id').notNull(),
  seasonId: text('season_id').notNull(),
  kind: text('kind').$type<'adjust' | 'revoke'>().notNull(),
  orderId: text('order_id'),
  points: integer('points').notNull(),
  reason: text('reason').notNull(),
  actorId: text('actor_id'),
  createdAt: ts('created_at').notNull(),
});
export type RewardAdjustmentRow = typeof rewardAdjustments.$inferSelect;

export const rewardQuality = pgTable('reward_quality', {
  providerId: text('provider_id').primaryKey(),
  rating: numeric('rating', { precision: 4, scale: 2 }),
  ratedTrips: integer('rated_trips').notNull(),
  accepted: integer('accepted').notNull(),
  cancelled: integer('cancelled').notNull(),
  cancellationPercent: numeric('cancellation_percent', { precision: 6, scale: 2 }).notNull(),
  evaluatedAt: ts('evaluated_at').notNull(),
});

export const rewardStandings = pgTable('reward_standings', {
  providerId: text('provider_id').notNull(),
  seasonId: text('season_id').notNull(),
  tripPoints: integer('trip_points').notNull(),
  trips: integer('trips').notNull(),
  peakTrips: integer('peak_trips').notNull(),
  adjustmentPoints: integer('adjustment_points').notNull(),
  points: integer('points').notNull(),
  tier: text('tier').$type<Tier>().notNull(),
  tierSince: ts('tier_since').notNull(),
  updatedAt: ts('updated_at').notNull(),
});
export type StandingRow = typeof rewardStandings.$inferSelect;

export const rewardTierHistory = pgTable('reward_tier_history', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  providerId: text('provider_id').notNull(),
  seasonId: text('season_id').notNull(),
  fromTier: text('from_tier').$type<Tier>().notNull(),
  toTier: text('to_tier').$type<Tier>().notNull(),
  reason: text('reason').notNull(),
  points: integer('points').notNull(),
  at: ts('at').notNull(),
});
export type TierHistoryRow = typeof rewardTierHistory.$inferSelect;
