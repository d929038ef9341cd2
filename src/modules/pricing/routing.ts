import type { Logger } from 'pino';
import { distanceKm, type LatLng } from '../../platform/geo/geometry.js';

/** Distance and duration of a path through the given points, in order. */
export interface RouteEstimate { distanceMeters: number; durationSeconds: number; source: 'great_circle' | 'osrm' }

/** How the city's road parameters reach a provider (from settings, per city). */
export interface RoadParams { roadFactor: number; speedKmh: number }

/** ORD-2 seam: where distances and durations come from. */
export interface RoutingProvider {
  route(points: LatLng[], road: RoadParams): Promise<RouteEstimate>;
}

/** Great-circle legs x the city's road factor, at the city's average speed: no server needed. */
export class GreatCircleRoutingProvider implements RoutingProvider {
  async route(points: LatLng[], road: RoadParams): Promise<RouteEstimate> {
    return greatCircleRoute(points, road);
  }
}

export function greatCircleRoute(points: LatLng[], road: RoadParams): RouteEstimate {
  let km = 0;
  for (let i = 1; i < points.length; i++) km += distanceKm(points[i - 1], points[i]);
  const roadKm = km * road.roadFactor;
  return { distanceMeters: Math.round(roadKm * 1000), durationSeconds: Math.round((roadKm / road.speedKmh) * 3600), source: 'great_circle' };
}

interface OsrmReply { code?: string; message?: string; routes?: Array<{ distance?: number; duration?: number }> }

/**
 * Speaks OSRM's HTTP API: `GET /route/v1/driving/{lng},{lat};...?overview=false`, reading
 * routes[0].distance (m) and .duration (s) when code is 'Ok'. Any failure (timeout, HTTP error,
 * NoRoute, malformed reply) falls back to the great-circle estimate, so a quote never fails
 * because the routing server is down.
 */
export class OsrmRoutingProvider implements RoutingProvider {
  constructor(private readonly opts: { baseUrl: string; timeoutMs: number; profile?: string; log?: Logger; fetch?: typeof fetch }) {}

  async route(points: LatLng[], road: RoadParams): Promise<RouteEstimate> {
    try {
      return await this.ask(points);
    } catch (err) {
      this.opts.log?.warn({ err: (err as Error).message }, 'OSRM routing failed; using great-circle distance');
      return greatCircleRoute(points, road);
    }
  }

  private async ask(points: LatLng[]): Promise<RouteEstimate> {
    const coords = points.map((p) => `${p.lng.toFixed(6)},${p.lat.toFixed(6)}`).join(';');
    const url = `${this.opts.baseUrl}/route/v1/${this.opts.profile ?? 'driving'}/${coords}?overview=false`;
    const res = await (this.opts.fetch ?? fetch)(url, { signal: AbortSignal.timeout(this.opts.timeoutMs), headers: { accept: 'application/json' } });
    const body = (await res.json().catch(() => ({}))) as OsrmReply;
    if (!res.ok || body.code !== 'Ok') throw new Error(`OSRM answered ${res.status} ${body.code ?? ''} ${body.message ?? ''}`.trim());
    const r = body.routes?.[0];
    if (!r || !Number.isFinite(r.distance) || !Number.isFinite(r.duration) || r.distance! < 0 || r.duration! < 0) throw new Error('OSRM reply has no usable route');
    return { distanceMeters: Math.round(r.distance!), durationSeconds: Math.round(r.duration!), source: 'osrm' };
  }
}
