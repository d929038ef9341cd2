// Batch dispatch planner: every N seconds the dispatch loop hands it the open orders and the idle
// providers of one city; it builds the pickup cost matrix (with eligibility) and solves it.
// Pure and synchronous: no I/O, so the dispatch loop can call it between two transactions.
import { distanceKm } from '../../../platform/geo/geometry.js';
import { assignGreedy, assignMinCost } from './lap.js';

export interface BatchOrder {
  id: string; lat: number; lng: number; serviceCode: string; kind: string;
  /**
   * Optional: the cost of leaving this order for the next batch. Without it every order that can be
   * served is served now, however far its provider; with it, an order whose only pickups cost more
   * waits for a nearer provider to free up (raise it with the time already waited).
   */
  deferCost?: number;
}
export interface BatchProvider { id: string; lat: number; lng: number; serviceCodes: readonly string[]; hasBox: boolean }

/** Cost of sending `provider` to `order`, given the pickup distance; Infinity = not allowed. */
export type BatchCostFn = (order: BatchOrder, provider: BatchProvider, pickupKm: number) => number;

export interface BatchPlanInput {
  orders: readonly BatchOrder[];
  providers: readonly BatchProvider[];
  /** Providers farther than this from the pickup are never assigned (setting dispatch.batchMaxPickupKm). */
  maxPickupKm: number;
  /** PRV-7: km added to a parcel's cost for a courier without a box (setting dispatch.batchParcelNoBoxPenaltyKm). */
  parcelNoBoxPenaltyKm?: number;
  /** Replaces the default cost (pickup km + box penalty); eligibility and the radius still apply first. */
  costFn?: BatchCostFn;
  /** 'optimal' (min total cost, default) or 'greedy' (cheapest pair first; the baseline). */
  method?: 'optimal' | 'greedy';
  /** Nearest eligible providers kept per order; bounds the matrix when a city has thousands online. */
  candidatesPerOrder?: number;
}

export interface BatchPair { orderId: string; providerId: string; pickupKm: number; cost: number }
export interface BatchPlan { pairs: BatchPair[]; unassignedOrderIds: string[]; providersConsidered: number }

const DEFAULT_PARCEL_PENALTY_KM = 2;
const DEFAULT_CANDIDATES = 24;
const KM_PER_DEG_LAT = 111.32;

export function defaultBatchCost(penaltyKm: number): BatchCostFn {
  return (order, provider, pickupKm) => pickupKm + (order.kind === 'parcel' && !provider.hasBox ? penaltyKm : 0);
}

/** A uniform lat/lng grid whose cells are about `cellKm` wide, to find providers near a pickup. */
class Grid {
  private cells = new Map<string, number[]>();
  constructor(private readonly points: readonly { lat: number; lng: number }[], private readonly cellLat: number, private readonly cellLng: number) {
    points.forEach((p, i) => {
      const key = this.key(Math.floor(p.lat / cellLat), Math.floor(p.lng / cellLng));
      const list = this.cells.get(key);
      if (list) list.push(i);
      else this.cells.set(key, [i]);
    });
  }
  private key(a: number, b: number): string { return `${a}:${b}`; }
  /** Indices of points in the 3x3 block of cells around (lat, lng): a superset of those within one cell size. */
  near(lat: number, lng: number): number[] {
    const a = Math.floor(lat / this.cellLat);
    const b = Math.floor(lng / this.cellLng);
    const out: number[] = [];
    for (let da = -1; da <= 1; da++) for (let db = -1; db <= 1; db++) {
      const list = this.cells.get(this.key(a + da, b + db));
      if (list) for (const i of list) out.push(i);
    }
    return out;
  }
}

function gridFor(input: BatchPlanInput): Grid {
  const meanLat = input.orders.reduce((s, o) => s + o.lat, 0) / Math.max(1, input.orders.length);
  const cellLat = input.maxPickupKm / KM_PER_DEG_LAT;
  const cellLng = input.maxPickupKm / (KM_PER_DEG_LAT * Math.max(0.01, Math.cos((meanLat * Math.PI) / 180)));
  return new Grid(input.providers, cellLat, cellLng);
}

/** For each order, its eligible providers within the radius as [providerIndex, km, cost], nearest first, capped. */
function candidateLists(input: BatchPlanInput, cost: BatchCostFn): Array<Array<[number, number, number]>> {
  const grid = gridFor(input);
  const cap = input.candidatesPerOrder ?? DEFAULT_CANDIDATES;
  return input.orders.map((o) => {
    const list: Array<[number, number, number]> = [];
    for (const p of grid.near(o.lat, o.lng)) {
      const prov = input.providers[p];
      if (!prov.serviceCodes.includes(o.serviceCode)) continue;
      const km = distanceKm(o, prov);
      if (km > input.maxPickupKm) continue;
      const c = cost(o, prov, km);
      if (Number.isFinite(c)) list.push([p, km, c]);
    }
    list.sort((x, y) => x[2] - y[2] || x[0] - y[0]);
    return list.length > cap ? list.slice(0, cap) : list;
  });
}

/**
 * Plans one batch: which provider goes to which order. Columns are the union of every order's
 * nearest candidates, and each order may take any of those columns within its radius, so two
 * orders competing for the same provider can both fall back to farther ones.
 */
export function planBatch(input: BatchPlanInput): BatchPlan {
  if (!(input.maxPickupKm > 0)) throw new RangeError('maxPickupKm must be positive');
  const cost = input.costFn ?? defaultBatchCost(input.parcelNoBoxPenaltyKm ?? DEFAULT_PARCEL_PENALTY_KM);
  const lists = candidateLists(input, cost);
  const columnOf = new Map<number, number>();
  const columns: number[] = [];
  for (const list of lists) for (const [p] of list) if (!columnOf.has(p)) { columnOf.set(p, columns.length); columns.push(p); }
  const matrix = input.orders.map((o) => {
    const row = new Array<number>(columns.length).fill(Infinity);
    for (let c = 0; c < columns.length; c++) {
      const prov = input.providers[columns[c]];
      if (!prov.serviceCodes.includes(o.serviceCode)) continue;
      const km = distanceKm(o, prov);
      if (km <= input.maxPickupKm) row[c] = cost(o, prov, km);
    }
    return row;
  });
  return solvePlan(input.orders, matrix, columns.length, input.method, (o, c) => {
    const prov = input.providers[columns[c]];
    return { providerId: prov.id, pickupKm: distanceKm(o, prov) };
  });
}

/** Solves the matrix (plus defer columns) and turns the chosen columns into pairs; the rest stay open. */
function solvePlan<O extends { id: string; deferCost?: number }>(
  orders: readonly O[], matrix: number[][], columnCount: number, method: 'optimal' | 'greedy' | undefined,
  pick: (order: O, column: number) => { providerId: string; pickupKm: number },
): BatchPlan {
  addDeferColumns(orders, matrix);
  const solve = method === 'greedy' ? assignGreedy : assignMinCost;
  const rowToCol = columnCount ? solve(matrix) : orders.map(() => -1);
  const pairs: BatchPair[] = [];
  const unassignedOrderIds: string[] = [];
  orders.forEach((o, i) => {
    const c = rowToCol[i];
    if (c < 0 || c >= columnCount || !Number.isFinite(matrix[i][c])) { unassignedOrderIds.push(o.id); return; }
    pairs.push({ orderId: o.id, ...pick(o, c), cost: matrix[i][c] });
  });
  return { pairs, unassignedOrderIds, providersConsidered: columnCount };
}

/** One private "wait" column per order that has a defer cost: choosing it leaves the order open. */
function addDeferColumns(orders: ReadonlyArray<{ deferCost?: number }>, matrix: number[][]): void {
  if (!orders.some((o) => o.deferCost !== undefined && Number.isFinite(o.deferCost))) return;
  orders.forEach((o, i) => {
    for (let k = 0; k < orders.length; k++) matrix[i].push(k === i && o.deferCost !== undefined ? o.deferCost : Infinity);
  });
}

/** One open order with the candidates dispatch already found for it (tracking.candidates: idle, eligible, in range). */
export interface CandidateOrder {
  id: string; kind: string; deferCost?: number;
  candidates: ReadonlyArray<{ providerId: string; distanceKm: number; etaSeconds?: number; hasBox: boolean }>;
}

/**
 * The same plan from per-order candidate lists, for callers that already asked the geo index
 * (eligibility, radius and idleness applied there). A provider listed for several orders goes to
 * at most one of them. Cost: pickup km plus the PRV-7 box penalty for parcels, unless `costKm` says otherwise.
 */
export function planBatchFromCandidates(input: {
  orders: readonly CandidateOrder[]; parcelNoBoxPenaltyKm?: number; method?: 'optimal' | 'greedy';
  costKm?: (order: CandidateOrder, candidate: CandidateOrder['candidates'][number]) => number;
}): BatchPlan {
  const penalty = input.parcelNoBoxPenaltyKm ?? DEFAULT_PARCEL_PENALTY_KM;
  const cost = input.costKm ?? ((o, c) => c.distanceKm + (o.kind === 'parcel' && !c.hasBox ? penalty : 0));
  const columnOf = new Map<string, number>();
  for (const o of input.orders) for (const c of o.candidates) if (!columnOf.has(c.providerId)) columnOf.set(c.providerId, columnOf.size);
  const columns = [...columnOf.keys()];
  const matrix = input.orders.map((o) => {
    const row = new Array<number>(columns.length).fill(Infinity);
    for (const c of o.candidates) row[columnOf.get(c.providerId)!] = Math.min(row[columnOf.get(c.providerId)!], cost(o, c));
    return row;
  });
  return solvePlan(input.orders, matrix, columns.length, input.method, (o, c) => ({
    providerId: columns[c], pickupKm: o.candidates.find((x) => x.providerId === columns[c])!.distanceKm,
  }));
}
