/**
 * A process-local read cache: a value loaded for a key is kept for `ttlMs`, nothing is kept for a key
 * that has none, and the whole map is dropped when it reaches `maxSize`. Local writes call
 * `delete`; other processes' writes are seen within the TTL.
 */
export class TtlCache<K, V> {
  private readonly map = new Map<K, { value: V; until: number }>();
  constructor(private readonly ttlMs: number, private readonly maxSize = 100_000, private readonly nowMs: () => number = Date.now) {}

  async get(key: K, load: () => Promise<V | null | undefined>): Promise<V | undefined> {
    const now = this.nowMs();
    const hit = this.map.get(key);
    if (hit && hit.until > now) return hit.value;
    const value = await load();
    if (value === null || value === undefined) {
      this.map.delete(key);
      return undefined;
    }
    if (this.map.size >= this.maxSize) this.map.clear();
    this.map.set(key, { value, until: now + this.ttlMs });
    return value;
  }

  delete(key: K): void {
    this.map.delete(key);
  }
}
