// Part of bench/dispatch: a simulated city to compare dispatch policies on the same demand.
// Tabriz-sized box, providers that wander while idle and end trips where their passengers get off,
// Poisson demand concentrated around a few hot spots. Policies:
//   nearest-idle  each order, as it arrives, goes to the nearest idle provider (real greedy dispatch);
//                 with none in range it retries every second until it gives up.
//   batch-greedy  every N s the waiting orders and idle providers are matched cheapest pair first.
//   batch-optimal every N s the same matrix is solved for the least total pickup (planBatch).
// Run alone: `npm run bench -- dispatch-sim` (or via bench/dispatch).
import { fileURLToPath } from 'node:url';
import { planBatch, type BatchOrder, type BatchProvider } from '../src/modules/dispatch/assignment/index.js';
import { distanceKm } from '../src/platform/geo/geometry.js';
import { printTable, round } from './lib.js';

export interface SimConfig {
  providers: number; ordersPerSecond: number; seconds: number; batchSeconds: number; maxPickupKm: number;
  maxWaitSeconds: number; busyShare: number; deferKm: number; speedKmh: number; roadFactor: number; seed: number;
}
export const DEFAULT_SIM: SimConfig = {
  providers: 10_000, ordersPerSecond: 50, seconds: 120, batchSeconds: 5, maxPickupKm: 10,
  maxWaitSeconds: 60, busyShare: 0.6, deferKm: 0, speedKmh: 25, roadFactor: 1.3, seed: 20261130,
};
export interface PolicyResult {
  policy: string; orders: number; served: number; expired: number; meanPickupKm: number; p90PickupKm: number; meanWaitS: number; cpuMs: number;
  /** batch-optimal only: mean pickup km per pair of its own batches, and of greedy on the very same batches. */
  sameBatch?: { optimalMeanKm: number; greedyMeanKm: number; optimalPairs: number; greedyPairs: number };
}

const BOX = { south: 38.0, north: 38.13, west: 46.18, east: 46.42 };
const HOTSPOTS = [ // bazaar, Abresan, university, railway station, Valiasr, El-Goli (approximate)
  { lat: 38.080, lng: 46.293, w: 3 }, { lat: 38.065, lng: 46.330, w: 2 }, { lat: 38.058, lng: 46.327, w: 1.5 },
  { lat: 38.061, lng: 46.245, w: 1 }, { lat: 38.074, lng: 46.338, w: 1.5 }, { lat: 38.026, lng: 46.378, w: 1 },
];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const clampLat = (x: number) => Math.min(BOX.north, Math.max(BOX.south, x));
const clampLng = (x: number) => Math.min(BOX.east, Math.max(BOX.west, x));

/** A point near a hot spot (Gaussian, about 1 km) or, with probability `uniform`, anywhere in the box. */
function pointIn(rnd: () => number, uniform: number): { lat: number; lng: number } {
  if (rnd() < uniform) return { lat: BOX.south + rnd() * (BOX.north - BOX.south), lng: BOX.west + rnd() * (BOX.east - BOX.west) };
  const total = HOTSPOTS.reduce((s, h) => s + h.w, 0);
  let pick = rnd() * total;
  const h = HOTSPOTS.find((x) => (pick -= x.w) < 0) ?? HOTSPOTS[0];
  const g = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  return { lat: clampLat(h.lat + g() * 0.009), lng: clampLng(h.lng + g() * 0.0115) };
}

interface Demand { id: string; at: number; pickup: { lat: number; lng: number }; dropoff: { lat: number; lng: number } }
interface SimProvider { id: string; lat: number; lng: number; busyUntil: number }

/** The same demand stream and starting fleet for every policy (one seed). */
export function makeWorld(cfg: SimConfig): { demand: Demand[]; fleet: SimProvider[] } {
  const rnd = mulberry32(cfg.seed);
  const fleet: SimProvider[] = [];
  for (let i = 0; i < cfg.providers; i++) {
    const p = pointIn(rnd, 0.5);
    const busy = rnd() < cfg.busyShare;
    fleet.push({ id: `p${i}`, ...p, busyUntil: busy ? rnd() * 900 : 0 });
  }
  const demand: Demand[] = [];
  for (let t = 0; t < cfg.seconds; t++) {
    // Poisson arrivals per second (Knuth), spread evenly inside the second.
    let k = 0;
    for (let p = rnd(), limit = Math.exp(-cfg.ordersPerSecond); p > limit; p *= rnd()) k++;
    for (let j = 0; j < k; j++) demand.push({ id: `o${demand.length}`, at: t + j / k, pickup: pointIn(rnd, 0.3), dropoff: pointIn(rnd, 0.6) });
  }
  return { demand, fleet };
}

/** Idle providers drift (about 4 m/s, heading from a hash of id and second, the same in every policy). */
function wander(fleet: SimProvider[], t: number): void {
  for (let i = 0; i < fleet.length; i++) {
    const p = fleet[i];
    if (p.busyUntil > t) continue;
    const h = Math.imul(i + 1, 2654435761) ^ Math.imul(t + 7, 40503);
    const angle = ((h >>> 0) % 3600) / 3600 * 2 * Math.PI;
    p.lat = clampLat(p.lat + Math.sin(angle) * 0.000036);
    p.lng = clampLng(p.lng + Math.cos(angle) * 0.0000457);
  }
}

interface Tally { pickups: number[]; waits: number[]; expired: number; sameBatch: { optimalKm: number; optimalPairs: number; greedyKm: number; greedyPairs: number } }

function serve(cfg: SimConfig, tally: Tally, p: SimProvider, d: Demand, now: number, km: number): void {
  const kmh = cfg.speedKmh / 3600;
  const trip = distanceKm(d.pickup, d.dropoff) * cfg.roadFactor;
  p.busyUntil = now + (km * cfg.roadFactor + trip) / kmh;
  p.lat = d.dropoff.lat;
  p.lng = d.dropoff.lng;
  tally.pickups.push(km);
  tally.waits.push(now - d.at);
}

/** Real greedy dispatch: every order immediately takes the nearest idle provider in range. */
function nearestIdle(cfg: SimConfig, fleet: SimProvider[], queue: Demand[], now: number, tally: Tally): Demand[] {
  const left: Demand[] = [];
  for (const d of queue) {
    let best = -1;
    let bestKm = cfg.maxPickupKm;
    for (let i = 0; i < fleet.length; i++) {
      const p = fleet[i];
      if (p.busyUntil > now) continue;
      const km = distanceKm(d.pickup, p);
      if (km <= bestKm) { bestKm = km; best = i; }
    }
    if (best >= 0) serve(cfg, tally, fleet[best], d, now, bestKm);
    else left.push(d);
  }
  return left;
}

function batch(cfg: SimConfig, fleet: SimProvider[], queue: Demand[], now: number, tally: Tally, method: 'optimal' | 'greedy'): Demand[] {
  const idle = fleet.filter((p) => p.busyUntil <= now);
  const defer = (d: Demand) => (cfg.deferKm > 0 ? cfg.deferKm * (1 + (now - d.at) / cfg.batchSeconds) : undefined);
  const orders: BatchOrder[] = queue.map((d) => ({ id: d.id, ...d.pickup, serviceCode: 'car_ride', kind: 'ride', deferCost: defer(d) }));
  const providers: BatchProvider[] = idle.map((p) => ({ id: p.id, lat: p.lat, lng: p.lng, serviceCodes: ['car_ride'], hasBox: false }));
  const plan = planBatch({ orders, providers, maxPickupKm: cfg.maxPickupKm, method });
  if (method === 'optimal') {
    // The same batch solved cheapest-pair-first, not applied: the static, like-for-like comparison.
    const other = planBatch({ orders, providers, maxPickupKm: cfg.maxPickupKm, method: 'greedy' });
    tally.sameBatch.optimalKm += plan.pairs.reduce((x, q) => x + q.pickupKm, 0);
    tally.sameBatch.optimalPairs += plan.pairs.length;
    tally.sameBatch.greedyKm += other.pairs.reduce((x, q) => x + q.pickupKm, 0);
    tally.sameBatch.greedyPairs += other.pairs.length;
  }
  const byId = new Map(idle.map((p) => [p.id, p]));
  const demandById = new Map(queue.map((d) => [d.id, d]));
  for (const pair of plan.pairs) serve(cfg, tally, byId.get(pair.providerId)!, demandById.get(pair.orderId)!, now, pair.pickupKm);
  const waiting = new Set(plan.unassignedOrderIds);
  return queue.filter((d) => waiting.has(d.id));
}

export function runPolicy(cfg: SimConfig, world: ReturnType<typeof makeWorld>, policy: 'nearest-idle' | 'batch-greedy' | 'batch-optimal'): PolicyResult {
  const fleet = world.fleet.map((p) => ({ ...p }));
  const tally: Tally = { pickups: [], waits: [], expired: 0, sameBatch: { optimalKm: 0, optimalPairs: 0, greedyKm: 0, greedyPairs: 0 } };
  const cpu0 = process.cpuUsage();
  let queue: Demand[] = [];
  let next = 0;
  const end = cfg.seconds + cfg.maxWaitSeconds;
  for (let t = 0; t < end; t++) {
    wander(fleet, t);
    const arrivals: Demand[] = [];
    while (next < world.demand.length && world.demand[next].at < t + 1) arrivals.push(world.demand[next++]);
    if (policy === 'nearest-idle') {
      // Arrivals are dispatched the moment they come in; orders still waiting retry once a second.
      queue = nearestIdle(cfg, fleet, [...queue, ...arrivals], t + 1, tally);
    } else {
      queue.push(...arrivals);
      if ((t + 1) % cfg.batchSeconds === 0) queue = batch(cfg, fleet, queue, t + 1, tally, policy === 'batch-optimal' ? 'optimal' : 'greedy');
    }
    const before = queue.length;
    queue = queue.filter((d) => t + 1 - d.at < cfg.maxWaitSeconds);
    tally.expired += before - queue.length;
  }
  tally.expired += queue.length;
  const cpu = process.cpuUsage(cpu0);
  const sorted = [...tally.pickups].sort((a, b) => a - b);
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
  return {
    policy, orders: world.demand.length, served: tally.pickups.length, expired: tally.expired,
    meanPickupKm: mean(tally.pickups), p90PickupKm: sorted[Math.floor(sorted.length * 0.9)] ?? 0,
    meanWaitS: mean(tally.waits), cpuMs: (cpu.user + cpu.system) / 1000,
    sameBatch: policy === 'batch-optimal' ? {
      optimalMeanKm: tally.sameBatch.optimalKm / Math.max(1, tally.sameBatch.optimalPairs), greedyMeanKm: tally.sameBatch.greedyKm / Math.max(1, tally.sameBatch.greedyPairs),
      optimalPairs: tally.sameBatch.optimalPairs, greedyPairs: tally.sameBatch.greedyPairs,
    } : undefined,
  };
}

export interface SimSummary { results: PolicyResult[]; ratioVsBatchGreedy: number; ratioVsNearestIdle: number; ratioSameBatch: number }

export function runSimulation(cfg: SimConfig = DEFAULT_SIM): SimSummary {
  const world = makeWorld(cfg);
  const results = (['nearest-idle', 'batch-greedy', 'batch-optimal'] as const).map((p) => runPolicy(cfg, world, p));
  const [idle, greedy, optimal] = results;
  const same = optimal.sameBatch!;
  return {
    results, ratioVsBatchGreedy: optimal.meanPickupKm / greedy.meanPickupKm, ratioVsNearestIdle: optimal.meanPickupKm / idle.meanPickupKm,
    ratioSameBatch: same.optimalMeanKm / same.greedyMeanKm,
  };
}

export function printSimulation(cfg: SimConfig, s: SimSummary): void {
  console.log(`simulated city: ${cfg.providers} providers (${cfg.busyShare * 100}% busy at start), ${cfg.ordersPerSecond} orders/s for ${cfg.seconds} s,`
    + ` batches every ${cfg.batchSeconds} s, pickup radius ${cfg.maxPickupKm} km, orders give up after ${cfg.maxWaitSeconds} s`);
  printTable(['policy', 'orders', 'served', 'expired', 'mean pickup km', 'p90 pickup km', 'mean wait s', 'cpu ms'],
    s.results.map((r) => [r.policy, r.orders, r.served, r.expired, round(r.meanPickupKm, 3), round(r.p90PickupKm, 3), round(r.meanWaitS, 1), round(r.cpuMs)]));
  const same = s.results[2].sameBatch!;
  console.log(`same batches solved both ways: optimal ${round(same.optimalMeanKm, 3)} km/pair over ${same.optimalPairs} pairs, greedy ${round(same.greedyMeanKm, 3)} km/pair over ${same.greedyPairs} pairs`);
  console.log(`mean pickup, batch-optimal / nearest-idle = ${round(s.ratioVsNearestIdle, 3)}; / batch-greedy (own run) = ${round(s.ratioVsBatchGreedy, 3)}; / greedy on the same batches = ${round(s.ratioSameBatch, 3)}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const s = runSimulation(DEFAULT_SIM);
  printSimulation(DEFAULT_SIM, s);
  console.log(JSON.stringify({ bench: 'dispatch-sim', pickup_ratio_vs_greedy: round(s.ratioVsNearestIdle, 3), pickup_ratio_vs_batch_greedy: round(s.ratioVsBatchGreedy, 3), pickup_ratio_same_batch: round(s.ratioSameBatch, 3) }));
}
