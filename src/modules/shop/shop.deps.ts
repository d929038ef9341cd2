import type { Platform } from '../../platform/context.js';
import type { SettingsService } from '../catalog/settings.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { AuditService } from '../ops/audit.service.js';
import type { ReviewsService } from '../reviews/index.js';
import type { LedgerService } from '../wallet/index.js';
import type { ProvidersService } from '../providers/index.js';
import type { PaymentLinksService } from '../payments/index.js';

/** What the shop, the guarantee returns and the change requests need from the rest of the app. */
export interface ProviderSelfServiceDeps {
  platform: Platform;
  settings: SettingsService;
  audit: AuditService;
  reviews: ReviewsService;
  notifications: NotificationsService;
  ledger: LedgerService;
  providers: ProvidersService;
  /** PAY-5: charges may be paid through an SMS payment link. */
  links: Pick<PaymentLinksService, 'create'>;
}
