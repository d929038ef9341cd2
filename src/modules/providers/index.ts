/** Providers (minimal profile for issue 4; issue 5 extends it). Other modules import only from here. */
export { ProvidersService, type ProviderProfile } from './providers.service.js';
export { ProviderErrors } from './providers.errors.js';
export { providers, type FleetType, type ProviderStatus, type Vehicle, type ProviderRow, type NewProviderRow } from './providers.tables.js';
export { insertProviders } from './providers.repo.js';
