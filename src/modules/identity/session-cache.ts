import { and, eq, isNull } from 'drizzle-orm';
import { prepared, type DbOrTx, type Slots } from '../../platform/db.js';
import { refreshTokens } from './identity.tables.js';

const openSession = prepared((db, p: Slots<{ familyId: string }>) => db.select({ userId: refreshTokens.userId }).from(refreshTokens)
  .where(and(eq(refreshTokens.familyId, p.familyId), isNull(refreshTokens.revokedAt))).limit(1));

/**
 * Whether a sign-in session (a refresh-token family, the `sid` of an access token) is still open.
 * Access tokens are stateless for 15 minutes; this closes the gap after logout, a password reset or
 * a revoked family: local revocations take effect at once, other processes see them within `ttlMs`.
 */
export class SessionCache {
  private readonly map = new Map<string, { open: boolean; userId: string; until: number }>();
  /** `read`: the owner of the family if it has an unrevoked token (one row or none). */
  constructor(private readonly read: (familyId: string) => Promise<Array<{ userId: string }>>, private readonly ttlMs = 5_000, private readonly nowMs: () => number = Date.now) {}

  /** The cache over the refresh_tokens table. */
  static of(db: DbOrTx): SessionCache {
    return new SessionCache((familyId) => openSession(db, { familyId }));
  }

  async isOpen(familyId: string, userId: string): Promise<boolean> {
    const now = this.nowMs();
    const hit = this.map.get(familyId);
    if (hit && hit.until > now) return hit.open && hit.userId === userId;
    const rows = await this.read(familyId);
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
