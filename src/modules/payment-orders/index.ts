/**
 * Cross-border payment orders (XPO-1..XPO-8): quotes at ops-set FX rates, a cart paid in one
 * payment, a fulfilment queue with a working-hours SLA, encrypted target-site credentials for the
 * assigned operator only, receipts, and full refunds. Other modules import only from here.
 */
import type { Platform } from '../../platform/context.js';
import { CredentialsVault, demoVaultKey, parseVaultKeys } from './credentials-vault.js';
import { FulfilmentService } from './fulfilment.service.js';
import { PaymentOrdersService } from './payment-orders.service.js';
import type { PaymentOrdersDeps } from './payment-orders.shared.js';

export { PaymentOrdersService, type SignedQuote, type NewOrderInput, type CheckoutResult } from './payment-orders.service.js';
export { FulfilmentService, type RateInput, type ReceiptUpload } from './fulfilment.service.js';
export { CredentialsVault, parseVaultKeys, demoVaultKey, type VaultKey, type SealedSecret, type Credentials } from './credentials-vault.js';
export { quoteFigures, type FeeTier } from './quote-math.js';
export { addWorkingHours, isWorkingMinute, type WorkingCalendar } from './working-calendar.js';
export { XpoErrors } from './payment-orders.errors.js';
export { XPO_CATEGORIES, XPO_STATUSES, type XpoCategory, type XpoStatus, type XpoOrderRow } from './payment-orders.tables.js';
export type { KycPort, PaymentOrdersDeps } from './payment-orders.shared.js';
export { registerPaymentOrderRoutes, registerOpsPaymentOrderRoutes } from './payment-orders.routes.js';

declare module '../../platform/events.js' {
  interface AppEvents {
    'paymentOrder.fulfilled': { orderId: string; userId: string };
    'paymentOrder.refunded': { orderId: string; userId: string; amountRials: string };
    'paymentOrder.slaBreached': { orderId: string };
  }
}

/**
 * Pino redaction paths for anything shaped like payment-order credentials, so a request body or
 * an object logged by mistake never prints them (XPO-2).
 */
export const XPO_LOG_REDACT_PATHS = ['credentials', '*.credentials', '*.*.credentials', 'req.body.credentials', 'username', '*.username', '*.*.password'];

/** The credentials vault from configuration: PEYK_XPO_KEYS, or in demo mode a key derived from the JWT secret. */
export function vaultFromConfig(config: Platform['config']): CredentialsVault {
  if (config.paymentOrders.vaultKeys) return new CredentialsVault(parseVaultKeys(config.paymentOrders.vaultKeys));
  // config.ts refuses production without PEYK_XPO_KEYS; this guards a hand-built config too.
  if (!config.demo) throw new Error('PEYK_XPO_KEYS is required in production');
  return new CredentialsVault([demoVaultKey(config.jwtSecret)]);
}

export interface PaymentOrdersModule { orders: PaymentOrdersService; fulfilment: FulfilmentService }

const ESCALATE_EVERY_MS = 60_000;

/** Builds both services, subscribes to payment and KYC events, and schedules the SLA escalation job. */
export function createPaymentOrdersModule(deps: Omit<PaymentOrdersDeps, 'vault'> & { vault?: CredentialsVault }): PaymentOrdersModule {
  const full: PaymentOrdersDeps = { ...deps, vault: deps.vault ?? vaultFromConfig(deps.platform.config) };
  const orders = new PaymentOrdersService(full);
  const fulfilment = new FulfilmentService(full);
  orders.subscribe();
  deps.platform.jobs.every('paymentOrders.escalate', ESCALATE_EVERY_MS, () => fulfilment.escalateOverdue());
  return { orders, fulfilment };
}
