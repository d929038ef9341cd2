import { z } from 'zod';
import { XPO_CATEGORIES, XPO_STATUSES } from './payment-orders.tables.js';

const rials = z.string().describe('Rials, an integer as a string');
const category = z.enum(XPO_CATEGORIES);
const currency = z.string().regex(/^[A-Z]{3}$/, 'a three-letter currency code');
const amount = z.string().max(12).describe('Amount in the foreign currency, e.g. "215.50"');
// Single-line text only: control characters in a form field are never legitimate.
const line = (max: number) => z.string().trim().min(1).max(max).regex(/^[^\u0000-\u001f\u007f]*$/, 'one line of text');

export const idParam = z.object({ id: z.string().min(1).max(64) }).strict();
export const tokenParam = z.object({ token: z.string().min(10).max(200) }).strict();
export const statusQuery = z.object({ status: z.enum(XPO_STATUSES).optional() }).strict();
export const opsQueueQuery = z.object({ status: z.enum(['awaiting_verification', 'queued', 'in_progress', 'fulfilled', 'refunded', 'open']).optional() }).strict();

export const quoteBody = z.object({ category, currency, amount }).strict();
export const quoteReply = z.object({
  category, currency, amount, rateId: z.string(), rialsPerUnit: z.string(), subtotalRials: rials, feeRials: rials, discountRials: rials,
  promotionId: z.string().nullable(), totalRials: rials, quantity: z.number().int(), expiresAt: z.string(), signature: z.string(),
}).strict();

export const credentialsBody = z.object({ username: z.string().min(1).max(200), password: z.string().min(1).max(200) }).strict();

export const newOrderBody = z.object({
  category, currency, amount,
  siteName: line(80), pageUrl: z.string().max(1000).url().refine((u) => /^https:\/\//i.test(u), 'an https:// address'),
  instructions: z.string().trim().min(1).max(2000),
  credentials: credentialsBody.nullable().optional(),
  quote: quoteReply,
}).strict();

export const checkoutBody = z.object({ method: z.enum(['gateway', 'wallet']), orderIds: z.array(z.string().min(1).max(64)).max(50).optional() }).strict();

/** What the customer sees: never the credentials, only whether some were given. */
export const orderView = z.object({
  id: z.string(), category, siteName: z.string(), pageUrl: z.string(), currency: z.string(), amount: z.string(), instructions: z.string(),
  hasCredentials: z.boolean(), rialsPerUnit: z.string(), subtotalRials: rials, feeRials: rials, discountRials: rials, totalRials: rials,
  status: z.enum(XPO_STATUSES), paidRials: rials, refundedRials: rials, paidAt: z.string().nullable(), slaDueAt: z.string().nullable(),
  fulfilledAt: z.string().nullable(), hasReceipt: z.boolean(), targetReference: z.string().nullable(), refundReason: z.string().nullable(),
  createdAt: z.string(),
});
export const opsOrderView = orderView.extend({
  userId: z.string(), assignedTo: z.string().nullable(), assignedAt: z.string().nullable(), escalatedAt: z.string().nullable(),
  slaStartedAt: z.string().nullable(), slaState: z.enum(['none', 'ok', 'due_soon', 'late']), ageMinutes: z.number().int(), checkoutId: z.string().nullable(),
});

export const checkoutReply = z.object({ checkoutId: z.string(), status: z.enum(['paid', 'pending']), totalRials: rials, redirectUrl: z.string().nullable(), orders: z.array(orderView) });

export const categoriesReply = z.array(z.object({ code: category, credentials: z.enum(['required', 'optional']), examples: z.array(z.string()) }));
export const rateView = z.object({ id: z.string(), currency: z.string(), rialsPerUnit: z.string(), validFrom: z.string(), validUntil: z.string(), createdBy: z.string().nullable(), createdAt: z.string() });
export const rateBody = z.object({
  currency, rialsPerUnit: z.string().max(24), validFrom: z.string().datetime({ offset: true }).optional(), validUntil: z.string().datetime({ offset: true }),
  reason: z.string().trim().min(3).max(500),
}).strict();

export const reasonBody = z.object({ reason: z.string().trim().min(3).max(500) }).strict();
export const fulfilBody = z.object({
  receipt: z.object({ fileName: z.string().min(1).max(120), contentBase64: z.string().min(4).max(28_000_000).regex(/^[A-Za-z0-9+/=\s]+$/, 'base64') }).strict(),
  reference: z.string().trim().max(120).nullable().optional(),
}).strict();
export const credentialsReply = z.object({ username: z.string(), password: z.string(), advice: z.string() });
