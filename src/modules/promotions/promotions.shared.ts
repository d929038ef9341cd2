import type { Platform } from '../../platform/context.js';
import type { DbOrTx } from '../../platform/db.js';
import { newId } from '../../platform/ids.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import type { SettingsService } from '../catalog/settings.service.js';
import type { UserCache } from '../identity/index.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { AuditService } from '../ops/audit.service.js';
import { platformAccount, userAccount, type AccountRef, type LedgerService } from '../wallet/index.js';
import { PromotionErrors as E } from './promotions.errors.js';
import { promotionsRepo as repo } from './promotions.repo.js';
import { normalizeCode, refusal, toError, type Refusal } from './promotions.rules.js';
import type { PromotionRow } from './promotions.tables.js';

/** What the promotions services need from the platform and other modules. */
export interface PromotionsDeps {
  platform: Platform;
  ledger: LedgerService;
  audit: AuditService;
  settings: SettingsService;
  notifications: NotificationsService;
  users: UserCache;
  catalog: CatalogService;
}

/** Gift credit lives in the customer's gift account: spendable on services, never cashable (PAY-4). */
export const giftAccount = (userId: string): AccountRef => userAccount(userId, 'customer_gift');
/** The platform pays for gift credit out of promotion expense; expired credit flows back to it. */
export const PROMOTION_EXPENSE: AccountRef = platformAccount('promotion_expense');

export const LEDGER_REASONS = { gift: 'promotion.gift', giftExpired: 'promotion.gift_expired' } as const;

// Redemptions and grants have prefixes of their own so their ids say what they name.
export const redemptionId = (nowMs: number) => newId('prd', nowMs);
export const grantId = (nowMs: number) => newId('pgr', nowMs);

/** Finds a promotion by what a customer typed: case-insensitive, Persian/Arabic digits accepted. */
export async function promotionByCode(db: DbOrTx, input: string): Promise<PromotionRow> {
  const code = normalizeCode(input);
  if (!code) throw toError(refusal('validation', E.PROMO_CODE_INVALID, 'This is not a valid promo code', { field: 'code' }));
  const p = await repo.byCode(db, code);
  if (!p) throw toError(refusal('not_found', E.PROMO_NOT_FOUND, 'No offer has this code'));
  return p;
}

export async function promotionById(db: DbOrTx, id: string): Promise<PromotionRow> {
  const p = await repo.byId(db, id);
  if (!p) throw toError(refusal('not_found', E.PROMO_NOT_FOUND, 'No such offer'));
  return p;
}

/** A personal package belongs to its owners only: it cannot be used by, or passed to, anyone else. */
export async function notYours(db: DbOrTx, p: PromotionRow, userId: string): Promise<Refusal | null> {
  if (p.audience === 'public' || (await repo.isBoundTo(db, p.id, userId))) return null;
  return refusal('forbidden', E.PROMO_NOT_YOURS, 'This offer belongs to another account');
}
