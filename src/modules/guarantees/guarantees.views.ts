import type { ReturnDetail } from './guarantees.service.js';
import type { GuaranteeReturnRow } from './guarantees.tables.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const returnJson = (r: GuaranteeReturnRow) => ({
  id: r.id, userId: r.userId, choice: r.choice, status: r.status, equipmentRials: String(r.equipmentRials), chargePercent: r.chargePercent,
  chargeRials: String(r.chargeRials), postalAddress: r.postalAddress, collect: r.collect, trackingNumber: r.trackingNumber, rejectReason: r.rejectReason,
  createdAt: r.createdAt.toISOString(), decidedAt: iso(r.decidedAt), shippedAt: iso(r.shippedAt), postagePaidOnDelivery: true,
});

/** Providers do not see which agent acted; ops do. */
export const detailJson = (d: ReturnDetail, staff: boolean) => ({
  ...returnJson(d.row), events: d.events.map((e) => ({ status: e.status, note: e.note, at: e.createdAt.toISOString(), actorId: staff ? e.actorId : null })),
});
