import { eq } from 'drizzle-orm';
import { inTransaction } from '../../platform/context.js';
import { isUniqueViolation, type DbOrTx } from '../../platform/db.js';
import { conflict, notFound, validation } from '../../platform/errors.js';
import type { AfterCommit } from '../../platform/events.js';
import { newId } from '../../platform/ids.js';
import { isLocale } from '../../platform/i18n.js';
import { users } from '../identity/identity.tables.js';
import type { Actor } from '../ops/audit.service.js';
import { MAX_LEG_RIALS, platformAccount, userAccount } from '../wallet/index.js';
import { ShopErrors as E } from './shop.errors.js';
import type { ProviderSelfServiceDeps } from './shop.deps.js';
import { shopRepo as repo } from './shop.repo.js';
import type { Collect, ShopItemRow, ShopOrderLineRow, ShopOrderRow, ShopOrderStatus } from './shop.tables.js';

export interface ItemInput { code: string; nameFa: string; nameEn: string; priceRials: bigint; inStock?: boolean; active?: boolean; isBox?: boolean; sort?: number }
export interface ConfirmInput { totalRials?: bigint | null; collect: Collect; atSignup?: boolean }
export interface OrderDetail { order: ShopOrderRow; lines: ShopOrderLineRow[]; events: Awaited<ReturnType<typeof repo.eventsOf>> }

/** Zarinpal refuses card payments under 1,000 Rials (see payments); a link below that cannot be paid. */
const LINK_MIN_RIALS = 1000n;

/**
 * PRV-6 equipment shop: ops keep a catalogue; a provider orders several items; ops confirm the
 * price and collect it from the provider wallet (one ledger transfer) or by an SMS payment link;
 * ops ship with a tracking number; delivering a box sets the PRV-7 flag.
 */
export class ShopService {
  constructor(private readonly d: ProviderSelfServiceDeps) {}

  private get db() { return this.d.platform.db; }
  private now() { return this.d.platform.clock.now(); }

  // ---- catalogue ----

  catalogue(activeOnly: boolean): Promise<ShopItemRow[]> { return repo.items(this.db, activeOnly); }

  async createItem(actor: Actor, input: ItemInput): Promise<ShopItemRow> {
    checkPrice(input.priceRials);
    const now = this.now();
    const row: ShopItemRow = {
      id: newId('shi', now.getTime()), code: input.code, nameFa: input.nameFa, nameEn: input.nameEn, priceRials: input.priceRials,
      inStock: input.inStock ?? true, active: input.active ?? true, isBox: input.isBox ?? false, sort: input.sort ?? 0, createdAt: now, updatedAt: now,
    };
    try {
      await inTransaction(this.d.platform, async (tx) => {
        await repo.insertItem(tx, row);
        await this.d.audit.record(tx, actor, { action: 'shop.item.create', targetType: 'shop_item', targetId: row.id, after: itemAudit(row) });
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(E.ITEM_CODE_TAKEN, 'Another item has this code', { field: 'code' });
      throw err;
    }
    return row;
  }

  async updateItem(actor: Actor, id: string, patch: Partial<Omit<ItemInput, 'code'>>): Promise<ShopItemRow> {
    if (patch.priceRials !== undefined) checkPrice(patch.priceRials);
    return inTransaction(this.d.platform, async (tx) => {
      const before = await repo.itemById(tx, id);
      if (!before) throw notFound(E.ITEM_NOT_FOUND, 'No such item');
      const row = (await repo.updateItem(tx, id, { ...patch, updatedAt: this.now() }))!;
      await this.d.audit.record(tx, actor, { action: 'shop.item.update', targetType: 'shop_item', targetId: id, before: itemAudit(before), after: itemAudit(row) });
      return row;
    });
  }

  // ---- provider orders ----

  /** Places an order of several active, in-stock items at their catalogue prices; ops review it. */
  async place(userId: string, lines: Array<{ itemId: string; quantity: number }>): Promise<OrderDetail> {
    if (!lines.length) throw validation(E.ORDER_EMPTY, 'Choose at least one item', { field: 'lines' });
    const ids = lines.map((l) => l.itemId);
    if (new Set(ids).size !== ids.length) throw validation(E.ORDER_DUPLICATE_ITEM, 'Each item appears once; use the quantity', { field: 'lines' });
    const provider = await this.d.providers.get(userId);
    if (!provider) throw notFound(E.NOT_A_PROVIDER, 'Only providers can order equipment');
    const items = new Map((await repo.itemsByIds(this.db, ids)).map((i) => [i.id, i]));
    const now = this.now();
    const id = newId('sho', now.getTime());
    const rows: ShopOrderLineRow[] = lines.map((l) => {
      const item = items.get(l.itemId);
      if (!item || !item.active) throw notFound(E.ITEM_NOT_FOUND, 'No such item in the catalogue', { itemId: l.itemId });
      if (!item.inStock) throw conflict(E.ITEM_UNAVAILABLE, 'This item is out of stock', { itemId: l.itemId });
      return { orderId: id, itemId: item.id, nameFa: item.nameFa, nameEn: item.nameEn, unitPriceRials: item.priceRials, quantity: l.quantity, isBox: item.isBox };
    });
    const total = rows.reduce((s, l) => s + l.unitPriceRials * BigInt(l.quantity), 0n);
    checkPrice(total);
    const order: ShopOrderRow = {
      id, userId, status: 'placed', listTotalRials: total, totalRials: null, atSignup: false, collect: null, transferId: null, linkId: null,
      trackingNumber: null, cancelReason: null, confirmedBy: null, confirmedAt: null, paidAt: null, shippedAt: null, deliveredAt: null, createdAt: now,
    };
    await inTransaction(this.d.platform, async (tx) => {
      await repo.insertOrder(tx, order, rows);
      await this.event(tx, id, 'placed', userId, null);
      const name = rows.map((l) => `${l.nameFa}×${l.quantity}`).join('، ');
      await this.d.reviews.enqueue(tx, { kind: 'equipment_order', subjectId: id, subjectUserId: userId, cityId: provider.cityId, title: name, link: `/ops/shop/orders/${id}` });
    });
    return this.detail(id);
  }

  /** The provider cancels an order ops have not confirmed yet. */
  async cancel(userId: string, id: string): Promise<OrderDetail> {
    await inTransaction(this.d.platform, async (tx) => {
      const order = await repo.orderById(tx, id);
      if (!order || order.userId !== userId) throw notFound(E.ORDER_NOT_FOUND, 'No such order');
      const row = await repo.transition(tx, id, ['placed'], { status: 'cancelled', cancelReason: 'provider' });
      if (!row) throw conflict(E.ORDER_WRONG_STATUS, 'Only an order not yet confirmed can be cancelled', { status: order.status });
      await this.event(tx, id, 'cancelled', userId, null);
      await this.d.reviews.resolve(tx, 'equipment_order', id, 'cancelled', { id: userId });
    });
    return this.detail(id);
  }

  mine(userId: string): Promise<ShopOrderRow[]> { return repo.ordersOf(this.db, userId); }

  /** One order with lines and timeline; another provider's order is 404. */
  async getFor(viewer: { id: string; staff: boolean }, id: string): Promise<OrderDetail> {
    const d = await this.detailOrNull(id);
    if (!d || (!viewer.staff && d.order.userId !== viewer.id)) throw notFound(E.ORDER_NOT_FOUND, 'No such order');
    return d;
  }

  list(status?: ShopOrderStatus): Promise<ShopOrderRow[]> { return repo.ordersByStatus(this.db, status); }

  async linesOf(orderIds: string[]): Promise<ShopOrderLineRow[]> { return repo.linesOf(this.db, orderIds); }

  // ---- ops ----

  /**
   * Ops confirm the price (the catalogue total unless changed) and collect it: from the provider
   * wallet now (one balanced transfer, idempotent per order), or by an SMS payment link.
   */
  async confirm(actor: Actor, id: string, input: ConfirmInput): Promise<OrderDetail> {
    const pre = await repo.orderById(this.db, id);
    if (!pre) throw notFound(E.ORDER_NOT_FOUND, 'No such order');
    const total = input.totalRials ?? pre.listTotalRials;
    checkPrice(total);
    if (input.collect === 'link') {
      const max = this.d.settings.rials('payments.linkMaxRials');
      if (total < LINK_MIN_RIALS || total > max) throw validation(E.PRICE_INVALID, 'The amount is outside what a payment link can carry', { field: 'totalRials' });
    }
    await inTransaction(this.d.platform, async (tx, after) => {
      await this.d.reviews.assertMayReview(tx, 'equipment_order', id, actor);
      const now = this.now();
      const next: ShopOrderStatus = input.collect === 'wallet' ? 'paid' : 'awaiting_payment';
      const row = await repo.transition(tx, id, ['placed'], {
        status: next, totalRials: total, collect: input.collect, atSignup: input.atSignup ?? pre.atSignup, confirmedBy: actor.id, confirmedAt: now, ...(next === 'paid' ? { paidAt: now } : {}),
      });
      if (!row) throw conflict(E.ORDER_WRONG_STATUS, 'Only a placed order can be confirmed', { status: pre.status });
      if (input.collect === 'wallet') {
        const t = await this.d.ledger.transfer(tx, {
          idempotencyKey: `shop:order:${id}`, reason: 'shop.equipment', reference: { type: 'shop_order', id },
          legs: [{ from: userAccount(row.userId, 'provider_wallet'), to: platformAccount('platform_revenue'), amountRials: total }], memo: 'Equipment order',
        });
        await repo.transition(tx, id, ['paid'], { transferId: t.id });
      }
      await this.event(tx, id, 'confirmed', actor.id, null);
      if (next === 'paid') await this.event(tx, id, 'paid', actor.id, null);
      await this.d.audit.record(tx, actor, { action: 'shop.order.confirm', targetType: 'shop_order', targetId: id, before: { status: 'placed', listTotalRials: String(pre.listTotalRials) }, after: { status: next, totalRials: String(total), collect: input.collect } });
      await this.d.reviews.resolve(tx, 'equipment_order', id, 'confirmed', actor);
      void after;
    });
    // The link opens its own transaction (and sends the SMS); it is tied to the order afterwards.
    if (input.collect === 'link') {
      const link = await this.d.links.create(actor, { userId: pre.userId, amountRials: total, reason: 'equipment', description: `Equipment order ${id}` });
      await repo.transition(this.db, id, ['awaiting_payment'], { linkId: link.id });
    }
    return this.detail(id);
  }

  /** PAY-5: a paid equipment link moves its order to paid (subscribed to payment.succeeded). */
  async onLinkPaid(linkId: string): Promise<void> {
    const order = await repo.orderByLink(this.db, linkId);
    if (!order) return;
    await inTransaction(this.d.platform, async (tx) => {
      const row = await repo.transition(tx, order.id, ['awaiting_payment'], { status: 'paid', paidAt: this.now() });
      if (row) await this.event(tx, order.id, 'paid', null, null);
    });
  }

  async ship(actor: Actor, id: string, trackingNumber: string): Promise<OrderDetail> {
    await inTransaction(this.d.platform, async (tx, after) => {
      const row = await this.move(tx, id, ['paid'], { status: 'shipped', trackingNumber, shippedAt: this.now() });
      await this.event(tx, id, 'shipped', actor.id, trackingNumber);
      await this.d.audit.record(tx, actor, { action: 'shop.order.ship', targetType: 'shop_order', targetId: id, before: { status: 'paid' }, after: { status: 'shipped', trackingNumber } });
      await this.sms(tx, row.userId, 'shop.shipped', { tracking: trackingNumber }, after);
    });
    return this.detail(id);
  }

  /** Delivered: a box among the items sets the provider's dispatch-priority flag (PRV-7). */
  async deliver(actor: Actor, id: string): Promise<OrderDetail> {
    await inTransaction(this.d.platform, async (tx) => {
      const row = await this.move(tx, id, ['shipped'], { status: 'delivered', deliveredAt: this.now() });
      await this.event(tx, id, 'delivered', actor.id, null);
      const hasBox = (await repo.linesOf(tx, [id])).some((l) => l.isBox);
      if (hasBox) await this.d.providers.setHasBox(tx, row.userId, true);
      await this.d.audit.record(tx, actor, { action: 'shop.order.deliver', targetType: 'shop_order', targetId: id, before: { status: 'shipped' }, after: { status: 'delivered', hasBox } });
    });
    return this.detail(id);
  }

  /** PRV-5: marks an order as the equipment received at sign-up (counts toward the guarantee-return charge). */
  async setAtSignup(actor: Actor, id: string, atSignup: boolean): Promise<OrderDetail> {
    await inTransaction(this.d.platform, async (tx) => {
      const before = await repo.orderById(tx, id);
      if (!before) throw notFound(E.ORDER_NOT_FOUND, 'No such order');
      await repo.setAtSignup(tx, id, atSignup);
      await this.d.audit.record(tx, actor, { action: 'shop.order.at_signup', targetType: 'shop_order', targetId: id, before: { atSignup: before.atSignup }, after: { atSignup } });
    });
    return this.detail(id);
  }

  /** PRV-5: the price of the equipment received at sign-up (paid orders flagged so), read in `tx`. */
  equipmentReceivedAtSignupRials(tx: DbOrTx, userId: string): Promise<bigint> { return repo.signupTotal(tx, userId); }

  // ---- helpers ----

  private async move(tx: DbOrTx, id: string, from: ShopOrderStatus[], set: Partial<ShopOrderRow>): Promise<ShopOrderRow> {
    const row = await repo.transition(tx, id, from, set);
    if (row) return row;
    const cur = await repo.orderById(tx, id);
    if (!cur) throw notFound(E.ORDER_NOT_FOUND, 'No such order');
    throw conflict(E.ORDER_WRONG_STATUS, `The order is ${cur.status}`, { status: cur.status });
  }

  private event(tx: DbOrTx, orderId: string, status: string, actorId: string | null, note: string | null) {
    return repo.insertEvent(tx, { id: newId('sev', this.now().getTime()), orderId, status, actorId, note, createdAt: this.now() });
  }

  private async sms(tx: DbOrTx, userId: string, template: 'shop.shipped', params: Record<string, string>, after: AfterCommit) {
    const u = (await tx.select({ mobile: users.mobile, locale: users.locale }).from(users).where(eq(users.id, userId)).limit(1))[0];
    if (!u) return;
    await this.d.notifications.enqueue(tx, { channel: 'sms', to: u.mobile, userId, template, locale: isLocale(u.locale) ? u.locale : 'fa', params }, after);
  }

  private async detailOrNull(id: string): Promise<OrderDetail | null> {
    const order = await repo.orderById(this.db, id);
    if (!order) return null;
    return { order, lines: await repo.linesOf(this.db, [id]), events: await repo.eventsOf(this.db, id) };
  }

  private async detail(id: string): Promise<OrderDetail> { return (await this.detailOrNull(id))!; }
}

function checkPrice(rials: bigint) {
  if (rials <= 0n || rials > MAX_LEG_RIALS) throw validation(E.PRICE_INVALID, 'The price must be a positive amount', { field: 'priceRials' });
}

const itemAudit = (i: ShopItemRow) => ({ code: i.code, nameFa: i.nameFa, nameEn: i.nameEn, priceRials: String(i.priceRials), inStock: i.inStock, active: i.active, isBox: i.isBox });
