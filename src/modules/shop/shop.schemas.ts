import { z } from 'zod';

const rials = z.string().regex(/^\d{1,18}$/, 'an integer amount of Rials as a string');
const id = z.string().min(3).max(64);
const text = (min: number, max: number) => z.string().trim().min(min).max(max);

export const idParam = z.object({ id }).strict();
export const orderStatus = z.enum(['placed', 'awaiting_payment', 'paid', 'shipped', 'delivered', 'cancelled']);

export const itemView = z.object({
  id: z.string(), code: z.string(), nameFa: z.string(), nameEn: z.string(), priceRials: z.string(),
  inStock: z.boolean(), active: z.boolean(), isBox: z.boolean(), sort: z.number(),
});
export const itemBody = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/), nameFa: text(1, 80), nameEn: text(1, 80), priceRials: rials,
  inStock: z.boolean().optional(), active: z.boolean().optional(), isBox: z.boolean().optional(), sort: z.number().int().min(0).max(1000).optional(),
}).strict();
export const itemPatch = itemBody.omit({ code: true }).partial().strict();

export const orderBody = z.object({
  lines: z.array(z.object({ itemId: id, quantity: z.number().int().min(1).max(20) }).strict()).min(1).max(20),
}).strict();

export const lineView = z.object({ itemId: z.string(), nameFa: z.string(), nameEn: z.string(), unitPriceRials: z.string(), quantity: z.number(), isBox: z.boolean() });
export const eventView = z.object({ status: z.string(), note: z.string().nullable(), at: z.string() });
export const orderView = z.object({
  id: z.string(), status: orderStatus, listTotalRials: z.string(), totalRials: z.string().nullable(), collect: z.enum(['wallet', 'link']).nullable(),
  trackingNumber: z.string().nullable(), atSignup: z.boolean(), createdAt: z.string(), confirmedAt: z.string().nullable(), shippedAt: z.string().nullable(),
  deliveredAt: z.string().nullable(), lines: z.array(lineView),
});
export const orderDetail = orderView.extend({ events: z.array(eventView) });
export const opsOrderView = orderView.extend({ userId: z.string(), transferId: z.string().nullable(), linkId: z.string().nullable(), confirmedBy: z.string().nullable() });
export const opsOrderDetail = opsOrderView.extend({ events: z.array(eventView.extend({ actorId: z.string().nullable() })) });

export const ordersQuery = z.object({ status: orderStatus.optional() }).strict();
export const confirmBody = z.object({ totalRials: rials.optional(), collect: z.enum(['wallet', 'link']), atSignup: z.boolean().optional() }).strict();
export const shipBody = z.object({ trackingNumber: z.string().trim().regex(/^[A-Za-z0-9-]{6,40}$/, 'letters, digits and dashes') }).strict();
export const signupBody = z.object({ atSignup: z.boolean() }).strict();
