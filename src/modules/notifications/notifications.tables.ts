import { pgTable, text, jsonb, integer, timestamp } from 'drizzle-orm/pg-core';

export const notificationOutbox = pgTable('notification_outbox', {
  id: text('id').primaryKey(),
  channel: text('channel').$type<'sms' | 'email'>().notNull(),
  recipient: text('recipient').notNull(),
  userId: text('user_id'),
  template: text('template').notNull(),
  locale: text('locale').notNull(),
  params: jsonb('params').$type<Record<string, string | number>>().notNull(),
  subject: text('subject'),
  body: text('body').notNull(),
  status: text('status').$type<'pending' | 'sending' | 'sent' | 'dead'>().notNull(),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  lastError: text('last_error'),
  adapter: text('adapter'),
  providerMessageId: text('provider_message_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  sentAt: timestamp('sent_at', { withTimezone: true }),
});
