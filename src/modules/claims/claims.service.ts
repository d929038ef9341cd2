import { inTransaction } from '../../platform/context.js';
import { isUniqueViolation, type Tx } from '../../platform/db.js';
import { conflict, forbidden, notFound, validation } from '../../platform/errors.js';
import type { AfterCommit } from '../../platform/events.js';
import { newId } from '../../platform/ids.js';
import { isLocale } from '../../platform/i18n.js';
import { formatToman } from '../../platform/money.js';
import type { Actor } from '../ops/audit.service.js';
import { checkUpload, type UploadInput } from '../kyc/index.js';
import { platformAccount, userAccount } from '../wallet/index.js';
import type { OrderRow } from '../orders/index.js';
import { ClaimErrors as E } from './claims.errors.js';
import type { ClaimsDeps } from './claims.deps.js';
import { claimsRepo as repo } from './claims.repo.js';
import { assessmentProblem, decideCompensation, type Assessment, type Decision } from './claims.rules.js';
import type { ClaimFileRow, ClaimRow } from './claims.tables.js';

export interface FileClaimInput { orderId: string; description: string; photos: UploadInput[] }
export interface AssessInput extends Assessment { deactivateProvider: boolean; note: string | null }
export interface Viewer { id: string; roles: readonly string[] }

const REVIEWERS = ['ops_agent', 'ops_admin'];
const DAY_MS = 86_400_000;

/**
 * CLM-1 parcel damage claims: the sender files within the window with photos; ops assess with the
 * pure rule in claims.rules.ts; the compensation is one ledger transfer into the customer's wallet,
 * from the provider's wallet when the provider is at fault (who may then be deactivated).
 */
export class ClaimsService {
  constructor(private readonly d: ClaimsDeps) {}

  async file(userId: string, input: FileClaimInput): Promise<ClaimRow> {
    const { platform: p, settings } = this.d;
    const order = await this.d.orders.get(input.orderId);
    // Another customer's order, or no such order: the same 404.
    if (!order || order.customerId !== userId) throw notFound(E.ORDER_NOT_FOUND, 'No such order', { field: 'orderId' });
    this.assertClaimable(order);
    const max = settings.get('claims.maxPhotos');
    if (input.photos.length === 0) throw validation(E.CLAIM_PHOTOS_REQUIRED, 'Add at least one photo of the damage', { field: 'photos' });
    if (input.photos.length > max) throw validation(E.CLAIM_TOO_MANY_PHOTOS, `At most ${max} photos`, { field: 'photos', max });
    const checked = input.photos.map((ph) => checkUpload(ph, settings.get('claims.maxUploadBytes'), ['image/jpeg', 'image/png']));
    if (await repo.claimOfOrder(p.db, order.id)) throw conflict(E.CLAIM_EXISTS, 'A claim for this order was already filed');
    const now = p.clock.now();
    const id = newId('clm', now.getTime());
    const files: ClaimFileRow[] = [];
    for (const c of checked) {
      const fileId = newId('fil', now.getTime());
      const storageKey = `claims/${id.toLowerCase()}/${fileId.toLowerCase()}`;
      await p.files.put(storageKey, c.bytes);
      files.push({ id: fileId, claimId: id, ownerUserId: userId, storageKey, fileName: c.fileName, contentType: c.contentType, sizeBytes: c.bytes.length, sha256: c.sha256, createdAt: now });
    }
    const parcel = order.parcel!;
    const row: ClaimRow = {
      id, orderId: order.id, customerId: userId, providerId: order.providerId, status: 'submitted', description: input.description.trim(),
      declaredValueRials: BigInt(parcel.declaredValueRials || '0'), category: parcel.category, contentsVisible: parcel.contentsVisible,
      podDamage: order.pod?.damage ?? null, assessment: null, compensationRials: 0n, paidBy: null, transferId: null, rejectReason: null, note: null,
      decidedBy: null, decidedAt: null, createdAt: now,
    };
    try {
      await inTransaction(p, async (tx) => {
        await repo.insertClaim(tx, row);
        for (const f of files) await repo.insertFile(tx, f);
        await this.d.reviews.enqueue(tx, { kind: 'claim', subjectId: id, subjectUserId: userId, cityId: order.cityId, title: `خسارت مرسوله - ${order.id}`, link: `/ops/claims/${id}` });
      });
    } catch (err) {
      await Promise.all(files.map((f) => p.files.delete(f.storageKey).catch(() => undefined)));
      if (isUniqueViolation(err)) throw conflict(E.CLAIM_EXISTS, 'A claim for this order was already filed');
      throw err;
    }
    return row;
  }

  /** A delivered or returned parcel, within the window; ORD-9: after a clean signature, no claim. */
  private assertClaimable(order: OrderRow): void {
    if (order.kind !== 'parcel' || !order.parcel) throw validation(E.CLAIM_NOT_PARCEL, 'Damage claims are for parcels', { field: 'orderId' });
    if (order.status !== 'completed' && order.status !== 'returned') throw conflict(E.CLAIM_ORDER_NOT_DELIVERED, 'The parcel has not been delivered or returned yet', { status: order.status });
    if (order.status === 'completed' && order.pod && !order.pod.damage) {
      throw forbidden(E.CLAIM_DAMAGE_NOT_DECLARED, 'The recipient signed without declaring damage; damage had to be declared before signing');
    }
    const endedAt = order.completedAt ?? order.endedAt ?? order.updatedAt;
    const days = this.d.settings.get('claims.fileWithinDays');
    if (this.d.platform.clock.now().getTime() > endedAt.getTime() + days * DAY_MS) throw conflict(E.CLAIM_WINDOW_CLOSED, `Claims must be filed within ${days} days`, { days });
  }

  mine(userId: string): Promise<ClaimRow[]> {
    return repo.claimsOf(this.d.platform.db, userId);
  }

  /** A claim with its photos' metadata: its sender or ops; anyone else gets 404. */
  async getFor(viewer: Viewer, id: string): Promise<{ claim: ClaimRow; files: ClaimFileRow[] }> {
    const claim = await repo.claimById(this.d.platform.db, id);
    if (!claim || (claim.customerId !== viewer.id && !isReviewer(viewer))) throw notFound(E.CLAIM_NOT_FOUND, 'No such claim');
    return { claim, files: await repo.filesOf(this.d.platform.db, id) };
  }

  async photo(viewer: Viewer, claimId: string, fileId: string): Promise<{ bytes: Uint8Array; contentType: string; fileName: string }> {
    await this.getFor(viewer, claimId);
    const f = await repo.fileById(this.d.platform.db, fileId);
    if (!f || f.claimId !== claimId) throw notFound(E.FILE_NOT_FOUND, 'No such file');
    return { bytes: await this.d.platform.files.get(f.storageKey), contentType: f.contentType, fileName: f.fileName };
  }

  list(status: ClaimRow['status']): Promise<ClaimRow[]> {
    return repo.claimsByStatus(this.d.platform.db, status, 200);
  }

  /** ORD-8's declared value cap, which also caps compensation. */
  capRials(): bigint {
    return this.d.settings.rials('parcel.maxDeclaredValueRials');
  }

  /** What the rule would give for an assessment (the ops form shows it before deciding). */
  preview(claim: ClaimRow, a: Assessment): Decision {
    return decideCompensation({ declaredValueRials: claim.declaredValueRials, contentsVisible: claim.contentsVisible }, a, this.capRials());
  }

  /** Ops decide: guarded status change, payout transfer, provider deactivation, audit, queue, SMS. */
  async assess(actor: Actor, id: string, input: AssessInput): Promise<ClaimRow> {
    const { platform: p } = this.d;
    const known = await repo.claimById(p.db, id);
    if (!known) throw notFound(E.CLAIM_NOT_FOUND, 'No such claim');
    const a: Assessment = { extent: input.extent, damagePercent: input.damagePercent, causedByCarriage: input.causedByCarriage, packagingShowsImpact: input.packagingShowsImpact, excludedCause: input.excludedCause, providerAtFault: input.providerAtFault };
    const problem = assessmentProblem(a);
    if (problem) throw validation(E.ASSESSMENT_INVALID, 'Partial damage needs a whole percentage from 1 to 100', { field: problem });
    if ((a.providerAtFault || input.deactivateProvider) && !known.providerId) throw validation(E.NO_PROVIDER, 'This order had no provider', { field: 'providerAtFault' });
    const decision = this.preview(known, a);
    return inTransaction(p, async (tx, after) => {
      await this.d.reviews.assertMayReview(tx, 'claim', id, actor);
      const now = p.clock.now();
      const approved = decision.outcome === 'approved' && decision.compensationRials > 0n;
      const paidBy = approved ? (a.providerAtFault ? 'provider' : 'platform') : null;
      const row = await repo.decideClaim(tx, id, {
        status: approved ? 'approved' : 'rejected', assessment: a, compensationRials: approved ? decision.compensationRials : 0n, paidBy,
        rejectReason: decision.outcome === 'rejected' ? decision.reason : approved ? null : 'no_compensation', note: input.note, decidedBy: actor.id, decidedAt: now,
      });
      if (!row) throw conflict(E.CLAIM_ALREADY_DECIDED, 'This claim has already been decided', { status: (await repo.claimById(tx, id))?.status });
      if (approved) row.transferId = await this.payOut(tx, row);
      if (input.deactivateProvider && row.providerId) await this.deactivate(tx, actor, row);
      await this.d.audit.record(tx, actor, {
        action: 'claim.assess', targetType: 'claim', targetId: id, reason: input.note,
        before: { status: 'submitted' }, after: { status: row.status, compensationRials: String(row.compensationRials), paidBy, rejectReason: row.rejectReason, assessment: a, transferId: row.transferId },
      });
      await this.d.reviews.resolve(tx, 'claim', id, row.status, actor);
      await this.sms(tx, after, row);
      return row;
    });
  }

  /** One transfer, keyed by the claim: a retried decision can never pay twice. */
  private async payOut(tx: Tx, row: ClaimRow): Promise<string> {
    const from = row.paidBy === 'provider' ? userAccount(row.providerId!, 'provider_wallet') : platformAccount('platform_revenue');
    const t = await this.d.ledger.transfer(tx, {
      idempotencyKey: `claim:${row.id}:payout`, reason: 'claim.compensation', reference: { type: 'claim', id: row.id },
      legs: [{ from, to: userAccount(row.customerId, 'customer_wallet'), amountRials: row.compensationRials }], memo: `Parcel damage ${row.orderId}`,
    });
    await repo.setClaimTransfer(tx, row.id, t.id);
    return t.id;
  }

  private async deactivate(tx: Tx, actor: Actor, row: ClaimRow): Promise<void> {
    const r = await this.d.providers.setStatus(tx, row.providerId!, 'inactive', 'claim');
    if (r.changed) await this.d.audit.record(tx, actor, { action: 'provider.deactivate', targetType: 'user', targetId: row.providerId!, reason: `claim ${row.id}`, before: { status: 'active' }, after: { status: 'inactive' } });
  }

  private async sms(tx: Tx, after: AfterCommit, row: ClaimRow): Promise<void> {
    const user = await repo.contactOf(tx, row.customerId);
    if (!user) return;
    const locale = isLocale(user.locale) ? user.locale : 'fa';
    const result = row.status === 'approved'
      ? { fa: `${formatToman(row.compensationRials, 'fa')} به کیف پول شما واریز شد.`, ar: `تم إيداع ${formatToman(row.compensationRials, 'ar')} في محفظتك.`, en: `${formatToman(row.compensationRials, 'en')} was added to your wallet.` }[locale]
      : { fa: 'خسارتی پرداخت نمی‌شود؛ جزئیات در برنامه.', ar: 'لا يوجد تعويض؛ التفاصيل في التطبيق.', en: 'no compensation; details in the app.' }[locale];
    await this.d.notifications.enqueue(tx, { channel: 'sms', to: user.mobile, userId: user.id, template: 'claim.decided', locale, params: { result } }, after);
  }
}

const isReviewer = (v: Viewer) => v.roles.some((r) => REVIEWERS.includes(r));
