import { maskMobile } from '../identity/index.js';
import type { OrderEventRow, OrderRow } from './orders.tables.js';

export type ViewerRole = 'customer' | 'provider' | 'ops';

export interface ViewExtras {
  customer?: { firstName: string | null; mobile: string } | null;
  provider?: { id: string; firstName: string | null; vehicle: Record<string, unknown>; position: { lat: number; lng: number; at: Date } | null } | null;
  offer?: { id: string; expiresAt: Date } | null;
  history?: OrderEventRow[];
}

/** Why an order ended, in words the customer sees (clients localise by code). */
export const END_REASONS: Record<string, string> = {
  NO_PROVIDER_FOUND: 'No provider accepted your order in time. Please try again.',
  CUSTOMER_CANCELLED: 'You cancelled this order.',
  PROVIDER_CANCELLED: 'The provider cancelled this order.',
  OPS_CANCELLED: 'Support cancelled this order.',
  NO_SHOW: 'The provider waited and you did not come.',
  RECIPIENT_REFUSED: 'The recipient refused the parcel; it is returning to you.',
  RECIPIENT_ABSENT: 'The recipient could not be found; the parcel is returning to you.',
};

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** The order as the contract's JSON; ORD-18: the provider sees the customer only after accepting. */
export function orderView(o: OrderRow, viewer: ViewerRole, x: ViewExtras = {}) {
  const showCustomer = viewer !== 'provider' || o.acceptedAt !== null;
  return {
    id: o.id, kind: o.kind, serviceCode: o.serviceCode, cityId: o.cityId, status: o.status,
    origin: o.origin, destination: o.destination, stops: o.stops, distanceMeters: o.distanceMeters, durationSeconds: o.durationSeconds,
    priceRials: o.priceRials.toString(), discountRials: o.discountRials.toString(), paymentMethod: o.paymentMethod, companyId: o.companyId ?? null, payer: o.payer, passengers: o.passengers,
    guest: o.guest && showCustomer ? { name: o.guest.name, maskedMobile: maskMobile(o.guest.mobile) } : null,
    parcel: o.parcel && (showCustomer || viewer === 'provider') ? {
      ...o.parcel,
      recipient: { ...o.parcel.recipient, mobile: viewer === 'ops' || viewer === 'customer' ? o.parcel.recipient.mobile : maskMobile(o.parcel.recipient.mobile) },
    } : null,
    customer: x.customer && showCustomer ? { ...(viewer === 'ops' ? { id: o.customerId } : {}), firstName: x.customer.firstName, maskedMobile: maskMobile(x.customer.mobile) } : null,
    provider: x.provider ? { ...x.provider, position: x.provider.position ? { lat: x.provider.position.lat, lng: x.provider.position.lng, at: x.provider.position.at.toISOString() } : null } : null,
    scheduledAt: iso(o.scheduledAt), createdAt: o.createdAt.toISOString(), acceptedAt: iso(o.acceptedAt), arrivedAt: iso(o.arrivedAt),
    startedAt: iso(o.startedAt), completedAt: iso(o.completedAt), endedAt: iso(o.endedAt),
    freeWaitUntil: iso(o.freeWaitUntil), paidWaitMinutes: Math.round(o.paidWaitSeconds / 60), feeRials: o.feeRials.toString(),
    reason: o.endReason ? { code: o.endReason, message: END_REASONS[o.endReason] ?? o.endReason } : null,
    pod: o.pod ? { method: o.pod.method, signerName: o.pod.signerName, damage: o.pod.damage, at: o.pod.at } : null,
    returnStage: o.returnStage, returnPriceRials: o.returnPriceRials?.toString() ?? null, holdUntil: iso(o.holdUntil), receiptId: o.receiptId,
    ...(x.offer !== undefined ? { offer: x.offer ? { id: x.offer.id, expiresAt: x.offer.expiresAt.toISOString() } : null } : {}),
    ...(x.history ? { history: x.history.map(historyView) } : {}),
  };
}

export type OrderView = ReturnType<typeof orderView>;

export const historyView = (e: OrderEventRow) => ({
  id: e.id, at: e.at.toISOString(), type: e.type, from: e.fromStatus, to: e.toStatus, actorId: e.actorId, actorRole: e.actorRole, lat: e.lat, lng: e.lng, data: e.data,
});
