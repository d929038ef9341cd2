import type { DbOrTx } from '../../platform/db.js';
import { identityRepo, type UserRow } from './identity.repo.js';

/**
 * A short-lived cache of user rows read on every authenticated request. Local writes invalidate
 * at once; other processes see a change within `ttlMs` (later: Redis invalidation).
 */
export class UserCache {
  private readonly map = new Map<string, { row: UserRow; until: number }>();
  constructor(private readonly db: DbOrTx, private readonly ttlMs = 5_000, private readonly nowMs: () => number = Date.now) {}

  async get(id: string): Promise<UserRow | undefined> {
    const now = this.nowMs();
    const hit = this.map.get(id);
    if (hit && hit.until > now) return hit.row;
    const row = await identityRepo.userById(this.db, id);
    if (row) {
      if (this.map.size > 100_000) this.map.clear();
      this.map.set(id, { row, until: now + this.ttlMs });
    } else {
      this.map.delete(id);
    }
    return row;
  }

  invalidate(id: string): void {
    this.map.delete(id);
  }
}
