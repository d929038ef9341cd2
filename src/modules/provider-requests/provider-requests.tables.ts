import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { Vehicle } from '../providers/index.js';
import type { ChangeType, MotorcycleKind, TargetFleet } from './change-rules.js';

const ts = (name: string) => timestamp(name, { withTimezone: true });

export type RequestStatus = 'submitted' | 'approved' | 'rejected' | 'cancelled';
export interface ChangePayload { newMobile?: string; fleetType?: TargetFleet; motorcycleKind?: MotorcycleKind | null; serviceCodes?: string[]; vehicle?: Vehicle }

/** migrations/0410_provider_requests.sql: PRV-4 change requests. */
export const changeRequests = pgTable('change_requests', {
  id: text('id').primaryKey(),
  userId: text('user_id').notNull(),
  type: text('type').$type<ChangeType>().notNull(),
  status: text('status').$type<RequestStatus>().notNull(),
  payload: jsonb('payload').$type<ChangePayload>().notNull(),
  documentIds: text('document_ids').array().$type<string[]>().notNull(),
  note: text('note'),
  rejectReason: text('reject_reason'),
  decidedBy: text('decided_by'),
  decidedAt: ts('decided_at'),
  createdAt: ts('created_at').notNull(),
});
export type ChangeRequestRow = typeof changeRequests.$inferSelect;

export const changeRequestEvents = pgTable('change_request_events', {
  id: text('id').primaryKey(),
  requestId: text('request_id').notNull(),
  status: text('status').notNull(),
  actorId: text('actor_id'),
  note: text('note'),
  createdAt: ts('created_at').notNull(),
});
export type ChangeRequestEventRow = typeof changeRequestEvents.$inferSelect;
