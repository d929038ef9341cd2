export interface NearestOptions<T = unknown> {
  k: number;
  maxKm?: number;
  /** Only points for which this returns true are considered (eligibility: idle, offers the service...). */
  filter?: (id: string, value: T) => boolean;
}

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
const HALF_RAD = RAD / 2;
/** scanCell's lower bound is shrunk by this much: far more than its rounding error, so it never exceeds the haversin. */
const LOWER_BOUND_SHRINK = 1 - 1e-9;
/**
 * Cell keys: a cell within 32,768 cells of the first point's (80 degrees at the default size, so a
 * whole city) gets a small-integer key, which V8's Map hashes without boxing a number; any other cell
 * a key above 2^33 that no small one can equal. (A key from cx * rows + cy alone exceeds 2^31 east
 * of 5 degrees, and boxing it for each lookup made a query ~7% slower.)
 */
const NEAR = 32_768;
const FAR = 2 ** 33;
const FAR_SPAN = 2 ** 21; // more than 2 * 360 / 0.001 + 1, the cell columns at the smallest size
/** A cell's record of one point: offsets and length. */
const LAT = 0, LNG = 1, COS = 2, SLOT = 3, STRIDE = 4;

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
  private cellOf = new Float64Array(1024);
  /** Each slot's cell array (cells.get(cellOf[slot]) without the lookup, for moves within a cell). */
  private cellArray: Array<number[] | undefined> = [];
  /** Where the point's record starts in its cell's array. */
  private posInCell = new Int32Array(1024);
  private free: number[] = [];
  /** The k best of the query under way, kept between queries. */
  private readonly top = new TopK();
  /** The cells gathered for scanning (gatherRing). */
  private ring: Array<number[] | undefined> = [];
  /** Where scanGathered's reads ahead land, so the compiler keeps them. */
  private touch = 0;
  /**
   * Each cell's points, a record of STRIDE numbers each (lat, lng, cos lat, slot) in one array
   * of unboxed doubles: a query reads a cell front to back instead of jumping to each slot's entry in
   * per-slot arrays (~1 cache miss per point: most of a query's time with 100,000 points).
   */
  private cells = new Map<number, number[]>();
  // Occupied extent in cell coordinates: rings beyond it hold nothing. Only grows (conservative).
  private minCx = Infinity; private maxCx = -Infinity; private minCy = Infinity; private maxCy = -Infinity;
  /** The first point's cell: keys of cells near it are small integers (cellKey). */
  private originX = NaN; private originY = NaN;

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
    const key = this.cellKey(cx, cy);
    if (slot === undefined) {
      slot = this.free.pop() ?? this.grow();
      this.slotOf.set(id, slot);
      this.ids[slot] = id;
      this.addToCell(slot, key, cx, cy, lat, lng);
    } else if (this.cellOf[slot] !== key) {
      this.removeFromCell(slot);
      this.addToCell(slot, key, cx, cy, lat, lng);
    } else {
      const cell = this.cellArray[slot]!;
      const at = this.posInCell[slot];
      cell[at + LAT] = lat;
      cell[at + LNG] = lng;
      cell[at + COS] = Math.cos(lat * RAD);
    }
    if (value !== undefined) this.values[slot] = value;
  }

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.removeFromCell(slot);
    this.slotOf.delete(id);
    this.ids[slot] = undefined;
    this.values[slot] = undefined;
    this.cellArray[slot] = undefined;
    this.free.push(slot);
  }

  get(id: string): { lat: number; lng: number } | null {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return null;
    const cell = this.cellArray[slot]!;
    const at = this.posInCell[slot];
    return { lat: cell[at + LAT], lng: cell[at + LNG] };
  }

  has(id: string): boolean { return this.slotOf.has(id); }

  /** The k nearest points (great-circle), nearest first, within maxKm and passing the filter. */
  nearest(lat: number, lng: number, opts: NearestOptions<T>): Array<GridHit<T>> {
    return this.nearestAs(lat, lng, opts, gridHit);
  }

  /** nearest(), each hit built by `make` (a caller's own result type, without a GridHit in between). */
  nearestAs<R>(lat: number, lng: number, opts: NearestOptions<T>, make: (id: string, lat: number, lng: number, distanceKm: number, value: T) => R): R[] {
    const k = Math.max(0, Math.floor(opts.k));
    if (k === 0 || this.slotOf.size === 0) return [];
    const best = (this.top.inUse ? new TopK() : this.top).reset(k, opts.maxKm ?? Infinity);
    best.inUse = true;
    try {
      this.scan(lat, lng, best, opts.filter);
      return best.hits(this.ids, this.values, make);
    } finally {
      best.inUse = false;
    }
  }

  private scan(lat: number, lng: number, best: TopK, filter?: (id: string, value: T) => boolean) {
    const cosQ = Math.cos(lat * RAD);
    const qx = Math.floor(lng / this.cellDeg);
    const qy = Math.floor(lat / this.cellDeg);
    const lastRing = Math.max(qx - this.minCx, this.maxCx - qx, qy - this.minCy, this.maxCy - qy);
    for (let r = 0; r <= lastRing; r++) {
      // Rings 0 and 1, the 3 x 3 cells around the query, are nearly always both needed: one batch.
      if (r > 1 && this.ringBoundKm(lat, lng, cosQ, qx, qy, r - 1) > best.limitKm()) return;
      // A ring with more cells than there are points: one pass over all points is cheaper.
      if (8 * Math.max(r, 1) > this.slotOf.size) {
        best.reset(best.k, best.maxKm);
        for (const cell of this.cells.values()) this.scanCell(cell, lat, lng, cosQ, best, filter);
        return;
      }
      let n = this.gatherRing(qx, qy, r, 0);
      if (r === 0) n = this.gatherRing(qx, qy, ++r, n);
      this.scanGathered(n, lat, lng, cosQ, best, filter);
    }
  }

  /**
   * Appends ring r's cells (undefined for an empty one) to `ring` from position n; returns the new
   * length. The lookups of a batch of cells run back to back, and each found cell's first number is
   * read, before any is scanned: their cache misses (a cell is a few dependent loads away: hash
   * bucket, entry, array, elements) overlap instead of each stalling its own scan.
   */
  private gatherRing(qx: number, qy: number, r: number, n: number): number {
    const { cells, ring } = this;
    if (r === 0) {
      ring[n++] = cells.get(this.cellKey(qx, qy));
    } else {
      for (let x = qx - r; x <= qx + r; x++) {
        ring[n++] = cells.get(this.cellKey(x, qy - r));
        ring[n++] = cells.get(this.cellKey(x, qy + r));
      }
      for (let y = qy - r + 1; y <= qy + r - 1; y++) {
        ring[n++] = cells.get(this.cellKey(qx - r, y));
        ring[n++] = cells.get(this.cellKey(qx + r, y));
      }
    }
    return n;
  }

  private scanGathered(n: number, lat: number, lng: number, cosQ: number, best: TopK, filter?: (id: string, value: T) => boolean) {
    const { ring } = this;
    let touch = 0;
    for (let i = 0; i < n; i++) { const c = ring[i]; if (c) touch += c[0]; }
    this.touch = touch;
    for (let i = 0; i < n; i++) {
      const cell = ring[i];
      if (cell) this.scanCell(cell, lat, lng, cosQ, best, filter);
      ring[i] = undefined;
    }
  }

  private cellKey(cx: number, cy: number): number {
    if (this.originX !== this.originX) { this.originX = cx; this.originY = cy; }
    const dx = cx - this.originX;
    const dy = cy - this.originY;
    if (dx >= -NEAR && dx < NEAR && dy >= -NEAR && dy < NEAR) return (dx << 16) | (dy & 0xffff);
    return FAR + (cx + FAR_SPAN / 2) * FAR_SPAN + (cy + FAR_SPAN / 2);
  }

  private scanCell(cell: number[], lat: number, lng: number, cosQ: number, best: TopK, filter?: (id: string, value: T) => boolean) {
    for (let at = 0; at < cell.length; at += STRIDE) {
      // A lower bound of the haversin without its two sines (sin²x >= x² - x⁴/3), shrunk far beyond
      // any rounding: a point it rules out cannot beat the k-th best, most points once the k are found.
      const a = (cell[at + LAT] - lat) * HALF_RAD;
      const b = (cell[at + LNG] - lng) * HALF_RAD;
      const a2 = a * a;
      const b2 = b * b;
      if ((a2 - (a2 * a2) / 3 + cosQ * cell[at + COS] * (b2 - (b2 * b2) / 3)) * LOWER_BOUND_SHRINK >= best.worst) continue;
      const h = haversin(lat, lng, cosQ, cell[at + LAT], cell[at + LNG], cell[at + COS]);
      if (h < best.worst) {
        const slot = cell[at + SLOT];
        if (!filter || filter(this.ids[slot]!, this.values[slot] as T)) best.offer(slot, h, cell[at + LAT], cell[at + LNG]);
      }
    }
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

  private addToCell(slot: number, key: number, cx: number, cy: number, lat: number, lng: number) {
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
    this.cellArray[slot] = cell;
    this.posInCell[slot] = cell.length;
    cell.push(lat, lng, Math.cos(lat * RAD), slot);
  }

  private removeFromCell(slot: number) {
    const key = this.cellOf[slot];
    const cell = this.cellArray[slot]!;
    const at = this.posInCell[slot];
    const lastAt = cell.length - STRIDE;
    if (at !== lastAt) {
      // The cell's last record moves into the hole.
      for (let j = 0; j < STRIDE; j++) cell[at + j] = cell[lastAt + j];
      this.posInCell[cell[at + SLOT]] = at;
    }
    cell.length = lastAt;
    if (cell.length === 0) this.cells.delete(key);
  }

  private grow(): number {
    const slot = this.ids.length;
    this.ids.push(undefined);
    this.values.push(undefined);
    this.cellArray.push(undefined);
    if (slot >= this.cellOf.length) {
      const cap = this.cellOf.length * 2;
      const more = <T extends Float64Array | Int32Array>(a: T, b: T): T => { b.set(a as never); return b; };
      this.cellOf = more(this.cellOf, new Float64Array(cap));
      this.posInCell = more(this.posInCell, new Int32Array(cap));
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

const gridHit = <T>(id: string, lat: number, lng: number, distanceKm: number, value: T): GridHit<T> => ({ id, lat, lng, distanceKm, value });

const toKm = (h: number) => 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));

/**
 * The k best (smallest haversin) points so far, sorted, with their positions, in arrays kept from
 * one query to the next (an index reuses its TopK: no allocation per query); k is small (dispatch
 * asks for ~10). `worst` is the bar a point must beat: the k-th best once full, the radius before.
 */
class TopK {
  private slots = new Int32Array(16);
  private hs = new Float64Array(16);
  private lats = new Float64Array(16);
  private lngs = new Float64Array(16);
  private n = 0;
  k = 0;
  maxKm = Infinity;
  private maxH = 1;
  worst = Infinity;
  /** Set while a query uses it (a filter that queries the same index gets a TopK of its own). */
  inUse = false;

  reset(k: number, maxKm: number): this {
    if (k > this.slots.length) {
      this.slots = new Int32Array(k);
      this.hs = new Float64Array(k);
      this.lats = new Float64Array(k);
      this.lngs = new Float64Array(k);
    }
    this.n = 0;
    this.k = k;
    this.maxKm = maxKm;
    // Points at exactly maxKm are accepted after the exact check in hits(); allow a hair more here.
    this.maxH = maxKm === Infinity ? 1 : Math.min(1, Math.sin(Math.min(Math.PI, (maxKm * 1.000001) / EARTH_RADIUS_KM) / 2) ** 2);
    this.worst = this.maxH + Number.EPSILON; // "h <= maxH" as "h < worst"
    return this;
  }
  full() { return this.n >= this.k; }
  limitKm() { return this.full() ? toKm(this.hs[this.n - 1]) : this.maxKm; }
  offer(slot: number, h: number, lat: number, lng: number) {
    if (h > this.maxH) return;
    const { hs, slots, lats, lngs } = this;
    let i = this.n < this.k ? this.n++ : this.k - 1;
    // Shift the larger ones up one place (the last falls off when full); ties keep their order.
    while (i > 0 && hs[i - 1] > h) { hs[i] = hs[i - 1]; slots[i] = slots[i - 1]; lats[i] = lats[i - 1]; lngs[i] = lngs[i - 1]; i--; }
    hs[i] = h;
    slots[i] = slot;
    lats[i] = lat;
    lngs[i] = lng;
    if (this.n === this.k) this.worst = hs[this.k - 1];
  }
  /**
   * The hits with their distances in km. haversin() takes the same operands in the same order as
   * geometry.distanceKm, so toKm of it is that distance to the last bit (the tests compare them).
   */
  hits<T, R>(ids: ReadonlyArray<string | undefined>, values: ReadonlyArray<T | undefined>, make: (id: string, lat: number, lng: number, distanceKm: number, value: T) => R): R[] {
    const out: R[] = [];
    for (let i = 0; i < this.n; i++) {
      const km = toKm(this.hs[i]);
      const slot = this.slots[i];
      if (km <= this.maxKm) out.push(make(ids[slot]!, this.lats[i], this.lngs[i], km, values[slot] as T));
    }
    return out;
  }
}
