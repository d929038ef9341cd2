export interface NearestOptions<T = unknown> {
  k: number;
  maxKm?: number;
  /** Only points for which this returns true are considered (eligibility: idle, offers the service...). */
  filter?: (id: string, value: T) => boolean;
}

/**
 * GeoIndex's options: `tags` keeps only points whose tags (setTags) have every one of these bits.
 * Checked in the scan before the distance, from a typed array: a point that fails costs a few
 * nanoseconds, where the filter is a call reading the caller's object (~0.1 us with its cache miss).
 */
export interface GridNearestOptions<T = unknown> extends NearestOptions<T> { tags?: number }
/** GeoIndex's hits carry the value attached to the point (upsert), so callers need no lookup by id. */
export type GridHit<T> = NearestHit & { value: T };

export interface NearestHit { id: string; lat: number; lng: number; distanceKm: number }

/** What dispatch needs from a live point index (GeoIndex; KdbushGeoIndex for comparison). */
export interface PointIndex {
  readonly size: number;
  upsert(id: string, lat: number, lng: number, value?: unknown): void;
  remove(id: string): void;
  get(id: string): { lat: number; lng: number } | null;
  nearest(lat: number, lng: number, opts: NearestOptions): NearestHit[];
}

const EARTH_RADIUS_KM = 6371.0088; // as geometry.ts, so distances agree to the last bit
const RAD = Math.PI / 180;
const LAT_CELLS = 180 * 1000 + 2; // enough rows for the smallest cell size allowed

/**
 * The live provider index of one city: a uniform lat/lng grid of buckets. A move is O(1) (at most a
 * swap-remove from one bucket and a push to another), so millions of updates a second fit; a query
 * scans rings of cells outwards and stops once the ring's distance lower bound exceeds the k-th
 * best distance. kdbush (KdbushGeoIndex) queries as fast on a frozen set but must be rebuilt to
 * move a point: at 100,000 providers reporting every few seconds that costs more than this does
 * (bench/geo measures both).
 */
export class GeoIndex<T = unknown> implements PointIndex {
  private readonly cellDeg: number;
  private slotOf = new Map<string, number>();
  private ids: (string | undefined)[] = [];
  /** What the caller attached to each point, handed to the filter (saves it a map lookup per point). */
  private values: (T | undefined)[] = [];
  private lat = new Float64Array(1024);
  private lng = new Float64Array(1024);
  private cosLat = new Float64Array(1024);
  private cellOf = new Float64Array(1024);
  private posInCell = new Int32Array(1024);
  private tagsOf = new Int32Array(1024);
  private free: number[] = [];
  private cells = new Map<number, number[]>();
  // Occupied extent in cell coordinates: rings beyond it hold nothing. Only grows (conservative).
  private minCx = Infinity; private maxCx = -Infinity; private minCy = Infinity; private maxCy = -Infinity;

  /** @param cellDeg bucket size in degrees (0.0025 = about 280 x 220 m at Tabriz) */
  constructor(opts: { cellDeg?: number } = {}) {
    this.cellDeg = Math.max(0.001, opts.cellDeg ?? 0.0025);
  }

  get size(): number { return this.slotOf.size; }

  /** Adds or moves a point; `value` (kept when omitted on a move) is what the filter receives. */
  upsert(id: string, lat: number, lng: number, value?: T): void {
    let slot = this.slotOf.get(id);
    const cx = Math.floor(lng / this.cellDeg);
    const cy = Math.floor(lat / this.cellDeg);
    const key = cx * LAT_CELLS + cy;
    if (slot === undefined) {
      slot = this.free.pop() ?? this.grow();
      this.slotOf.set(id, slot);
      this.ids[slot] = id;
      this.addToCell(slot, key, cx, cy);
    } else if (this.cellOf[slot] !== key) {
      this.removeFromCell(slot);
      this.addToCell(slot, key, cx, cy);
    }
    if (value !== undefined) this.values[slot] = value;
    this.lat[slot] = lat;
    this.lng[slot] = lng;
    this.cosLat[slot] = Math.cos(lat * RAD);
  }

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.removeFromCell(slot);
    this.slotOf.delete(id);
    this.ids[slot] = undefined;
    this.values[slot] = undefined;
    this.tagsOf[slot] = 0;
    this.free.push(slot);
  }

  get(id: string): { lat: number; lng: number } | null {
    const slot = this.slotOf.get(id);
    return slot === undefined ? null : { lat: this.lat[slot], lng: this.lng[slot] };
  }

  has(id: string): boolean { return this.slotOf.has(id); }

  /** Sets a point's tags (a bit set the caller defines, e.g. "idle and offers service X"); 0 for a new point. */
  setTags(id: string, tags: number): void {
    const slot = this.slotOf.get(id);
    if (slot !== undefined) this.tagsOf[slot] = tags;
  }

  /** The k nearest points (great-circle), nearest first, within maxKm and passing the filter. */
  nearest(lat: number, lng: number, opts: GridNearestOptions<T>): Array<GridHit<T>> {
    const k = Math.max(0, Math.floor(opts.k));
    if (k === 0 || this.slotOf.size === 0) return [];
    const best = new TopK(k, opts.maxKm ?? Infinity);
    const cosQ = Math.cos(lat * RAD);
    const qx = Math.floor(lng / this.cellDeg);
    const qy = Math.floor(lat / this.cellDeg);
    const lastRing = Math.max(qx - this.minCx, this.maxCx - qx, qy - this.minCy, this.maxCy - qy);
    for (let r = 0; r <= lastRing; r++) {
      if (r > 0 && this.ringBoundKm(lat, lng, cosQ, qx, qy, r - 1) > best.limitKm()) break;
      // A ring with more cells than there are points: one pass over all points is cheaper.
      if (8 * r > this.slotOf.size) return this.scanAll(lat, lng, cosQ, k, opts);
      this.scanRing(qx, qy, r, lat, lng, cosQ, best, opts.tags ?? 0, opts.filter);
    }
    return best.hits(this);
  }

  /** @internal for TopK. */
  hit(slot: number, km: number): GridHit<T> {
    return { id: this.ids[slot]!, lat: this.lat[slot], lng: this.lng[slot], distanceKm: km, value: this.values[slot] as T };
  }

  private scanRing(qx: number, qy: number, r: number, lat: number, lng: number, cosQ: number, best: TopK, tags: number, filter?: (id: string, value: T) => boolean) {
    if (r === 0) return this.scanCell(qx * LAT_CELLS + qy, lat, lng, cosQ, best, tags, filter);
    for (let x = qx - r; x <= qx + r; x++) {
      this.scanCell(x * LAT_CELLS + qy - r, lat, lng, cosQ, best, tags, filter);
      this.scanCell(x * LAT_CELLS + qy + r, lat, lng, cosQ, best, tags, filter);
    }
    for (let y = qy - r + 1; y <= qy + r - 1; y++) {
      this.scanCell((qx - r) * LAT_CELLS + y, lat, lng, cosQ, best, tags, filter);
      this.scanCell((qx + r) * LAT_CELLS + y, lat, lng, cosQ, best, tags, filter);
    }
  }

  private scanCell(key: number, lat: number, lng: number, cosQ: number, best: TopK, tags: number, filter?: (id: string, value: T) => boolean) {
    const cell = this.cells.get(key);
    if (!cell) return;
    const { tagsOf, lat: lats, lng: lngs, cosLat } = this;
    for (let i = 0; i < cell.length; i++) {
      const slot = cell[i];
      if ((tagsOf[slot] & tags) !== tags) continue;
      const h = haversin(lat, lng, cosQ, lats[slot], lngs[slot], cosLat[slot]);
      if (h < best.worst && (!filter || filter(this.ids[slot]!, this.values[slot] as T))) best.offer(slot, h);
    }
  }

  private scanAll(lat: number, lng: number, cosQ: number, k: number, opts: GridNearestOptions<T>): Array<GridHit<T>> {
    const best = new TopK(k, opts.maxKm ?? Infinity);
    for (const cell of this.cells.keys()) this.scanCell(cell, lat, lng, cosQ, best, opts.tags ?? 0, opts.filter);
    return best.hits(this);
  }

  /**
   * A lower bound (km) on the distance from the query to any point outside the cells within
   * Chebyshev ring `r` of the query cell: the nearest edge of that block. To a parallel it is the
   * latitude difference; to a meridian, asin(cos(lat) * sin(dLng)).
   */
  private ringBoundKm(lat: number, lng: number, cosQ: number, qx: number, qy: number, r: number): number {
    const d = this.cellDeg;
    const south = lat - (qy - r) * d;
    const north = (qy + r + 1) * d - lat;
    const west = lng - (qx - r) * d;
    const east = (qx + r + 1) * d - lng;
    const dLat = Math.min(south, north) * RAD;
    const dLng = Math.min(west, east, 90) * RAD;
    const toMeridian = Math.asin(Math.min(1, cosQ * Math.sin(dLng)));
    return EARTH_RADIUS_KM * Math.min(dLat, toMeridian) * 0.999999;
  }

  private addToCell(slot: number, key: number, cx: number, cy: number) {
    let cell = this.cells.get(key);
    if (!cell) {
      cell = [];
      this.cells.set(key, cell);
      if (cx < this.minCx) this.minCx = cx;
      if (cx > this.maxCx) this.maxCx = cx;
      if (cy < this.minCy) this.minCy = cy;
      if (cy > this.maxCy) this.maxCy = cy;
    }
    this.cellOf[slot] = key;
    this.posInCell[slot] = cell.length;
    cell.push(slot);
  }

  private removeFromCell(slot: number) {
    const key = this.cellOf[slot];
    const cell = this.cells.get(key)!;
    const pos = this.posInCell[slot];
    const last = cell.pop()!;
    if (last !== slot) {
      cell[pos] = last;
      this.posInCell[last] = pos;
    }
    if (cell.length === 0) this.cells.delete(key);
  }

  private grow(): number {
    const slot = this.ids.length;
    this.ids.push(undefined);
    this.values.push(undefined);
    if (slot >= this.lat.length) {
      const cap = this.lat.length * 2;
      const more = <T extends Float64Array | Int32Array>(a: T, b: T): T => { b.set(a as never); return b; };
      this.lat = more(this.lat, new Float64Array(cap));
      this.lng = more(this.lng, new Float64Array(cap));
      this.cosLat = more(this.cosLat, new Float64Array(cap));
      this.cellOf = more(this.cellOf, new Float64Array(cap));
      this.posInCell = more(this.posInCell, new Int32Array(cap));
      this.tagsOf = more(this.tagsOf, new Int32Array(cap));
    }
    return slot;
  }
}

/** sin²(Δ/2) form of the haversine: monotonic in distance, no asin per point. */
function haversin(lat1: number, lng1: number, cos1: number, lat2: number, lng2: number, cos2: number): number {
  // Written as geometry.distanceKm computes it, so both order points identically.
  const dLat = (lat2 - lat1) * RAD;
  const dLng = (lng2 - lng1) * RAD;
  return Math.sin(dLat / 2) ** 2 + cos1 * cos2 * Math.sin(dLng / 2) ** 2;
}

const toKm = (h: number) => 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));

/**
 * The k best (smallest haversin) slots so far, sorted, in preallocated arrays; k is small (dispatch
 * asks for ~10). `worst` is the bar a point must beat: the k-th best once full, the radius before.
 */
class TopK {
  private readonly slots: Int32Array;
  private readonly hs: Float64Array;
  private n = 0;
  private readonly maxH: number;
  worst: number;
  constructor(private readonly k: number, private readonly maxKm: number) {
    this.slots = new Int32Array(k);
    this.hs = new Float64Array(k);
    // Points at exactly maxKm are accepted after the exact check in hits(); allow a hair more here.
    this.maxH = maxKm === Infinity ? 1 : Math.min(1, Math.sin(Math.min(Math.PI, (maxKm * 1.000001) / EARTH_RADIUS_KM) / 2) ** 2);
    this.worst = this.maxH + Number.EPSILON; // "h <= maxH" as "h < worst"
  }
  full() { return this.n >= this.k; }
  limitKm() { return this.full() ? toKm(this.hs[this.n - 1]) : this.maxKm; }
  offer(slot: number, h: number) {
    if (h > this.maxH) return;
    let i = this.n < this.k ? this.n++ : this.k - 1;
    // Shift the larger ones up one place (the last falls off when full); ties keep their order.
    while (i > 0 && this.hs[i - 1] > h) { this.hs[i] = this.hs[i - 1]; this.slots[i] = this.slots[i - 1]; i--; }
    this.hs[i] = h;
    this.slots[i] = slot;
    if (this.n === this.k) this.worst = this.hs[this.k - 1];
  }
  /**
   * The hits with their distances in km. haversin() takes the same operands in the same order as
   * geometry.distanceKm, so toKm of it is that distance to the last bit (the tests compare them).
   */
  hits<T>(index: GeoIndex<T>): Array<GridHit<T>> {
    const out: Array<GridHit<T>> = [];
    for (let i = 0; i < this.n; i++) {
      const km = toKm(this.hs[i]);
      if (km <= this.maxKm) out.push(index.hit(this.slots[i], km));
    }
    return out;
  }
}
