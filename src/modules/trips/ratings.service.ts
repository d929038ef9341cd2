import { isUniqueViolation } from '../../platform/db.js';
import { conflict, validation } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { scrubPhoneNumbers } from './scrub.js';
import { TripErrors as E } from './trips.errors.js';
import { tripsRepo as repo } from './trips.repo.js';
import { counterpart, orderOfParty, type PartyRole, type TripsDeps, type Viewer } from './trips.shared.js';
import type { RatingRow } from './trips.tables.js';

export interface RatingSummary { average: number | null; count: number; window: number }
export interface OrderRatings { mine: RatingRow | null; received: RatingRow | null; canRate: boolean }

/** ORD-14: after completion each side rates the other once, 1-5 stars and an optional comment. */
export class RatingsService {
  constructor(private readonly d: TripsDeps) {}

  async rate(viewer: Viewer, orderId: string, input: { stars: number; comment?: string | null }): Promise<RatingRow> {
    const { order, role } = await orderOfParty(this.d, viewer, orderId);
    const side = role as PartyRole;
    if (order.status !== 'completed') throw conflict(E.ORDER_NOT_COMPLETED, 'A trip can be rated once it is completed', { status: order.status });
    const maxLength = this.d.settings.get('trips.ratingCommentMaxLength');
    const comment = input.comment?.trim() || null;
    if (comment && comment.length > maxLength) throw validation(E.RATING_COMMENT_TOO_LONG, `A comment may have at most ${maxLength} characters`, { maxLength });
    try {
      return await repo.insertRating(this.d.platform.db, {
        id: newId('rat', this.d.platform.clock.now().getTime()), orderId, raterId: viewer.id,
        rateeId: counterpart(order, side)!, rateeRole: side === 'customer' ? 'provider' : 'customer',
        stars: input.stars, comment: comment ? scrubPhoneNumbers(comment).text : null, createdAt: this.d.platform.clock.now(),
      });
    } catch (err) {
      // Two ratings at once from one side: the unique (order, ratee role) lets exactly one in.
      if (isUniqueViolation(err, 'order_ratings_once')) throw conflict(E.RATING_EXISTS, 'You already rated this trip');
      throw err;
    }
  }

  /** The caller's rating of this order, the one they received, and whether they may still rate. */
  async ofOrder(viewer: Viewer, orderId: string): Promise<OrderRatings> {
    const { order, role } = await orderOfParty(this.d, viewer, orderId);
    const rows = await repo.ratingsOfOrder(this.d.platform.db, orderId);
    const mine = rows.find((r) => r.raterId === viewer.id && r.rateeRole !== role) ?? null;
    const received = rows.find((r) => r.rateeId === viewer.id && r.rateeRole === role) ?? null;
    return { mine, received, canRate: order.status === 'completed' && !mine };
  }

  /** A provider's rating: the mean of the last N ratings received (N = rewards.ratingWindowTrips, RWD-6). */
  providerRating(providerId: string): Promise<RatingSummary> {
    return this.summary(providerId, 'provider');
  }

  customerRating(customerId: string): Promise<RatingSummary> {
    return this.summary(customerId, 'customer');
  }

  async summary(userId: string, role: PartyRole): Promise<RatingSummary> {
    const window = this.d.settings.get('rewards.ratingWindowTrips');
    const s = await repo.ratingSummary(this.d.platform.db, userId, role, window);
    return { average: s.average === null ? null : Math.round(s.average * 100) / 100, count: s.count, window };
  }
}
