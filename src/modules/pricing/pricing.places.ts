import type { Db } from '../../platform/db.js';
import { validation, notFound } from '../../platform/errors.js';
import { isValidLatLng, pointInPolygon, type LatLng } from '../../platform/geo/geometry.js';
import type { GeoJsonPolygon, LocalizedText } from '../catalog/catalog.tables.js';
import { PricingErrors as E } from './pricing.errors.js';
import { pricingRepo as repo } from './pricing.repo.js';

export interface CityPlace { id: string; timeZone: string; center: LatLng; serviceArea: GeoJsonPolygon | null }
export interface ZonePlace { id: string; cityId: string; code: string; names: LocalizedText; kind: 'district' | 'surcharge' | 'no_service'; polygon: GeoJsonPolygon; surchargeRials: bigint }
export interface ServicePlace { id: string; code: string; kind: string; vehicleType: string | null }

const TTL_MS = 30_000;

/**
 * Cities (service areas), zones (polygons, surcharges) and services, cached briefly: every quote
 * reads them, ops change them rarely. Load before opening a transaction.
 */
export class Places {
  private data: { cities: CityPlace[]; zones: ZonePlace[]; services: ServicePlace[]; until: number } | undefined;
  constructor(private readonly db: Db, private readonly nowMs: () => number = Date.now) {}

  async load(force = false) {
    if (!force && this.data && this.data.until > this.nowMs()) return this.data;
    const [cs, zs, ss] = await Promise.all([repo.activeCities(this.db), repo.activeZones(this.db), repo.activeServices(this.db)]);
    this.data = {
      cities: cs.map((c) => ({ id: c.id, timeZone: c.timeZone, center: { lat: c.centerLat, lng: c.centerLng }, serviceArea: c.serviceArea })),
      zones: zs.map((z) => ({ id: z.id, cityId: z.cityId, code: z.code, names: z.names, kind: z.kind, polygon: z.polygon, surchargeRials: z.surchargeRials })),
      services: ss.map((s) => ({ id: s.id, code: s.code, kind: s.kind, vehicleType: s.vehicleType })),
      until: this.nowMs() + TTL_MS,
    };
    return this.data;
  }

  /** The last loaded services (sync, for settings lookups by service id). */
  serviceIdOf(code: string): string | undefined {
    return this.data?.services.find((s) => s.code === code)?.id;
  }

  async service(code: string): Promise<ServicePlace> {
    const s = (await this.load()).services.find((x) => x.code === code);
    if (!s) throw validation(E.SERVICE_UNKNOWN, `No active service ${code}`, { serviceCode: code });
    return s;
  }

  async city(id: string): Promise<CityPlace> {
    const c = (await this.load()).cities.find((x) => x.id === id);
    if (!c) throw notFound(E.CITY_NOT_FOUND, 'No such city', { cityId: id });
    return c;
  }

  /** The city whose service area holds the point, else the fallback (the caller's city). */
  async cityAt(p: LatLng, fallbackId: string | null | undefined): Promise<CityPlace> {
    const { cities } = await this.load();
    const hit = cities.find((c) => c.serviceArea && pointInPolygon(p, c.serviceArea));
    if (hit) return hit;
    if (fallbackId) return this.city(fallbackId);
    throw validation(E.OUTSIDE_SERVICE_AREA, 'This place is outside the areas we serve', { point: p });
  }

  /** Every point inside the city's area and outside its no-service zones; returns the surcharge zones hit by the ends. */
  async assertServed(city: CityPlace, points: Array<{ p: LatLng; role: string }>, ends: LatLng[]): Promise<ZonePlace[]> {
    const zones = (await this.load()).zones.filter((z) => z.cityId === city.id);
    for (const { p, role } of points) {
      if (city.serviceArea && !pointInPolygon(p, city.serviceArea)) {
        throw validation(E.OUTSIDE_SERVICE_AREA, `The ${role} is outside the area served in this city`, { field: role, cityId: city.id });
      }
      const closed = zones.find((z) => z.kind === 'no_service' && pointInPolygon(p, z.polygon));
      if (closed) throw validation(E.ZONE_NO_SERVICE, `The ${role} is in a zone we do not serve`, { field: role, zoneId: closed.id, zone: closed.names });
    }
    return zones.filter((z) => z.kind === 'surcharge' && ends.some((p) => pointInPolygon(p, z.polygon)));
  }
}

/** COORDINATES_INVALID for any point out of the WGS84 ranges. */
export function assertCoordinates(points: Array<{ p: LatLng; role: string }>): void {
  for (const { p, role } of points) {
    if (!p || !isValidLatLng(p)) throw validation(E.COORDINATES_INVALID, `The ${role} coordinates are not valid`, { field: role });
  }
}
