import { z } from 'zod';

/** Money in JSON: a string of digits (Rials). */
export const rialsString = z.string().regex(/^\d{1,18}$/, 'an integer amount of Rials as a string');
/** Ids are looked up as given; an unknown one is a 404 (pay_..., lnk_..., rcp_...). */
const idParam = z.object({ id: z.string().min(1).max(64) }).strict();

export const paymentIdParam = idParam;
export const linkIdParam = idParam;
export const receiptIdParam = idParam;
export const linkCodeParam = z.object({ code: z.string().min(1).max(32) }).strict();
export const pageQuery = { before: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(100).default(20) };

export const topupBody = z.object({
  amountRials: rialsString,
  /** Providers may top up their provider wallet (to clear what they owe); default the customer wallet. */
  wallet: z.enum(['customer', 'provider']).default('customer'),
}).strict();

export const startedReply = z.object({ paymentId: z.string(), redirectUrl: z.string(), amountRials: rialsString, gateway: z.string() });

export const paymentStatus = z.enum(['pending', 'succeeded', 'failed', 'rejected']);
export const paymentView = z.object({
  id: z.string(),
  purpose: z.enum(['wallet_topup', 'payment_link']),
  status: paymentStatus,
  amountRials: rialsString,
  description: z.string(),
  gateway: z.string(),
  refId: z.string().nullable(),
  cardPanMasked: z.string().nullable(),
  failureCode: z.string().nullable(),
  receiptId: z.string().nullable(),
  linkId: z.string().nullable(),
  creditedTo: z.string().nullable(),
  createdAt: z.string(),
  verifiedAt: z.string().nullable(),
});
export const paymentOpsView = paymentView.extend({ userId: z.string(), authority: z.string(), callbackStatus: z.string().nullable(), verifyAttempts: z.number() });
export const paymentEventView = z.object({ id: z.string(), kind: z.string(), data: z.record(z.string(), z.unknown()), createdAt: z.string() });

/** Gateways may add parameters of their own; only these two are read. */
export const callbackQuery = z.object({ Authority: z.string().max(80).optional(), Status: z.string().max(16).optional() });

export const receiptView = z.object({
  id: z.string(),
  number: z.string(),
  issuedAt: z.string(),
  payer: z.object({ id: z.string(), firstName: z.string().nullable(), lastName: z.string().nullable() }),
  amountRials: rialsString,
  purpose: z.string(),
  description: z.string(),
  gateway: z.string().nullable(),
  refId: z.string().nullable(),
  cardPanMasked: z.string().nullable(),
  paymentId: z.string().nullable(),
  linkId: z.string().nullable(),
  printUrl: z.string(),
});

export const linkReason = z.enum(['equipment', 'penalty', 'commission', 'debt', 'guarantee_return', 'other']);
export const linkStatus = z.enum(['open', 'paid', 'cancelled', 'expired']);
export const createLinkBody = z.object({
  userId: z.string().min(1).max(64),
  amountRials: rialsString,
  reason: linkReason,
  description: z.string().trim().min(2).max(200),
  expiresInSeconds: z.number().int().min(60).max(90 * 86400).optional(),
}).strict();
export const reasonBody = z.object({ reason: z.string().trim().min(3).max(500) }).strict();
export const optionalReasonBody = z.object({ reason: z.string().trim().min(3).max(500).optional() }).strict();

export const linkOpsView = z.object({
  id: z.string(),
  code: z.string(),
  url: z.string(),
  userId: z.string(),
  amountRials: rialsString,
  reason: linkReason,
  description: z.string(),
  creditAccount: z.object({ ownerType: z.string(), ownerId: z.string(), kind: z.string() }),
  status: linkStatus,
  expiresAt: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  paidAt: z.string().nullable(),
  paidVia: z.enum(['gateway', 'balance']).nullable(),
  paymentId: z.string().nullable(),
  ledgerTransferId: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
});

export const linkPublicView = z.object({
  code: z.string(),
  firstName: z.string().nullable(),
  amountRials: rialsString,
  reason: linkReason,
  description: z.string(),
  status: linkStatus,
  expiresAt: z.string(),
  paidAt: z.string().nullable(),
  lastPayment: z.object({ id: z.string(), status: paymentStatus, refId: z.string().nullable(), cardPanMasked: z.string().nullable(), failureCode: z.string().nullable() }).nullable(),
});

export const chargeFromBalanceReply = z.object({ link: linkOpsView, receipt: receiptView });
