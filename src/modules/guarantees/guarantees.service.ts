import { eq } from 'drizzle-orm';
import { inTransaction } from '../../platform/context.js';
import { isUniqueViolation, type DbOrTx } from '../../platform/db.js';
import { conflict, notFound, validation } from '../../platform/errors.js';
import type { AfterCommit } from '../../platform/events.js';
import { newId } from '../../platform/ids.js';
import { isLocale } from '../../platform/i18n.js';
import { users } from '../identity/identity.tables.js';
import type { OnboardingService } from '../onboarding/index.js';
import type { Actor } from '../ops/audit.service.js';
import type { ProviderSelfServiceDeps, ShopService } from '../shop/index.js';
import { platformAccount, userAccount } from '../wallet/index.js';
import { GuaranteeErrors as E } from './guarantees.errors.js';
import { guaranteesRepo as repo } from './guarantees.repo.js';
import type { GuaranteeReturnRow, ReturnChoice, ReturnStatus } from './guarantees.tables.js';

export interface GuaranteesDeps extends ProviderSelfServiceDeps {
  onboarding: Pick<OnboardingService, 'guarantee' | 'markGuaranteeReturned'>;
  shop: Pick<ShopService, 'equipmentReceivedAtSignupRials'>;
}
export interface ReturnDetail { row: GuaranteeReturnRow; events: Awaited<ReturnType<typeof repo.eventsOf>> }

const LINK_MIN_RIALS = 1000n;

/** The PRV-5 charge: the share (a setting, 50%) of the equipment received at sign-up; only when quitting. */
export function returnCharge(choice: ReturnChoice, equipmentRials: bigint, percent: number): bigint {
  return choice === 'quit' ? (equipmentRials * BigInt(percent)) / 100n : 0n;
}

/**
 * PRV-5 guarantee return. "continue": the identity document goes back, the provider keeps working.
 * "quit": cooperation ends (provider inactive) and the guarantee documents go back against the
 * charge, collected from the wallet or by SMS payment link; then ops post them with a tracking
 * number (postage paid on delivery) and the guarantee is marked returned.
 */
export class GuaranteeReturnsService {
  constructor(private readonly d: GuaranteesDeps) {}

  private get db() { return this.d.platform.db; }
  private now() { return this.d.platform.clock.now(); }

  /** What a return would charge now (shown before the provider asks). */
  async quote(userId: string) {
    const equipmentRials = await this.d.shop.equipmentReceivedAtSignupRials(this.db, userId);
    const percent = this.percent();
    const guarantee = await this.d.onboarding.guarantee(this.db, userId);
    return { equipmentRials, percent, quitChargeRials: returnCharge('quit', equipmentRials, percent), guaranteeHeld: guarantee?.status === 'held' };
  }

  async request(userId: string, input: { choice: ReturnChoice; postalAddress: string }): Promise<ReturnDetail> {
    const provider = await this.d.providers.get(userId);
    if (!provider) throw notFound(E.NOT_A_PROVIDER, 'Only providers can ask for their guarantee back');
    const now = this.now();
    const id = newId('grt', now.getTime());
    try {
      await inTransaction(this.d.platform, async (tx) => {
        const g = await this.d.onboarding.guarantee(tx, userId);
        if (!g || g.status !== 'held') throw conflict(E.GUARANTEE_NOT_HELD, 'No guarantee of yours is held');
        const equipmentRials = await this.d.shop.equipmentReceivedAtSignupRials(tx, userId);
        const percent = this.percent();
        await repo.insert(tx, {
          id, userId, choice: input.choice, status: 'requested', equipmentRials, chargePercent: percent, chargeRials: returnCharge(input.choice, equipmentRials, percent),
          postalAddress: input.postalAddress, collect: null, transferId: null, linkId: null, trackingNumber: null, rejectReason: null,
          decidedBy: null, decidedAt: null, shippedAt: null, createdAt: now,
        });
        await this.event(tx, id, 'requested', userId, null);
        await this.d.reviews.enqueue(tx, { kind: 'guarantee_return', subjectId: id, subjectUserId: userId, cityId: provider.cityId, title: `${input.choice === 'quit' ? 'استرداد ضمانت و پایان همکاری' : 'استرداد مدرک و ادامه همکاری'} - ${g.serial}`, link: `/ops/guarantee-returns/${id}` });
      });
    } catch (err) {
      if (isUniqueViolation(err, 'guarantee_returns_one_open')) throw conflict(E.RETURN_OPEN, 'You already have an open guarantee return');
      throw err;
    }
    return this.detail(id);
  }

  async cancel(userId: string, id: string): Promise<ReturnDetail> {
    await inTransaction(this.d.platform, async (tx) => {
      const cur = await repo.byId(tx, id);
      if (!cur || cur.userId !== userId) throw notFound(E.RETURN_NOT_FOUND, 'No such guarantee return');
      if (!(await repo.transition(tx, id, ['requested'], { status: 'cancelled' }))) throw conflict(E.RETURN_WRONG_STATUS, 'Only a return not yet reviewed can be cancelled', { status: cur.status });
      await this.event(tx, id, 'cancelled', userId, null);
      await this.d.reviews.resolve(tx, 'guarantee_return', id, 'cancelled', { id: userId });
    });
    return this.detail(id);
  }

  /** Ops approve: collect the charge (wallet now, or an SMS link), and on "quit" end cooperation. */
  async approve(actor: Actor, id: string, collect: 'wallet' | 'link'): Promise<ReturnDetail> {
    const pre = await repo.byId(this.db, id);
    if (!pre) throw notFound(E.RETURN_NOT_FOUND, 'No such guarantee return');
    const how = pre.chargeRials === 0n ? 'none' : collect;
    if (how === 'link' && (pre.chargeRials < LINK_MIN_RIALS || pre.chargeRials > this.d.settings.rials('payments.linkMaxRials'))) {
      throw validation(E.LINK_AMOUNT, 'The charge is outside what a payment link can carry; collect it from the wallet');
    }
    await inTransaction(this.d.platform, async (tx) => {
      await this.d.reviews.assertMayReview(tx, 'guarantee_return', id, actor);
      const next: ReturnStatus = how === 'link' ? 'awaiting_payment' : 'ready';
      const row = await repo.transition(tx, id, ['requested'], { status: next, collect: how, decidedBy: actor.id, decidedAt: this.now() });
      if (!row) throw conflict(E.RETURN_WRONG_STATUS, 'Only a requested return can be approved', { status: pre.status });
      if (how === 'wallet') {
        const t = await this.d.ledger.transfer(tx, {
          idempotencyKey: `guarantee:return:${id}`, reason: 'guarantee.return_charge', reference: { type: 'guarantee_return', id },
          legs: [{ from: userAccount(row.userId, 'provider_wallet'), to: platformAccount('platform_revenue'), amountRials: row.chargeRials }], memo: 'Guarantee return: equipment share',
        });
        await repo.transition(tx, id, ['ready'], { transferId: t.id });
      }
      if (row.choice === 'quit') await this.d.providers.setStatus(tx, row.userId, 'inactive', 'quit');
      await this.event(tx, id, 'approved', actor.id, null);
      if (next === 'ready' && how !== 'none') await this.event(tx, id, 'paid', actor.id, null);
      await this.d.audit.record(tx, actor, { action: 'guarantee_return.approve', targetType: 'guarantee_return', targetId: id, before: { status: 'requested' }, after: { status: next, collect: how, chargeRials: String(row.chargeRials), choice: row.choice } });
      await this.d.reviews.resolve(tx, 'guarantee_return', id, 'approved', actor);
    });
    if (how === 'link') {
      const link = await this.d.links.create(actor, { userId: pre.userId, amountRials: pre.chargeRials, reason: 'guarantee_return', description: `Guarantee return ${id}` });
      await repo.transition(this.db, id, ['awaiting_payment'], { linkId: link.id });
    }
    return this.detail(id);
  }

  async reject(actor: Actor, id: string, reason: string): Promise<ReturnDetail> {
    await inTransaction(this.d.platform, async (tx) => {
      await this.d.reviews.assertMayReview(tx, 'guarantee_return', id, actor);
      const row = await this.move(tx, id, ['requested'], { status: 'rejected', rejectReason: reason, decidedBy: actor.id, decidedAt: this.now() });
      await this.event(tx, id, 'rejected', actor.id, reason);
      await this.d.audit.record(tx, actor, { action: 'guarantee_return.reject', targetType: 'guarantee_return', targetId: id, before: { status: 'requested' }, after: { status: 'rejected' }, reason });
      await this.d.reviews.resolve(tx, 'guarantee_return', id, 'rejected', actor);
      void row;
    });
    return this.detail(id);
  }

  /** PAY-5: the charge was paid through its link (subscribed to payment.succeeded). */
  async onLinkPaid(linkId: string): Promise<void> {
    const cur = await repo.byLink(this.db, linkId);
    if (!cur) return;
    await inTransaction(this.d.platform, async (tx) => {
      if (await repo.transition(tx, cur.id, ['awaiting_payment'], { status: 'ready' })) await this.event(tx, cur.id, 'paid', null, null);
    });
  }

  /** Ops post the documents with a tracking number; on "quit" the guarantee is marked returned. */
  async ship(actor: Actor, id: string, trackingNumber: string): Promise<ReturnDetail> {
    await inTransaction(this.d.platform, async (tx, after) => {
      const row = await this.move(tx, id, ['ready'], { status: 'shipped', trackingNumber, shippedAt: this.now() });
      if (row.choice === 'quit') await this.d.onboarding.markGuaranteeReturned(tx, row.userId, actor);
      await this.event(tx, id, 'shipped', actor.id, trackingNumber);
      await this.d.audit.record(tx, actor, { action: 'guarantee_return.ship', targetType: 'guarantee_return', targetId: id, before: { status: 'ready' }, after: { status: 'shipped', trackingNumber } });
      await this.sms(tx, row.userId, { tracking: trackingNumber }, after);
    });
    return this.detail(id);
  }

  mine(userId: string) { return repo.of(this.db, userId); }
  list(status?: ReturnStatus) { return repo.byStatus(this.db, status); }

  async getFor(viewer: { id: string; staff: boolean }, id: string): Promise<ReturnDetail> {
    const row = await repo.byId(this.db, id);
    if (!row || (!viewer.staff && row.userId !== viewer.id)) throw notFound(E.RETURN_NOT_FOUND, 'No such guarantee return');
    return { row, events: await repo.eventsOf(this.db, id) };
  }

  private percent(): number { return this.d.settings.get('provider.guaranteeReturnEquipmentChargePercent'); }

  private async move(tx: DbOrTx, id: string, from: ReturnStatus[], set: Partial<GuaranteeReturnRow>): Promise<GuaranteeReturnRow> {
    const row = await repo.transition(tx, id, from, set);
    if (row) return row;
    const cur = await repo.byId(tx, id);
    if (!cur) throw notFound(E.RETURN_NOT_FOUND, 'No such guarantee return');
    throw conflict(E.RETURN_WRONG_STATUS, `The return is ${cur.status}`, { status: cur.status });
  }

  private event(tx: DbOrTx, returnId: string, status: string, actorId: string | null, note: string | null) {
    return repo.insertEvent(tx, { id: newId('gre', this.now().getTime()), returnId, status, actorId, note, createdAt: this.now() });
  }

  private async sms(tx: DbOrTx, userId: string, params: Record<string, string>, after: AfterCommit) {
    const u = (await tx.select({ mobile: users.mobile, locale: users.locale }).from(users).where(eq(users.id, userId)).limit(1))[0];
    if (u) await this.d.notifications.enqueue(tx, { channel: 'sms', to: u.mobile, userId, template: 'guarantee.shipped', locale: isLocale(u.locale) ? u.locale : 'fa', params }, after);
  }

  private async detail(id: string): Promise<ReturnDetail> {
    const row = (await repo.byId(this.db, id))!;
    return { row, events: await repo.eventsOf(this.db, id) };
  }
}
