import * as S from './payment-orders.schemas.js';
import type { FxRateRow, XpoOrderRow } from './payment-orders.tables.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
/** Under this many minutes before the deadline an order shows as due soon. */
const DUE_SOON_MS = 30 * 60_000;

/** The customer's view: never the credentials, never who works on it. */
export const orderView = {
  schema: S.orderView,
  of: (o: XpoOrderRow) => ({
    id: o.id, category: o.category, siteName: o.siteName, pageUrl: o.pageUrl, currency: o.currency, amount: o.amount, instructions: o.instructions,
    hasCredentials: o.hasCredentials, rialsPerUnit: o.rialsPerUnit, subtotalRials: String(o.subtotalRials), feeRials: String(o.feeRials),
    discountRials: String(o.discountRials), totalRials: String(o.totalRials), status: o.status, paidRials: String(o.paidRials),
    refundedRials: String(o.refundedRials), paidAt: iso(o.paidAt), slaDueAt: iso(o.slaDueAt), fulfilledAt: iso(o.fulfilledAt),
    hasReceipt: o.receiptFileId !== null, targetReference: o.targetReference, refundReason: o.refundReason, createdAt: o.createdAt.toISOString(),
  }),
};

export const opsOrderView = {
  schema: S.opsOrderView,
  of: (o: XpoOrderRow, now: Date) => ({
    ...orderView.of(o), userId: o.userId, assignedTo: o.assignedTo, assignedAt: iso(o.assignedAt), escalatedAt: iso(o.escalatedAt),
    slaStartedAt: iso(o.slaStartedAt), checkoutId: o.checkoutId, slaState: slaState(o, now),
    ageMinutes: Math.max(0, Math.floor((now.getTime() - (o.slaStartedAt ?? o.paidAt ?? o.createdAt).getTime()) / 60_000)),
  }),
};

function slaState(o: XpoOrderRow, now: Date): 'none' | 'ok' | 'due_soon' | 'late' {
  if (!o.slaDueAt || !['queued', 'in_progress'].includes(o.status)) return 'none';
  const left = o.slaDueAt.getTime() - now.getTime();
  return left < 0 ? 'late' : left < DUE_SOON_MS ? 'due_soon' : 'ok';
}

export const rateView = {
  schema: S.rateView,
  of: (r: FxRateRow) => ({ id: r.id, currency: r.currency, rialsPerUnit: r.rialsPerUnit, validFrom: r.validFrom.toISOString(), validUntil: r.validUntil.toISOString(), createdBy: r.createdBy, createdAt: r.createdAt.toISOString() }),
};
