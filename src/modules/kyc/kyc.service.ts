import type { Platform } from '../../platform/context.js';
import { inTransaction } from '../../platform/context.js';
import type { Tx } from '../../platform/db.js';
import { isUniqueViolation } from '../../platform/db.js';
import { conflict, notFound, validation } from '../../platform/errors.js';
import type { AfterCommit } from '../../platform/events.js';
import { newId } from '../../platform/ids.js';
import { isLocale, toAsciiDigits } from '../../platform/i18n.js';
import { formatDateTime } from '../../platform/time.js';
import type { SettingsService } from '../catalog/settings.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { Actor, AuditService } from '../ops/audit.service.js';
import type { ReviewsService } from '../reviews/index.js';
import { isValidNationalId, type AccountsService, type UserCache } from '../identity/index.js';
import { KycErrors as E } from './kyc.errors.js';
import { kycRepo as repo, type SubmissionWithUser } from './kyc.repo.js';
import type { KycRequirementRow, KycStatus, KycSubmissionRow, StoredFileRow } from './kyc.tables.js';
import { checkUpload, putUpload, readUpload, type UploadInput } from './uploads.js';

export interface KycDeps {
  platform: Platform;
  settings: SettingsService;
  audit: AuditService;
  reviews: ReviewsService;
  notifications: NotificationsService;
  users: UserCache;
  accounts: AccountsService;
}

export interface SubmitInput { firstName: string; lastName: string; nationalId: string; card: UploadInput }
export interface MyKyc { status: KycStatus; submission: KycSubmissionRow | null; requirement: KycRequirementRow | null }
export interface Viewer { id: string; roles: readonly string[] }

/** Who may see identity documents besides their owner (ACC-5): ops, not finance. */
const REVIEWERS = ['ops_agent', 'ops_admin'];
const ACTIVE_REQUIREMENT = (r: KycRequirementRow | undefined) => (r && !r.clearedAt ? r : null);

/** Names compare the way people type them: Arabic yeh/kaf = Persian, no ZWNJ, single spaces. */
export function normalizeName(s: string): string {
  return s.normalize('NFC').replace(/\u064a/g, '\u06cc').replace(/\u0643/g, '\u06a9').replace(/[\u200c\u200f\u200e]/g, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * ACC-5 identity verification: none -> submitted -> verified | rejected (then submitted again).
 * The data must match the profile (or fills it when empty); the national card photo is stored
 * through the file seam; ops decide through the 'kyc' review queue, audited, and the user gets an SMS.
 */
export class KycService {
  constructor(private readonly d: KycDeps) {}

  /** The user's current status: their latest submission's, or 'none'. */
  async status(userId: string): Promise<KycStatus> {
    return (await repo.latestOf(this.d.platform.db, userId))?.status ?? 'none';
  }

  async isVerified(userId: string): Promise<boolean> {
    return (await this.status(userId)) === 'verified';
  }

  async mine(userId: string): Promise<MyKyc> {
    const db = this.d.platform.db;
    const submission = (await repo.latestOf(db, userId)) ?? null;
    return { status: submission?.status ?? 'none', submission, requirement: ACTIVE_REQUIREMENT(await repo.requirementOf(db, userId)) };
  }

  async submit(userId: string, input: SubmitInput): Promise<KycSubmissionRow> {
    const { platform: p } = this.d;
    const nationalId = toAsciiDigits(input.nationalId ?? '').replace(/[\s-]/g, '');
    if (!isValidNationalId(nationalId)) throw validation(E.NATIONAL_ID_INVALID, 'The national ID is not valid', { field: 'nationalId' });
    const firstName = cleanName(input.firstName, 'firstName');
    const lastName = cleanName(input.lastName, 'lastName');
    const upload = checkUpload(input.card, this.d.settings.get('kyc.maxUploadBytes'), ['image/jpeg', 'image/png']);
    const current = await repo.latestOf(p.db, userId);
    if (current?.status === 'submitted') throw conflict(E.ALREADY_SUBMITTED, 'Your identity documents are already under review');
    if (current?.status === 'verified') throw conflict(E.ALREADY_VERIFIED, 'Your identity is already verified');
    await this.matchProfile(userId, { nationalId, firstName, lastName });
    const stored = await putUpload(p, upload, { userId, purpose: 'national_card' });
    const user = await this.d.users.get(userId);
    try {
      return await inTransaction(p, async (tx) => {
        await stored.insert(tx);
        const row: KycSubmissionRow = {
          id: newId('kyc', p.clock.now().getTime()), userId, nationalId, firstName, lastName, cardFileId: stored.row.id,
          status: 'submitted', rejectReason: null, decidedBy: null, decidedAt: null, createdAt: p.clock.now(),
        };
        await repo.insertSubmission(tx, row);
        await repo.setUserStatus(tx, userId, 'submitted', p.clock.now());
        await this.d.reviews.enqueue(tx, {
          kind: 'kyc', subjectId: row.id, subjectUserId: userId, cityId: user?.cityId ?? null,
          title: `${firstName} ${lastName} - ${nationalId}`, link: `/ops/kyc/${row.id}`,
        });
        return row;
      });
    } catch (err) {
      await stored.discard();
      if (isUniqueViolation(err)) throw conflict(E.ALREADY_SUBMITTED, 'Your identity documents are already under review');
      throw err;
    } finally {
      this.d.users.invalidate(userId);
    }
  }

  /**
   * The submitted data must be the profile's; fields the profile lacks are set through the
   * identity module (which checks SIM ownership and that no other account has the national ID).
   */
  private async matchProfile(userId: string, data: { nationalId: string; firstName: string; lastName: string }): Promise<void> {
    const user = await this.d.users.get(userId);
    if (!user) throw notFound(E.USER_NOT_FOUND, 'No such account');
    const mismatch: string[] = [];
    if (user.nationalId && user.nationalId !== data.nationalId) mismatch.push('nationalId');
    if (user.firstName && normalizeName(user.firstName) !== normalizeName(data.firstName)) mismatch.push('firstName');
    if (user.lastName && normalizeName(user.lastName) !== normalizeName(data.lastName)) mismatch.push('lastName');
    if (mismatch.length) throw validation(E.PROFILE_MISMATCH, 'The identity data does not match your profile', { field: mismatch[0], fields: mismatch });
    const patch = {
      ...(user.nationalId ? {} : { nationalId: data.nationalId }),
      ...(user.firstName ? {} : { firstName: data.firstName }),
      ...(user.lastName ? {} : { lastName: data.lastName }),
    };
    if (Object.keys(patch).length) await this.d.accounts.updateProfile(userId, patch);
  }

  /** The national card photo of a submission: its owner and ops only; anyone else gets 404. */
  async card(viewer: Viewer, submissionId: string): Promise<{ bytes: Uint8Array; contentType: string; fileName: string }> {
    const db = this.d.platform.db;
    const s = await repo.submissionById(db, submissionId);
    if (!s || (s.userId !== viewer.id && !viewer.roles.some((r) => REVIEWERS.includes(r)))) throw notFound(E.SUBMISSION_NOT_FOUND, 'No such submission');
    const file = await repo.fileById(db, s.cardFileId);
    if (!file) throw notFound(E.FILE_NOT_FOUND, 'No such file');
    return readUpload(this.d.platform, file);
  }

  // ---- ops ----

  list(status: KycSubmissionRow['status'], limit: number, offset: number): Promise<SubmissionWithUser[]> {
    return repo.list(this.d.platform.db, status, Math.min(limit, 200), offset);
  }

  async detail(submissionId: string) {
    const db = this.d.platform.db;
    const s = await repo.submissionById(db, submissionId);
    if (!s) throw notFound(E.SUBMISSION_NOT_FOUND, 'No such submission');
    const user = await this.d.users.get(s.userId);
    const file = (await repo.fileById(db, s.cardFileId)) as StoredFileRow;
    return {
      submission: s, file, history: await repo.historyOf(db, s.userId), requirement: ACTIVE_REQUIREMENT(await repo.requirementOf(db, s.userId)),
      user: user ? { id: user.id, mobile: user.mobile, firstName: user.firstName, lastName: user.lastName, nationalId: user.nationalId, status: user.status } : null,
    };
  }

  verify(actor: Actor, submissionId: string): Promise<KycSubmissionRow> {
    return this.decide(actor, submissionId, 'verified', null);
  }

  reject(actor: Actor, submissionId: string, reason: string): Promise<KycSubmissionRow> {
    return this.decide(actor, submissionId, 'rejected', reason);
  }

  /** One transaction: guarded status change, account status, requirement, audit, queue, SMS, event. */
  private async decide(actor: Actor, submissionId: string, to: 'verified' | 'rejected', reason: string | null): Promise<KycSubmissionRow> {
    const { platform: p } = this.d;
    const known = await repo.submissionById(p.db, submissionId);
    if (!known) throw notFound(E.SUBMISSION_NOT_FOUND, 'No such submission');
    const user = await this.d.users.get(known.userId);
    const row = await inTransaction(p, async (tx, after) => {
      await this.d.reviews.assertMayReview(tx, 'kyc', submissionId, actor);
      const now = p.clock.now();
      const decided = await repo.decide(tx, submissionId, { status: to, rejectReason: reason, decidedBy: actor.id, decidedAt: now });
      if (!decided) throw conflict(E.NOT_UNDER_REVIEW, 'This submission has already been decided', { status: (await repo.submissionById(tx, submissionId))?.status });
      await repo.setUserStatus(tx, decided.userId, to, now);
      if (to === 'verified') await repo.clearRequirement(tx, decided.userId, now);
      await this.d.audit.record(tx, actor, {
        action: to === 'verified' ? 'kyc.verify' : 'kyc.reject', targetType: 'user', targetId: decided.userId, reason,
        before: { submissionId, status: 'submitted' }, after: { submissionId, status: to },
      });
      await this.d.reviews.resolve(tx, 'kyc', submissionId, to, actor);
      if (user) await this.sms(tx, after, user, to === 'verified' ? 'kyc.verified' : 'kyc.rejected', { reason: reason ?? '' });
      if (to === 'verified') after.publish('kyc.verified', { userId: decided.userId });
      else after.publish('kyc.rejected', { userId: decided.userId, reason: reason! });
      return decided;
    });
    this.d.users.invalidate(known.userId);
    return row;
  }

  /** Ops demand KYC of a user by a deadline (audited, SMS); a user who lets it pass can be blocked. */
  async require(actor: Actor, userId: string, input: { reason: string; deadline?: string }): Promise<KycRequirementRow> {
    const { platform: p } = this.d;
    const user = await this.d.users.get(userId);
    if (!user) throw notFound(E.USER_NOT_FOUND, 'No such account', { field: 'userId' });
    if ((await this.status(userId)) === 'verified') throw conflict(E.ALREADY_VERIFIED, 'This account is already verified');
    const now = p.clock.now();
    const deadline = input.deadline ? new Date(input.deadline) : new Date(now.getTime() + this.d.settings.get('kyc.requirementDeadlineDays') * 86_400_000);
    if (Number.isNaN(deadline.getTime()) || deadline.getTime() <= now.getTime()) throw validation(E.DEADLINE_INVALID, 'The deadline must be in the future', { field: 'deadline' });
    const row: KycRequirementRow = { userId, reason: input.reason, deadline, requiredBy: actor.id, createdAt: now, clearedAt: null };
    await inTransaction(p, async (tx, after) => {
      const before = await repo.requirementOf(tx, userId);
      await repo.upsertRequirement(tx, row);
      await this.d.audit.record(tx, actor, { action: 'kyc.require', targetType: 'user', targetId: userId, reason: input.reason, before: ACTIVE_REQUIREMENT(before), after: { deadline: deadline.toISOString() } });
      const locale = isLocale(user.locale) ? user.locale : 'fa';
      await this.sms(tx, after, user, 'kyc.required', { date: formatDateTime(deadline, locale) });
    });
    return row;
  }

  /** Open demands, soonest deadline first, each marked overdue once its deadline has passed. */
  async requirements(overdueOnly: boolean) {
    const now = this.d.platform.clock.now();
    const rows = await repo.openRequirements(this.d.platform.db, overdueOnly ? now : null, 200);
    return rows.map((r) => ({ ...r, overdue: r.deadline.getTime() < now.getTime() }));
  }

  private async sms(tx: Tx, after: AfterCommit, user: { id: string; mobile: string; locale: string; firstName: string | null }, template: 'kyc.verified' | 'kyc.rejected' | 'kyc.required', params: Record<string, string>) {
    const locale = isLocale(user.locale) ? user.locale : 'fa';
    await this.d.notifications.enqueue(tx, { channel: 'sms', to: user.mobile, userId: user.id, template, locale, params: { name: user.firstName ?? '', ...params } }, after);
  }
}

function cleanName(value: string, field: string): string {
  const s = (value ?? '').replace(/\s+/g, ' ').trim();
  // Letters of any script, spaces, ZWNJ, apostrophe and hyphen; no digits or markup.
  if (s.length < 2 || s.length > 60 || !/^[\p{L}\p{M}\u200c' -]+$/u.test(s)) throw validation(E.NAME_INVALID, 'Enter the name as written on the national card', { field });
  return s;
}
