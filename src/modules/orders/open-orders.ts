import { getResolution, latLngToCell } from 'h3-js';
import type { EventBus } from '../../platform/events.js';
import type { AuthUser } from '../../platform/http/auth.js';
import { SEARCHING, type OrderStatus } from './orders.model.js';
import type { OrdersService } from './orders.service.js';

/**
 * Orders still looking for a provider, per city, in memory: pricing's demand signal (open
 * requests per H3 cell, ORD-2). Kept current from the order events; loaded from the database at boot.
 */
export class OpenOrders {
  private readonly open = new Map<string, { cityId: string; lat: number; lng: number }>();
  private readonly cells = new Map<string, Map<string, string>>();

  constructor(private readonly orders: OrdersService) {}

  async load(bus: EventBus): Promise<void> {
    for (const o of await this.orders.openOrders()) this.open.set(o.id, { cityId: o.cityId, lat: o.origin.lat, lng: o.origin.lng });
    const track = async (e: { orderId: string; status: OrderStatus; cityId: string; origin?: { lat: number; lng: number } }) => {
      if (!SEARCHING.includes(e.status)) return void this.open.delete(e.orderId);
      if (this.open.has(e.orderId)) return;
      if (e.origin) return void this.open.set(e.orderId, { cityId: e.cityId, lat: e.origin.lat, lng: e.origin.lng });
      const o = await this.orders.get(e.orderId);
      if (o) this.open.set(o.id, { cityId: o.cityId, lat: o.origin.lat, lng: o.origin.lng });
    };
    bus.subscribe('order.created', track);
    bus.subscribe('order.status_changed', track);
  }

  /** Open orders whose pickup lies in one of the cells. */
  count(cityId: string, cells: string[]): number {
    if (!cells.length) return 0;
    const res = getResolution(cells[0]);
    const wanted = new Set(cells);
    let n = 0;
    for (const [id, o] of this.open) {
      if (o.cityId !== cityId) continue;
      let byRes = this.cells.get(id);
      if (!byRes) this.cells.set(id, (byRes = new Map()));
      let cell = byRes.get(String(res));
      if (!cell) byRes.set(String(res), (cell = latLngToCell(o.lat, o.lng, res)));
      if (wanted.has(cell)) n++;
    }
    if (this.cells.size > this.open.size * 2 + 100) for (const id of this.cells.keys()) if (!this.open.has(id)) this.cells.delete(id);
    return n;
  }
}

const OPS = ['ops_agent', 'ops_admin'];

/** LiveHub authorizer: `order:<id>` is for that order's customer, its provider, and ops. */
export function orderChannelAuthorizer(orders: OrdersService) {
  return async (user: AuthUser, channel: string): Promise<boolean> => {
    const [kind, id] = channel.split(':');
    if (kind !== 'order' || !id) return false;
    if (user.roles.some((r) => OPS.includes(r))) return true;
    const p = await orders.parties(id);
    return !!p && (p.customerId === user.id || p.providerId === user.id);
  };
}
