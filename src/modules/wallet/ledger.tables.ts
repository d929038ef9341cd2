import { pgTable, text, bigint, boolean, smallint, timestamp, primaryKey } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

// Drizzle mirrors of migrations/0100_ledger.sql (the migration is the source of truth).

export const ledgerAccounts = pgTable('ledger_accounts', {
  id: text('id').primaryKey(),
  ownerType: text('owner_type').notNull(),
  ownerId: text('owner_id').notNull(),
  kind: text('kind').notNull(),
  allowNegative: boolean('allow_negative').notNull(),
  shardCount: smallint('shard_count').notNull().default(1),
  balanceRials: bigint('balance_rials', { mode: 'bigint' }).notNull().default(sql`0`),
  pendingRials: bigint('pending_rials', { mode: 'bigint' }).notNull().default(sql`0`),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const ledgerAccountShards = pgTable('ledger_account_shards', {
  accountId: text('account_id').notNull(),
  shard: smallint('shard').notNull(),
  balanceRials: bigint('balance_rials', { mode: 'bigint' }).notNull().default(sql`0`),
}, (t) => [primaryKey({ columns: [t.accountId, t.shard] })]);

export const ledgerTransfers = pgTable('ledger_transfers', {
  id: text('id').primaryKey(),
  idempotencyKey: text('idempotency_key').notNull(),
  contentHash: text('content_hash').notNull(),
  reason: text('reason').notNull(),
  referenceType: text('reference_type'),
  referenceId: text('reference_id'),
  memo: text('memo'),
  status: text('status').$type<'posted' | 'pending' | 'voided'>().notNull(),
  resolutionKey: text('resolution_key'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  resolvedAt: timestamp('resolved_at', { withTimezone: true }),
});

export const ledgerEntries = pgTable('ledger_entries', {
  accountId: text('account_id').notNull(),
  transferId: text('transfer_id').notNull(),
  amountRials: bigint('amount_rials', { mode: 'bigint' }).notNull(),
}, (t) => [primaryKey({ columns: [t.accountId, t.transferId] })]);

export const settlementRequests = pgTable('settlement_requests', {
  id: text('id').primaryKey(),
  providerId: text('provider_id').notNull(),
  amountRials: bigint('amount_rials', { mode: 'bigint' }).notNull(),
  status: text('status').$type<'requested' | 'approved' | 'rejected' | 'paid'>().notNull(),
  holdTransferId: text('hold_transfer_id').notNull(),
  bankReference: text('bank_reference'),
  rejectReason: text('reject_reason'),
  decidedBy: text('decided_by'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  paidBy: text('paid_by'),
  paidAt: timestamp('paid_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
