import type { SessionCache } from './session-cache.js';
import type { Platform } from '../../platform/context.js';
import { inTransaction } from '../../platform/context.js';
import { conflict, forbidden, notFound, validation } from '../../platform/errors.js';
import { isUniqueViolation } from '../../platform/db.js';
import { newId } from '../../platform/ids.js';
import { toAsciiDigits, type Locale } from '../../platform/i18n.js';
import { DEFAULT_TIME_ZONE, ageInFullYears, isRealDate, jalaliToGregorian } from '../../platform/time.js';
import type { SettingsService } from '../catalog/settings.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { Actor, AuditService } from '../ops/audit.service.js';
import { IdentityErrors as E } from './identity.errors.js';
import { identityRepo as repo, type UserRow } from './identity.repo.js';
import { normalizeMobile } from './mobile.js';
import { normalizeNationalId } from './national-id.js';
import { ROLES, type Role } from './roles.js';
import type { UserCache } from './user-cache.js';
import { isProfileComplete } from './user-view.js';

/** FRD-2: does this SIM belong to this national ID? (Shahkar-style service behind an adapter.) */
export interface SimOwnershipChecker {
  owns(mobile: string, nationalId: string): Promise<boolean>;
}
export const acceptAllSimOwnership: SimOwnershipChecker = { owns: async () => true };

export interface ProfilePatch {
  firstName?: string;
  lastName?: string;
  nationalId?: string;
  birthDate?: string;
  email?: string | null;
  referrerMobile?: string;
  locale?: Locale;
  cityId?: string;
}

/** How long a process trusts its copy of the current terms version (ACC-9). */
const TERMS_TTL_MS = 5_000;

/** ACC-1, ACC-2, ACC-6, ACC-7, ACC-8, ACC-9: profiles, roles, blocking and terms. */
export class AccountsService {
  private termsCache: { row: Awaited<ReturnType<typeof repo.currentTerms>>; until: number } | null = null;
  private readonly acceptedTerms = new Set<string>();

  constructor(
    private readonly p: Platform,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly users: UserCache,
    private readonly sim: SimOwnershipChecker = acceptAllSimOwnership,
    private readonly sessions?: SessionCache,
  ) {}

  /** Reads through the user cache: every authenticated request has just loaded this row. */
  async get(userId: string): Promise<UserRow> {
    const u = await this.users.get(userId);
    if (!u) throw notFound(E.USER_NOT_FOUND, 'No such account');
    return u;
  }

  /** ACC-1 / ACC-2: validates and saves profile fields; duplicates answer 409 with a clear code. */
  async updateProfile(userId: string, patch: ProfilePatch): Promise<UserRow> {
    const user = await this.get(userId);
    const set: Partial<UserRow> = {};
    if (patch.firstName !== undefined) set.firstName = cleanName(patch.firstName, 'firstName');
    if (patch.lastName !== undefined) set.lastName = cleanName(patch.lastName, 'lastName');
    if (patch.locale !== undefined) set.locale = patch.locale;
    if (patch.cityId !== undefined) set.cityId = await this.checkCity(patch.cityId);
    if (patch.email !== undefined) set.email = patch.email === null || patch.email === '' ? null : patch.email.trim().toLowerCase();
    if (patch.nationalId !== undefined) {
      const nid = normalizeNationalId(patch.nationalId);
      if (!nid) throw validation(E.NATIONAL_ID_INVALID, 'The national ID is not valid', { field: 'nationalId' });
      if (user.nationalId && user.nationalId !== nid && user.kycStatus !== 'none') {
        throw conflict(E.NATIONAL_ID_LOCKED, 'The national ID cannot change after identity verification');
      }
      if (nid !== user.nationalId && !(await this.sim.owns(user.mobile, nid))) {
        throw validation(E.SIM_OWNERSHIP_MISMATCH, 'This mobile number is not registered to this national ID', { field: 'nationalId' });
      }
      set.nationalId = nid;
    }
    if (patch.birthDate !== undefined) set.birthDate = await this.checkBirthDate(patch.birthDate, set.cityId ?? user.cityId ?? null);
    if (patch.referrerMobile !== undefined) {
      if (user.referrerId) throw conflict(E.REFERRER_ALREADY_SET, 'The referrer was already recorded');
      const mobile = normalizeMobile(patch.referrerMobile);
      const ref = mobile ? await repo.userByMobile(this.p.db, mobile) : undefined;
      if (!ref || ref.id === user.id) throw validation(E.REFERRER_NOT_FOUND, 'No other account has this mobile number', { field: 'referrerMobile' });
      set.referrerId = ref.id;
    }
    if (!Object.keys(set).length) return user;
    set.updatedAt = this.p.clock.now();
    try {
      const row = await repo.updateUser(this.p.db, userId, set);
      this.users.invalidate(userId);
      return row;
    } catch (err) {
      if (isUniqueViolation(err, 'users_national_id_unique')) throw conflict(E.NATIONAL_ID_TAKEN, 'Another account already uses this national ID', { field: 'nationalId' });
      if (isUniqueViolation(err, 'users_email_unique')) throw conflict(E.EMAIL_TAKEN, 'Another account already uses this email', { field: 'email' });
      throw err;
    }
  }

  private async checkCity(cityId: string): Promise<string> {
    if (!(await repo.cityTimeZone(this.p.db, cityId))) throw validation(E.CITY_UNKNOWN, 'No such city', { field: 'cityId' });
    return cityId;
  }

  /** Accepts Gregorian YYYY-MM-DD or Jalali YYYY/MM/DD (any digit script); 18 full years in the city's calendar day. */
  private async checkBirthDate(input: string, cityId: string | null): Promise<string> {
    const text = toAsciiDigits(input).trim();
    const gregorian = /^\d{4}-\d{2}-\d{2}$/.test(text) && Number(text.slice(0, 4)) > 1700 ? (isRealDate(text) ? text : null) : jalaliToGregorian(text);
    if (!gregorian) throw validation(E.BIRTH_DATE_INVALID, 'The birth date is not a real date', { field: 'birthDate' });
    const now = this.p.clock.now();
    const timeZone = (cityId ? await repo.cityTimeZone(this.p.db, cityId) : undefined) ?? DEFAULT_TIME_ZONE;
    const age = ageInFullYears(gregorian, now, timeZone);
    if (age < 0 || age > 120) throw validation(E.BIRTH_DATE_INVALID, 'The birth date is not plausible', { field: 'birthDate' });
    const min = this.settings.get('account.minAgeYears', { cityId });
    if (age < min) throw validation(E.AGE_BELOW_MINIMUM, `Only people aged ${min} or more may open an account`, { field: 'birthDate', minAgeYears: min });
    return gregorian;
  }

  // ---- ACC-6 guests (data only until orders exist) ----
  listGuests(ownerId: string) {
    return repo.guests(this.p.db, ownerId);
  }
  async addGuest(ownerId: string, name: string, mobileInput: string) {
    const mobile = normalizeMobile(mobileInput);
    if (!mobile) throw validation(E.MOBILE_INVALID, 'Enter an Iranian mobile number', { field: 'mobile' });
    return repo.upsertGuest(this.p.db, { id: newId('gst'), ownerId, name: cleanName(name, 'name'), mobile, createdAt: this.p.clock.now() });
  }
  async removeGuest(ownerId: string, id: string) {
    if (!(await repo.deleteGuest(this.p.db, ownerId, id))) throw notFound(E.GUEST_NOT_FOUND, 'No such guest');
  }

  // ---- ACC-7 / ACC-8 ops actions, audited (FRD-3) ----

  async setRoles(actor: Actor, userId: string, roles: Role[], providerKind: string | null | undefined, reason: string): Promise<UserRow> {
    if (!actor.roles.includes('ops_admin')) throw forbidden(E.ROLE_FORBIDDEN, 'Only an ops admin can change roles');
    const unique = [...new Set(roles)].filter((r) => (ROLES as readonly string[]).includes(r));
    if (!unique.length) throw validation('ROLES_EMPTY', 'An account needs at least one role');
    if (actor.id === userId && !unique.includes('ops_admin')) throw forbidden(E.CANNOT_ACT_ON_SELF, 'You cannot remove your own admin role');
    return inTransaction(this.p, async (tx) => {
      const before = await repo.userById(tx, userId);
      if (!before) throw notFound(E.USER_NOT_FOUND, 'No such account');
      const row = await repo.updateUser(tx, userId, { roles: unique, providerKind: providerKind === undefined ? before.providerKind : providerKind, updatedAt: this.p.clock.now() });
      await this.audit.record(tx, actor, { action: 'user.roles.set', targetType: 'user', targetId: userId, before: { roles: before.roles, providerKind: before.providerKind }, after: { roles: row.roles, providerKind: row.providerKind }, reason });
      this.users.invalidate(userId);
      return row;
    });
  }

  /** ACC-8: blocks with a reason; guarded on the current status so two agents cannot double-act. */
  async block(actor: Actor, userId: string, reason: string): Promise<UserRow> {
    if (actor.id === userId) throw forbidden(E.CANNOT_ACT_ON_SELF, 'You cannot block your own account');
    return inTransaction(this.p, async (tx, after) => {
      const target = await repo.userById(tx, userId);
      if (!target) throw notFound(E.USER_NOT_FOUND, 'No such account');
      if (target.roles.includes('ops_admin') && !actor.roles.includes('ops_admin')) throw forbidden(E.ROLE_FORBIDDEN, 'Only an ops admin can block an admin');
      const now = this.p.clock.now();
      const row = await repo.setStatus(tx, userId, 'active', { status: 'blocked', blockedReason: reason, blockedAt: now, updatedAt: now });
      if (!row) throw conflict(E.ACCOUNT_ALREADY_BLOCKED, 'The account is already blocked');
      await repo.revokeAllOfUser(tx, userId, now);
      after.run(() => this.sessions?.closedAllOf(userId));
      await this.audit.record(tx, actor, { action: 'user.block', targetType: 'user', targetId: userId, before: { status: 'active' }, after: { status: 'blocked' }, reason });
      await this.notifications.enqueue(tx, { channel: 'sms', to: row.mobile, userId, template: 'account.blocked', locale: row.locale, params: {} }, after);
      after.publish('user.blocked', { userId, reason });
      this.users.invalidate(userId);
      return row;
    });
  }

  async unblock(actor: Actor, userId: string, reason: string): Promise<UserRow> {
    return inTransaction(this.p, async (tx, after) => {
      const target = await repo.userById(tx, userId);
      if (!target) throw notFound(E.USER_NOT_FOUND, 'No such account');
      const now = this.p.clock.now();
      const row = await repo.setStatus(tx, userId, 'blocked', { status: 'active', blockedReason: null, blockedAt: null, updatedAt: now });
      if (!row) throw conflict(E.ACCOUNT_NOT_BLOCKED, 'The account is not blocked');
      await this.audit.record(tx, actor, { action: 'user.unblock', targetType: 'user', targetId: userId, before: { status: 'blocked', reason: target.blockedReason }, after: { status: 'active' }, reason });
      await this.notifications.enqueue(tx, { channel: 'sms', to: row.mobile, userId, template: 'account.unblocked', locale: row.locale, params: {} }, after);
      after.publish('user.unblocked', { userId });
      this.users.invalidate(userId);
      return row;
    });
  }

  search(q: { text?: string; role?: string; status?: 'active' | 'blocked'; limit: number; offset: number }) {
    return repo.searchUsers(this.p.db, { ...q, text: q.text ? (normalizeMobile(q.text) ?? q.text.trim()) : undefined });
  }

  // ---- ACC-9 versioned terms ----

  /**
   * The current terms, read at most every TERMS_TTL_MS (every quote and order asks): a version
   * published here is seen at once, one published by another process within the TTL.
   */
  async currentTerms() {
    const now = Date.now();
    if (this.termsCache && this.termsCache.until > now) return this.termsCache.row;
    const row = await repo.currentTerms(this.p.db);
    this.termsCache = { row, until: now + TERMS_TTL_MS };
    return row;
  }

  async termsStatus(userId: string) {
    const current = await this.currentTerms();
    if (!current) return { current: null, accepted: true };
    return { current, accepted: await this.hasAccepted(userId, current.version) };
  }

  /** Acceptances are never withdrawn, so a yes is remembered (a bounded set); a no is always asked again. */
  private async hasAccepted(userId: string, version: number): Promise<boolean> {
    const key = `${userId}:${version}`;
    if (this.acceptedTerms.has(key)) return true;
    const yes = await repo.hasAccepted(this.p.db, userId, version);
    if (yes) {
      if (this.acceptedTerms.size >= 200_000) this.acceptedTerms.clear();
      this.acceptedTerms.add(key);
    }
    return yes;
  }

  async acceptTerms(userId: string, version: number): Promise<void> {
    const current = await this.currentTerms();
    if (!current || current.version !== version) {
      // Maybe a newer version than the one remembered: look again before refusing.
      this.termsCache = null;
      const fresh = await this.currentTerms();
      if (!fresh || fresh.version !== version) throw conflict(E.TERMS_VERSION_NOT_CURRENT, 'Accept the current version of the terms', { currentVersion: fresh?.version ?? null });
    }
    await repo.accept(this.p.db, userId, version, this.p.clock.now());
  }

  /** Publishes a new version and announces it by SMS to every active account (ACC-9, NTF-1). */
  async publishTerms(actor: Actor, texts: { fa: string; ar: string; en: string }, announce: boolean): Promise<number> {
    return inTransaction(this.p, async (tx, after) => {
      const current = await repo.currentTerms(tx);
      const version = (current?.version ?? 0) + 1;
      await repo.insertTerms(tx, { version, texts, publishedAt: this.p.clock.now(), publishedBy: actor.id });
      await this.audit.record(tx, actor, { action: 'terms.publish', targetType: 'terms', targetId: String(version), before: current ? { version: current.version } : null, after: { version } });
      if (announce) {
        const { rows } = await repo.searchUsers(tx, { status: 'active', limit: 100_000, offset: 0 });
        for (const u of rows) {
          await this.notifications.enqueue(tx, { channel: 'sms', to: u.mobile, userId: u.id, template: 'terms.updated', locale: u.locale, params: { version } });
        }
        after.run(() => this.notifications.kick());
      }
      return version;
    }).finally(() => { this.termsCache = null; });
  }

  /**
   * What every order-placing flow asks first (ACC-1, ACC-8, ACC-9): the account is active, the
   * profile complete, and the current terms accepted. Throws the first reason it cannot order.
   */
  async assertCanOrder(userId: string): Promise<void> {
    const user = await this.get(userId);
    if (user.status === 'blocked') throw forbidden(E.ACCOUNT_BLOCKED, 'This account is blocked', { reason: user.blockedReason });
    if (!isProfileComplete(user)) throw forbidden(E.PROFILE_INCOMPLETE, 'Complete your profile first');
    if (this.settings.get('terms.requireAcceptanceBeforeOrder', { cityId: user.cityId })) {
      const t = await this.termsStatus(userId);
      if (!t.accepted) throw forbidden(E.TERMS_NOT_ACCEPTED, 'Accept the new terms first', { version: t.current?.version });
    }
  }

  /** ACC-8: a blocked provider cannot accept work. */
  async assertCanWork(userId: string): Promise<void> {
    const user = await this.get(userId);
    if (user.status === 'blocked') throw forbidden(E.ACCOUNT_BLOCKED, 'This account is blocked', { reason: user.blockedReason });
  }
}

// Control characters, and UTF-16 halves without their pair (they cannot be stored as text).
const UNSTORABLE = /[\u0000-\u001f\u007f-\u009f]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function cleanName(value: string, field: string): string {
  if (UNSTORABLE.test(value.replace(/[\t\n\r]/g, ' '))) throw validation('NAME_INVALID', 'Names are 2 to 60 letters', { field });
  const v = value.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (v.length < 2 || v.length > 60 || /[<>{}\d۰-۹٠-٩@#$%^*=_|\\]/.test(v)) {
    throw validation('NAME_INVALID', 'Names are 2 to 60 letters', { field });
  }
  return v;
}
