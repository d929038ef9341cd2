import type { Vehicle } from '../providers/index.js';
import type { SettingsService } from '../catalog/settings.service.js';

/** PRV-8: what a service class accepts. Empty lists accept any make / model; null limits do not apply. */
export interface VehicleRule {
  makes: string[];
  /** "make/model" pairs, e.g. "Saipa/Tiba"; when non-empty the vehicle must be one of them. */
  models: string[];
  minModelYear: number | null;
  maxAgeYears: number | null;
}

export type VehicleCheck = { ok: true } | { ok: false; code: 'VEHICLE_MAKE_NOT_ALLOWED' | 'VEHICLE_MODEL_NOT_ALLOWED' | 'VEHICLE_TOO_OLD'; reason: string };

const norm = (s: string | undefined) => (s ?? '').normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

/** Model years on Iranian vehicle cards are often Jalali (e.g. 1398); they are kept as Gregorian. */
export function gregorianModelYear(year: number): number {
  return year >= 1300 && year < 1500 ? year + 621 : year;
}

/** The rule applied to a vehicle at an instant (the age counts in Gregorian calendar years). */
export function checkVehicle(serviceCode: string, rule: VehicleRule | undefined, vehicle: Vehicle, at: Date): VehicleCheck {
  if (!rule) return { ok: true };
  const make = norm(vehicle.make);
  const model = norm(vehicle.model);
  if (rule.makes.length && !rule.makes.some((m) => norm(m) === make)) {
    return { ok: false, code: 'VEHICLE_MAKE_NOT_ALLOWED', reason: `${serviceCode} accepts these makes only: ${rule.makes.join(', ')}` };
  }
  if (rule.models.length && !rule.models.some((m) => norm(m) === `${make}/${model}`)) {
    return { ok: false, code: 'VEHICLE_MODEL_NOT_ALLOWED', reason: `${serviceCode} accepts these models only: ${rule.models.join(', ')}` };
  }
  const year = gregorianModelYear(vehicle.year ?? 0);
  if (rule.minModelYear !== null && year < rule.minModelYear) {
    return { ok: false, code: 'VEHICLE_TOO_OLD', reason: `${serviceCode} needs model year ${rule.minModelYear} or newer; this vehicle is ${year}` };
  }
  if (rule.maxAgeYears !== null && at.getUTCFullYear() - year > rule.maxAgeYears) {
    return { ok: false, code: 'VEHICLE_TOO_OLD', reason: `${serviceCode} accepts vehicles at most ${rule.maxAgeYears} years old; this vehicle is from ${year}` };
  }
  return { ok: true };
}

/** PRV-8 rules from the setting onboarding.vehicleRules (ops edit it; the settings service audits every change). */
export class VehicleRules {
  constructor(private readonly settings: SettingsService) {}

  rule(serviceCode: string): VehicleRule | undefined {
    return this.settings.get('onboarding.vehicleRules')[serviceCode];
  }

  /** Used at application and (by change requests) at a vehicle change. */
  check(serviceCode: string, vehicle: Vehicle, at: Date): VehicleCheck {
    return checkVehicle(serviceCode, this.rule(serviceCode), vehicle, at);
  }

  /** The first refusal over several services, or ok. */
  checkAll(serviceCodes: string[], vehicle: Vehicle, at: Date): VehicleCheck & { serviceCode?: string } {
    for (const code of serviceCodes) {
      const r = this.check(code, vehicle, at);
      if (!r.ok) return { ...r, serviceCode: code };
    }
    return { ok: true };
  }
}
