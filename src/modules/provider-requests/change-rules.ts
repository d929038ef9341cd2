import type { FleetType } from '../providers/index.js';

export type ChangeType = 'mobile' | 'fleet' | 'vehicle' | 'documents';
export type TargetFleet = 'motorcycle' | 'van' | 'car';
export type MotorcycleKind = 'parcel' | 'taxi' | 'both';

/** The services a fleet choice gives (same mapping as onboarding's application). */
export function servicesOf(fleetType: TargetFleet, kind: MotorcycleKind | null | undefined): string[] {
  if (fleetType === 'car') return ['car_ride'];
  if (fleetType === 'van') return ['van_parcel'];
  return kind === 'taxi' ? ['moto_ride'] : kind === 'both' ? ['moto_parcel', 'moto_ride'] : ['moto_parcel'];
}

/**
 * PRV-4: what a fleet change needs. Carrying passengers on a motorcycle needs a motorcycle licence;
 * a van or car needs a driving licence and the new vehicle (data + vehicle card); moving onto a
 * motorcycle from another fleet needs a motorcycle licence and the motorcycle.
 */
export function fleetChangeNeeds(from: FleetType, to: TargetFleet, services: string[]): { documents: string[]; vehicle: boolean } {
  const docs = new Set<string>();
  let vehicle = false;
  if (to === 'motorcycle') {
    if (services.includes('moto_ride')) docs.add('motorcycle_licence');
    if (from !== 'motorcycle') { docs.add('motorcycle_licence'); docs.add('vehicle_card'); vehicle = true; }
  } else {
    docs.add('driving_licence');
    if (from !== to) { docs.add('vehicle_card'); vehicle = true; }
  }
  return { documents: [...docs].sort(), vehicle };
}

/** A vehicle change always comes with the new vehicle card. */
export const VEHICLE_CHANGE_DOCUMENTS = ['vehicle_card'];

/** The document types missing from what was attached. */
export function missingTypes(needed: string[], attached: Array<{ type: string }>): string[] {
  const have = new Set(attached.map((d) => d.type));
  return needed.filter((t) => !have.has(t));
}
