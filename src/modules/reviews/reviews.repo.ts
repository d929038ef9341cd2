import { and, asc, eq, gte, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.js';
import { users } from '../identity/identity.tables.js';
import { reviewItems, type ReviewItemRow, type ReviewKind } from './reviews.tables.js';

export interface ReviewFilter {
  status: 'open' | 'resolved';
  kind?: ReviewKind;
  cityId?: string;
  /** 'mine': claimed by this agent; 'free': nobody holds a live claim. */
  claim?: { mode: 'mine' | 'free'; agentId: string; lapsedBefore: Date };
  limit: number;
  offset: number;
}

export type ReviewItemWithClaimer = ReviewItemRow & { claimerName: string | null };

/** Drizzle queries of the review queues; no rules here. */
export const reviewsRepo = {
  /** Inserts unless an open item exists for the subject (the partial unique index decides, race-free). */
  insertOpen: (db: DbOrTx, row: typeof reviewItems.$inferInsert) =>
    db.insert(reviewItems).values(row).onConflictDoNothing({ target: [reviewItems.kind, reviewItems.subjectId], where: sql`status = 'open'` }),
  openFor: async (db: DbOrTx, kind: ReviewKind, subjectId: string): Promise<ReviewItemRow | undefined> =>
    (await db.select().from(reviewItems).where(and(eq(reviewItems.kind, kind), eq(reviewItems.subjectId, subjectId), eq(reviewItems.status, 'open'))).limit(1))[0],
  byId: async (db: DbOrTx, id: string): Promise<ReviewItemRow | undefined> =>
    (await db.select().from(reviewItems).where(eq(reviewItems.id, id)).limit(1))[0],
  resolveOpen: (db: DbOrTx, kind: ReviewKind, subjectId: string, set: Partial<ReviewItemRow>) =>
    db.update(reviewItems).set({ ...set, status: 'resolved' }).where(and(eq(reviewItems.kind, kind), eq(reviewItems.subjectId, subjectId), eq(reviewItems.status, 'open'))),
  /** Claims when free, lapsed or already this agent's; returns the row only when the claim is now the agent's. */
  claim: async (db: DbOrTx, id: string, agentId: string, now: Date, lapsedBefore: Date) =>
    (await db.update(reviewItems).set({ claimedBy: agentId, claimedAt: now }).where(and(
      eq(reviewItems.id, id), eq(reviewItems.status, 'open'),
      or(isNull(reviewItems.claimedBy), eq(reviewItems.claimedBy, agentId), lt(reviewItems.claimedAt, lapsedBefore)),
    )).returning())[0],
  /** Releases a claim held by `agentId` (or any claim when agentId is null: an admin). */
  release: async (db: DbOrTx, id: string, agentId: string | null) =>
    (await db.update(reviewItems).set({ claimedBy: null, claimedAt: null }).where(and(
      eq(reviewItems.id, id), eq(reviewItems.status, 'open'), agentId ? eq(reviewItems.claimedBy, agentId) : sql`claimed_by IS NOT NULL`,
    )).returning())[0],
  list: async (db: DbOrTx, f: ReviewFilter): Promise<ReviewItemWithClaimer[]> => {
    const rows = await db.select({ item: reviewItems, first: users.firstName, last: users.lastName }).from(reviewItems)
      .leftJoin(users, eq(users.id, reviewItems.claimedBy))
      .where(and(...filterSql(f)))
      .orderBy(f.status === 'open' ? asc(reviewItems.createdAt) : sql`${reviewItems.resolvedAt} DESC`, asc(reviewItems.id))
      .limit(f.limit).offset(f.offset);
    return rows.map((r) => ({ ...r.item, claimerName: [r.first, r.last].filter(Boolean).join(' ') || null }));
  },
  /** Open items per kind with the oldest creation time, for the queue tabs. */
  openCounts: (db: DbOrTx, cityId?: string) =>
    db.select({ kind: reviewItems.kind, count: sql<number>`count(*)::int`, oldest: sql<Date>`min(${reviewItems.createdAt})` })
      .from(reviewItems).where(and(eq(reviewItems.status, 'open'), cityId ? eq(reviewItems.cityId, cityId) : undefined))
      .groupBy(reviewItems.kind),
};

function filterSql(f: ReviewFilter): Array<SQL | undefined> {
  const out: Array<SQL | undefined> = [eq(reviewItems.status, f.status)];
  if (f.kind) out.push(eq(reviewItems.kind, f.kind));
  if (f.cityId) out.push(eq(reviewItems.cityId, f.cityId));
  if (f.claim?.mode === 'mine') out.push(and(eq(reviewItems.claimedBy, f.claim.agentId), gte(reviewItems.claimedAt, f.claim.lapsedBefore)));
  if (f.claim?.mode === 'free') out.push(or(isNull(reviewItems.claimedBy), lt(reviewItems.claimedAt, f.claim.lapsedBefore)));
  return out;
}
