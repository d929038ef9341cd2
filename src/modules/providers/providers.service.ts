import type { DbOrTx } from '../../platform/db.js';
import { forbidden, notFound } from '../../platform/errors.js';
import { TtlCache } from '../../platform/ttl-cache.js';
import { ProviderErrors } from './providers.errors.js';
import * as repo from './providers.repo.js';
import type { FleetType, ProviderRow, ProviderStatus, Vehicle } from './providers.tables.js';

/** A provider's profile as other modules see it (issue 5 adds documents, guarantee, change requests). */
export interface ProviderProfile {
  userId: string;
  cityId: string;
  fleetType: FleetType;
  serviceCodes: string[];
  vehicle: Vehicle;
  /** PRV-7: carries a delivery box (priority for parcels). */
  hasBox: boolean;
  /** Rewards tier priority; higher first among equally good candidates. */
  priority: number;
  status: ProviderStatus;
  createdAt: Date;
}

const toProfile = (r: ProviderRow): ProviderProfile => ({
  userId: r.userId, cityId: r.cityId, fleetType: r.fleetType, serviceCodes: [...r.serviceCodes], vehicle: r.vehicle ?? {},
  hasBox: r.hasBox, priority: r.priority, status: r.status, createdAt: r.createdAt,
});

/** Provider profiles (PRV-7, PRV-11): who may work, in which city, for which services, with what vehicle. */
export class ProvidersService {
  /**
   * Profiles read outside a transaction are kept for 5 s (every offer, acceptance and
   * trip step reads one). Changes made through this service drop the copy at once; another
   * process's change is seen within the TTL, like the user cache.
   */
  private readonly cache = new TtlCache<string, ProviderProfile>(5_000);

  constructor(private readonly db: DbOrTx) {}

  /** The profile, or null when the user is not a provider. */
  async get(userId: string): Promise<ProviderProfile | null> {
    const profile = await this.cache.get(userId, async () => {
      const row = await repo.providerById(this.db, userId);
      return row ? toProfile(row) : null;
    });
    return profile ?? null;
  }

  /** Drops the cached profile (after a write; a read in the write's transaction never fills it). */
  invalidate(userId: string): void {
    this.cache.delete(userId);
  }

  /** Several profiles at once (ops views); unknown ids are left out. */
  async getMany(userIds: string[]): Promise<ProviderProfile[]> {
    return (await repo.providersByIds(this.db, userIds)).map(toProfile);
  }

  /** The profile of a provider allowed to work now: PROVIDER_NOT_FOUND (404) or PROVIDER_INACTIVE (403). */
  async requireActive(userId: string): Promise<ProviderProfile> {
    const profile = await this.get(userId);
    if (!profile) throw notFound(ProviderErrors.PROVIDER_NOT_FOUND, 'You have no provider profile');
    if (profile.status !== 'active') throw forbidden(ProviderErrors.PROVIDER_INACTIVE, 'Your provider profile is not active');
    return profile;
  }

  // ---- issue 5 (onboarding, change requests, shop, complaints): writes inside the caller's transaction ----

  /** The profile read through the caller's transaction, or null. */
  async getIn(tx: DbOrTx, userId: string): Promise<ProviderProfile | null> {
    const row = await repo.providerById(tx, userId);
    return row ? toProfile(row) : null;
  }

  /** PRV-3: creates the profile at activation; false when the user already has one. */
  async create(tx: DbOrTx, row: { userId: string; cityId: string; fleetType: FleetType; serviceCodes: string[]; vehicle: Vehicle; createdAt: Date }): Promise<boolean> {
    if (await repo.providerById(tx, row.userId)) return false;
    await repo.insertProviders(tx, [{ ...row, hasBox: false, status: 'active' }]);
    this.invalidate(row.userId);
    return true;
  }

  /** PRV-4 vehicle / fleet change: replaces the vehicle, and the fleet type and services when given. */
  async setVehicle(tx: DbOrTx, userId: string, vehicle: Vehicle, fleetType?: FleetType, serviceCodes?: string[]): Promise<ProviderProfile> {
    const row = await repo.updateProvider(tx, userId, { vehicle, ...(fleetType ? { fleetType } : {}), ...(serviceCodes ? { serviceCodes } : {}) });
    this.invalidate(userId);
    if (!row) throw notFound(ProviderErrors.PROVIDER_NOT_FOUND, 'No such provider');
    return toProfile(row);
  }

  /**
   * PRV-2 / CLM-2: activates or deactivates with a reason (e.g. 'document_expired', 'complaint').
   * Guarded on the current status; `changed` is false when it already was in that status.
   */
  async setStatus(tx: DbOrTx, userId: string, status: ProviderStatus, reason: string | null): Promise<{ changed: boolean; profile: ProviderProfile }> {
    const from: ProviderStatus = status === 'active' ? 'inactive' : 'active';
    const row = await repo.setProviderStatus(tx, userId, from, { status, statusReason: status === 'active' ? null : reason });
    this.invalidate(userId);
    if (row) return { changed: true, profile: toProfile(row) };
    const current = await repo.providerById(tx, userId);
    if (!current) throw notFound(ProviderErrors.PROVIDER_NOT_FOUND, 'No such provider');
    return { changed: false, profile: toProfile(current) };
  }

  /** Why the provider was last deactivated (null while active). */
  async statusReason(tx: DbOrTx, userId: string): Promise<string | null> {
    return (await repo.providerById(tx, userId))?.statusReason ?? null;
  }

  /** PRV-7: a delivered box sets the dispatch-priority flag (the shop calls this). */
  async setHasBox(tx: DbOrTx, userId: string, hasBox: boolean): Promise<ProviderProfile> {
    const row = await repo.updateProvider(tx, userId, { hasBox });
    this.invalidate(userId);
    if (!row) throw notFound(ProviderErrors.PROVIDER_NOT_FOUND, 'No such provider');
    return toProfile(row);
  }

  /** Passenger seats from the vehicle card (PRV-11, ORD-4); 0 when the card does not say. */
  static capacitySeats(profile: ProviderProfile): number {
    return profile.vehicle.capacitySeats ?? 0;
  }
}
