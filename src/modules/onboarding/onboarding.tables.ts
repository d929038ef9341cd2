import { pgTable, text, jsonb, integer, bigint, date, timestamp } from 'drizzle-orm/pg-core';
import type { FleetType, Vehicle } from '../providers/index.js';

export type ApplicationStatus = 'submitted' | 'activated' | 'rejected';
export type MotorcycleKind = 'parcel' | 'taxi' | 'both';
export const DOCUMENT_TYPES = ['national_card', 'birth_certificate', 'vehicle_card', 'ownership_sheet', 'driving_licence',
  'motorcycle_licence', 'insurance', 'union_licence', 'other'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];
export type DocumentStatus = 'pending' | 'approved' | 'rejected' | 'replaced';

/** PRV-9: what a moving company adds to its application. */
export interface MovingCompany {
  unionLicenceNumber: string;
  unionLicenceExpiresOn: string;
  companyName: string;
  companyRegistration: string;
  crewSize: number;
}

/** migrations/0400_onboarding.sql */
export const providerApplications = pgTable('provider_applications', {
  id: text('id').primaryKey(),
  userId: text('user_id').notNull(),
  cityId: text('city_id').notNull(),
  status: text('status').$type<ApplicationStatus>().notNull(),
  fleetType: text('fleet_type').$type<FleetType>().notNull(),
  motorcycleKind: text('motorcycle_kind').$type<MotorcycleKind>(),
  serviceCodes: text('service_codes').array().$type<string[]>().notNull(),
  vehicle: jsonb('vehicle').$type<Vehicle>().notNull(),
  moving: jsonb('moving').$type<MovingCompany>(),
  skills: text('skills').array().$type<string[]>().notNull(),
  rulesAcceptedAt: timestamp('rules_accepted_at', { withTimezone: true }).notNull(),
  rejectionReason: text('rejection_reason'),
  decidedBy: text('decided_by'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

export const providerFiles = pgTable('provider_files', {
  id: text('id').primaryKey(),
  ownerId: text('owner_id').notNull(),
  storageKey: text('storage_key').notNull(),
  fileName: text('file_name').notNull(),
  contentType: text('content_type').notNull(),
  sizeBytes: integer('size_bytes').notNull(),
  sha256: text('sha256').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const providerDocuments = pgTable('provider_documents', {
  id: text('id').primaryKey(),
  userId: text('user_id').notNull(),
  type: text('type').$type<DocumentType>().notNull(),
  fileId: text('file_id').notNull(),
  status: text('status').$type<DocumentStatus>().notNull(),
  expiresOn: date('expires_on', { mode: 'string' }),
  rejectionReason: text('rejection_reason'),
  reviewedBy: text('reviewed_by'),
  reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
  reminderSentAt: timestamp('reminder_sent_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const providerGuarantees = pgTable('provider_guarantees', {
  userId: text('user_id').primaryKey(),
  amountRials: bigint('amount_rials', { mode: 'bigint' }).notNull(),
  serial: text('serial').notNull(),
  receivedOn: date('received_on', { mode: 'string' }).notNull(),
  receivedBy: text('received_by').notNull(),
  status: text('status').$type<'held' | 'returned'>().notNull(),
  returnedAt: timestamp('returned_at', { withTimezone: true }),
  returnedBy: text('returned_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export type ApplicationRow = typeof providerApplications.$inferSelect;
export type DocumentRow = typeof providerDocuments.$inferSelect;
export type FileRow = typeof providerFiles.$inferSelect;
export type GuaranteeRow = typeof providerGuarantees.$inferSelect;
