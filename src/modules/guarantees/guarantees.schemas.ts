import { z } from 'zod';

export const idParam = z.object({ id: z.string().min(3).max(64) }).strict();
export const returnStatus = z.enum(['requested', 'awaiting_payment', 'ready', 'shipped', 'rejected', 'cancelled']);
export const requestBody = z.object({ choice: z.enum(['continue', 'quit']), postalAddress: z.string().trim().min(10).max(500) }).strict();
export const approveBody = z.object({ collect: z.enum(['wallet', 'link']).default('wallet') }).strict();
export const rejectBody = z.object({ reason: z.string().trim().min(3).max(500) }).strict();
export const shipBody = z.object({ trackingNumber: z.string().trim().regex(/^[A-Za-z0-9-]{6,40}$/, 'letters, digits and dashes') }).strict();
export const listQuery = z.object({ status: returnStatus.optional() }).strict();
export const quoteView = z.object({ equipmentRials: z.string(), percent: z.number(), quitChargeRials: z.string(), guaranteeHeld: z.boolean() });

const eventView = z.object({ status: z.string(), note: z.string().nullable(), at: z.string(), actorId: z.string().nullable() });
export const returnView = z.object({
  id: z.string(), userId: z.string(), choice: z.enum(['continue', 'quit']), status: returnStatus, equipmentRials: z.string(), chargePercent: z.number(),
  chargeRials: z.string(), postalAddress: z.string(), collect: z.enum(['wallet', 'link', 'none']).nullable(), trackingNumber: z.string().nullable(),
  rejectReason: z.string().nullable(), createdAt: z.string(), decidedAt: z.string().nullable(), shippedAt: z.string().nullable(),
  /** PRV-5: postage is paid by the provider on delivery. */
  postagePaidOnDelivery: z.boolean(),
});
export const returnDetail = returnView.extend({ events: z.array(eventView) });
