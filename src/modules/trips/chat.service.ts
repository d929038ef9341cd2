import { conflict, validation } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { DbOrTx } from '../../platform/db.js';
import { scrubPhoneNumbers } from './scrub.js';
import { TripErrors as E } from './trips.errors.js';
import { tripsRepo as repo } from './trips.repo.js';
import {
  ACTIVE_STATUSES, counterpart, endOf, orderOfParty, secondsSince, type PartyRole, type TripOrder, type TripsDeps, type Viewer,
} from './trips.shared.js';
import type { MessageRow } from './trips.tables.js';

export interface ChatMessage { id: string; orderId: string; from: PartyRole | 'system'; kind: 'text' | 'lost_item'; text: string; redacted: boolean; createdAt: string }

export function messageView(m: MessageRow): ChatMessage {
  return { id: m.id, orderId: m.orderId, from: m.senderRole, kind: m.kind, text: m.body, redacted: m.redacted, createdAt: m.createdAt.toISOString() };
}

/**
 * ORD-18 / ORD-15: the customer and the provider reach each other only through the platform: an
 * in-app chat whose text is scrubbed of phone numbers, and relay numbers for calls. Open while the
 * provider is on the job, for trips.contactWindowSeconds after the end, and while a lost-item
 * request is open.
 */
export class ChatService {
  constructor(private readonly d: TripsDeps) {}

  async list(viewer: Viewer, orderId: string, opts: { after?: string; limit: number }): Promise<ChatMessage[]> {
    await orderOfParty(this.d, viewer, orderId, true);
    return (await repo.messages(this.d.platform.db, orderId, opts.after, opts.limit)).map(messageView);
  }

  async send(viewer: Viewer, orderId: string, text: string): Promise<ChatMessage> {
    const { order, role } = await orderOfParty(this.d, viewer, orderId);
    await this.requireOpen(order);
    return this.post(this.d.platform.db, order, role as PartyRole, viewer.id, text, 'text');
  }

  /** Writes one message (scrubbed) and relays it live on the order's channel once stored. */
  async post(db: DbOrTx, order: TripOrder, role: PartyRole, senderId: string, text: string, kind: 'text' | 'lost_item', publish = true): Promise<ChatMessage> {
    const trimmed = text.trim();
    if (!trimmed) throw validation(E.MESSAGE_EMPTY, 'Write a message first');
    const scrubbed = scrubPhoneNumbers(trimmed);
    const now = this.d.platform.clock.now();
    const row = await repo.insertMessage(db, {
      id: newId('msg', now.getTime()), orderId: order.id, senderId, senderRole: role, kind, body: scrubbed.text, redacted: scrubbed.redacted, createdAt: now,
    });
    const view = messageView(row);
    if (publish) this.relay(view);
    return view;
  }

  relay(view: ChatMessage): void {
    this.d.links.live?.publish(`order:${view.orderId}`, { type: 'chat.message', message: view });
  }

  /** A relay number for calling the other party (never their mobile). */
  async call(viewer: Viewer, orderId: string): Promise<{ relayNumber: string; expiresAt: Date }> {
    const { order, role } = await orderOfParty(this.d, viewer, orderId);
    const until = await this.requireOpen(order);
    const otherId = counterpart(order, role as PartyRole);
    const [me, other] = await Promise.all([this.d.users.get(viewer.id), otherId ? this.d.users.get(otherId) : undefined]);
    if (!me || !other || other.status !== 'active') throw conflict(E.CALL_UNAVAILABLE, 'The other side cannot be called now');
    const session = new Date(this.d.platform.clock.now().getTime() + this.d.settings.get('trips.maskedCallSessionSeconds') * 1000);
    const expiresAt = until && until < session ? until : session;
    return this.d.calls.open({ orderId, callerId: viewer.id, callerMobile: me.mobile, calleeMobile: other.mobile, expiresAt });
  }

  /**
   * Throws CHAT_CLOSED unless the parties may reach each other now; returns when the contact
   * window closes (null while the provider is on the job).
   */
  async requireOpen(order: TripOrder): Promise<Date | null> {
    const closed = () => conflict(E.CHAT_CLOSED, 'This trip\'s chat is closed', { status: order.status });
    if (!order.providerId) throw closed();
    if (ACTIVE_STATUSES.has(order.status)) return null;
    const endedAt = endOf(order);
    if (!endedAt) throw closed();
    const now = this.d.platform.clock.now();
    const window = this.d.settings.get('trips.contactWindowSeconds', { cityId: order.cityId });
    const until = new Date(endedAt.getTime() + window * 1000);
    if (secondsSince(now, endedAt) <= window) return until;
    // An open lost-item request keeps the conversation going until ops close it (ORD-15).
    if (await repo.openLostItem(this.d.platform.db, order.id)) return null;
    throw closed();
  }
}
