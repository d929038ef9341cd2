import { inTransaction } from '../../platform/context.js';
import { isUniqueViolation } from '../../platform/db.js';
import { conflict, forbidden, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { Actor } from '../ops/audit.service.js';
import type { ChatMessage, ChatService } from './chat.service.js';
import { TripErrors as E } from './trips.errors.js';
import { tripsRepo as repo } from './trips.repo.js';
import { endOf, orderOfParty, secondsSince, type TripsDeps, type Viewer } from './trips.shared.js';
import type { LostItemRow, LostItemStatus } from './trips.tables.js';

/**
 * ORD-15: after a trip the customer reports a lost item; the provider gets an SMS (no customer
 * number in it) and answers in the order's chat, which stays open while the request is open; ops
 * see the open requests and close them.
 */
export class LostItemsService {
  constructor(private readonly d: TripsDeps, private readonly chat: ChatService) {}

  async report(viewer: Viewer, orderId: string, description: string): Promise<{ request: LostItemRow; message: ChatMessage }> {
    const { order, role } = await orderOfParty(this.d, viewer, orderId);
    if (role !== 'customer') throw forbidden(E.LOST_ITEM_NOT_ALLOWED, 'Only the customer of a trip reports a lost item');
    const endedAt = endOf(order);
    if (order.status !== 'completed' || !order.providerId || !endedAt) {
      throw conflict(E.LOST_ITEM_NOT_ALLOWED, 'A lost item can be reported once the trip is completed', { status: order.status });
    }
    const window = this.d.settings.get('trips.lostItemWindowSeconds', { cityId: order.cityId });
    if (secondsSince(this.d.platform.clock.now(), endedAt) > window) {
      throw conflict(E.LOST_ITEM_WINDOW_PASSED, 'This trip ended too long ago; contact support', { windowSeconds: window });
    }
    const provider = await this.d.users.get(order.providerId);
    if (!provider) throw conflict(E.LOST_ITEM_NOT_ALLOWED, 'The provider of this trip cannot be reached');
    const providerId = order.providerId;
    try {
      return await inTransaction(this.d.platform, async (tx, after) => {
        const now = this.d.platform.clock.now();
        const request = await repo.insertLostItem(tx, {
          id: newId('lst', now.getTime()), orderId, customerId: viewer.id, providerId, description: description.trim(), status: 'open', createdAt: now,
        });
        const message = await this.chat.post(tx, order, 'customer', viewer.id, description, 'lost_item', false);
        await this.d.notifications.enqueue(tx, { channel: 'sms', to: provider.mobile, userId: providerId, template: 'trip.lostItem', locale: provider.locale, params: {} }, after);
        after.run(() => {
          this.chat.relay(message);
          this.d.links.live?.publish(`ops:${order.cityId}`, { type: 'lost_item.opened', requestId: request.id, orderId });
        });
        return { request, message };
      });
    } catch (err) {
      if (isUniqueViolation(err, 'lost_item_requests_one_open')) throw conflict(E.LOST_ITEM_OPEN, 'A lost-item request for this trip is already open');
      throw err;
    }
  }

  list(q: { status?: LostItemStatus; limit: number; offset: number }): Promise<LostItemRow[]> {
    return repo.lostItems(this.d.platform.db, q.status, q.limit, q.offset);
  }

  /** Ops close a request (item returned, not found, or closed otherwise); audited. */
  async close(actor: Actor, id: string, input: { outcome: Exclude<LostItemStatus, 'open'>; reason: string }): Promise<LostItemRow> {
    return inTransaction(this.d.platform, async (tx) => {
      const before = await repo.lostItemById(tx, id);
      if (!before) throw notFound(E.LOST_ITEM_NOT_FOUND, 'No such lost-item request');
      const row = await repo.closeLostItem(tx, id, { status: input.outcome, closedAt: this.d.platform.clock.now(), closedBy: actor.id, closeReason: input.reason });
      if (!row) throw conflict(E.LOST_ITEM_CLOSED, 'This request is already closed', { status: before.status });
      await this.d.audit.record(tx, actor, { action: 'lost_item.close', targetType: 'lost_item', targetId: id, before: { status: before.status }, after: { status: row.status }, reason: input.reason });
      return row;
    });
  }
}
