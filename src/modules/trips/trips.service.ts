import { ChatService } from './chat.service.js';
import { LostItemsService } from './lost-items.service.js';
import { RatingsService } from './ratings.service.js';
import { SelfDealingService, type OrderParties } from './self-dealing.service.js';
import { ShareService } from './share.service.js';
import { FINAL_STATUSES, type TripLinks, type TripsDeps } from './trips.shared.js';

/** The payload fields of the orders module's events that trips read (a subset of OrderEventPayload). */
export interface OrderEventFields extends OrderParties { status?: string; at?: string }

/**
 * Trip extras around an order: ratings (ORD-14), the relayed chat and masked calls (ORD-18), lost
 * items (ORD-15), share links (ORD-13) and the self-dealing check (FRD-1). Reads orders through
 * `TripOrderSource` and reacts to the orders module's events.
 */
export class TripExtrasService {
  readonly ratings: RatingsService;
  readonly chat: ChatService;
  readonly lostItems: LostItemsService;
  readonly share: ShareService;
  readonly selfDealing: SelfDealingService;

  constructor(private readonly d: TripsDeps) {
    this.ratings = new RatingsService(d);
    this.chat = new ChatService(d);
    this.lostItems = new LostItemsService(d, this.chat);
    this.share = new ShareService(d);
    this.selfDealing = new SelfDealingService(d);
    const bus = d.platform.events;
    bus.subscribe('order.accepted', async (e) => { await this.selfDealing.check(e); });
    bus.subscribe('order.completed', async (e) => { await this.selfDealing.onCompleted(e); });
    // Every final status (completed too) shortens the order's share links once.
    bus.subscribe('order.status_changed', async (e) => {
      if (e.status && FINAL_STATUSES.has(e.status)) await this.share.onEnded(e.orderId, this.at(e));
    });
  }

  /** Wires seams of modules built after this one (tracking's LiveHub and positions, provider profiles). */
  attach(links: TripLinks): void {
    Object.assign(this.d.links, links);
  }

  private at(e: OrderEventFields): Date {
    const t = e.at ? new Date(e.at) : null;
    return t && !Number.isNaN(t.getTime()) ? t : this.d.platform.clock.now();
  }
}
