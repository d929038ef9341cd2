/** Identity: accounts, sign-in, roles, blocking, terms (ACC-*). Other modules import only from here. */
export { AuthService, type SessionTokens, type ClientInfo } from './auth.service.js';
export { AccountsService, acceptAllSimOwnership, type SimOwnershipChecker } from './accounts.service.js';
export { UserCache } from './user-cache.js';
export { SessionCache } from './session-cache.js';
export { normalizeMobile, maskMobile } from './mobile.js';
export { isValidNationalId, isValidCompanyNationalId, withNationalIdCheckDigit } from './national-id.js';
export { ROLES, OPS_ROLES, STAFF_ROLES, type Role } from './roles.js';
export { IdentityErrors } from './identity.errors.js';
export { maskedView, selfView } from './user-view.js';
export { registerAuthRoutes, registerAccountRoutes, registerOpsAccountRoutes, actorOf, clientInfo } from './identity.routes.js';

declare module '../../platform/events.js' {
  interface AppEvents {
    'user.blocked': { userId: string; reason: string };
    'user.unblocked': { userId: string };
  }
}
