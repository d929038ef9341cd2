/** Tracking: presence, positions, the geo index and live WebSocket fan-out (PRV-11, ORD-13). Other modules import only from here. */
export { TrackingService, type PresenceView, type Candidate, type CandidateQuery, type TrackingDeps, type LocationInput } from './tracking.service.js';
export { LiveHub, type ChannelAuthorizer, type LiveSocket } from './live-hub.js';
export { TrackingErrors } from './tracking.errors.js';
export { registerProviderTrackingRoutes, registerOpsLiveRoutes, registerLiveRoute } from './tracking.routes.js';
export { rejectionsOf as locationRejectionsOf } from './tracking.repo.js';

declare module '../../platform/events.js' {
  interface AppEvents {
    /** PRV-11: location fixes of a provider were rejected as implausible jumps (recorded in location_rejections). */
    'tracking.location_rejected': { providerId: string; count: number; speedKmh: number; at: string };
  }
}
