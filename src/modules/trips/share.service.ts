import { createHash, randomBytes } from 'node:crypto';
import { conflict, forbidden, notFound } from '../../platform/errors.js';
import { distanceKm, type LatLng } from '../../platform/geo/geometry.js';
import { newId } from '../../platform/ids.js';
import { TripErrors as E } from './trips.errors.js';
import { tripsRepo as repo } from './trips.repo.js';
import { ACTIVE_STATUSES, FINAL_STATUSES, endOf, orderOfParty, type TripOrder, type TripsDeps, type Viewer } from './trips.shared.js';

export interface ShareCreated { url: string; token: string; expiresAt: Date }

/** What anyone holding the link sees: no phone numbers, no surnames, no customer id. */
export interface SharedTrip {
  status: string;
  kind: string;
  serviceCode: string;
  customer: { firstName: string | null };
  provider: { firstName: string | null; vehicle: { make: string | null; model: string | null; colour: string | null; plate: string | null } | null } | null;
  position: { lat: number; lng: number; at: string } | null;
  destination: LatLng;
  eta: { target: 'pickup' | 'destination' | 'sender'; seconds: number } | null;
  expiresAt: string;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{32}$/;

/** ORD-13: the customer shares a running trip by link; the link dies shortly after the trip ends. */
export class ShareService {
  constructor(private readonly d: TripsDeps) {}

  async create(viewer: Viewer, orderId: string): Promise<ShareCreated> {
    const { order, role } = await orderOfParty(this.d, viewer, orderId);
    if (role !== 'customer') throw forbidden(E.SHARE_NOT_ALLOWED, 'Only the customer shares a trip');
    if (FINAL_STATUSES.has(order.status) || order.status === 'scheduled') {
      throw conflict(E.SHARE_NOT_ALLOWED, 'Only a running trip can be shared', { status: order.status });
    }
    // 24 random bytes: the token is the only secret between a stranger and someone's position.
    const token = randomBytes(24).toString('base64url');
    const now = this.d.platform.clock.now();
    const expiresAt = new Date(now.getTime() + this.d.settings.get('trips.shareMaxSeconds') * 1000);
    await repo.insertShare(this.d.platform.db, { id: newId('shr', now.getTime()), orderId, customerId: viewer.id, tokenHash: hashToken(token), createdAt: now, expiresAt });
    return { url: `${this.d.platform.config.publicUrl.replace(/\/$/, '')}/share/${token}`, token, expiresAt };
  }

  async view(token: string): Promise<SharedTrip> {
    const missing = () => notFound(E.SHARE_NOT_FOUND, 'No such shared trip');
    if (!TOKEN_SHAPE.test(token)) throw missing();
    const link = await repo.shareByHash(this.d.platform.db, hashToken(token));
    if (!link) throw missing();
    const order = await this.d.orders.get(link.orderId);
    if (!order) throw missing();
    const expiresAt = this.expiryOf(link.expiresAt, order);
    if (expiresAt <= this.d.platform.clock.now()) throw notFound(E.SHARE_EXPIRED, 'This shared trip has ended');
    return this.render(order, expiresAt);
  }

  /** The trip ended: every link of it stops after the grace period (also checked on each read). */
  async onEnded(orderId: string, at: Date): Promise<void> {
    await repo.shortenShares(this.d.platform.db, orderId, new Date(at.getTime() + this.d.settings.get('trips.shareGraceSeconds') * 1000));
  }

  private expiryOf(linkExpiry: Date, order: TripOrder): Date {
    if (!FINAL_STATUSES.has(order.status)) return linkExpiry;
    const endedAt = endOf(order) ?? this.d.platform.clock.now();
    const graceEnd = new Date(endedAt.getTime() + this.d.settings.get('trips.shareGraceSeconds') * 1000);
    return graceEnd < linkExpiry ? graceEnd : linkExpiry;
  }

  private async render(order: TripOrder, expiresAt: Date): Promise<SharedTrip> {
    const customer = await this.d.users.get(order.customerId);
    const onJob = order.providerId !== null && ACTIVE_STATUSES.has(order.status);
    const pos = onJob ? this.d.links.positions?.position(order.providerId!) ?? null : null;
    return {
      status: order.status, kind: order.kind, serviceCode: order.serviceCode,
      customer: { firstName: customer?.firstName ?? null },
      provider: order.providerId ? await this.providerCard(order.providerId) : null,
      position: pos ? { lat: pos.lat, lng: pos.lng, at: pos.at.toISOString() } : null,
      destination: { lat: order.destination.lat, lng: order.destination.lng },
      eta: pos ? this.eta(order, pos) : null,
      expiresAt: expiresAt.toISOString(),
    };
  }

  private async providerCard(providerId: string): Promise<NonNullable<SharedTrip['provider']>> {
    const [user, profile] = await Promise.all([this.d.users.get(providerId), this.d.links.vehicles?.get(providerId)]);
    const v = profile?.vehicle;
    return {
      firstName: user?.firstName ?? null,
      vehicle: v ? { make: v.make ?? null, model: v.model ?? null, colour: v.colour ?? null, plate: v.plate ?? null } : null,
    };
  }

  /** Straight-line distance at the city's average speed: a rough figure for someone following along. */
  private eta(order: TripOrder, pos: LatLng): SharedTrip['eta'] {
    const toPickup = order.status === 'accepted';
    if (!toPickup && order.status !== 'in_progress' && order.status !== 'returning') return null;
    const back = order.status === 'returning'; // ORD-10: a refused parcel goes back to the sender
    const speed = this.d.settings.get('trips.shareEtaSpeedKmh', { cityId: order.cityId });
    const km = distanceKm(pos, toPickup || back ? order.origin : order.destination);
    return { target: toPickup ? 'pickup' : back ? 'sender' : 'destination', seconds: Math.round((km / speed) * 3600) };
  }
}
