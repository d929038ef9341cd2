import type { DbOrTx } from '../../platform/db.js';
import { TtlCache } from '../../platform/ttl-cache.js';
import { identityRepo, type UserRow } from './identity.repo.js';

/**
 * A short-lived cache of user rows read on every authenticated request. Local writes invalidate
 * at once; other processes see a change within `ttlMs` (later: Redis invalidation).
 */
export class UserCache {
  private readonly cache: TtlCache<string, UserRow>;
  constructor(private readonly db: DbOrTx, ttlMs = 5_000, nowMs: () => number = Date.now) {
    this.cache = new TtlCache(ttlMs, 100_000, nowMs);
  }

  get(id: string): Promise<UserRow | undefined> {
    return this.cache.get(id, () => identityRepo.userById(this.db, id));
  }

  invalidate(id: string): void {
    this.cache.delete(id);
  }
}
