import type { Platform } from '../../platform/context.js';
import type { SettingsService } from '../catalog/settings.service.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import type { AuditService } from '../ops/audit.service.js';
import type { AccountsService, UserCache } from '../identity/index.js';
import type { ProvidersService } from '../providers/index.js';
import type { ReviewsService } from '../reviews/index.js';
import type { NotificationsService } from '../notifications/notifications.service.js';

/** What onboarding needs from the platform and other modules (wired in src/app.ts). */
export interface OnboardingDeps {
  platform: Platform;
  settings: SettingsService;
  catalog: CatalogService;
  audit: AuditService;
  accounts: AccountsService;
  users: UserCache;
  providers: ProvidersService;
  reviews: ReviewsService;
  notifications: NotificationsService;
}

/** Scheduled work and system decisions are audited as the system. */
export const SYSTEM_ACTOR = { id: null, roles: ['system'] };
