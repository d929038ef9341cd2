import { inTransaction } from '../../platform/context.js';
import { isUniqueViolation, type Tx } from '../../platform/db.js';
import { conflict, forbidden, notFound, validation } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { isLocale } from '../../platform/i18n.js';
import type { Actor } from '../ops/audit.service.js';
import { ClaimErrors as E } from './claims.errors.js';
import type { ClaimsDeps } from './claims.deps.js';
import { claimsRepo as repo } from './claims.repo.js';
import type { ComplaintOutcome, ComplaintRow } from './claims.tables.js';
import type { PenaltiesService } from './penalties.service.js';

export const COMPLAINT_CATEGORIES = ['behaviour', 'safety', 'driving', 'vehicle', 'overcharge', 'lateness', 'parcel_handling', 'other'] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

export interface FileComplaintInput { orderId?: string | null; againstUserId?: string | null; category: ComplaintCategory; description: string }
export interface DecideComplaintInput { outcome: ComplaintOutcome; note: string; amountRials?: bigint | null }

/** What a provider sees of a complaint against them: never who complained. */
export type ProviderComplaintView = Pick<ComplaintRow, 'id' | 'orderId' | 'category' | 'status' | 'outcome' | 'note' | 'createdAt' | 'decidedAt'>;

/**
 * CLM-2 complaints against a provider or assistant: about an order the complainant was the
 * customer of (the subject is that order's provider) or general (a named provider). Ops decide:
 * dismissed, warning (SMS), penalty (PAY-6, ops admin only) or deactivation; audited.
 */
export class ComplaintsService {
  constructor(private readonly d: ClaimsDeps, private readonly penalties: PenaltiesService) {}

  async file(userId: string, input: FileComplaintInput): Promise<ComplaintRow> {
    const { platform: p } = this.d;
    const against = await this.subjectOf(userId, input);
    const now = p.clock.now();
    const row: ComplaintRow = {
      id: newId('clm', now.getTime()), complainantId: userId, againstUserId: against, orderId: input.orderId ?? null, category: input.category,
      description: input.description.trim(), status: 'open', outcome: null, note: null, penaltyId: null, decidedBy: null, decidedAt: null, createdAt: now,
    };
    try {
      await inTransaction(p, async (tx) => {
        await repo.insertComplaint(tx, row);
        await this.d.reviews.enqueue(tx, { kind: 'complaint', subjectId: row.id, subjectUserId: against, title: `شکایت (${row.category})${row.orderId ? ` - ${row.orderId}` : ''}`, link: `/ops/complaints/${row.id}` });
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(E.COMPLAINT_EXISTS, 'You already have an open complaint about this order');
      throw err;
    }
    return row;
  }

  /** The provider complained about; an order must be the complainant's own (else 404, as for any order). */
  private async subjectOf(userId: string, input: FileComplaintInput): Promise<string> {
    if (input.orderId) {
      const order = await this.d.orders.get(input.orderId);
      if (!order || order.customerId !== userId) throw notFound(E.ORDER_NOT_FOUND, 'No such order', { field: 'orderId' });
      if (!order.providerId) throw validation(E.COMPLAINT_ORDER_NO_PROVIDER, 'No provider took this order', { field: 'orderId' });
      if (input.againstUserId && input.againstUserId !== order.providerId) throw validation(E.COMPLAINT_SUBJECT_NOT_FOUND, 'That provider did not serve this order', { field: 'againstUserId' });
      return order.providerId;
    }
    if (!input.againstUserId) throw validation(E.COMPLAINT_SUBJECT_REQUIRED, 'Say which order or which provider the complaint is about', { field: 'orderId' });
    const provider = input.againstUserId === userId ? null : await this.d.providers.get(input.againstUserId);
    if (!provider) throw notFound(E.COMPLAINT_SUBJECT_NOT_FOUND, 'No such provider', { field: 'againstUserId' });
    return provider.userId;
  }

  mine(userId: string): Promise<ComplaintRow[]> {
    return repo.complaintsBy(this.d.platform.db, userId);
  }

  async getMine(userId: string, id: string): Promise<ComplaintRow> {
    const c = await repo.complaintById(this.d.platform.db, id);
    if (!c || c.complainantId !== userId) throw notFound(E.COMPLAINT_NOT_FOUND, 'No such complaint');
    return c;
  }

  async against(providerId: string): Promise<ProviderComplaintView[]> {
    return (await repo.complaintsAgainst(this.d.platform.db, providerId)).map((c) => ({
      id: c.id, orderId: c.orderId, category: c.category, status: c.status, outcome: c.outcome, note: c.note, createdAt: c.createdAt, decidedAt: c.decidedAt,
    }));
  }

  list(status: ComplaintRow['status']): Promise<ComplaintRow[]> {
    return repo.complaintsByStatus(this.d.platform.db, status, 200);
  }

  async get(id: string): Promise<ComplaintRow> {
    const c = await repo.complaintById(this.d.platform.db, id);
    if (!c) throw notFound(E.COMPLAINT_NOT_FOUND, 'No such complaint');
    return c;
  }

  async decide(actor: Actor, id: string, input: DecideComplaintInput): Promise<ComplaintRow> {
    // Role separation: a penalty moves money, so only an ops admin decides one (PAY-6).
    if (input.outcome === 'penalty' && !actor.roles.includes('ops_admin')) throw forbidden(E.PENALTY_ROLE_REQUIRED, 'Only an ops admin may decide a penalty');
    const known = await this.get(id);
    return inTransaction(this.d.platform, async (tx, after) => {
      await this.d.reviews.assertMayReview(tx, 'complaint', id, actor);
      const row = await repo.decideComplaint(tx, id, { status: 'decided', outcome: input.outcome, note: input.note.trim(), decidedBy: actor.id, decidedAt: this.d.platform.clock.now() });
      if (!row) throw conflict(E.COMPLAINT_ALREADY_DECIDED, 'This complaint has already been decided');
      if (input.outcome === 'penalty') {
        const penalty = await this.penalties.penalize(tx, actor, known.againstUserId, input.amountRials ?? this.penalties.defaultRials(), input.note, { type: 'complaint', id }, after);
        row.penaltyId = penalty.id;
        await repo.setComplaintPenalty(tx, id, penalty.id);
      }
      if (input.outcome === 'deactivation') await this.deactivate(tx, actor, row);
      if (input.outcome === 'warning') await this.warn(tx, after, row);
      await this.d.audit.record(tx, actor, { action: 'complaint.decide', targetType: 'user', targetId: row.againstUserId, reason: row.note, before: { complaintId: id, status: 'open' }, after: { complaintId: id, outcome: row.outcome, penaltyId: row.penaltyId } });
      await this.d.reviews.resolve(tx, 'complaint', id, input.outcome, actor);
      return row;
    });
  }

  private async deactivate(tx: Tx, actor: Actor, row: ComplaintRow): Promise<void> {
    const r = await this.d.providers.setStatus(tx, row.againstUserId, 'inactive', 'complaint');
    if (r.changed) await this.d.audit.record(tx, actor, { action: 'provider.deactivate', targetType: 'user', targetId: row.againstUserId, reason: `complaint ${row.id}: ${row.note}`, before: { status: 'active' }, after: { status: 'inactive' } });
  }

  private async warn(tx: Tx, after: Parameters<ClaimsDeps['notifications']['enqueue']>[2], row: ComplaintRow): Promise<void> {
    const user = await repo.contactOf(tx, row.againstUserId);
    if (!user) return;
    const locale = isLocale(user.locale) ? user.locale : 'fa';
    await this.d.notifications.enqueue(tx, { channel: 'sms', to: user.mobile, userId: user.id, template: 'complaint.warning', locale, params: { name: user.firstName ?? '', note: row.note ?? '' } }, after);
  }
}
