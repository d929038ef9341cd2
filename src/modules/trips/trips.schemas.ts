import { z } from 'zod';

/** zod schemas of the trips API (.strict() bodies); shared with the web app. */

const id = z.string().min(3).max(64);
const instant = z.string().describe('ISO 8601 instant');
const reason = z.string().trim().min(3).max(500);
const latLng = z.object({ lat: z.number(), lng: z.number() });

export const orderIdParam = z.object({ id }).strict();
export const idParam = z.object({ id }).strict();
export const tokenParam = z.object({ token: z.string().min(1).max(64) }).strict();

// ---- ORD-14 ratings ----
export const ratingBody = z.object({
  stars: z.number().int().min(1).max(5),
  comment: z.string().max(2000).nullable().optional().describe('at most trips.ratingCommentMaxLength characters; phone numbers are removed'),
}).strict();
export const ratingReply = z.object({ id: z.string(), orderId: z.string(), rateeRole: z.enum(['customer', 'provider']), stars: z.number(), comment: z.string().nullable(), createdAt: instant });
export const orderRatingsReply = z.object({ mine: ratingReply.nullable(), received: ratingReply.nullable(), canRate: z.boolean() });
const summary = z.object({ average: z.number().nullable(), count: z.number(), window: z.number().describe('the last N ratings the average covers') });
export const myRatingsReply = z.object({ asCustomer: summary, asProvider: summary.nullable() });

// ---- ORD-18 chat and calls ----
export const messageBody = z.object({ text: z.string().min(1).max(1000) }).strict();
export const messagesQuery = z.object({
  after: id.optional().describe('only messages after this message id'),
  limit: z.coerce.number().int().min(1).max(200).default(100),
}).strict();
export const messageReply = z.object({
  id: z.string(), orderId: z.string(), from: z.enum(['customer', 'provider', 'system']), kind: z.enum(['text', 'lost_item']),
  text: z.string(), redacted: z.boolean().describe('phone numbers were removed'), createdAt: instant,
});
export const messagesReply = z.object({ items: z.array(messageReply) });
export const callReply = z.object({ relayNumber: z.string().describe('dial this; the platform connects the other side'), expiresAt: instant });

// ---- ORD-15 lost items ----
export const lostItemBody = z.object({ description: z.string().trim().min(3).max(1000) }).strict();
export const lostItemReply = z.object({
  id: z.string(), orderId: z.string(), status: z.enum(['open', 'returned', 'not_found', 'closed']), description: z.string(),
  createdAt: instant, closedAt: instant.nullable(), closeReason: z.string().nullable(),
});
export const lostItemFiledReply = lostItemReply.extend({ message: messageReply });
export const lostItemOpsReply = lostItemReply.extend({ customerId: z.string(), providerId: z.string(), closedBy: z.string().nullable() });
export const lostItemsQuery = z.object({
  status: z.enum(['open', 'returned', 'not_found', 'closed']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
}).strict();
export const lostItemCloseBody = z.object({ outcome: z.enum(['returned', 'not_found', 'closed']), reason }).strict();

// ---- ORD-13 share links ----
export const shareReply = z.object({ url: z.string(), token: z.string(), expiresAt: instant });
export const sharedTripReply = z.object({
  status: z.string(), kind: z.string(), serviceCode: z.string(),
  customer: z.object({ firstName: z.string().nullable() }),
  provider: z.object({
    firstName: z.string().nullable(),
    vehicle: z.object({ make: z.string().nullable(), model: z.string().nullable(), colour: z.string().nullable(), plate: z.string().nullable() }).nullable(),
  }).nullable(),
  position: z.object({ lat: z.number(), lng: z.number(), at: instant }).nullable(),
  destination: latLng,
  eta: z.object({ target: z.enum(['pickup', 'destination', 'sender']), seconds: z.number() }).nullable(),
  expiresAt: instant,
});

// ---- FRD-1 ----
export const accountLinkBody = z.object({ userIds: z.tuple([id, id]), reason }).strict();
export const accountLinkRemoveBody = z.object({ reason }).strict();
export const accountLinksQuery = z.object({ userId: id.optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }).strict();
export const accountLinkReply = z.object({
  id: z.string(), userIds: z.tuple([z.string(), z.string()]), reason: z.string(), createdBy: z.string().nullable(), createdAt: instant,
  removedAt: instant.nullable(), removedBy: z.string().nullable(), removedReason: z.string().nullable(),
});
const flagReason = z.object({ type: z.enum(['same_account', 'national_id', 'device', 'account_link']), deviceId: z.string().optional(), linkId: z.string().optional() });
export const fraudFlagReply = z.object({
  id: z.string(), kind: z.literal('self_dealing'), orderId: z.string(), cityId: z.string().nullable(), customerId: z.string(), providerId: z.string(),
  reasons: z.array(flagReason), status: z.enum(['open', 'charged', 'dismissed']),
  fareRials: z.string().nullable(), multiplier: z.number().nullable(), penaltyRials: z.string().nullable(), ledgerTransferId: z.string().nullable(),
  createdAt: instant, resolvedAt: instant.nullable(), resolvedBy: z.string().nullable(), resolveReason: z.string().nullable(),
});
export const fraudFlagsQuery = z.object({
  status: z.enum(['open', 'charged', 'dismissed']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
}).strict();
export const dismissBody = z.object({ reason }).strict();
export const fraudFlagsReply = z.object({ items: z.array(fraudFlagReply) });
export const accountLinksReply = z.object({ items: z.array(accountLinkReply) });
export const lostItemsReply = z.object({ items: z.array(lostItemOpsReply) });
