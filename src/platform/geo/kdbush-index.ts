import KDBush from 'kdbush';
import { around } from 'geokdbush';
import { distanceKm } from './geometry.js';

import type { NearestHit, NearestOptions, PointIndex } from './geo-index.js';

// geokdbush measures with a 6371 km earth; geometry.ts with 6371.0088. Ask it for a hair more and cut exactly after.
const RADIUS_SLACK = 1.00001;

/**
 * The kdbush variant, kept to compare against in bench/geo: a static kdbush snapshot plus a small delta of points added or
 * moved since it was built, scanned linearly. kdbush cannot move a point, so an update marks the
 * point's snapshot entry stale and puts it in the delta (O(1)); the snapshot is rebuilt when the
 * delta outgrows `rebuildAt()`, which keeps the linear part a few percent of the index.
 */
export class KdbushGeoIndex implements PointIndex {
  private slotOf = new Map<string, number>();
  private ids: (string | undefined)[] = [];
  private lat = new Float64Array(1024);
  private lng = new Float64Array(1024);
  /** 1 when the slot's snapshot entry still holds its current position. */
  private fresh = new Uint8Array(1024);
  /** Position of the slot in `delta`, or -1. */
  private deltaPos = new Int32Array(1024).fill(-1);
  private free: number[] = [];
  private delta: number[] = [];
  private snapshot: KDBush | null = null;
  /** kdbush item -> slot */
  private snapSlots = new Uint32Array(0);
  /** Snapshot rebuilds so far (for tests and benchmarks). */
  rebuilds = 0;

  constructor(private readonly opts: { minDelta?: number; deltaFraction?: number } = {}) {}

  get size(): number { return this.slotOf.size; }

  /** Adds the point or moves it. */
  upsert(id: string, lat: number, lng: number, _value?: unknown): void {
    let slot = this.slotOf.get(id);
    if (slot === undefined) {
      slot = this.free.pop() ?? this.grow();
      this.slotOf.set(id, slot);
      this.ids[slot] = id;
    }
    this.lat[slot] = lat;
    this.lng[slot] = lng;
    if (this.fresh[slot]) this.fresh[slot] = 0;
    if (this.deltaPos[slot] < 0) {
      this.deltaPos[slot] = this.delta.length;
      this.delta.push(slot);
    }
  }

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.slotOf.delete(id);
    this.ids[slot] = undefined;
    this.fresh[slot] = 0;
    const pos = this.deltaPos[slot];
    if (pos >= 0) {
      const last = this.delta.pop()!;
      if (last !== slot) {
        this.delta[pos] = last;
        this.deltaPos[last] = pos;
      }
      this.deltaPos[slot] = -1;
    }
    this.free.push(slot);
  }

  get(id: string): { lat: number; lng: number } | null {
    const slot = this.slotOf.get(id);
    return slot === undefined ? null : { lat: this.lat[slot], lng: this.lng[slot] };
  }

  has(id: string): boolean { return this.slotOf.has(id); }

  /** The k nearest points (great-circle), nearest first, within maxKm and passing the filter. */
  nearest(lat: number, lng: number, opts: NearestOptions): NearestHit[] {
    const k = Math.max(0, Math.floor(opts.k));
    if (k === 0 || this.slotOf.size === 0) return [];
    if (this.delta.length > this.rebuildAt()) this.rebuild();
    const maxKm = opts.maxKm ?? Infinity;
    const filter = opts.filter;
    const hits: NearestHit[] = [];
    if (this.snapshot) {
      const { fresh, snapSlots, ids } = this;
      const items = around(this.snapshot, lng, lat, k, Number.isFinite(maxKm) ? maxKm * RADIUS_SLACK : undefined, (item) => {
        const slot = snapSlots[item];
        return fresh[slot] === 1 && (!filter || filter(ids[slot]!, undefined));
      });
      for (const item of items) this.pushHit(hits, snapSlots[item], lat, lng, maxKm);
    }
    for (const slot of this.delta) {
      if (!filter || filter(this.ids[slot]!, undefined)) this.pushHit(hits, slot, lat, lng, maxKm);
    }
    hits.sort((a, b) => a.distanceKm - b.distanceKm);
    if (hits.length > k) hits.length = k;
    return hits;
  }

  /** Folds the delta into a new snapshot; also called by `nearest` when the delta grows too big. */
  rebuild(): void {
    const n = this.slotOf.size;
    this.rebuilds++;
    if (n === 0) {
      this.snapshot = null;
      this.snapSlots = new Uint32Array(0);
      this.delta.length = 0;
      return;
    }
    const index = new KDBush(n, 32);
    const snapSlots = new Uint32Array(n);
    for (const slot of this.slotOf.values()) {
      snapSlots[index.add(this.lng[slot], this.lat[slot])] = slot;
      this.fresh[slot] = 1;
      this.deltaPos[slot] = -1;
    }
    index.finish();
    this.snapshot = index;
    this.snapSlots = snapSlots;
    this.delta.length = 0;
  }

  /** Pending delta size (moved or added since the last rebuild). */
  get pending(): number { return this.delta.length; }

  private rebuildAt(): number {
    return (this.opts.minDelta ?? 256) + this.slotOf.size * (this.opts.deltaFraction ?? 1 / 32);
  }

  private pushHit(hits: NearestHit[], slot: number, lat: number, lng: number, maxKm: number): void {
    const p = { lat: this.lat[slot], lng: this.lng[slot] };
    const d = distanceKm({ lat, lng }, p);
    if (d <= maxKm) hits.push({ id: this.ids[slot]!, lat: p.lat, lng: p.lng, distanceKm: d });
  }

  private grow(): number {
    const slot = this.ids.length;
    this.ids.push(undefined);
    if (slot >= this.lat.length) {
      const cap = this.lat.length * 2;
      this.lat = copyInto(new Float64Array(cap), this.lat);
      this.lng = copyInto(new Float64Array(cap), this.lng);
      this.fresh = copyInto(new Uint8Array(cap), this.fresh);
      this.deltaPos = copyInto(new Int32Array(cap).fill(-1), this.deltaPos);
    }
    return slot;
  }
}

function copyInto<T extends Float64Array | Uint8Array | Int32Array>(to: T, from: T): T {
  to.set(from as never);
  return to;
}
