import { inTransaction } from '../../platform/context.js';
import { isUniqueViolation } from '../../platform/db.js';
import { conflict, notFound, validation } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { Actor } from '../ops/audit.service.js';
import { platformAccount, userAccount } from '../wallet/index.js';
import { TripErrors as E } from './trips.errors.js';
import { tripsRepo as repo } from './trips.repo.js';
import type { TripsDeps } from './trips.shared.js';
import type { AccountLinkRow, FraudFlagRow, FraudFlagStatus, SelfDealingReason } from './trips.tables.js';

/** The fields of an order event the fraud check reads. */
export interface OrderParties { orderId: string; cityId?: string | null; customerId: string; providerId: string | null }

export const SELF_DEALING_LEDGER_REASON = 'fraud.self_dealing';
export const selfDealingKey = (orderId: string) => `fraud.self_dealing:${orderId}`;

/**
 * FRD-1: the same person as customer and provider of one order (the same account, national ID or
 * device, or accounts ops linked as relatives acting together) is self-dealing. The order is
 * flagged when accepted and ops are told; when it completes, the provider is charged
 * fraud.selfDealingFareMultiplier x the fare, provider_wallet -> penalty_revenue, once per order.
 */
export class SelfDealingService {
  constructor(private readonly d: TripsDeps) {}

  async reasons(customerId: string, providerId: string, hints?: { device: boolean; link: boolean }): Promise<SelfDealingReason[]> {
    if (customerId === providerId) return [{ type: 'same_account' }];
    const db = this.d.platform.db;
    const [c, p, devices, link] = await Promise.all([
      this.d.users.get(customerId), this.d.users.get(providerId),
      hints && !hints.device ? [] : repo.sharedDevices(db, customerId, providerId),
      hints && !hints.link ? undefined : repo.activeLinkBetween(db, customerId, providerId),
    ]);
    const out: SelfDealingReason[] = [];
    if (c?.nationalId && c.nationalId === p?.nationalId) out.push({ type: 'national_id' });
    for (const deviceId of devices) out.push({ type: 'device', deviceId });
    if (link) out.push({ type: 'account_link', linkId: link.id });
    return out;
  }

  /**
   * At acceptance: flags the order (once) and tells ops on their live channel and the bus. After
   * an ops hand-over (PRV-12, accepted again) an open flag follows the pair now on the order.
   */
  async check(o: OrderParties): Promise<FraudFlagRow | undefined> {
    if (!o.providerId) return undefined;
    const providerId = o.providerId;
    const db = this.d.platform.db;
    // Usually nothing is shared and nothing was flagged: one statement says so.
    const hints = o.customerId === providerId ? undefined : await repo.selfDealingHints(db, o.orderId, o.customerId, providerId);
    const reasons = await this.reasons(o.customerId, providerId, hints);
    const existing = hints && !hints.flag ? undefined : await repo.flagOfOrder(db, o.orderId);
    if (existing?.status === 'open' && existing.providerId !== providerId) {
      if (!reasons.length) {
        return repo.resolveFlag(db, existing.id, { status: 'dismissed', resolvedAt: this.d.platform.clock.now(), resolveReason: 'handed over to another provider (PRV-12)' });
      }
      return repo.reflag(db, existing.id, providerId, reasons);
    }
    if (!reasons.length || existing) return existing;
    return inTransaction(this.d.platform, async (tx, after) => {
      const now = this.d.platform.clock.now();
      const flag = await repo.insertFlag(tx, {
        id: newId('flg', now.getTime()), kind: 'self_dealing', orderId: o.orderId, cityId: o.cityId ?? null,
        customerId: o.customerId, providerId, reasons, status: 'open', createdAt: now,
      });
      if (!flag) return repo.flagOfOrder(tx, o.orderId);
      after.publish('fraud.flagged', { flagId: flag.id, kind: 'self_dealing', orderId: o.orderId, cityId: flag.cityId, customerId: o.customerId, providerId, reasons: reasons.map((r) => r.type) });
      after.run(() => this.d.links.live?.publish(`ops:${flag.cityId ?? 'all'}`, { type: 'fraud.flagged', flag: flagView(flag) }));
      return flag;
    });
  }

  /**
   * At completion: checks again (a link ops added during the trip counts, a lost acceptance event
   * too), then charges an open flag of the provider who did the job. The ledger key makes a
   * repeated completion charge nothing more.
   */
  async onCompleted(o: OrderParties): Promise<FraudFlagRow | undefined> {
    const flag = await this.check(o);
    if (!flag || flag.status !== 'open') return flag;
    const order = await this.d.orders.get(o.orderId);
    if (!order || order.status !== 'completed' || order.providerId !== flag.providerId) return flag;
    const multiplier = this.d.settings.get('fraud.selfDealingFareMultiplier');
    const penaltyRials = order.priceRials * BigInt(multiplier);
    return inTransaction(this.d.platform, async (tx) => {
      const now = this.d.platform.clock.now();
      const charged = await repo.resolveFlag(tx, flag.id, { status: 'charged', fareRials: order.priceRials, multiplier, penaltyRials, resolvedAt: now, resolveReason: 'charged at completion' });
      if (!charged) return repo.flagById(tx, flag.id);
      if (penaltyRials === 0n) return charged;
      const transfer = await this.d.ledger.transfer(tx, {
        idempotencyKey: selfDealingKey(o.orderId), reason: SELF_DEALING_LEDGER_REASON, reference: { type: 'order', id: o.orderId },
        legs: [{ from: userAccount(flag.providerId, 'provider_wallet'), to: platformAccount('penalty_revenue'), amountRials: penaltyRials }],
        memo: `FRD-1 self-dealing: ${multiplier} x fare`,
      });
      return repo.resolveFlagTransfer(tx, flag.id, transfer.id);
    });
  }

  flags(q: { status?: FraudFlagStatus; limit: number; offset: number }): Promise<FraudFlagRow[]> {
    return repo.flags(this.d.platform.db, q.status, q.limit, q.offset);
  }

  /** Ops clear a flag that is not self-dealing before the charge (audited); a charged flag stays. */
  async dismiss(actor: Actor, id: string, reason: string): Promise<FraudFlagRow> {
    return inTransaction(this.d.platform, async (tx) => {
      const before = await repo.flagById(tx, id);
      if (!before) throw notFound(E.FRAUD_FLAG_NOT_FOUND, 'No such fraud flag');
      const row = await repo.resolveFlag(tx, id, { status: 'dismissed', resolvedAt: this.d.platform.clock.now(), resolvedBy: actor.id, resolveReason: reason });
      if (!row) throw conflict(E.FRAUD_FLAG_RESOLVED, 'This flag is already resolved', { status: before.status });
      await this.d.audit.record(tx, actor, { action: 'fraud_flag.dismiss', targetType: 'fraud_flag', targetId: id, before: { status: before.status }, after: { status: row.status }, reason });
      return row;
    });
  }

  // ---- ops account links: relatives acting together count as one person (audited) ----

  async link(actor: Actor, input: { userIds: [string, string]; reason: string }): Promise<AccountLinkRow> {
    const [a, b] = [...input.userIds].sort() as [string, string];
    if (a === b) throw validation(E.ACCOUNT_LINK_SELF, 'Link two different accounts');
    const [ua, ub] = await Promise.all([this.d.users.get(a), this.d.users.get(b)]);
    if (!ua || !ub) throw notFound(E.USER_NOT_FOUND, 'No such account', { userId: ua ? b : a });
    try {
      return await inTransaction(this.d.platform, async (tx) => {
        const now = this.d.platform.clock.now();
        const row = await repo.insertLink(tx, { id: newId('alk', now.getTime()), userA: a, userB: b, reason: input.reason, createdBy: actor.id, createdAt: now });
        await this.d.audit.record(tx, actor, { action: 'account_link.create', targetType: 'account_link', targetId: row.id, after: { userA: a, userB: b }, reason: input.reason });
        return row;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'account_links_active')) throw conflict(E.ACCOUNT_LINK_EXISTS, 'These accounts are already linked');
      throw err;
    }
  }

  async unlink(actor: Actor, id: string, reason: string): Promise<AccountLinkRow> {
    return inTransaction(this.d.platform, async (tx) => {
      const row = await repo.removeLink(tx, id, { removedAt: this.d.platform.clock.now(), removedBy: actor.id, removedReason: reason });
      if (!row) throw notFound(E.ACCOUNT_LINK_NOT_FOUND, 'No such active account link');
      await this.d.audit.record(tx, actor, { action: 'account_link.remove', targetType: 'account_link', targetId: id, before: { userA: row.userA, userB: row.userB }, reason });
      return row;
    });
  }

  links(q: { userId?: string; limit: number }): Promise<AccountLinkRow[]> {
    return repo.links(this.d.platform.db, q.userId, q.limit);
  }
}

export function flagView(f: FraudFlagRow) {
  return {
    id: f.id, kind: f.kind, orderId: f.orderId, cityId: f.cityId, customerId: f.customerId, providerId: f.providerId, reasons: f.reasons, status: f.status,
    fareRials: f.fareRials?.toString() ?? null, multiplier: f.multiplier, penaltyRials: f.penaltyRials?.toString() ?? null,
    ledgerTransferId: f.ledgerTransferId, createdAt: f.createdAt.toISOString(), resolvedAt: f.resolvedAt?.toISOString() ?? null,
    resolvedBy: f.resolvedBy, resolveReason: f.resolveReason,
  };
}
