import { autocommit, inTransaction } from '../../platform/context.js';
import { conflict, forbidden, notFound, validation } from '../../platform/errors.js';
import { completeTrip } from '../../flows/complete-trip.flow.js';
import { maskMobile } from '../identity/index.js';
import type { Actor, OrdersDeps } from './orders.core.js';
import { OrderErrors as E } from './orders.errors.js';
import type { OrderStatus, ProofOfDelivery } from './orders.model.js';
import { ordersRepo as repo } from './orders.repo.js';
import type { OrdersService } from './orders.service.js';
import type { OrderRow } from './orders.tables.js';
import { assertCodeMatches, decodeSignature, deliveryCodeHash, newDeliveryCode } from './parcels.js';

export interface PodInput {
  method: 'code' | 'signature'; code?: string; signaturePng?: string; signerName?: string; damage?: string;
  identityChecked?: boolean; recipientPaid?: boolean;
}

/**
 * The provider's side of an accepted job (ORD-5, ORD-6, ORD-9, ORD-10, PRV-12): arrive, start,
 * no-show after the wait, complete with proof of delivery, return a parcel to its sender.
 */
export class TripsService {
  constructor(private readonly d: OrdersDeps, private readonly orders: OrdersService) {
    d.platform.jobs.register('orders.parcel_hold_over', async (p) => this.holdOver(String(p.orderId)));
  }

  private get log() { return this.orders.log; }

  /** The provider's own order in one of `allowed` statuses; ORDER_NOT_FOUND for anyone else's. */
  private async mine(providerId: string, orderId: string, allowed: OrderStatus[]): Promise<OrderRow> {
    const o = await this.orders.get(orderId);
    if (!o || o.providerId !== providerId) throw notFound(E.ORDER_NOT_FOUND, 'No such order');
    if (!allowed.includes(o.status)) throw conflict(E.ORDER_STATE_CONFLICT, `The order is ${o.status}`, { status: o.status, allowed });
    return o;
  }

  private actor(providerId: string): Actor { return { id: providerId, role: 'provider' }; }
  private where(providerId: string) {
    const p = this.d.tracking.position(providerId);
    return p ? { lat: p.lat, lng: p.lng } : null;
  }

  async current(providerId: string): Promise<OrderRow | null> {
    return (await repo.activeForProvider(this.d.platform.db, providerId)) ?? null;
  }

  /** ORD-5: at pickup; the free wait (plus any paid waiting) starts now. */
  async arrived(providerId: string, orderId: string) {
    const o = await this.mine(providerId, orderId, ['accepted']);
    const now = this.d.platform.clock.now();
    const freeSeconds = this.d.pricing.freeWaitingSeconds(o.cityId, o.serviceCode) + o.paidWaitSeconds;
    return autocommit(this.d.platform, (db, after) => this.log.change(db, after, o, {
      to: 'arrived', actor: this.actor(providerId), where: this.where(providerId),
      set: { arrivedAt: now, freeWaitUntil: new Date(now.getTime() + freeSeconds * 1000) },
    }));
  }

  async start(providerId: string, orderId: string) {
    const o = await this.mine(providerId, orderId, ['accepted', 'arrived']);
    return autocommit(this.d.platform, (db, after) => this.log.change(db, after, o, {
      to: 'in_progress', actor: this.actor(providerId), where: this.where(providerId), set: { startedAt: this.d.platform.clock.now() },
    }));
  }

  /** ORD-5 / ORD-6: after the free and paid wait the provider may end the order as a no-show; the fee applies. */
  async noShow(providerId: string, orderId: string) {
    const o = await this.mine(providerId, orderId, ['arrived']);
    if (o.freeWaitUntil && o.freeWaitUntil > this.d.platform.clock.now()) {
      throw conflict(E.WAIT_NOT_OVER, 'Wait until the waiting time is over', { waitUntil: o.freeWaitUntil.toISOString() });
    }
    const fee = this.d.pricing.cancellationFeeRials(o.cityId, o.serviceCode);
    return this.orders.end(o, { to: 'no_show', actor: this.actor(providerId), reasonCode: 'NO_SHOW', feeRials: fee, feeKind: 'no_show', where: this.where(providerId) });
  }

  /**
   * PRV-12: a provider who accepted should finish; dropping out puts the order back to dispatch
   * (this provider is not offered it again). ORD-8: undeclared unusual cargo lets the provider
   * cancel, and the customer pays the fee.
   */
  async cancel(providerId: string, orderId: string, code: string, reason: string) {
    const o = await this.mine(providerId, orderId, ['accepted', 'arrived']);
    if (code === 'undeclared_cargo' && o.kind === 'parcel') {
      const fee = this.d.pricing.cancellationFeeRials(o.cityId, o.serviceCode);
      return this.orders.end(o, { to: 'cancelled', actor: this.actor(providerId), reasonCode: 'PROVIDER_CANCELLED', note: reason, feeRials: fee, feeKind: 'cancellation', where: this.where(providerId) });
    }
    return this.backToDispatch(o, this.actor(providerId), 'provider_dropped', { code, reason });
  }

  /** Puts an accepted order back to dispatch (provider drop-out, ops hand-over without a named provider). */
  async backToDispatch(o: OrderRow, actor: Actor, type: string, data: Record<string, unknown>) {
    const row = await inTransaction(this.d.platform, async (tx, after) => {
      const r = await this.log.change(tx, after, o, {
        to: 'requested', actor, type, data: { ...data, previousProviderId: o.providerId },
        set: { providerId: null, acceptedAt: null, arrivedAt: null, freeWaitUntil: null },
      });
      after.run(() => this.d.tracking.setBusy(o.providerId!, null));
      return r;
    });
    await this.orders.restartDispatch(row.id);
    return row;
  }

  /** ORD-9: a 6-digit code SMSed to the recipient, given to the courier after checking the parcel. */
  async sendDeliveryCode(providerId: string, orderId: string) {
    const o = await this.mine(providerId, orderId, ['in_progress']);
    if (o.kind !== 'parcel' || !o.parcel) throw conflict(E.ORDER_STATE_CONFLICT, 'Only parcels have a delivery code');
    const code = newDeliveryCode();
    const now = this.d.platform.clock.now();
    const ttl = this.d.settings.get('parcel.deliveryCodeTtlSeconds');
    await inTransaction(this.d.platform, async (tx, after) => {
      await repo.setFields(tx, o.id, { deliveryCodeHash: deliveryCodeHash(o.id, code), deliveryCodeExpiresAt: new Date(now.getTime() + ttl * 1000) });
      await this.log.record(tx, o, { type: 'delivery_code_sent', from: o.status, to: o.status, actor: this.actor(providerId), data: { to: maskMobile(o.parcel!.recipient.mobile) } });
      await this.d.notifications.enqueue(tx, { channel: 'sms', to: o.parcel!.recipient.mobile, template: 'parcel.deliveryCode', locale: 'fa', params: { code } }, after);
    });
    return { sentTo: maskMobile(o.parcel.recipient.mobile), expiresAt: new Date(now.getTime() + ttl * 1000).toISOString() };
  }

  /** Completes the trip; a parcel needs proof of delivery (ORD-9), damage declared before signing. */
  async complete(providerId: string, orderId: string, podInput?: PodInput) {
    const o = await this.mine(providerId, orderId, ['in_progress']);
    const pod = o.kind === 'parcel' ? await this.proofOf(o, podInput) : null;
    return completeTrip(this.d, this.log, { order: o, actor: this.actor(providerId), pod, where: this.where(providerId) });
  }

  private async proofOf(o: OrderRow, p: PodInput | undefined): Promise<ProofOfDelivery> {
    if (!p) throw validation(E.POD_REQUIRED, 'A parcel needs the recipient\'s signature or delivery code', { field: 'pod' });
    const now = this.d.platform.clock.now();
    if (o.parcel?.identityCheck && !p.identityChecked) throw validation(E.POD_INVALID, 'Check the recipient\'s identity first', { field: 'pod.identityChecked' });
    if (o.payer === 'recipient' && p.recipientPaid === undefined) throw validation(E.POD_INVALID, 'Say whether the recipient paid', { field: 'pod.recipientPaid' });
    let fileId: string | null = null;
    if (p.method === 'code') {
      if (!p.code) throw validation(E.DELIVERY_CODE_INVALID, 'Enter the recipient\'s delivery code', { field: 'pod.code' });
      assertCodeMatches(o, p.code, now);
    } else {
      if (!p.signaturePng) throw validation(E.POD_INVALID, 'The recipient must sign', { field: 'pod.signaturePng' });
      fileId = `pod/${o.id.toLowerCase()}-signature`;
      await this.d.platform.files.put(fileId, decodeSignature(p.signaturePng));
    }
    return { method: p.method, fileId, signerName: p.signerName ?? null, damage: p.damage ?? null, recipientPaid: p.recipientPaid ?? null, at: now.toISOString() };
  }

  /** ORD-10: the recipient refused or was absent; the parcel goes back at the sender's cost (a new price). */
  async startReturn(providerId: string, orderId: string, reason: 'recipient_refused' | 'recipient_absent', note?: string) {
    const o = await this.mine(providerId, orderId, ['in_progress']);
    if (o.kind !== 'parcel') throw conflict(E.ORDER_STATE_CONFLICT, 'Only parcels return to their sender');
    const back = await this.d.pricing.quote(o.customerId, { serviceCode: o.serviceCode, cityId: o.cityId, origin: o.destination, destination: o.origin });
    return autocommit(this.d.platform, (db, after) => this.log.change(db, after, o, {
      to: 'returning', actor: this.actor(providerId), where: this.where(providerId), type: 'return_started',
      data: { reason, note: note ?? null, returnQuoteId: back.id, returnPriceRials: back.breakdown.subtotalRials.toString() },
      set: { returnStage: 'returning', returnPriceRials: back.breakdown.subtotalRials, endReason: reason === 'recipient_refused' ? 'RECIPIENT_REFUSED' : 'RECIPIENT_ABSENT' },
    }));
  }

  /**
   * ORD-10: back at the sender. Delivered: the order is returned and the sender pays fare plus
   * return fare. Refused by the sender too: the provider holds it (up to parcel.holdDays), then it
   * goes to the central office; the sender is charged the same.
   */
  async finishReturn(providerId: string, orderId: string, outcome: 'delivered_to_sender' | 'sender_refused') {
    const o = await this.mine(providerId, orderId, ['returning']);
    const held = outcome === 'sender_refused';
    const holdUntil = held ? new Date(this.d.platform.clock.now().getTime() + this.d.settings.get('parcel.holdDays', { cityId: o.cityId }) * 86_400_000) : null;
    const row = await completeTrip(this.d, this.log, { order: o, actor: this.actor(providerId), pod: null, where: this.where(providerId), to: 'returned', returnStage: held ? 'held' : 'delivered', holdUntil });
    if (holdUntil) await this.d.platform.jobs.schedule(this.d.platform.db, 'orders.parcel_hold_over', holdUntil, { orderId: o.id }, o.id);
    return row;
  }

  private async holdOver(orderId: string) {
    const o = await this.orders.get(orderId);
    if (!o || o.returnStage !== 'held') return;
    await inTransaction(this.d.platform, async (tx) => {
      await repo.setFields(tx, o.id, { returnStage: 'central_office', updatedAt: this.d.platform.clock.now() });
      await this.log.record(tx, o, { type: 'sent_to_central_office', from: o.status, to: o.status, actor: { id: null, role: 'system' } });
    });
  }

  /** PRV-12: support hands the job over, to a named provider or back to dispatch. */
  async handOver(actor: Actor, orderId: string, reason: string, toProviderId?: string) {
    const o = await this.orders.get(orderId);
    if (!o) throw notFound(E.ORDER_NOT_FOUND, 'No such order');
    if (!['accepted', 'arrived'].includes(o.status)) throw conflict(E.ORDER_STATE_CONFLICT, `An order that is ${o.status} cannot be handed over`, { status: o.status });
    if (!toProviderId) return this.backToDispatch(o, actor, 'handed_over', { reason });
    if (toProviderId === o.providerId) throw validation(E.ORDER_STATE_CONFLICT, 'That provider already has the job', { field: 'providerId' });
    const profile = await this.d.providers.requireActive(toProviderId);
    if (!profile.serviceCodes.includes(o.serviceCode)) throw forbidden(E.PROVIDER_NOT_ELIGIBLE, 'That provider does not offer this service');
    await this.d.accounts.assertCanWork(toProviderId);
    return this.orders.assignDirectly(o, actor, toProviderId, reason);
  }
}
