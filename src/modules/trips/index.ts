/**
 * Trips: what happens around an order besides its life cycle: ratings both ways (ORD-14), the
 * relayed chat and masked calls (ORD-18), lost items (ORD-15), share links (ORD-13) and the
 * self-dealing check and charge (FRD-1). Other modules import only from here.
 */
export { TripExtrasService, type OrderEventFields } from './trips.service.js';
export type { TripOrder, TripOrderSource, TripLinks, LiveChannel, PositionSource, VehicleSource, TripsDeps } from './trips.shared.js';
export type { RatingSummary, OrderRatings } from './ratings.service.js';
export type { ChatMessage } from './chat.service.js';
export type { SharedTrip, ShareCreated } from './share.service.js';
export { SELF_DEALING_LEDGER_REASON, selfDealingKey, flagView } from './self-dealing.service.js';
export { DemoMaskedCallProvider, type MaskedCallProvider, type CallSession, type CallSessionRequest } from './masked-call.js';
export { scrubPhoneNumbers } from './scrub.js';
export { TripErrors } from './trips.errors.js';
export { registerTripRoutes, registerOpsTripRoutes } from './trips.routes.js';

declare module '../../platform/events.js' {
  interface AppEvents {
    /** FRD-1: an order was flagged as self-dealing (ops are told). */
    'fraud.flagged': { flagId: string; kind: 'self_dealing'; orderId: string; cityId: string | null; customerId: string; providerId: string; reasons: string[] };
  }
}
