import { pgTable, text, date, timestamp, integer, primaryKey, jsonb } from 'drizzle-orm/pg-core';

export const users = pgTable('users', {
  id: text('id').primaryKey(),
  mobile: text('mobile').notNull(),
  nationalId: text('national_id'),
  firstName: text('first_name'),
  lastName: text('last_name'),
  email: text('email'),
  birthDate: date('birth_date', { mode: 'string' }),
  referrerId: text('referrer_id'),
  locale: text('locale').$type<'fa' | 'ar' | 'en'>().notNull().default('fa'),
  roles: text('roles').array().$type<string[]>().notNull(),
  providerKind: text('provider_kind'),
  status: text('status').$type<'active' | 'blocked'>().notNull().default('active'),
  blockedReason: text('blocked_reason'),
  blockedAt: timestamp('blocked_at', { withTimezone: true }),
  passwordHash: text('password_hash'),
  kycStatus: text('kyc_status').$type<'none' | 'submitted' | 'verified' | 'rejected'>().notNull().default('none'),
  cityId: text('city_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const guestRiders = pgTable('guest_riders', {
  id: text('id').primaryKey(),
  ownerId: text('owner_id').notNull(),
  name: text('name').notNull(),
  mobile: text('mobile').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const otpCodes = pgTable('otp_codes', {
  id: text('id').primaryKey(),
  mobile: text('mobile').notNull(),
  purpose: text('purpose').notNull().default('login'),
  codeHash: text('code_hash').notNull(),
  ip: text('ip'),
  attempts: integer('attempts').notNull().default(0),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  consumedAt: timestamp('consumed_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const refreshTokens = pgTable('refresh_tokens', {
  id: text('id').primaryKey(),
  userId: text('user_id').notNull(),
  familyId: text('family_id').notNull(),
  tokenHash: text('token_hash').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  rotatedAt: timestamp('rotated_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  userAgent: text('user_agent'),
});

export const passwordResets = pgTable('password_resets', {
  id: text('id').primaryKey(),
  userId: text('user_id').notNull(),
  channel: text('channel').$type<'sms' | 'email'>().notNull(),
  tokenHash: text('token_hash').notNull(),
  attempts: integer('attempts').notNull().default(0),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const termsVersions = pgTable('terms_versions', {
  version: integer('version').primaryKey(),
  texts: jsonb('texts').$type<{ fa: string; ar: string; en: string }>().notNull(),
  publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
  publishedBy: text('published_by'),
});

export const termsAcceptances = pgTable('terms_acceptances', {
  userId: text('user_id').notNull(),
  version: integer('version').notNull(),
  acceptedAt: timestamp('accepted_at', { withTimezone: true }).notNull(),
}, (t) => [primaryKey({ columns: [t.userId, t.version] })]);

export const userDevices = pgTable('user_devices', {
  userId: text('user_id').notNull(),
  deviceId: text('device_id').notNull(),
  firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.userId, t.deviceId] })]);
