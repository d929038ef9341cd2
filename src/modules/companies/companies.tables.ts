import { pgTable, text, integer, bigint, timestamp } from 'drizzle-orm/pg-core';

export type CompanyStatus = 'pending' | 'active' | 'rejected';
export type MemberRole = 'representative' | 'member';
export type MemberStatus = 'invited' | 'active' | 'declined' | 'removed';

/** migrations/0420_kyc_companies.sql */
export const companies = pgTable('companies', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  registrationNumber: text('registration_number').notNull(),
  nationalCompanyId: text('national_company_id').notNull(),
  landline: text('landline').notNull(),
  staffCount: integer('staff_count').notNull(),
  logoFileId: text('logo_file_id'),
  representativeId: text('representative_id').notNull(),
  cityId: text('city_id'),
  status: text('status').$type<CompanyStatus>().notNull(),
  rejectReason: text('reject_reason'),
  decidedBy: text('decided_by'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
export type CompanyRow = typeof companies.$inferSelect;

export const companyMembers = pgTable('company_members', {
  id: text('id').primaryKey(),
  companyId: text('company_id').notNull(),
  mobile: text('mobile').notNull(),
  userId: text('user_id'),
  role: text('role').$type<MemberRole>().notNull(),
  status: text('status').$type<MemberStatus>().notNull(),
  invitedBy: text('invited_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  acceptedAt: timestamp('accepted_at', { withTimezone: true }),
  endedAt: timestamp('ended_at', { withTimezone: true }),
});
export type CompanyMemberRow = typeof companyMembers.$inferSelect;

export const companyTopups = pgTable('company_topups', {
  paymentId: text('payment_id').primaryKey(),
  companyId: text('company_id').notNull(),
  userId: text('user_id').notNull(),
  amountRials: bigint('amount_rials', { mode: 'bigint' }).notNull(),
  status: text('status').$type<'pending' | 'credited'>().notNull(),
  transferId: text('transfer_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  creditedAt: timestamp('credited_at', { withTimezone: true }),
});
export type CompanyTopupRow = typeof companyTopups.$inferSelect;
