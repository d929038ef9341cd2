import { z } from 'zod';
import { PARCEL_CATEGORIES } from './parcel-categories.js';

/** zod schemas of the orders and dispatch API (.strict() bodies); amounts travel as strings of digits (Rials). */

const rials = z.string().regex(/^\d{1,18}$/, 'an integer amount of Rials as a string of digits');
const id = z.string().min(3).max(64);
const instant = z.iso.datetime({ offset: true });
export const latLng = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).strict();
const reason = z.string().trim().min(3).max(500);

export const parcelBody = z.object({
  category: z.enum(PARCEL_CATEGORIES),
  contents: z.string().max(500).optional(),
  contentsVisible: z.boolean(),
  declaredValueRials: rials,
  recipient: z.object({ name: z.string().trim().min(2).max(80), mobile: z.string().min(5).max(32), address: z.string().trim().min(3).max(500) }).strict(),
  identityCheck: z.boolean().optional().describe('the courier checks the recipient\'s identity at delivery'),
  unusualCargo: z.string().max(500).optional().describe('animals or unusual cargo must be declared (ORD-8)'),
  payer: z.enum(['sender', 'recipient']).optional().describe('recipient: paid in cash at delivery; the sender pays if the recipient does not (ORD-7)'),
}).strict();
export type ParcelBody = z.infer<typeof parcelBody>;

export const createOrderBody = z.object({
  quoteId: id,
  paymentMethod: z.enum(['wallet', 'cash', 'company']).describe('company: paid from the wallet of a company I am a member of (ACC-3); name it in companyId'),
  companyId: id.optional(),
  passengers: z.number().int().min(0).max(60).optional(),
  guestId: id.optional().describe('ride for a guest of mine (ACC-6, /v1/me/guests)'),
  parcel: parcelBody.optional(),
  scheduledAt: instant.optional().describe('order for later (ORD-17)'),
}).strict();
export type CreateOrderBody = z.infer<typeof createOrderBody>;

export const idParam = z.object({ id }).strict();
export const offerParam = z.object({ offerId: id }).strict();
export const changeConfirmParam = z.object({ id, quoteId: id }).strict();
export const listQuery = z.object({ before: id.optional(), limit: z.coerce.number().int().min(1).max(100).default(20) }).strict();
export const opsSearchQuery = z.object({
  status: z.enum(['scheduled', 'requested', 'offered', 'accepted', 'arrived', 'in_progress', 'completed', 'cancelled', 'no_show', 'expired', 'returning', 'returned']).optional(),
  q: z.string().trim().min(1).max(80).optional(), cityId: id.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50), offset: z.coerce.number().int().min(0).max(100_000).default(0),
}).strict();

export const reasonBody = z.object({ reason }).strict();
export const providerCancelBody = z.object({ reason, code: z.enum(['customer_unreachable', 'vehicle_problem', 'undeclared_cargo', 'other']).default('other') }).strict();
export const waitingBody = z.object({ minutes: z.number().int().min(1).max(240) }).strict();
export const changeBody = z.object({ newDestination: latLng.optional(), addStop: latLng.optional(), waitingMinutes: z.number().int().min(1).max(240).optional() }).strict()
  .refine((b) => b.newDestination || b.addStop || b.waitingMinutes, 'ask for at least one change');
export const podBody = z.object({
  method: z.enum(['code', 'signature']),
  code: z.string().regex(/^\d{6}$/).optional(),
  signaturePng: z.string().max(400_000).optional().describe('data:image/png;base64,...'),
  signerName: z.string().trim().min(2).max(80).optional(),
  damage: z.string().trim().min(3).max(1000).optional().describe('damage the recipient declared before signing (ORD-9)'),
  identityChecked: z.boolean().optional(),
  recipientPaid: z.boolean().optional().describe('recipient-pays-cash parcels: false charges the sender (ORD-7)'),
}).strict();
export const completeBody = z.object({ pod: podBody.optional() }).strict();
export const returnBody = z.object({ reason: z.enum(['recipient_refused', 'recipient_absent']), note: z.string().max(500).optional() }).strict();
export const returnedBody = z.object({ outcome: z.enum(['delivered_to_sender', 'sender_refused']) }).strict();
export const reassignBody = z.object({ reason, providerId: id.optional().describe('hand the job to this provider; omit to dispatch again') }).strict();
export const locationBody = z.object({ lat: z.number().min(-90).max(90).optional(), lng: z.number().min(-180).max(180).optional() }).strict();

const point = z.object({ lat: z.number(), lng: z.number() });
export const orderReply = z.object({
  id: z.string(), kind: z.string(), serviceCode: z.string(), cityId: z.string(), status: z.string(),
  origin: point, destination: point, stops: z.array(point), distanceMeters: z.number(), durationSeconds: z.number(),
  priceRials: z.string(), discountRials: z.string(), paymentMethod: z.string(), companyId: z.string().nullable(), payer: z.string(), passengers: z.number(),
  guest: z.object({ name: z.string(), maskedMobile: z.string() }).nullable(),
  parcel: z.object({
    category: z.string(), contents: z.string().nullable(), contentsVisible: z.boolean(), declaredValueRials: z.string(),
    recipient: z.object({ name: z.string(), mobile: z.string(), address: z.string() }), identityCheck: z.boolean(), unusualCargo: z.string().nullable(),
  }).nullable(),
  customer: z.object({ id: z.string().optional().describe('ops only'), firstName: z.string().nullable(), maskedMobile: z.string() }).nullable(),
  provider: z.object({ id: z.string(), firstName: z.string().nullable(), vehicle: z.record(z.string(), z.unknown()), position: point.extend({ at: z.string() }).nullable() }).nullable(),
  scheduledAt: z.string().nullable(), createdAt: z.string(), acceptedAt: z.string().nullable(), arrivedAt: z.string().nullable(),
  startedAt: z.string().nullable(), completedAt: z.string().nullable(), endedAt: z.string().nullable(),
  freeWaitUntil: z.string().nullable(), paidWaitMinutes: z.number(), feeRials: z.string(),
  reason: z.object({ code: z.string(), message: z.string() }).nullable(),
  pod: z.object({ method: z.string(), signerName: z.string().nullable(), damage: z.string().nullable(), at: z.string() }).nullable(),
  returnStage: z.string().nullable(), returnPriceRials: z.string().nullable(), holdUntil: z.string().nullable(), receiptId: z.string().nullable(),
  offer: z.object({ id: z.string(), expiresAt: z.string() }).nullable().optional(),
  history: z.array(z.object({
    id: z.string(), at: z.string(), type: z.string(), from: z.string().nullable(), to: z.string().nullable(),
    actorId: z.string().nullable(), actorRole: z.string(), lat: z.number().nullable(), lng: z.number().nullable(), data: z.record(z.string(), z.unknown()),
  })).optional(),
});
export const orderListReply = z.object({ items: z.array(orderReply), next: z.string().nullable() });
export const offerReply = z.object({
  id: z.string(), orderId: z.string(), kind: z.enum(['passenger', 'parcel']), serviceCode: z.string(),
  pickup: point, dropoff: point, distanceKm: z.number(), priceRials: z.string(), expiresAt: z.string(), passengers: z.number(),
});
export const quoteReply = z.object({
  id: z.string(), orderId: z.string(), priceRials: z.string(), previousPriceRials: z.string(), expiresAt: z.string(),
  destination: point, stops: z.array(point), waitingMinutes: z.number(),
});

export const dashboardQuery = z.object({ cityId: id, days: z.coerce.number().int().min(1).max(31).default(1) }).strict();
export const dashboardReply = z.object({
  cityId: z.string(), timeZone: z.string(), from: z.string(), to: z.string(), unit: z.enum(['hour', 'day']),
  totals: z.object({
    orders: z.number(), completed: z.number(), cancelled: z.number(), open: z.number(), expired: z.number(),
    cancelledPercent: z.number(), completedFareRials: z.string(),
  }),
  acceptSecondsMedian: z.number().nullable(),
  byStatus: z.array(z.object({ status: z.string(), orders: z.number() })),
  byService: z.array(z.object({ serviceCode: z.string(), orders: z.number(), completed: z.number() })),
  buckets: z.array(z.object({ at: z.string(), created: z.number(), completed: z.number(), cancelled: z.number() })),
});
