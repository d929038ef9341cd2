/**
 * Payments: card payments through a gateway (PAY-1), payment links for charges (PAY-5), receipts
 * (PAY-8). Other modules import only from here.
 */
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/context.js';
import type { SettingsService } from '../catalog/settings.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { AuditService } from '../ops/audit.service.js';
import type { UserCache } from '../identity/index.js';
import type { PaymentGateway } from './gateway.js';
import type { Ledger } from './ledger.js';
import { PaymentLinksService } from './payment-links.service.js';
import { registerPaymentLinkRoutes } from './payment-links.routes.js';
import { PaymentsService } from './payments.service.js';
import { registerPaymentRoutes } from './payments.routes.js';
import { ReceiptsService } from './receipts.service.js';
import { registerReceiptRoutes } from './receipts.routes.js';
import { SandboxGateway } from './sandbox.gateway.js';
import { registerSandboxGatewayRoutes } from './sandbox.routes.js';
import { ZarinpalGateway } from './zarinpal.gateway.js';

export type { PaymentGateway, CreatePaymentInput, CreatedPayment, VerifyResult, RefundResult } from './gateway.js';
export { maskPan } from './gateway.js';
export { ZarinpalGateway, type ZarinpalOptions } from './zarinpal.gateway.js';
export { SandboxGateway } from './sandbox.gateway.js';
export { PaymentsService, type StartedPayment } from './payments.service.js';
export { PaymentLinksService, creditAccountFor, type CreateLinkInput, type LinkStatus } from './payment-links.service.js';
export { ReceiptsService, type IssueReceiptInput } from './receipts.service.js';
export { PaymentErrors } from './payments.errors.js';
export { chargeWalletFallback, type WalletFallbackInput } from './wallet-fallback.js';
export type { PaymentRow, PaymentLinkRow, ReceiptRow, PaymentStatus, PaymentPurpose, LinkReason } from './payments.tables.js';

declare module '../../platform/events.js' {
  interface AppEvents {
    /** A gateway payment was verified and settled (ledger transfer posted, receipt issued). */
    'payment.succeeded': { paymentId: string; userId: string; purpose: 'wallet_topup' | 'payment_link'; amountRials: string; linkId: string | null; receiptId: string };
  }
}

export interface PaymentsModule {
  gateway: PaymentGateway;
  payments: PaymentsService;
  links: PaymentLinksService;
  receipts: ReceiptsService;
}

export interface PaymentsModuleDeps {
  platform: Platform;
  settings: SettingsService;
  ledger: Ledger;
  users: UserCache;
  notifications: NotificationsService;
  audit: AuditService;
  /** Tests may pass their own gateway; otherwise PAYMENT_GATEWAY decides. */
  gateway?: PaymentGateway;
}

const RECONCILE_EVERY_MS = 30_000;

/** The gateway configuration asks for: Zarinpal, or (demo mode only; config refuses it in production) the sandbox. */
export function createPaymentGateway(platform: Platform): PaymentGateway {
  const c = platform.config.payments;
  if (c.gateway === 'zarinpal') return new ZarinpalGateway({ baseUrl: c.zarinpalBaseUrl, merchantId: c.zarinpalMerchantId!, timeoutMs: c.zarinpalTimeoutMs });
  return new SandboxGateway(platform.db, platform.clock, platform.config.publicUrl);
}

export function createPaymentsModule(deps: PaymentsModuleDeps): PaymentsModule {
  const gateway = deps.gateway ?? createPaymentGateway(deps.platform);
  const receipts = new ReceiptsService(deps.platform.clock, deps.platform.config.jwtSecret, deps.platform.config.publicUrl);
  const payments = new PaymentsService({ ...deps, gateway, receipts });
  const links = new PaymentLinksService({ ...deps, payments, receipts });
  // Pending payments whose verify timed out, or whose callback never came, are asked about again.
  deps.platform.jobs.every('payments.reconcile', RECONCILE_EVERY_MS, () => payments.reconcilePending());
  return { gateway, payments, links, receipts };
}

/** Every payments route; the sandbox gateway's pages only when it is the configured gateway. */
export function registerPaymentsRoutes(http: FastifyInstance, m: PaymentsModule, deps: { platform: Platform; users: UserCache }) {
  const db = deps.platform.db;
  registerPaymentRoutes(http, { db, payments: m.payments, links: m.links });
  registerPaymentLinkRoutes(http, { links: m.links, receipts: m.receipts, users: deps.users });
  registerReceiptRoutes(http, { db, receipts: m.receipts, users: deps.users });
  if (m.gateway instanceof SandboxGateway) registerSandboxGatewayRoutes(http, { sandbox: m.gateway });
}
