/** Stable error codes of the providers module; clients switch on these, never on messages. */
export const ProviderErrors = {
  PROVIDER_NOT_FOUND: 'PROVIDER_NOT_FOUND',
  PROVIDER_INACTIVE: 'PROVIDER_INACTIVE',
} as const;
