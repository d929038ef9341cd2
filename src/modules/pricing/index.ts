/** ORD-2 / ORD-3 pricing and quotes. Other modules import only from here. */
export { PricingService, toQuote, type Quote, type QuoteRequest, type OrderForChange, type ChangeRequest, type PricingDeps } from './pricing.service.js';
export { computePrice, timeMultiplierAt, demandMultiplier, breakdownJson, roundUp, type PriceBreakdown, type PriceInput, type BreakdownJson } from './pricing.rules.js';
export { GreatCircleRoutingProvider, OsrmRoutingProvider, greatCircleRoute, type RoutingProvider, type RouteEstimate, type RoadParams } from './routing.js';
export type { DemandSignals, DemandCell, DemandParams } from './demand.js';
export { PricingErrors } from './pricing.errors.js';
export { quoteConsumeCte, quoteConsumeValues, type QuoteConsumption } from './pricing.repo.js';
export { registerQuoteRoutes, registerPricingOpsRoutes, quoteView } from './pricing.routes.js';
