/**
 * The provider rewards program (RWD-1..RWD-9): seasons, points per completed trip with peak
 * bonuses, tiers with quality gates, benefits, opt-out, ops adjustments. Other modules import only
 * from here. Orders call `commissionDiscountPercent(providerId, at, cityId)` at fare settlement;
 * dispatch reads `priorityOf(providerId)` (and providers.priority, written on every tier change).
 */
export { RewardsService, type RewardsDeps, type OrderFacts, type OrderEventLike, type QualityNow } from './rewards.service.js';
export { RewardErrors } from './rewards.errors.js';
export {
  TIERS, tierOf, tierByPoints, nextTier, gateStatus, cancellationPercent, isPeak, tripPoints, seasonAt, seasonById, seasonBounds,
  type Tier, type TierBenefits, type TierThresholds, type PeakWindow, type Quality, type Season,
} from './rewards.rules.js';
export { registerProviderRewardsRoutes, registerOpsRewardsRoutes } from './rewards.routes.js';
export * as RewardSchemas from './rewards.schemas.js';
