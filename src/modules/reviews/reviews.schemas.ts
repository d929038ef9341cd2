import { z } from 'zod';
import { REVIEW_KINDS } from './reviews.tables.js';

export const reviewKind = z.enum(REVIEW_KINDS);

export const listQuery = z.object({
  status: z.enum(['open', 'resolved']).optional(),
  kind: reviewKind.optional(),
  cityId: z.string().min(1).max(40).optional(),
  claim: z.enum(['mine', 'free', 'any']).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  offset: z.coerce.number().int().min(0).max(100_000).optional(),
}).strict();

export const countsQuery = z.object({ cityId: z.string().min(1).max(40).optional() }).strict();
export const idParam = z.object({ id: z.string().min(1).max(60) }).strict();

export const itemReply = z.object({
  id: z.string(), kind: reviewKind, subjectId: z.string(), subjectUserId: z.string().nullable(), cityId: z.string().nullable(),
  title: z.string(), link: z.string(), status: z.enum(['open', 'resolved']),
  claimedBy: z.string().nullable().describe('null when nobody holds a live claim'), claimerName: z.string().nullable(),
  outcome: z.string().nullable(), resolvedBy: z.string().nullable(), resolvedAt: z.string().nullable(), createdAt: z.string(),
  ageSeconds: z.number().int(), slaMinutes: z.number().int(), slaState: z.enum(['ok', 'due_soon', 'late']),
});

export const countsReply = z.array(z.object({ kind: reviewKind, open: z.number().int(), oldestAgeSeconds: z.number().int(), oldestLate: z.boolean() }));
