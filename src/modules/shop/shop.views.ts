import type { OrderDetail } from './shop.service.js';
import type { ShopItemRow, ShopOrderLineRow, ShopOrderRow } from './shop.tables.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const itemJson = (i: ShopItemRow) => ({
  id: i.id, code: i.code, nameFa: i.nameFa, nameEn: i.nameEn, priceRials: String(i.priceRials), inStock: i.inStock, active: i.active, isBox: i.isBox, sort: i.sort,
});

const lineJson = (l: ShopOrderLineRow) => ({ itemId: l.itemId, nameFa: l.nameFa, nameEn: l.nameEn, unitPriceRials: String(l.unitPriceRials), quantity: l.quantity, isBox: l.isBox });

export const orderJson = (o: ShopOrderRow, lines: ShopOrderLineRow[]) => ({
  id: o.id, status: o.status, listTotalRials: String(o.listTotalRials), totalRials: o.totalRials === null ? null : String(o.totalRials), collect: o.collect,
  trackingNumber: o.trackingNumber, atSignup: o.atSignup, createdAt: o.createdAt.toISOString(), confirmedAt: iso(o.confirmedAt), shippedAt: iso(o.shippedAt),
  deliveredAt: iso(o.deliveredAt), lines: lines.filter((l) => l.orderId === o.id).map(lineJson),
});

export const opsOrderJson = (o: ShopOrderRow, lines: ShopOrderLineRow[]) => ({
  ...orderJson(o, lines), userId: o.userId, transferId: o.transferId, linkId: o.linkId, confirmedBy: o.confirmedBy,
});

export const detailJson = (d: OrderDetail) => ({
  ...orderJson(d.order, d.lines), events: d.events.map((e) => ({ status: e.status, note: e.note, at: e.createdAt.toISOString() })),
});

export const opsDetailJson = (d: OrderDetail) => ({
  ...opsOrderJson(d.order, d.lines), events: d.events.map((e) => ({ status: e.status, note: e.note, at: e.createdAt.toISOString(), actorId: e.actorId })),
});
