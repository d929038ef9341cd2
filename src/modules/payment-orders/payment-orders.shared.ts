import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Platform } from '../../platform/context.js';
import type { SettingsService } from '../catalog/settings.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { AuditService } from '../ops/audit.service.js';
import type { AccountsService, UserCache } from '../identity/index.js';
import type { LedgerService } from '../wallet/index.js';
import { platformAccount, userAccount } from '../wallet/index.js';
import type { PaymentsModule } from '../payments/index.js';
import type { PromotionsService } from '../promotions/index.js';
import type { ReviewsService } from '../reviews/index.js';
import type { CredentialsVault } from './credentials-vault.js';
import type { WorkingCalendar } from './working-calendar.js';
import { DEFAULT_TIME_ZONE } from '../../platform/time.js';
import type { XpoCategory } from './payment-orders.tables.js';

/** C's KYC module as this one needs it (ACC-5): only "is this user verified". */
export interface KycPort { isVerified(userId: string): Promise<boolean> }

export interface PaymentOrdersDeps {
  platform: Platform;
  settings: SettingsService;
  audit: AuditService;
  ledger: LedgerService;
  users: UserCache;
  accounts: AccountsService;
  notifications: NotificationsService;
  payments: PaymentsModule;
  promotions: PromotionsService;
  reviews: ReviewsService;
  kyc: KycPort;
  vault: CredentialsVault;
}

/** The catalogue service code discounts are scoped to (promotions with serviceCodes ['payment_order']). */
export const SERVICE_CODE = 'payment_order';
export const STAFF_ROLES = ['ops_agent', 'ops_admin', 'finance'];
export const isStaff = (roles: readonly string[]) => roles.some((r) => STAFF_ROLES.includes(r));

/** XPO-1 the four categories; XPO-2 which ones always need the customer's login on the target site. */
export const CATEGORIES: Record<XpoCategory, { credentials: 'required' | 'optional'; examples: string[] }> = {
  education: { credentials: 'optional', examples: ['TOEFL', 'IELTS', 'PTE', 'GRE', 'Duolingo English Test'] },
  travel: { credentials: 'optional', examples: ['Flights', 'Hotels', 'Trains', 'Booking.com', 'Airbnb'] },
  games: { credentials: 'required', examples: ['Xbox', 'PlayStation', 'Steam', 'Netflix', 'Spotify'] },
  shopping: { credentials: 'required', examples: ['Amazon', 'eBay', 'Walmart', 'Etsy', 'Target'] },
};

/** Where a payment order's money waits between payment and fulfilment or refund. */
export const HOLDING = () => platformAccount('suspense');
export const REVENUE = () => platformAccount('platform_revenue');
export const customerWallet = (userId: string) => userAccount(userId, 'customer_wallet');

export function calendarOf(settings: SettingsService): WorkingCalendar {
  const h = settings.get('paymentOrders.workingHours');
  return { days: h.days, from: h.from, to: h.to, holidays: settings.get('paymentOrders.holidays'), timeZone: DEFAULT_TIME_ZONE };
}

/** HMAC over the parts, keyed from the JWT secret with a purpose label (quotes, receipt links). */
export function signParts(secret: string, purpose: string, parts: Array<string | number | null>): string {
  const key = createHash('sha256').update(`peyk-xpo-${purpose}:${secret}`).digest();
  return createHmac('sha256', key).update(parts.map((p) => (p === null ? '' : String(p))).join('|')).digest('base64url');
}

export function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
