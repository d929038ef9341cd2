/**
 * Orders (ORD-1..ORD-12, ORD-17, ACC-6, PRV-12): one order model with a transition table per kind,
 * its history, offers, and the provider's side of a job. Other modules import only from here
 * (dispatch, in this issue, also uses the repo for offers).
 */
import type { OrderEventPayload } from './orders.core.js';

export { OrdersService, type DispatchHooks, type FirstRound, type OrderDraft } from './orders.service.js';
export { TripsService, type PodInput } from './trips.service.js';
export { OrderLog, SYSTEM, type Actor, type OrdersDeps, type OrderEventPayload, type ChangeInput } from './orders.core.js';
export { OrderErrors } from './orders.errors.js';
export {
  TRANSITIONS, TERMINAL, ACTIVE_JOB, SEARCHING, ORDER_KINDS, canTransition, sourcesOf,
  type OrderKind, type OrderStatus, type ActorRole, type ParcelDetails, type ProofOfDelivery, type LatLngJson,
} from './orders.model.js';
export type { OrderRow, OrderEventRow, OfferRow, OfferInsert } from './orders.tables.js';
export { orders, orderEvents, orderOffers } from './orders.tables.js';
export { ordersRepo } from './orders.repo.js';
export { orderView, historyView, END_REASONS, type OrderView, type ViewerRole } from './orders.views.js';
export type { PricingPort, TrackingPort, ProvidersPort, EligibilityPort, LiveHubPort, Candidate, QuoteLike } from './orders.ports.js';
export { registerOrderRoutes, registerProviderOrderRoutes, registerOpsOrderRoutes } from './orders.routes.js';
export * as OrderSchemas from './orders.schemas.js';

declare module '../../platform/events.js' {
  interface AppEvents {
    /** A customer placed an order (published after commit). */
    'order.created': OrderEventPayload;
    /** A provider accepted an order (or ops handed it over). */
    'order.accepted': OrderEventPayload;
    /** Any status change of an order. */
    'order.status_changed': OrderEventPayload;
    /** A trip was completed and paid. */
    'order.completed': OrderEventPayload;
  }
}
export { OpenOrders, orderChannelAuthorizer } from './open-orders.js';
