import { inTransaction } from '../../platform/context.js';
import { conflict, notFound, validation } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { Actor } from '../ops/audit.service.js';
import { ErrandErrors as E } from './errands.errors.js';
import { errandsRepo as repo } from './errands.repo.js';
import { errandView, type ErrandsService, type Viewer } from './errands.service.js';
import type { ErrandRow } from './errands.tables.js';

export interface Candidate { userId: string; name: string; load: number; rating: number | null }

/**
 * PRV-10 / ERR-3: assistants' skills, assignment suggestions (fewest open errands first, then
 * the best rating; ops may pick anyone with the skill), and the assistant's steps.
 */
export class ErrandWorkService {
  constructor(private readonly s: ErrandsService) {}
  private get d() { return this.s.d; }
  private get db() { return this.s.d.platform.db; }

  listAssistants() { return repo.assistants(this.db); }

  /** PRV-10: ops set an assistant's categories (audited). */
  async setSkills(actor: Actor, userId: string, categories: string[], active: boolean) {
    if (!(await this.d.users.get(userId))) throw notFound(E.ASSISTANT_NOT_FOUND, 'No such user');
    return inTransaction(this.d.platform, async (tx) => {
      const before = await repo.assistant(tx, userId);
      const row = { userId, categories: [...new Set(categories)], active, updatedAt: this.d.platform.clock.now() };
      await repo.setAssistant(tx, row);
      await this.d.audit.record(tx, actor, { action: 'errand.assistant.skills', targetType: 'user', targetId: userId, before: before ?? null, after: row });
      return row;
    });
  }

  /** PRV-10: an activated assistant gets the skills chosen in the application. */
  async onProviderActivated(e: { userId: string; fleetType: string; skills: string[] }) {
    if (e.fleetType !== 'assistant') return;
    // Skills are category codes; an application naming a service code gets that service's category.
    const categoryOf = new Map((await repo.services(this.db, false)).map((s) => [s.code, s.category]));
    const categories = [...new Set(e.skills.map((k) => categoryOf.get(k) ?? k))];
    await repo.setAssistant(this.db, { userId: e.userId, categories, active: true, updatedAt: this.d.platform.clock.now() });
  }

  /** ERR-3: active assistants with the errand's category, least loaded first, then best rated. */
  async suggestions(id: string): Promise<Candidate[]> {
    const e = await this.s.forOps(id);
    const rows = await repo.candidates(this.db, e.category);
    return rows.map((r) => ({ userId: r.userId, name: [r.firstName, r.lastName].filter(Boolean).join(' '), load: Number(r.load), rating: r.rating === null ? null : Math.round(Number(r.rating) * 100) / 100 }))
      .sort((a, b) => a.load - b.load || (b.rating ?? 0) - (a.rating ?? 0) || a.userId.localeCompare(b.userId));
  }

  /** ERR-3: ops assign (or reassign before dispatch) a paid errand to an assistant with the skill. */
  async assign(actor: Actor, id: string, assistantId: string): Promise<ErrandRow> {
    const e = await this.s.forOps(id);
    const a = await repo.assistant(this.db, assistantId);
    if (!a || !a.active) throw notFound(E.ASSISTANT_NOT_FOUND, 'No active assistant with this id');
    if (!a.categories.includes(e.category)) throw validation(E.ASSISTANT_LACKS_SKILL, 'This assistant does not have the errand\'s skill', { category: e.category });
    return inTransaction(this.d.platform, async (tx, after) => {
      const row = await this.s.move(tx, e, 'assigned', { assistantId }, actor.id, e.assistantId ? `reassigned from ${e.assistantId}` : null, after);
      await this.d.audit.record(tx, actor, { action: 'errand.assign', targetType: 'errand', targetId: e.id, before: errandView(e), after: errandView(row) });
      return row;
    });
  }

  /** ERR-3 assistant steps: dispatched -> in progress -> done | failed (reason; opens a CLM-3 review). */
  async step(viewer: Viewer, id: string, step: 'dispatch' | 'start' | 'complete' | 'fail', reason?: string | null): Promise<ErrandRow> {
    const e = await this.s.forAssistant(viewer, id);
    const to = ({ dispatch: 'dispatched', start: 'in_progress', complete: 'done', fail: 'failed' } as const)[step];
    if (step === 'fail' && !reason?.trim()) throw validation('REASON_REQUIRED', 'Say why the errand failed');
    return inTransaction(this.d.platform, async (tx, after) => {
      const set = step === 'fail' ? { reason: reason!.trim().slice(0, 500), failureReview: 'open' as const } : {};
      const row = await this.s.move(tx, e, to, set, viewer.id, reason ?? null, after);
      if (step === 'fail') {
        await this.d.reviews.enqueue(tx, { kind: 'errand', subjectId: e.id, subjectUserId: e.customerId, cityId: e.cityId, title: `کار ناموفق (${e.serviceCode}): ${row.reason}`, link: `/ops/errands/${e.id}` });
      }
      return row;
    });
  }

  /** ERR-7: the assistant records the cost incurred so far (kept if the customer cancels now). */
  async recordCost(viewer: Viewer, id: string, costRials: bigint, note?: string | null): Promise<ErrandRow> {
    const e = await this.s.forAssistant(viewer, id);
    if (e.status !== 'dispatched' && e.status !== 'in_progress') throw conflict(E.BAD_STATE, 'Cost is recorded while the errand is under way', { status: e.status });
    if (costRials > e.paidRials) throw validation(E.COST_OVER_PAID, 'The cost so far cannot exceed what was paid', { paidRials: String(e.paidRials) });
    return inTransaction(this.d.platform, async (tx) => {
      const row = await repo.move(tx, e.id, e.status, { costSoFarRials: costRials, updatedAt: this.d.platform.clock.now() });
      if (!row) throw conflict(E.STATE_CHANGED, 'The errand changed meanwhile');
      await repo.addEvent(tx, { id: newId('evt', this.d.platform.clock.now().getTime()), errandId: e.id, fromStatus: e.status, toStatus: e.status, note: `cost ${costRials}${note ? `: ${note.slice(0, 200)}` : ''}`, actorId: viewer.id, at: this.d.platform.clock.now() });
      return row;
    });
  }
}
