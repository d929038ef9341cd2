import type { AccountLinkRow, LostItemRow, RatingRow } from './trips.tables.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const ratingView = (r: RatingRow) => ({ id: r.id, orderId: r.orderId, rateeRole: r.rateeRole, stars: r.stars, comment: r.comment, createdAt: r.createdAt.toISOString() });

export const lostItemView = (r: LostItemRow) => ({
  id: r.id, orderId: r.orderId, status: r.status, description: r.description, createdAt: r.createdAt.toISOString(), closedAt: iso(r.closedAt), closeReason: r.closeReason,
});
export const lostItemOpsView = (r: LostItemRow) => ({ ...lostItemView(r), customerId: r.customerId, providerId: r.providerId, closedBy: r.closedBy });

export const accountLinkView = (r: AccountLinkRow) => ({
  id: r.id, userIds: [r.userA, r.userB] as [string, string], reason: r.reason, createdBy: r.createdBy, createdAt: r.createdAt.toISOString(),
  removedAt: iso(r.removedAt), removedBy: r.removedBy, removedReason: r.removedReason,
});
