import { pgTable, text, integer, timestamp } from 'drizzle-orm/pg-core';

/** migrations/0420_kyc_companies.sql: uploaded national card photos and company logos. */
export const kycCompanyFiles = pgTable('kyc_company_files', {
  id: text('id').primaryKey(),
  ownerUserId: text('owner_user_id').notNull(),
  companyId: text('company_id'),
  purpose: text('purpose').$type<'national_card' | 'company_logo'>().notNull(),
  storageKey: text('storage_key').notNull(),
  fileName: text('file_name').notNull(),
  contentType: text('content_type').notNull(),
  sizeBytes: integer('size_bytes').notNull(),
  sha256: text('sha256').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
export type StoredFileRow = typeof kycCompanyFiles.$inferSelect;

export type KycSubmissionStatus = 'submitted' | 'verified' | 'rejected';
export type KycStatus = 'none' | KycSubmissionStatus;

export const kycSubmissions = pgTable('kyc_submissions', {
  id: text('id').primaryKey(),
  userId: text('user_id').notNull(),
  nationalId: text('national_id').notNull(),
  firstName: text('first_name').notNull(),
  lastName: text('last_name').notNull(),
  cardFileId: text('card_file_id').notNull(),
  status: text('status').$type<KycSubmissionStatus>().notNull(),
  rejectReason: text('reject_reason'),
  decidedBy: text('decided_by'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
export type KycSubmissionRow = typeof kycSubmissions.$inferSelect;

export const kycRequirements = pgTable('kyc_requirements', {
  userId: text('user_id').primaryKey(),
  reason: text('reason').notNull(),
  deadline: timestamp('deadline', { withTimezone: true }).notNull(),
  requiredBy: text('required_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  clearedAt: timestamp('cleared_at', { withTimezone: true }),
});
export type KycRequirementRow = typeof kycRequirements.$inferSelect;
