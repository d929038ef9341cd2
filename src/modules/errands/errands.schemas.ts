import { z } from 'zod';
import { ERRAND_STATUSES } from './errands.tables.js';

const rials = z.string().regex(/^[1-9]\d{0,14}$/, 'a positive whole number of Rials, as a string');
const rialsOrZero = z.string().regex(/^(0|[1-9]\d{0,14})$/, 'a whole number of Rials, as a string');
const names = z.object({ fa: z.string().min(1).max(120), ar: z.string().min(1).max(120), en: z.string().min(1).max(120) }).strict();
const code = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/);
const text = (max: number) => z.string().trim().min(1).max(max);

export const idempotencyHeaders = z.object({
  'idempotency-key': z.string().regex(/^[A-Za-z0-9_.:-]{8,100}$/, '8-100 letters, digits or - _ . :').optional().describe('A retry with the same key returns the first errand'),
});
export const idParam = z.object({ id: z.string().min(1).max(60) }).strict();
export const docParam = z.object({ id: z.string().min(1).max(60), docId: z.string().min(1).max(60) }).strict();
export const codeParam = z.object({ code }).strict();
export const userParam = z.object({ userId: z.string().min(1).max(60) }).strict();

export const requestBody = z.object({
  serviceCode: code,
  quantity: z.number().int().min(1).max(1000).default(1),
  description: text(2000),
  address: text(500),
  wantedDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).describe('Gregorian YYYY-MM-DD in the city\'s calendar; at least the lead time away'),
  documentDelivery: z.enum(['upload', 'post', 'courier', 'collect']),
}).strict();
export const phoneRequestBody = requestBody.extend({ customerMobile: z.string().min(10).max(20) }).strict();

export const payBody = z.object({ method: z.enum(['wallet', 'gateway']) }).strict();
export const reasonBody = z.object({ reason: text(500) }).strict();
export const ratingBody = z.object({ stars: z.number().int().min(1).max(5) }).strict();
export const feasibilityBody = z.object({ feasible: z.boolean(), reason: z.string().trim().max(500).nullish(), priceRials: rials.nullish() }).strict();
export const quoteBody = z.object({ priceRials: rials.nullish() }).strict();
export const assignBody = z.object({ assistantId: z.string().min(1).max(60) }).strict();
export const failBody = z.object({ reason: text(500) }).strict();
export const costBody = z.object({ costRials: rialsOrZero, note: z.string().trim().max(200).nullish() }).strict();
export const failureReviewBody = z.object({ assistantAtFault: z.boolean(), refundRials: rialsOrZero, reason: text(500) }).strict();
export const cityQuery = z.object({ cityId: z.string().min(1).max(40).optional() }).strict();
export const listQuery = z.object({ status: z.enum(ERRAND_STATUSES).optional() }).strict();

export const documentBody = z.union([
  z.object({ label: text(120), fileName: text(200), contentBase64: z.string().min(4).max(30_000_000) }).strict(),
  z.object({ label: text(120), delivery: z.enum(['post', 'courier', 'in_person']), tracking: z.string().trim().max(60).nullish() }).strict(),
]);
export const custodyBody = z.object({ action: z.enum(['received', 'collected', 'handed_to_assistant', 'returned']), note: z.string().trim().max(300).nullish() }).strict();

const tier = z.object({ minQuantity: z.number().int().min(2).max(1000), percentOff: z.number().min(0).max(90) }).strict();
export const serviceBody = z.object({
  category: code, names, priceMode: z.enum(['rule', 'quote']), baseRials: rialsOrZero, perItemRials: rialsOrZero,
  leadDays: z.number().int().min(1).max(3), requiredDocuments: z.array(names).max(20), powerOfAttorney: z.boolean(),
  volumeTiers: z.array(tier).max(10), active: z.boolean(), sortOrder: z.number().int().min(0).max(1000),
}).strict();
export const skillsBody = z.object({ categories: z.array(code).max(30), active: z.boolean() }).strict();

export const serviceReply = z.object({
  code: z.string(), category: z.string(), names, priceMode: z.enum(['rule', 'quote']), baseRials: z.string(), perItemRials: z.string(),
  leadDays: z.number().int(), requiredDocuments: z.array(names), powerOfAttorney: z.boolean(),
  volumeTiers: z.array(z.object({ minQuantity: z.number(), percentOff: z.number() })), active: z.boolean(), sortOrder: z.number().int(),
});
export const errandReply = z.object({
  id: z.string(), customerId: z.string(), serviceCode: z.string(), category: z.string(), cityId: z.string(), channel: z.enum(['web', 'phone']),
  quantity: z.number().int(), description: z.string(), address: z.string(), wantedDate: z.string(), documentDelivery: z.string(),
  status: z.enum(ERRAND_STATUSES), priceRials: z.string().nullable(), paidRials: z.string(), refundedRials: z.string(), costSoFarRials: z.string(),
  assistantId: z.string().nullable(), reason: z.string().nullable(), failureReview: z.string(), rating: z.number().int().nullable(),
  paymentPending: z.boolean(), createdAt: z.string(), updatedAt: z.string(),
});
export const documentReply = z.object({
  id: z.string(), label: z.string(), delivery: z.string(), contentType: z.string().nullable(), sizeBytes: z.number().int().nullable(),
  sha256: z.string().nullable(), tracking: z.string().nullable(), holder: z.string(), holderUserId: z.string().nullable(), createdAt: z.string(),
});
export const timelineReply = z.object({
  errand: errandReply,
  service: serviceReply,
  events: z.array(z.object({ id: z.string(), fromStatus: z.string().nullable(), toStatus: z.string(), note: z.string().nullable(), actorId: z.string().nullable(), at: z.string() })),
  documents: z.array(documentReply),
  custody: z.array(z.object({ id: z.string(), documentId: z.string(), action: z.string(), holder: z.string(), holderUserId: z.string().nullable(), recordedBy: z.string(), note: z.string().nullable(), at: z.string() })),
});
export const payReply = z.object({ errand: errandReply, redirectUrl: z.string().nullable() });
export const phoneReply = z.object({ errand: errandReply, withinHours: z.boolean() });
export const hoursReply = z.object({ open: z.boolean(), days: z.array(z.number().int()), from: z.string(), to: z.string() });
export const candidateReply = z.object({ userId: z.string(), name: z.string(), load: z.number().int(), rating: z.number().nullable() });
export const assistantReply = z.object({ userId: z.string(), categories: z.array(z.string()), active: z.boolean(), updatedAt: z.string() });
