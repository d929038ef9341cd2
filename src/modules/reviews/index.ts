/** OPS-1 review queues. Modules enqueue / assertMayReview / resolve inside their own transactions. */
export { ReviewsService, type EnqueueInput, type ReviewItemView, type ReviewQuery, type SlaState } from './reviews.service.js';
export { ReviewErrors } from './reviews.errors.js';
export { REVIEW_KINDS, reviewItems, type ReviewKind, type ReviewItemRow } from './reviews.tables.js';
export { registerReviewRoutes } from './reviews.routes.js';
