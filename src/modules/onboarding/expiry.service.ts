import type { AfterCommit } from '../../platform/events.js';
import type { DbOrTx } from '../../platform/db.js';
import { inTransaction } from '../../platform/context.js';
import { localDate } from '../../platform/time.js';
import type { Actor } from '../ops/audit.service.js';
import type { FleetType } from '../providers/index.js';
import { DOCUMENT_NAMES, hasExpiredRequirement } from './checklist.js';
import { onboardingRepo as repo } from './onboarding.repo.js';
import type { DocumentType } from './onboarding.tables.js';
import { SYSTEM_ACTOR, type OnboardingDeps } from './onboarding.deps.js';

const DAY_MS = 86_400_000;
export const EXPIRED_REASON = 'document_expired';

/**
 * PRV-2: reminders before a document expires (once per document) and deactivation when a required
 * document has expired, until a replacement is approved. Run by a periodic job; every step is
 * guarded, so running it again the same day changes nothing.
 */
export class ExpiryService {
  constructor(private readonly d: OnboardingDeps) {}

  required(fleetType: FleetType): DocumentType[][] {
    return (this.d.settings.get('onboarding.requiredDocuments') as Record<string, DocumentType[][]>)[fleetType] ?? [];
  }

  /** The daily check; returns what it did (tests and logs read it). */
  async runDaily(): Promise<{ reminded: number; deactivated: number }> {
    const reminded = await this.remind();
    const deactivated = await this.deactivateExpired();
    return { reminded, deactivated };
  }

  private async remind(): Promise<number> {
    const now = this.d.platform.clock.now();
    const days = this.d.settings.get('onboarding.expiryReminderDays');
    const today = localDate(now);
    const due = await repo.dueReminders(this.d.platform.db, today, localDate(new Date(now.getTime() + days * DAY_MS)));
    let sent = 0;
    for (const doc of due) {
      const user = await this.d.accounts.get(doc.userId).catch(() => null);
      if (!user) continue;
      const left = Math.max(0, Math.round((Date.parse(doc.expiresOn!) - Date.parse(today)) / DAY_MS));
      const ok = await inTransaction(this.d.platform, async (tx, after) => {
        if (!(await repo.markReminded(tx, doc.id, now))) return false;
        await this.d.notifications.enqueue(tx, { channel: 'sms', to: user.mobile, userId: user.id, template: 'provider.documentExpiring', locale: user.locale, params: { document: DOCUMENT_NAMES[doc.type][user.locale], days: left } }, after);
        return true;
      });
      if (ok) sent++;
    }
    return sent;
  }

  private async deactivateExpired(): Promise<number> {
    const today = localDate(this.d.platform.clock.now());
    let count = 0;
    for (const userId of await repo.usersWithExpired(this.d.platform.db, today)) {
      const profile = await this.d.providers.get(userId);
      if (!profile || profile.status !== 'active') continue;
      const docs = await repo.documentsOf(this.d.platform.db, userId);
      const expiredType = hasExpiredRequirement(this.required(profile.fleetType), docs, today);
      if (!expiredType) continue;
      const user = await this.d.accounts.get(userId).catch(() => null);
      const changed = await inTransaction(this.d.platform, async (tx, after) => {
        const r = await this.d.providers.setStatus(tx, userId, 'inactive', EXPIRED_REASON);
        if (!r.changed) return false;
        await this.d.audit.record(tx, SYSTEM_ACTOR, { action: 'provider.deactivate', targetType: 'provider', targetId: userId, before: { status: 'active' }, after: { status: 'inactive' }, reason: `${EXPIRED_REASON}: ${expiredType}` });
        if (user) await this.d.notifications.enqueue(tx, { channel: 'sms', to: user.mobile, userId, template: 'provider.deactivated', locale: user.locale, params: { document: DOCUMENT_NAMES[expiredType][user.locale] } }, after);
        after.publish('provider.deactivated', { userId, reason: EXPIRED_REASON });
        return true;
      });
      if (changed) count++;
    }
    return count;
  }

  /** After an approval: a provider deactivated for an expired document works again once none is expired. */
  async reactivateIfComplete(tx: DbOrTx, after: AfterCommit, actor: Actor, userId: string, fleetType: FleetType): Promise<boolean> {
    if ((await this.d.providers.statusReason(tx, userId)) !== EXPIRED_REASON) return false;
    const docs = await repo.documentsOf(tx, userId);
    if (hasExpiredRequirement(this.required(fleetType), docs, localDate(this.d.platform.clock.now()))) return false;
    const r = await this.d.providers.setStatus(tx, userId, 'active', null);
    if (!r.changed) return false;
    await this.d.audit.record(tx, actor, { action: 'provider.reactivate', targetType: 'provider', targetId: userId, before: { status: 'inactive', reason: EXPIRED_REASON }, after: { status: 'active' } });
    after.publish('provider.reactivated', { userId });
    return true;
  }
}
