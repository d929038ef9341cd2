import type { PaymentLinkRow, PaymentRow, ReceiptRow } from './payments.tables.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** What the payer sees of a payment. */
export function paymentView(p: PaymentRow) {
  return {
    id: p.id, purpose: p.purpose, status: p.status, amountRials: String(p.amountRials), description: p.description, gateway: p.gateway,
    refId: p.refId, cardPanMasked: p.cardPanMasked, failureCode: p.failureCode, receiptId: p.receiptId, linkId: p.linkId,
    creditedTo: p.creditedAccount?.kind ?? null, createdAt: p.createdAt.toISOString(), verifiedAt: iso(p.verifiedAt),
  };
}

export function paymentOpsView(p: PaymentRow) {
  return { ...paymentView(p), userId: p.userId, authority: p.authority, callbackStatus: p.callbackStatus, verifyAttempts: p.verifyAttempts };
}

export function receiptView(r: ReceiptRow, payer: { id: string; firstName: string | null; lastName: string | null }, printUrl: string) {
  return {
    id: r.id, number: r.number, issuedAt: r.issuedAt.toISOString(), payer, amountRials: String(r.amountRials), purpose: r.purpose,
    description: r.description, gateway: r.gateway, refId: r.refId, cardPanMasked: r.cardPanMasked, paymentId: r.paymentId, linkId: r.linkId, printUrl,
  };
}

export function linkOpsView(l: PaymentLinkRow, status: 'open' | 'paid' | 'cancelled' | 'expired', url: string) {
  return {
    id: l.id, code: l.code, url, userId: l.userId, amountRials: String(l.amountRials), reason: l.reason, description: l.description,
    creditAccount: l.creditAccount, status, expiresAt: l.expiresAt.toISOString(), createdAt: l.createdAt.toISOString(), createdBy: l.createdBy,
    paidAt: iso(l.paidAt), paidVia: l.paidVia, paymentId: l.paymentId, ledgerTransferId: l.ledgerTransferId, cancelledAt: iso(l.cancelledAt), cancelReason: l.cancelReason,
  };
}
