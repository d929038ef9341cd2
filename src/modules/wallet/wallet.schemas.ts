import { z } from 'zod';
import { ACCOUNT_KIND_NAMES } from './ledger.types.js';

// Zod schemas of the wallet API; amounts travel as strings of digits (bigint Rials).

export const rialsString = z.string().describe('Rials, an integer as a string');
/** A positive amount of Rials as a string (at most 10^15). */
export const positiveRials = z.string().regex(/^[1-9]\d{0,15}$/, 'a positive whole number of Rials as a string of digits');

export const IDEMPOTENCY_KEY_PATTERN = /^[\w.:-]{8,100}$/;
/**
 * The Idempotency-Key header. Optional in the schema so the role guard answers first (fastify
 * validates before preHandler); routes that move money then require it (idempotencyKeyOf).
 */
export const idempotencyHeaders = z.object({
  'idempotency-key': z.string().regex(IDEMPOTENCY_KEY_PATTERN, '8-100 letters, digits or - _ . :').optional().describe('A retry with the same key returns the first result'),
});

export const balanceView = z.object({ balanceRials: rialsString, pendingRials: rialsString, availableRials: rialsString });
export const myWalletReply = z.object({ wallet: balanceView, gift: balanceView, provider: balanceView.optional() });

export const statementQuery = z.object({
  account: z.enum(['wallet', 'gift', 'provider']).default('wallet'),
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
}).strict();
export const opsStatementQuery = statementQuery.omit({ account: true });

export const statementLine = z.object({
  transferId: z.string(), amountRials: rialsString.describe('credit > 0, debit < 0'), reason: z.string(),
  reference: z.object({ type: z.string(), id: z.string() }).nullable(), memo: z.string().nullable(),
  status: z.enum(['posted', 'pending', 'voided']), createdAt: z.string(),
});
export const statementReply = z.object({ items: z.array(statementLine), nextCursor: z.string().nullable() });

export const accountView = z.object({
  id: z.string(), ownerType: z.enum(['user', 'company', 'platform']), ownerId: z.string(), kind: z.string(), allowNegative: z.boolean(),
  balanceRials: rialsString, pendingRials: rialsString, availableRials: rialsString, createdAt: z.string(),
});
export const accountsQuery = z.object({ ownerId: z.string().min(1).max(100) }).strict();
export const idParam = z.object({ id: z.string().min(1).max(64) }).strict();
export const accountStatementReply = statementReply.extend({ account: accountView });

const accountKind = z.enum(ACCOUNT_KIND_NAMES as [string, ...string[]]);
export const adjustmentBody = z.object({
  account: z.object({ ownerType: z.enum(['user', 'company', 'platform']), ownerId: z.string().min(1).max(100), kind: accountKind }).strict(),
  direction: z.enum(['credit', 'debit']),
  amountRials: positiveRials,
  counterparty: accountKind.default('suspense').describe('the platform account on the other side'),
  reason: z.string().trim().min(3).max(500),
}).strict();
export const adjustmentReply = z.object({ transferId: z.string(), replayed: z.boolean(), createdAt: z.string(), account: accountView });

export const settlementStatus = z.enum(['requested', 'approved', 'rejected', 'paid']);
export const settlementBody = z.object({ amountRials: positiveRials }).strict();
export const settlementView = z.object({
  id: z.string(), providerId: z.string(), amountRials: rialsString, status: settlementStatus, holdTransferId: z.string(),
  bankReference: z.string().nullable(), rejectReason: z.string().nullable(),
  createdAt: z.string(), decidedAt: z.string().nullable(), paidAt: z.string().nullable(),
});
export const settlementListQuery = z.object({
  status: settlementStatus.optional(), before: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(100).default(50),
}).strict();
export const settlementListReply = z.object({ items: z.array(settlementView), nextBefore: z.string().nullable() });
export const rejectBody = z.object({ reason: z.string().trim().min(3).max(500) }).strict();
export const paidBody = z.object({ bankReference: z.string().trim().min(3).max(100) }).strict();
