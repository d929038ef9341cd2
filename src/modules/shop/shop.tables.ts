import { bigint, boolean, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true });

export type ShopOrderStatus = 'placed' | 'awaiting_payment' | 'paid' | 'shipped' | 'delivered' | 'cancelled';
export type Collect = 'wallet' | 'link';

/** migrations/0411_shop.sql: the catalogue ops manage (PRV-6). */
export const shopItems = pgTable('shop_items', {
  id: text('id').primaryKey(),
  code: text('code').notNull(),
  nameFa: text('name_fa').notNull(),
  nameEn: text('name_en').notNull(),
  priceRials: bigint('price_rials', { mode: 'bigint' }).notNull(),
  inStock: boolean('in_stock').notNull(),
  active: boolean('active').notNull(),
  isBox: boolean('is_box').notNull(),
  sort: integer('sort').notNull(),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});
export type ShopItemRow = typeof shopItems.$inferSelect;

export const shopOrders = pgTable('shop_orders', {
  id: text('id').primaryKey(),
  userId: text('user_id').notNull(),
  status: text('status').$type<ShopOrderStatus>().notNull(),
  listTotalRials: bigint('list_total_rials', { mode: 'bigint' }).notNull(),
  totalRials: bigint('total_rials', { mode: 'bigint' }),
  atSignup: boolean('at_signup').notNull(),
  collect: text('collect').$type<Collect | null>(),
  transferId: text('transfer_id'),
  linkId: text('link_id'),
  trackingNumber: text('tracking_number'),
  cancelReason: text('cancel_reason'),
  confirmedBy: text('confirmed_by'),
  confirmedAt: ts('confirmed_at'),
  paidAt: ts('paid_at'),
  shippedAt: ts('shipped_at'),
  deliveredAt: ts('delivered_at'),
  createdAt: ts('created_at').notNull(),
});
export type ShopOrderRow = typeof shopOrders.$inferSelect;

export const shopOrderLines = pgTable('shop_order_lines', {
  orderId: text('order_id').notNull(),
  itemId: text('item_id').notNull(),
  nameFa: text('name_fa').notNull(),
  nameEn: text('name_en').notNull(),
  unitPriceRials: bigint('unit_price_rials', { mode: 'bigint' }).notNull(),
  quantity: integer('quantity').notNull(),
  isBox: boolean('is_box').notNull(),
}, (t) => [primaryKey({ columns: [t.orderId, t.itemId] })]);
export type ShopOrderLineRow = typeof shopOrderLines.$inferSelect;

export const shopOrderEvents = pgTable('shop_order_events', {
  id: text('id').primaryKey(),
  orderId: text('order_id').notNull(),
  status: text('status').notNull(),
  actorId: text('actor_id'),
  note: text('note'),
  createdAt: ts('created_at').notNull(),
});
export type ShopOrderEventRow = typeof shopOrderEvents.$inferSelect;
