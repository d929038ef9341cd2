import type { Platform } from '../../platform/context.js';
import type { SettingsService } from '../catalog/settings.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { AuditService } from '../ops/audit.service.js';
import type { ReviewsService } from '../reviews/index.js';
import type { UserCache } from '../identity/index.js';
import type { LedgerService } from '../wallet/index.js';
import type { OrdersService } from '../orders/index.js';
import type { ProvidersService } from '../providers/index.js';
import type { PaymentLinksService } from '../payments/index.js';

export interface ClaimsDeps {
  platform: Platform;
  settings: SettingsService;
  audit: AuditService;
  reviews: ReviewsService;
  notifications: NotificationsService;
  users: UserCache;
  ledger: LedgerService;
  /** Read-only: the parcel order a claim or complaint is about. */
  orders: Pick<OrdersService, 'get'>;
  providers: ProvidersService;
  /** PAY-5: a penalty may also be collected through an SMS payment link. */
  links: Pick<PaymentLinksService, 'create'>;
}

/** Who may record a penalty (PAY-6): an ops admin or finance, never a plain ops agent. */
export const PENALTY_ROLES = ['ops_admin', 'finance'] as const;
export const mayPenalize = (roles: readonly string[]) => roles.some((r) => (PENALTY_ROLES as readonly string[]).includes(r));
