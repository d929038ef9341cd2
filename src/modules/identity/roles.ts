/** ACC-7 roles. A provider's kind (driver, courier, mover, assistant) is a separate attribute. */
export const ROLES = ['customer', 'provider', 'ops_agent', 'ops_admin', 'finance'] as const;
export type Role = (typeof ROLES)[number];
export const OPS_ROLES: readonly Role[] = ['ops_agent', 'ops_admin'];
export const STAFF_ROLES: readonly Role[] = ['ops_agent', 'ops_admin', 'finance'];
export const PROVIDER_KINDS = ['driver', 'courier', 'mover_company', 'assistant'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export const isStaff = (roles: readonly string[]) => roles.some((r) => (STAFF_ROLES as readonly string[]).includes(r));
