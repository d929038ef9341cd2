/** Promotions (PAY-4; XPO-7 reuses the rule model). Other modules import only from here. */
export { PromotionsService } from './promotions.service.js';
export type { QuoteInput, QuoteAdjustment, RedemptionHold, RedeemInput, RedeemResult, ReleaseInput } from './discounts.service.js';
export type { ClaimInput, ClaimResult, ExpiryRun } from './gift-credit.service.js';
export type { PromotionsDeps } from './promotions.shared.js';
export { giftAccount, PROMOTION_EXPENSE, LEDGER_REASONS as PROMOTION_LEDGER_REASONS } from './promotions.shared.js';
export type { CustomerVolumeSource, Condition } from './promotions.rules.js';
export { discountFor, percentOfRials, normalizeCode } from './promotions.rules.js';
export { PromotionErrors } from './promotions.errors.js';
export { registerPromotionRoutes, registerOpsPromotionRoutes } from './promotions.routes.js';
