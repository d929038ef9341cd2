import { gridDisk, latLngToCell, polygonToCells } from 'h3-js';
import type { GeoJsonPolygon } from '../catalog/catalog.tables.js';
import type { LatLng } from '../../platform/geo/geometry.js';
import { demandMultiplier } from './pricing.rules.js';

/**
 * Where demand comes from: open requests (orders) and idle providers (tracking) in a set of H3
 * cells. Both are synchronous, in-memory counts. Wired with `pricing.setDemandSignals`.
 */
export interface DemandSignals {
  open(cityId: string, cells: string[]): number;
  idle(cityId: string, cells: string[]): number;
}

export interface DemandParams { resolution: number; kRing: number; sensitivity: number; cap: number }
export interface DemandCell { cell: string; open: number; idle: number; multiplier: number }

/** The multiplier at a point: the point's cell and its k-ring neighbours; 1.0 without signals. */
export function demandAt(signals: DemandSignals | undefined, cityId: string, p: LatLng, q: DemandParams): DemandCell {
  const cell = latLngToCell(p.lat, p.lng, q.resolution);
  return demandOfCell(signals, cityId, cell, q);
}

function demandOfCell(signals: DemandSignals | undefined, cityId: string, cell: string, q: DemandParams): DemandCell {
  if (!signals) return { cell, open: 0, idle: 0, multiplier: 1 };
  const ring = gridDisk(cell, q.kRing);
  const open = signals.open(cityId, ring);
  const idle = signals.idle(cityId, ring);
  return { cell, open, idle, multiplier: demandMultiplier(open, idle, q.sensitivity, q.cap) };
}

const MAX_SNAPSHOT_CELLS = 20_000;

/** Every cell of the service area with any demand or supply around it (for the ops view). */
export function demandSnapshot(signals: DemandSignals | undefined, cityId: string, area: GeoJsonPolygon | null, center: LatLng, q: DemandParams): DemandCell[] {
  if (!signals) return [];
  const cells = area
    ? polygonToCells(area.coordinates, q.resolution, true)
    : gridDisk(latLngToCell(center.lat, center.lng, q.resolution), 10);
  return cells.slice(0, MAX_SNAPSHOT_CELLS)
    .map((cell) => demandOfCell(signals, cityId, cell, q))
    .filter((c) => c.open > 0 || c.idle > 0)
    .sort((a, b) => b.multiplier - a.multiplier || b.open - a.open || (a.cell < b.cell ? -1 : 1));
}
