import { pgTable, text, jsonb, integer, boolean, timestamp } from 'drizzle-orm/pg-core';
import type { LocalizedText } from '../catalog/catalog.tables.js';
import type { Condition } from './eligibility.rules.js';

/** migrations/0200_pricing.sql */
export const eligibilityRules = pgTable('eligibility_rules', {
  id: text('id').primaryKey(),
  serviceCode: text('service_code'),
  cityId: text('city_id'),
  subject: text('subject').$type<'customer' | 'provider'>().notNull(),
  conditions: jsonb('conditions').$type<Condition[]>().notNull(),
  effect: text('effect').$type<'deny'>().notNull(),
  code: text('code').notNull(),
  messages: jsonb('messages').$type<LocalizedText>().notNull(),
  active: boolean('active').notNull(),
  version: integer('version').notNull(),
  createdBy: text('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
export type EligibilityRuleRow = typeof eligibilityRules.$inferSelect;

export const subjectAttributes = pgTable('subject_attributes', {
  userId: text('user_id').primaryKey(),
  attributes: jsonb('attributes').$type<Record<string, AttributeValue>>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  updatedBy: text('updated_by'),
});

export type AttributeValue = string | number | boolean | null;
