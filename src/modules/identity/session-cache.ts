import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.js';
import { refreshTokens } from './identity.tables.js';

/**
 * Whether a sign-in session (a refresh-token family, the `sid` of an access token) is still open.
 * Access tokens are stateless for 15 minutes; this closes the gap after logout, a password reset or
 * a revoked family: local revocations take effect at once, other processes see them within `ttlMs`.
 */
export class SessionCache {
  private readonly map = new Map<string, { open: boolean; userId: string; until: number }>();
  constructor(private readonly db: DbOrTx, private readonly ttlMs = 5_000, private readonly nowMs: () => number = Date.now) {}

  async isOpen(familyId: string, userId: string): Promise<boolean> {
    const now = this.nowMs();
    const hit = this.map.get(familyId);
    if (hit && hit.until > now) return hit.open && hit.userId === userId;
    const rows = await this.db.select({ userId: refreshTokens.userId }).from(refreshTokens)
      .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt))).limit(1);
    const open = rows.length > 0 && rows[0].userId === userId;
    if (this.map.size > 100_000) this.map.clear();
    this.map.set(familyId, { open, userId, until: now + this.ttlMs });
    return open;
  }

  /** Marks one session closed in this process at once. */
  closed(familyId: string): void {
    this.map.delete(familyId);
  }

  /** Forgets every cached session of a user (password reset, block). */
  closedAllOf(userId: string): void {
    for (const [k, v] of this.map) if (v.userId === userId) this.map.delete(k);
  }
}
