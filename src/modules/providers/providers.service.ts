import type { DbOrTx } from '../../platform/db.js';
import { forbidden, notFound } from '../../platform/errors.js';
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
  constructor(private readonly db: DbOrTx) {}

  /** The profile, or null when the user is not a provider. */
  async get(userId: string): Promise<ProviderProfile | null> {
    const row = await repo.providerById(this.db, userId);
    return row ? toProfile(row) : null;
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

  /** Passenger seats from the vehicle card (PRV-11, ORD-4); 0 when the card does not say. */
  static capacitySeats(profile: ProviderProfile): number {
    return profile.vehicle.capacitySeats ?? 0;
  }
}
