import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import { cities, services, zones } from './catalog.tables.js';

/** Cities, their zones and the services offered (ORD-1). Rarely changes, so it is cached. */
export class CatalogService {
  private cache: { cities: Awaited<ReturnType<CatalogService['loadCities']>>; services: Awaited<ReturnType<CatalogService['loadServices']>> } | undefined;
  constructor(private readonly db: Db) {}

  private async loadCities() {
    const [cs, zs] = await Promise.all([
      this.db.select().from(cities).where(eq(cities.active, true)).orderBy(asc(cities.code)),
      this.db.select().from(zones).where(eq(zones.active, true)).orderBy(asc(zones.code)),
    ]);
    return cs.map((c) => ({
      id: c.id, code: c.code, names: c.names, timeZone: c.timeZone, center: { lat: c.centerLat, lng: c.centerLng },
      zones: zs.filter((z) => z.cityId === c.id).map((z) => ({ id: z.id, code: z.code, names: z.names, kind: z.kind })),
    }));
  }

  private async loadServices() {
    const rows = await this.db.select().from(services).where(eq(services.active, true)).orderBy(asc(services.sortOrder));
    return rows.map((s) => ({ id: s.id, code: s.code, kind: s.kind, vehicleType: s.vehicleType, names: s.names }));
  }

  async refresh() {
    this.cache = { cities: await this.loadCities(), services: await this.loadServices() };
  }
  async cities() {
    if (!this.cache) await this.refresh();
    return this.cache!.cities;
  }
  async services() {
    if (!this.cache) await this.refresh();
    return this.cache!.services;
  }
  async city(id: string) {
    const c = (await this.cities()).find((x) => x.id === id);
    if (!c) throw notFound('CITY_NOT_FOUND', 'No such city');
    return c;
  }
}
