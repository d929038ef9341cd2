import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.js';
import { providers } from '../providers/index.js';
import { locationRejections, providerPresence, type NewLocationRejection, type PresenceRow } from './tracking.tables.js';

export async function savePresence(db: DbOrTx, row: PresenceRow): Promise<void> {
  const { providerId: _id, ...rest } = row;
  await db.insert(providerPresence).values(row).onConflictDoUpdate({ target: providerPresence.providerId, set: rest });
}

/** Writes many positions in one statement (the periodic flush; never one query per point). */
export async function savePositions(db: DbOrTx, rows: Array<{ providerId: string; lat: number; lng: number; at: Date }>, now: Date): Promise<void> {
  if (!rows.length) return;
  const ids = rows.map((r) => r.providerId);
  const lats = rows.map((r) => r.lat);
  const lngs = rows.map((r) => r.lng);
  const ats = rows.map((r) => r.at.toISOString());
  await db.execute(sql`
    UPDATE provider_presence p SET lat = v.lat, lng = v.lng, position_at = v.at, updated_at = ${now.toISOString()}::timestamptz
    FROM unnest(${sql.param(ids)}::text[], ${sql.param(lats)}::float8[], ${sql.param(lngs)}::float8[], ${sql.param(ats)}::timestamptz[]) AS v(id, lat, lng, at)
    WHERE p.provider_id = v.id AND p.online`);
}

/** Online presence with the provider attributes dispatch filters on, a page at a time (ordered by provider), to refill memory at start. */
export async function onlinePresence(db: DbOrTx, afterId: string, limit: number) {
  return db.select({
    providerId: providerPresence.providerId, lat: providerPresence.lat, lng: providerPresence.lng, positionAt: providerPresence.positionAt,
    cityId: providers.cityId, fleetType: providers.fleetType, serviceCodes: providers.serviceCodes,
    hasBox: providers.hasBox, priority: providers.priority, capacitySeats: sql<number | null>`(${providers.vehicle} ->> 'capacitySeats')::int`,
  })
    .from(providerPresence)
    .innerJoin(providers, eq(providers.userId, providerPresence.providerId))
    .where(and(eq(providerPresence.online, true), eq(providers.status, 'active'), gt(providerPresence.providerId, afterId)))
    .orderBy(asc(providerPresence.providerId))
    .limit(limit);
}

export async function insertRejections(db: DbOrTx, rows: NewLocationRejection[]): Promise<void> {
  if (rows.length) await db.insert(locationRejections).values(rows);
}

export async function rejectionsOf(db: DbOrTx, providerId: string, limit = 50) {
  return db.select().from(locationRejections).where(eq(locationRejections.providerId, providerId)).orderBy(desc(locationRejections.at)).limit(limit);
}

export type Rejection = Omit<NewLocationRejection, 'id'>;
