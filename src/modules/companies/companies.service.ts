import type { Platform } from '../../platform/context.js';
import { inTransaction } from '../../platform/context.js';
import type { Tx } from '../../platform/db.js';
import { isUniqueViolation } from '../../platform/db.js';
import { conflict, forbidden, notFound, validation } from '../../platform/errors.js';
import type { AfterCommit } from '../../platform/events.js';
import { newId } from '../../platform/ids.js';
import { isLocale, toAsciiDigits, type Locale } from '../../platform/i18n.js';
import type { SettingsService } from '../catalog/settings.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { Actor, AuditService } from '../ops/audit.service.js';
import type { ReviewsService } from '../reviews/index.js';
import { normalizeMobile, type UserCache } from '../identity/index.js';
import { isValidLegalEntityId } from './national-company-id.js';
import { checkUpload, findUpload, putUpload, readUpload, type UploadInput } from '../kyc/index.js';
import { CompanyErrors as E } from './companies.errors.js';
import { companiesRepo as repo, type MemberWithName } from './companies.repo.js';
import type { CompanyMemberRow, CompanyRow, CompanyStatus, MemberRole } from './companies.tables.js';

export interface CompaniesDeps {
  platform: Platform;
  settings: SettingsService;
  audit: AuditService;
  reviews: ReviewsService;
  notifications: NotificationsService;
  users: UserCache;
}

export interface RegisterInput { name: string; registrationNumber: string; nationalCompanyId: string; landline: string; staffCount: number; logo?: UploadInput }
export interface Viewer { id: string; roles: readonly string[] }
export interface Membership { companyId: string; role: MemberRole }

const STAFF = ['ops_agent', 'ops_admin', 'finance'];
type SmsTemplate = 'company.approved' | 'company.rejected' | 'company.invited';

/** Iranian landlines: 0, a two-digit area code (not 9x, those are mobiles), eight digits. */
export function normalizeLandline(input: string): string | null {
  const s = toAsciiDigits(input ?? '').replace(/[\s\-()]/g, '');
  return /^0[1-8]\d{9}$/.test(s) ? s : null;
}

/**
 * ACC-3 company accounts: a representative registers the legal entity, ops approve it (review
 * kind 'company'), the representative invites members by mobile and they accept after signing in.
 * Money lives in the company's own ledger account (see CompanyWalletService).
 */
export class CompaniesService {
  constructor(private readonly d: CompaniesDeps) {}

  /** Active memberships of a user in active companies; the representative has role 'representative'. */
  async membership(userId: string): Promise<Membership[]> {
    return repo.memberships(this.d.platform.db, userId);
  }

  async register(userId: string, input: RegisterInput): Promise<CompanyRow> {
    const { platform: p } = this.d;
    const fields = checkRegistration(input);
    const logo = input.logo ? checkUpload(input.logo, this.d.settings.get('companies.logoMaxBytes'), ['image/jpeg', 'image/png']) : null;
    const user = await this.d.users.get(userId);
    if (!user) throw notFound('USER_NOT_FOUND', 'No such account');
    const now = p.clock.now();
    const id = newId('cmp', now.getTime());
    const stored = logo ? await putUpload(p, logo, { userId, companyId: id, purpose: 'company_logo' }) : null;
    try {
      return await inTransaction(p, async (tx) => {
        if (stored) await stored.insert(tx);
        const row: CompanyRow = {
          id, ...fields, logoFileId: stored?.row.id ?? null, representativeId: userId, cityId: user.cityId ?? null, status: 'pending',
          rejectReason: null, decidedBy: null, decidedAt: null, createdAt: now, updatedAt: now,
        };
        await repo.insert(tx, row);
        await repo.insertMember(tx, {
          id: newId('cmm', now.getTime()), companyId: id, mobile: user.mobile, userId, role: 'representative', status: 'active', invitedBy: null, createdAt: now, acceptedAt: now, endedAt: null,
        });
        await this.d.reviews.enqueue(tx, { kind: 'company', subjectId: id, subjectUserId: userId, cityId: row.cityId, title: `${row.name} - ${row.nationalCompanyId}`, link: `/ops/companies/${id}` });
        return row;
      });
    } catch (err) {
      await stored?.discard();
      if (isUniqueViolation(err)) throw conflict(E.ALREADY_REGISTERED, 'A company with this national ID is already registered', { field: 'nationalCompanyId' });
      throw err;
    }
  }

  /** The companies I represent (any status) or belong to, with my role. */
  async mine(userId: string) {
    return (await repo.ofUser(this.d.platform.db, userId)).map((r) => ({ company: r.company, role: r.member.role }));
  }

  /** A company as its members (and staff) see it; to anyone else it does not exist (404). */
  async getFor(viewer: Viewer, companyId: string): Promise<{ company: CompanyRow; role: MemberRole | null }> {
    const db = this.d.platform.db;
    const company = await repo.byId(db, companyId);
    const member = company ? await repo.activeMember(db, companyId, viewer.id) : undefined;
    if (!company || (!member && !viewer.roles.some((r) => STAFF.includes(r)))) throw notFound(E.NOT_FOUND, 'No such company');
    return { company, role: member?.role ?? null };
  }

  /** Representative only; others who can see the company get 403, the rest 404. */
  async asRepresentative(viewer: Viewer, companyId: string, mustBeActive = true): Promise<CompanyRow> {
    const { company, role } = await this.getFor(viewer, companyId);
    if (role !== 'representative') throw forbidden(E.REPRESENTATIVE_ONLY, "Only the company's representative can do this");
    if (mustBeActive && company.status !== 'active') throw conflict(E.NOT_ACTIVE, 'The company is not active yet', { status: company.status });
    return company;
  }

  async members(viewer: Viewer, companyId: string): Promise<MemberWithName[]> {
    await this.getFor(viewer, companyId);
    return repo.members(this.d.platform.db, companyId, ['invited', 'active']);
  }

  async invite(viewer: Viewer, companyId: string, mobileInput: string): Promise<CompanyMemberRow> {
    const { platform: p } = this.d;
    const company = await this.asRepresentative(viewer, companyId);
    const mobile = normalizeMobile(mobileInput);
    if (!mobile) throw validation(E.MOBILE_INVALID, 'Enter an Iranian mobile number', { field: 'mobile' });
    const invitee = await repo.userByMobile(p.db, mobile);
    const now = p.clock.now();
    const row: CompanyMemberRow = { id: newId('cmm', now.getTime()), companyId, mobile, userId: null, role: 'member', status: 'invited', invitedBy: viewer.id, createdAt: now, acceptedAt: null, endedAt: null };
    try {
      await inTransaction(p, async (tx, after) => {
        await repo.insertMember(tx, row);
        const locale: Locale = invitee && isLocale(invitee.locale) ? invitee.locale : 'fa';
        await this.sms(tx, after, { mobile, userId: invitee?.id ?? null, locale }, 'company.invited', { company: company.name, link: `${p.config.publicUrl}/companies` });
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(E.MEMBER_EXISTS, 'This mobile is already a member or invited', { field: 'mobile' });
      throw err;
    }
    return row;
  }

  /** Open invitations to the signed-in user's mobile, in active companies. */
  async myInvitations(userId: string) {
    const user = await this.d.users.get(userId);
    return user ? repo.invitationsFor(this.d.platform.db, user.mobile) : [];
  }

  /** The invitee (matched by the mobile they signed in with) accepts or declines; anyone else gets 404. */
  async answerInvitation(userId: string, invitationId: string, accept: boolean): Promise<CompanyMemberRow> {
    const { platform: p } = this.d;
    const user = await this.d.users.get(userId);
    const inv = await repo.memberById(p.db, invitationId);
    if (!user || !inv || inv.mobile !== user.mobile || inv.status !== 'invited') throw notFound(E.INVITATION_NOT_FOUND, 'No such invitation');
    const company = await repo.byId(p.db, inv.companyId);
    if (!company || company.status !== 'active') throw notFound(E.INVITATION_NOT_FOUND, 'No such invitation');
    const now = p.clock.now();
    const set = accept ? { status: 'active' as const, userId, acceptedAt: now } : { status: 'declined' as const, userId, endedAt: now };
    const row = await repo.memberTransition(p.db, invitationId, 'invited', set);
    if (!row) throw notFound(E.INVITATION_NOT_FOUND, 'No such invitation');
    return row;
  }

  /** The representative removes a member or withdraws an invitation; the representative stays. */
  async removeMember(viewer: Viewer, companyId: string, memberId: string): Promise<CompanyMemberRow> {
    const db = this.d.platform.db;
    await this.asRepresentative(viewer, companyId, false);
    const m = await repo.memberById(db, memberId);
    if (!m || m.companyId !== companyId || (m.status !== 'active' && m.status !== 'invited')) throw notFound(E.MEMBER_NOT_FOUND, 'No such member');
    if (m.role === 'representative') throw conflict(E.CANNOT_REMOVE_REPRESENTATIVE, 'The representative cannot be removed');
    const row = await repo.memberTransition(db, memberId, m.status, { status: 'removed', endedAt: this.d.platform.clock.now() });
    if (!row) throw notFound(E.MEMBER_NOT_FOUND, 'No such member');
    return row;
  }

  /** The logo: members and staff. */
  async logo(viewer: Viewer, companyId: string) {
    const { company } = await this.getFor(viewer, companyId);
    const file = company.logoFileId ? await findUpload(this.d.platform.db, company.logoFileId) : undefined;
    if (!file) throw notFound(E.LOGO_NOT_FOUND, 'This company has no logo');
    return readUpload(this.d.platform, file);
  }

  // ---- ops (OPS-1 review kind 'company', audited) ----

  list(status: CompanyStatus, limit: number, offset: number) {
    return repo.list(this.d.platform.db, status, Math.min(limit, 200), offset);
  }

  async detail(companyId: string) {
    const db = this.d.platform.db;
    const company = await repo.byId(db, companyId);
    if (!company) throw notFound(E.NOT_FOUND, 'No such company');
    const rep = await this.d.users.get(company.representativeId);
    return {
      company, members: await repo.members(db, companyId, ['invited', 'active']),
      representative: rep ? { id: rep.id, mobile: rep.mobile, firstName: rep.firstName, lastName: rep.lastName, kycStatus: rep.kycStatus } : null,
    };
  }

  approve(actor: Actor, companyId: string): Promise<CompanyRow> {
    return this.decide(actor, companyId, 'active', null);
  }

  reject(actor: Actor, companyId: string, reason: string): Promise<CompanyRow> {
    return this.decide(actor, companyId, 'rejected', reason);
  }

  private async decide(actor: Actor, companyId: string, to: 'active' | 'rejected', reason: string | null): Promise<CompanyRow> {
    const { platform: p } = this.d;
    const known = await repo.byId(p.db, companyId);
    if (!known) throw notFound(E.NOT_FOUND, 'No such company');
    const rep = await this.d.users.get(known.representativeId);
    return inTransaction(p, async (tx, after) => {
      await this.d.reviews.assertMayReview(tx, 'company', companyId, actor);
      const now = p.clock.now();
      const row = await repo.transition(tx, companyId, 'pending', { status: to, rejectReason: reason, decidedBy: actor.id, decidedAt: now, updatedAt: now });
      if (!row) throw conflict(E.NOT_PENDING, 'This company has already been decided', { status: (await repo.byId(tx, companyId))?.status });
      await this.d.audit.record(tx, actor, {
        action: to === 'active' ? 'company.approve' : 'company.reject', targetType: 'company', targetId: companyId, reason,
        before: { status: 'pending' }, after: { status: to },
      });
      await this.d.reviews.resolve(tx, 'company', companyId, to === 'active' ? 'approved' : 'rejected', actor);
      if (rep) {
        const locale: Locale = isLocale(rep.locale) ? rep.locale : 'fa';
        await this.sms(tx, after, { mobile: rep.mobile, userId: rep.id, locale }, to === 'active' ? 'company.approved' : 'company.rejected', { company: row.name, reason: reason ?? '' });
      }
      return row;
    });
  }

  private async sms(tx: Tx, after: AfterCommit, to: { mobile: string; userId: string | null; locale: Locale }, template: SmsTemplate, params: Record<string, string>) {
    await this.d.notifications.enqueue(tx, { channel: 'sms', to: to.mobile, userId: to.userId, template, locale: to.locale, params }, after);
  }
}

/** ACC-3 registration data: trimmed, digits made ASCII, the national company ID checksum checked. */
function checkRegistration(input: RegisterInput) {
  const name = (input.name ?? '').replace(/\s+/g, ' ').trim();
  if (name.length < 2 || name.length > 120) throw validation(E.NAME_INVALID, 'Enter the registered name of the company', { field: 'name' });
  const registrationNumber = toAsciiDigits(input.registrationNumber ?? '').trim();
  if (!/^\d{1,10}$/.test(registrationNumber)) throw validation(E.REGISTRATION_NUMBER_INVALID, 'The registration number is 1 to 10 digits', { field: 'registrationNumber' });
  const nationalCompanyId = toAsciiDigits(input.nationalCompanyId ?? '').trim();
  if (!isValidLegalEntityId(nationalCompanyId)) throw validation(E.NATIONAL_ID_INVALID, 'The 11-digit national company ID is not valid', { field: 'nationalCompanyId' });
  const landline = normalizeLandline(input.landline);
  if (!landline) throw validation(E.LANDLINE_INVALID, 'Enter a landline with its area code, e.g. 04133334444', { field: 'landline' });
  return { name, registrationNumber, nationalCompanyId, landline, staffCount: input.staffCount };
}
