/** PRV-4 provider change requests. Other modules import only from here. */
export { ProviderRequestsService, type RequestsDeps, type SubmitInput, type VehicleInput, type RequestDetail } from './provider-requests.service.js';
export { fleetChangeNeeds, servicesOf, missingTypes, type ChangeType } from './change-rules.js';
export { RequestErrors } from './provider-requests.errors.js';
export type { ChangeRequestRow, RequestStatus } from './provider-requests.tables.js';
export { registerProviderRequestRoutes, registerProviderRequestOpsRoutes } from './provider-requests.routes.js';
