/** Provider onboarding (PRV-1, PRV-2, PRV-3, PRV-8, PRV-9, PRV-10). Other modules import only from here. */
export { OnboardingService, type ApplicationInput, type OnboardingView } from './onboarding.service.js';
export { DocumentsService, type UploadInput } from './documents.service.js';
export { ExpiryService } from './expiry.service.js';
export { VehicleRules, checkVehicle, gregorianModelYear, type VehicleRule, type VehicleCheck } from './vehicle-rules.js';
export { normalizePlate, plateKindOf, PLATE_LETTERS, type PlateKind } from './plate.js';
export { serviceCodesFor, providerKindFor, DOCUMENT_NAMES, EXPIRING_TYPES, type Checklist, type ChecklistItem } from './checklist.js';
export { OnboardingErrors } from './onboarding.errors.js';
export { DOCUMENT_TYPES, type DocumentType, type DocumentStatus, type ApplicationStatus, type MotorcycleKind, type MovingCompany } from './onboarding.tables.js';
export { registerOnboardingRoutes, registerOpsOnboardingRoutes } from './onboarding.routes.js';
export type { OnboardingDeps } from './onboarding.deps.js';

declare module '../../platform/events.js' {
  interface AppEvents {
    /** PRV-3: a provider was activated (errands subscribe for assistants' skills). */
    'provider.activated': { userId: string; fleetType: string; serviceCodes: string[]; skills: string[] };
    /** PRV-2: a required document expired (or another module deactivated the provider). */
    'provider.deactivated': { userId: string; reason: string };
    /** PRV-2: the replacement of an expired document was approved. */
    'provider.reactivated': { userId: string };
  }
}
