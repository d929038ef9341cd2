import type { DbOrTx } from '../../platform/db.js';
import type { Platform } from '../../platform/context.js';
import { conflict, forbidden, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { AuditService, Actor } from '../ops/audit.service.js';
import type { SettingsService } from '../catalog/settings.service.js';
import { ReviewErrors as E } from './reviews.errors.js';
import { reviewsRepo as repo, type ReviewItemWithClaimer } from './reviews.repo.js';
import { REVIEW_KINDS, type ReviewItemRow, type ReviewKind } from './reviews.tables.js';

export interface EnqueueInput {
  kind: ReviewKind;
  subjectId: string;
  subjectUserId?: string | null;
  cityId?: string | null;
  /** Short and human, e.g. "Ali Rezaei - motorcycle courier". */
  title: string;
  /** Web path of the owning module's detail screen. */
  link: string;
  /** Overrides the per-kind setting reviews.slaMinutes. */
  slaMinutes?: number | null;
}

export type SlaState = 'ok' | 'due_soon' | 'late';

export interface ReviewItemView {
  item: ReviewItemWithClaimer;
  ageSeconds: number;
  slaMinutes: number;
  slaState: SlaState;
  /** The claim still holds (claims lapse after reviews.claimTtlMinutes). */
  claimLive: boolean;
}

export interface ReviewQuery {
  status?: 'open' | 'resolved';
  kind?: ReviewKind;
  cityId?: string;
  claim?: 'mine' | 'free' | 'any';
  limit?: number;
  offset?: number;
}

type Who = { id: string | null };

/**
 * OPS-1: one queue of everything waiting for an ops decision. Modules enqueue in the transaction
 * that creates the subject and resolve in the one that decides it; agents claim items so two of
 * them do not review the same one, and nobody reviews their own account's items.
 */
export class ReviewsService {
  constructor(private readonly p: Pick<Platform, 'db' | 'clock'>, private readonly settings: SettingsService, private readonly audit: AuditService) {}

  static readonly kinds = REVIEW_KINDS;

  async enqueue(tx: DbOrTx, item: EnqueueInput): Promise<void> {
    await repo.insertOpen(tx, {
      id: newId('rev', this.p.clock.now().getTime()), kind: item.kind, subjectId: item.subjectId, subjectUserId: item.subjectUserId ?? null,
      cityId: item.cityId ?? null, title: item.title.slice(0, 200), link: item.link, status: 'open', slaMinutes: item.slaMinutes ?? null,
      createdAt: this.p.clock.now(),
    });
  }

  /** REVIEW_OWN_ACCOUNT (403) for an agent's own item; REVIEW_CLAIMED (409) while another agent's claim holds. */
  async assertMayReview(tx: DbOrTx, kind: ReviewKind, subjectId: string, actor: Who): Promise<void> {
    const item = await repo.openFor(tx, kind, subjectId);
    if (!item) return;
    if (actor.id && item.subjectUserId === actor.id) throw forbidden(E.OWN_ACCOUNT, 'You cannot review an item of your own account; another agent must');
    if (item.claimedBy && item.claimedBy !== actor.id && this.claimLive(item)) {
      throw conflict(E.CLAIMED, 'Another agent is reviewing this item', { claimedBy: item.claimedBy });
    }
  }

  async resolve(tx: DbOrTx, kind: ReviewKind, subjectId: string, outcome: string, actor: Who): Promise<void> {
    await repo.resolveOpen(tx, kind, subjectId, { outcome: outcome.slice(0, 60), resolvedBy: actor.id, resolvedAt: this.p.clock.now() });
  }

  async list(agent: Actor, q: ReviewQuery): Promise<ReviewItemView[]> {
    const status = q.status ?? 'open';
    const claim = q.claim && q.claim !== 'any' && agent.id ? { mode: q.claim, agentId: agent.id, lapsedBefore: this.lapsedBefore() } : undefined;
    const rows = await repo.list(this.p.db, { status, kind: q.kind, cityId: q.cityId, claim, limit: Math.min(q.limit ?? 50, 200), offset: q.offset ?? 0 });
    return rows.map((r) => this.view(r));
  }

  /** Open items per kind: how many, how many are late, the oldest one's age. */
  async counts(cityId?: string): Promise<Array<{ kind: ReviewKind; open: number; oldestAgeSeconds: number; oldestLate: boolean }>> {
    const now = this.p.clock.now().getTime();
    const rows = await repo.openCounts(this.p.db, cityId);
    return REVIEW_KINDS.map((kind) => {
      const r = rows.find((x) => x.kind === kind);
      const age = r ? Math.max(0, Math.round((now - new Date(r.oldest).getTime()) / 1000)) : 0;
      return { kind, open: r ? Number(r.count) : 0, oldestAgeSeconds: age, oldestLate: r ? age > this.slaOf(kind, null) * 60 : false };
    });
  }

  async claim(agent: Actor, id: string): Promise<ReviewItemView> {
    const item = await this.openItem(id);
    if (agent.id && item.subjectUserId === agent.id) throw forbidden(E.OWN_ACCOUNT, 'You cannot review an item of your own account; another agent must');
    const row = await repo.claim(this.p.db, id, agent.id!, this.p.clock.now(), this.lapsedBefore());
    if (!row) throw conflict(E.CLAIMED, 'Another agent is reviewing this item', { claimedBy: item.claimedBy });
    return this.view({ ...row, claimerName: null });
  }

  /** The claimer releases; an ops admin may release anyone's claim (audited, since it overrides a colleague). */
  async release(agent: Actor, id: string): Promise<ReviewItemView> {
    const item = await this.openItem(id);
    const mine = item.claimedBy === agent.id;
    if (!mine && !agent.roles.includes('ops_admin')) throw forbidden(E.NOT_CLAIMED_BY_YOU, 'Only the agent holding the claim (or an ops admin) can release it');
    return this.p.db.transaction(async (tx) => {
      const row = await repo.release(tx, id, mine ? agent.id : null);
      if (!row) throw conflict(E.NOT_CLAIMED_BY_YOU, 'The item is not claimed');
      if (!mine) await this.audit.record(tx, agent, { action: 'review.release', targetType: 'review_item', targetId: id, before: { claimedBy: item.claimedBy }, after: { claimedBy: null } });
      return this.view({ ...row, claimerName: null });
    });
  }

  private async openItem(id: string): Promise<ReviewItemRow> {
    const item = await repo.byId(this.p.db, id);
    if (!item) throw notFound(E.ITEM_NOT_FOUND, 'No such review item');
    if (item.status !== 'open') throw conflict(E.ITEM_CLOSED, 'This item has already been decided');
    return item;
  }

  private lapsedBefore(): Date {
    return new Date(this.p.clock.now().getTime() - this.settings.get('reviews.claimTtlMinutes') * 60_000);
  }

  private claimLive(item: ReviewItemRow): boolean {
    return !!item.claimedBy && !!item.claimedAt && item.claimedAt.getTime() >= this.lapsedBefore().getTime();
  }

  private slaOf(kind: ReviewKind, own: number | null): number {
    return own ?? this.settings.get('reviews.slaMinutes')[kind] ?? 24 * 60;
  }

  private view(item: ReviewItemWithClaimer): ReviewItemView {
    const end = item.resolvedAt ?? this.p.clock.now();
    const ageSeconds = Math.max(0, Math.round((end.getTime() - item.createdAt.getTime()) / 1000));
    const slaMinutes = this.slaOf(item.kind, item.slaMinutes);
    const slaState: SlaState = ageSeconds > slaMinutes * 60 ? 'late' : ageSeconds > slaMinutes * 45 ? 'due_soon' : 'ok';
    return { item, ageSeconds, slaMinutes, slaState, claimLive: this.claimLive(item) };
  }
}
