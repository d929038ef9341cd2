import type { Platform } from '../../platform/context.js';
import type { DbOrTx } from '../../platform/db.js';
import { conflict, invariant } from '../../platform/errors.js';
import type { AfterCommit } from '../../platform/events.js';
import { newId } from '../../platform/ids.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import type { SettingsService } from '../catalog/settings.service.js';
import type { AccountsService, UserCache } from '../identity/index.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { ReceiptsService } from '../payments/index.js';
import type { PromotionsService } from '../promotions/index.js';
import type { LedgerService } from '../wallet/index.js';
import { OrderErrors as E } from './orders.errors.js';
import { canTransition, type ActorRole, type LatLngJson, type OrderStatus } from './orders.model.js';
import type { EligibilityPort, PricingPort, ProvidersPort, TrackingPort } from './orders.ports.js';
import { ordersRepo } from './orders.repo.js';
import type { OrderInsert, OrderRow } from './orders.tables.js';
import { orderView, type ViewerRole, type ViewExtras } from './orders.views.js';

/** What the orders and dispatch services need from the platform and the other modules. */
export interface OrdersDeps {
  platform: Platform;
  settings: SettingsService;
  catalog: CatalogService;
  users: UserCache;
  accounts: AccountsService;
  ledger: LedgerService;
  promotions: PromotionsService;
  receipts: ReceiptsService;
  notifications: NotificationsService;
  pricing: PricingPort;
  providers: ProvidersPort;
  tracking: TrackingPort;
  eligibility?: EligibilityPort;
  /** RWD-8: percentage points off the commission for the provider's rewards tier (0 without the program). */
  commissionDiscountPercent?: (providerId: string, at: Date, cityId: string) => Promise<number>;
  /** ACC-3: company memberships, for orders paid from a company's wallet (absent: no company payments). */
  companies?: { membership(userId: string): Promise<Array<{ companyId: string }>> };
}

export interface Actor { id: string | null; role: ActorRole }
export interface EventInput { type: string; from: OrderStatus | null; to: OrderStatus | null; actor: Actor; data?: Record<string, unknown>; where?: LatLngJson | null }
export const SYSTEM: Actor = { id: null, role: 'system' };

export interface ChangeInput {
  to: OrderStatus;
  actor: Actor;
  set?: Partial<OrderInsert>;
  /** Guard on the version too (changes that replace order fields, not only the status). */
  checkVersion?: boolean;
  type?: string;
  data?: Record<string, unknown>;
  where?: LatLngJson | null;
}

/** The payload of every order event on the bus (published after commit). */
export interface OrderEventPayload {
  orderId: string; kind: string; serviceCode: string; cityId: string; customerId: string; providerId: string | null;
  status: OrderStatus; previousStatus: OrderStatus | null; priceRials: string; at: string;
  /** The pickup (pricing's demand signal counts open orders by it). */
  origin: { lat: number; lng: number };
  /** The trip's times so far (ISO), so subscribers (rewards at completion) need not read the order back. */
  acceptedAt: string | null; startedAt: string | null; completedAt: string | null;
}

const payloadOf = (o: OrderRow, previous: OrderStatus | null, at: Date): OrderEventPayload => ({
  orderId: o.id, kind: o.kind, serviceCode: o.serviceCode, cityId: o.cityId, customerId: o.customerId, providerId: o.providerId,
  status: o.status, previousStatus: previous, priceRials: o.priceRials.toString(), at: at.toISOString(), origin: { lat: o.origin.lat, lng: o.origin.lng },
  acceptedAt: o.acceptedAt?.toISOString() ?? null, startedAt: o.startedAt?.toISOString() ?? null, completedAt: o.completedAt?.toISOString() ?? null,
});

/**
 * Every order change goes through here: the guarded update (WHERE status = the status read), the
 * history row, and after commit the live message and the bus events. A lost race is
 * ORDER_STATE_CONFLICT (409), never a silent overwrite.
 */
export class OrderLog {
  constructor(private readonly d: OrdersDeps) {}

  async change(tx: DbOrTx, after: AfterCommit, order: OrderRow, c: ChangeInput): Promise<OrderRow> {
    invariant(canTransition(order.kind, order.status, c.to), `order ${order.kind} cannot go ${order.status} -> ${c.to}`);
    const at = this.d.platform.clock.now();
    const row = await ordersRepo.transitionLogged(tx, order.id, {
      from: [order.status], to: c.to, set: c.set, at, version: c.checkVersion ? order.version : undefined,
    }, this.eventRow(order.id, at, { type: c.type ?? (order.status === c.to ? 'updated' : 'status'), from: order.status, to: c.to, actor: c.actor, data: c.data, where: c.where }));
    if (!row) throw conflict(E.ORDER_STATE_CONFLICT, 'The order changed meanwhile; reload it', { orderId: order.id, expected: order.status });
    after.run(() => this.announce(row, order.status));
    return row;
  }

  async record(tx: DbOrTx, o: OrderRow, e: EventInput) {
    await ordersRepo.insertEvent(tx, this.eventRow(o.id, this.d.platform.clock.now(), e));
  }

  /** The history row of an event (for writes that insert it in the same statement as the order). */
  eventRow(orderId: string, at: Date, e: EventInput) {
    return {
      id: newId('oev', at.getTime()), orderId, at, type: e.type, fromStatus: e.from, toStatus: e.to,
      actorId: e.actor.id, actorRole: e.actor.role, lat: e.where?.lat ?? null, lng: e.where?.lng ?? null, data: e.data ?? {},
    };
  }

  /** After commit: the live channel of the order, and the bus events other modules listen to. */
  async announce(o: OrderRow, previous: OrderStatus | null): Promise<void> {
    const at = this.d.platform.clock.now();
    const bus = this.d.platform.events;
    const channel = `order:${o.id}`;
    if (previous !== o.status && (this.d.tracking.live.hasSubscribers?.(channel) ?? true)) {
      try {
        this.d.tracking.live.publish(channel, { type: 'order.status', status: o.status, order: await this.view(o, 'provider') });
      } catch (err) {
        this.d.platform.log.warn({ err, orderId: o.id }, 'live publish failed');
      }
    }
    if (previous === null) await bus.publish('order.created', payloadOf(o, null, at));
    if (previous === o.status) return;
    if (o.status === 'accepted') await bus.publish('order.accepted', payloadOf(o, previous, at));
    await bus.publish('order.status_changed', payloadOf(o, previous, at));
    if (o.status === 'completed') await bus.publish('order.completed', payloadOf(o, previous, at));
  }

  /** The order with the people in it, as `viewer` may see it. Reads caches: never call inside a transaction. */
  async view(o: OrderRow, viewer: ViewerRole, x: Pick<ViewExtras, 'offer' | 'history'> = {}) {
    return orderView(o, viewer, { ...x, customer: await this.customerOf(o), provider: await this.providerOf(o) });
  }

  private async customerOf(o: OrderRow) {
    const u = await this.d.users.get(o.customerId);
    return u ? { firstName: u.firstName, mobile: u.mobile } : null;
  }

  private async providerOf(o: OrderRow) {
    if (!o.providerId) return null;
    const [u, p] = [await this.d.users.get(o.providerId), await this.d.providers.get(o.providerId)];
    const active = !['completed', 'cancelled', 'no_show', 'expired', 'returned'].includes(o.status);
    return {
      id: o.providerId, firstName: u?.firstName ?? null, vehicle: { ...(p?.vehicle ?? {}) } as Record<string, unknown>,
      position: active ? this.d.tracking.position(o.providerId) : null,
    };
  }
}
