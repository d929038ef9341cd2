import type { DbOrTx } from '../../platform/db.js';
import { inTransaction, type Platform } from '../../platform/context.js';
import { conflict, forbidden, notFound, validation } from '../../platform/errors.js';
import { isUniqueViolation } from '../../platform/db.js';
import { newId } from '../../platform/ids.js';
import { localDate } from '../../platform/time.js';
import type { Actor } from '../ops/audit.service.js';
import type { FleetType, Vehicle } from '../providers/index.js';
import { ReviewErrors } from '../reviews/index.js';
import { identityRepo } from '../identity/identity.repo.js';
import { buildChecklist, gregorianDay, providerKindFor, serviceCodesFor, type Checklist } from './checklist.js';
import { DocumentsService } from './documents.service.js';
import { ExpiryService } from './expiry.service.js';
import { OnboardingErrors as E } from './onboarding.errors.js';
import { onboardingRepo as repo } from './onboarding.repo.js';
import type { ApplicationRow, ApplicationStatus, DocumentRow, GuaranteeRow, MotorcycleKind, MovingCompany } from './onboarding.tables.js';
import type { OnboardingDeps } from './onboarding.deps.js';
import { normalizePlate, plateKindOf } from './plate.js';
import { VehicleRules, gregorianModelYear } from './vehicle-rules.js';
import { applicationJson } from './onboarding.views.js';

export interface ApplicationInput {
  cityId?: string;
  fleetType: FleetType;
  motorcycleKind?: MotorcycleKind;
  vehicle?: { make: string; model: string; modelYear: number; plate: string; colour: string; seats: number };
  moving?: MovingCompany;
  skills?: string[];
  rulesAccepted: boolean;
}

/** Review-queue titles are read by the (Persian-speaking) ops team. */
const FLEET_TITLE: Record<string, string> = { motorcycle: 'موتورسیکلت', car: 'خودرو', van: 'وانت', truck: 'شرکت اثاث‌کشی', assistant: 'کارپرداز' };
const MOTORCYCLE_KIND_TITLE: Record<string, string> = { parcel: 'پیک', taxi: 'موتور تاکسی', both: 'پیک و موتور تاکسی' };

/** Everything about one applicant, as the provider and ops see it (PRV-3 checklist included). */
export interface OnboardingView {
  application: ApplicationRow | null;
  documents: DocumentRow[];
  guarantee: GuaranteeRow | null;
  checklist: Checklist | null;
}

const SKILL = /^[a-z][a-z0-9_]{1,39}$/;
const clean = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();

/** PRV-1, PRV-3, PRV-8, PRV-9, PRV-10: applications, the guarantee and activation. */
export class OnboardingService {
  readonly expiry: ExpiryService;
  readonly documents: DocumentsService;
  readonly vehicleRules: VehicleRules;

  constructor(private readonly d: OnboardingDeps) {
    this.expiry = new ExpiryService(d);
    this.documents = new DocumentsService(d, this.expiry);
    this.vehicleRules = new VehicleRules(d.settings);
    // Hourly, though the rule is daily: each step is guarded, and a day change is caught within the hour.
    d.platform.jobs.every('onboarding.documentExpiry', 3_600_000, () => this.expiry.runDaily());
  }

  private get p(): Platform { return this.d.platform; }

  // ---- PRV-1 application ----

  private vehicleOf(input: ApplicationInput, today: string): Vehicle {
    if (input.fleetType === 'assistant') return {};
    const v = input.vehicle;
    if (!v) throw validation(E.FLEET_DETAILS_INVALID, 'Describe your vehicle', { field: 'vehicle' });
    const year = gregorianModelYear(v.modelYear);
    if (year < 1950 || year > Number(today.slice(0, 4)) + 1) throw validation(E.MODEL_YEAR_INVALID, 'The model year is not plausible', { modelYear: v.modelYear });
    const plate = normalizePlate(v.plate, plateKindOf(input.fleetType));
    if (!plate) throw validation(E.PLATE_INVALID, input.fleetType === 'motorcycle' ? 'A motorcycle plate is 3 digits then 5 digits, e.g. 123-45678' : 'An Iranian plate looks like 12 ب 345 ایران 67', { plate: v.plate });
    return { make: clean(v.make), model: clean(v.model), year, plate, colour: clean(v.colour), capacitySeats: v.seats };
  }

  private checkFleetDetails(input: ApplicationInput, today: string): void {
    if (input.fleetType === 'motorcycle' && !input.motorcycleKind) throw validation(E.FLEET_DETAILS_INVALID, 'Choose parcel courier, motorcycle taxi or both', { field: 'motorcycleKind' });
    if (input.fleetType === 'truck') {
      const m = input.moving;
      if (!m) throw validation(E.FLEET_DETAILS_INVALID, 'Moving companies give their union licence and company details', { field: 'moving' });
      const day = gregorianDay(m.unionLicenceExpiresOn);
      if (!day) throw validation(E.DATE_INVALID, 'Dates are YYYY-MM-DD (Gregorian) or YYYY/MM/DD (Jalali)', { field: 'moving.unionLicenceExpiresOn' });
      m.unionLicenceExpiresOn = day;
      if (day < today) throw validation(E.DOCUMENT_ALREADY_EXPIRED, 'The union licence has expired', { field: 'moving.unionLicenceExpiresOn' });
    }
    if (input.fleetType === 'assistant' && (!input.skills?.length || input.skills.some((s) => !SKILL.test(s)))) {
      throw validation(E.SKILLS_REQUIRED, 'Choose at least one errand category you can do', { field: 'skills' });
    }
  }

  /** Validates everything before writing; one open application per user. */
  async apply(userId: string, input: ApplicationInput): Promise<ApplicationRow> {
    const user = await this.d.accounts.get(userId);
    const missing = (['firstName', 'lastName', 'nationalId'] as const).filter((k) => !user[k]);
    if (missing.length) throw forbidden(E.PROFILE_INCOMPLETE, 'Complete your name and national ID in your profile first', { missing });
    if (!input.rulesAccepted) throw validation(E.RULES_NOT_ACCEPTED, 'Accept the rules to apply');
    const cityId = input.cityId ?? user.cityId;
    if (!cityId || !(await this.d.catalog.city(cityId).catch(() => null))) throw validation(E.CITY_UNKNOWN, 'Choose the city you will work in');
    const now = this.p.clock.now();
    const today = localDate(now);
    this.checkFleetDetails(input, today);
    const vehicle = this.vehicleOf(input, today);
    const serviceCodes = serviceCodesFor(input.fleetType, input.motorcycleKind);
    if (input.fleetType !== 'assistant') {
      const check = this.vehicleRules.checkAll(serviceCodes, vehicle, now);
      if (!check.ok) throw validation(E.VEHICLE_NOT_ELIGIBLE, check.reason, { rule: check.code, serviceCode: check.serviceCode });
    }
    if (await this.d.providers.get(userId)) throw conflict(E.ALREADY_PROVIDER, 'You are already a provider; use a change request instead');
    const row: ApplicationRow = {
      id: newId('apl', now.getTime()), userId, cityId, status: 'submitted', fleetType: input.fleetType,
      motorcycleKind: input.fleetType === 'motorcycle' ? input.motorcycleKind! : null, serviceCodes, vehicle,
      moving: input.fleetType === 'truck' ? { ...input.moving!, companyName: clean(input.moving!.companyName) } : null,
      skills: input.fleetType === 'assistant' ? [...new Set(input.skills)] : [], rulesAcceptedAt: now,
      rejectionReason: null, decidedBy: null, decidedAt: null, createdAt: now, updatedAt: now,
    };
    try {
      await inTransaction(this.p, async (tx) => {
        await repo.insertApplication(tx, row);
        await this.d.reviews.enqueue(tx, {
          kind: 'provider_application', subjectId: row.id, subjectUserId: userId, cityId,
          title: `${user.firstName} ${user.lastName} - ${FLEET_TITLE[input.fleetType] ?? input.fleetType}${row.motorcycleKind ? ` (${MOTORCYCLE_KIND_TITLE[row.motorcycleKind]})` : ''}`, link: `/ops/providers/${userId}`,
        });
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(E.APPLICATION_OPEN, 'You already have an application under review');
      throw err;
    }
    return row;
  }

  /** PRV-3: the applicant's (or ops') view with the checklist of what is missing. */
  async view(userId: string): Promise<OnboardingView> {
    const db = this.p.db;
    const user = await this.d.accounts.get(userId);
    const application = (await repo.latestApplicationOf(db, userId)) ?? null;
    const documents = await repo.documentsOf(db, userId);
    const guarantee = (await repo.guaranteeOf(db, userId)) ?? null;
    if (!application) return { application, documents, guarantee, checklist: null };
    const terms = await this.d.accounts.termsStatus(userId);
    const checklist = buildChecklist({
      profileComplete: Boolean(user.firstName && user.lastName && user.nationalId), rulesAccepted: true, termsAccepted: terms.accepted,
      required: this.expiry.required(application.fleetType), docs: documents, guarantee, today: localDate(this.p.clock.now()),
    });
    return { application, documents, guarantee, checklist };
  }

  list(q: { status?: ApplicationStatus; limit: number; offset: number }): Promise<ApplicationRow[]> {
    return repo.listApplications(this.p.db, q);
  }

  async guaranteesOf(userIds: string[]): Promise<GuaranteeRow[]> {
    return repo.guaranteesOf(this.p.db, userIds);
  }

  /** The ops list: applications with the applicant's name and whether the guarantee is held. */
  async listForOps(q: { status?: ApplicationStatus; limit: number; offset: number }) {
    const rows = await this.list(q);
    const held = new Set((await repo.guaranteesOf(this.p.db, rows.map((r) => r.userId))).filter((g) => g.status === 'held').map((g) => g.userId));
    const out = [];
    for (const a of rows) {
      const u = await this.d.users.get(a.userId);
      out.push({ ...applicationJson(a), name: `${u?.firstName ?? ''} ${u?.lastName ?? ''}`.trim(), mobile: u?.mobile ?? '', guaranteeHeld: held.has(a.userId) });
    }
    return out;
  }

  /** What the ops detail screen adds: the account, the provider profile and the default guarantee. */
  async opsExtras(userId: string) {
    const u = await this.d.accounts.get(userId);
    const p = await this.d.providers.get(userId);
    return {
      user: { id: u.id, mobile: u.mobile, firstName: u.firstName, lastName: u.lastName, nationalId: u.nationalId, roles: u.roles, providerKind: u.providerKind },
      provider: p ? { status: p.status, fleetType: p.fleetType, serviceCodes: p.serviceCodes } : null,
      defaultGuaranteeRials: this.d.settings.rials('onboarding.guaranteeAmountRials', { cityId: u.cityId }).toString(),
    };
  }

  // ---- PRV-3 guarantee ----

  /** Ops record the promissory note as received (audited); the amount defaults to the setting. */
  async recordGuarantee(actor: Actor, userId: string, input: { amountRials?: string; serial: string; receivedOn: string }): Promise<GuaranteeRow> {
    if (actor.id === userId) throw forbidden(ReviewErrors.OWN_ACCOUNT, 'You cannot record your own guarantee; another agent must');
    const user = await this.d.accounts.get(userId);
    const receivedOn = gregorianDay(input.receivedOn);
    if (!receivedOn || receivedOn > localDate(this.p.clock.now())) throw validation(E.DATE_INVALID, 'The received date is today or earlier (YYYY-MM-DD or Jalali YYYY/MM/DD)', { field: 'receivedOn' });
    const amount = input.amountRials ? BigInt(input.amountRials) : this.d.settings.rials('onboarding.guaranteeAmountRials', { cityId: user.cityId });
    const now = this.p.clock.now();
    return inTransaction(this.p, async (tx) => {
      const row = await repo.upsertGuarantee(tx, {
        userId, amountRials: amount, serial: clean(input.serial), receivedOn, receivedBy: actor.id ?? 'system',
        status: 'held', returnedAt: null, returnedBy: null, createdAt: now,
      });
      if (!row) throw conflict(E.GUARANTEE_ALREADY_HELD, 'A guarantee is already held for this provider');
      await this.d.audit.record(tx, actor, { action: 'provider.guarantee.record', targetType: 'user', targetId: userId, before: null, after: { amountRials: amount.toString(), serial: row.serial, receivedOn: row.receivedOn } });
      return row;
    });
  }

  /** For other modules (PRV-5): the guarantee, read in the caller's transaction. */
  async guarantee(tx: DbOrTx, userId: string): Promise<{ amountRials: bigint; serial: string; receivedOn: string; receivedBy: string; status: 'held' | 'returned' } | null> {
    const g = await repo.guaranteeOf(tx, userId);
    return g ? { amountRials: g.amountRials, serial: g.serial, receivedOn: g.receivedOn, receivedBy: g.receivedBy, status: g.status } : null;
  }

  /** PRV-5 (helper B): the note went back to the provider; audited in the caller's transaction. */
  async markGuaranteeReturned(tx: DbOrTx, userId: string, actor: Actor): Promise<void> {
    const row = await repo.returnGuarantee(tx, userId, this.p.clock.now(), actor.id);
    if (!row) throw conflict(E.GUARANTEE_NOT_HELD, 'No guarantee is held for this provider');
    await this.d.audit.record(tx, actor, { action: 'provider.guarantee.return', targetType: 'user', targetId: userId, before: { status: 'held' }, after: { status: 'returned' } });
  }

  // ---- PRV-3 activation / rejection ----

  async activate(actor: Actor, applicationId: string): Promise<ApplicationRow> {
    const app = await repo.applicationById(this.p.db, applicationId);
    if (!app) throw notFound(E.APPLICATION_NOT_FOUND, 'No such application');
    if (actor.id === app.userId) throw forbidden(ReviewErrors.OWN_ACCOUNT, 'You cannot activate your own application; another agent must');
    const view = await this.view(app.userId);
    const user = await this.d.accounts.get(app.userId);
    const kind = providerKindFor(app.fleetType, app.motorcycleKind);
    const result = await inTransaction(this.p, async (tx, after) => {
      await this.d.reviews.assertMayReview(tx, 'provider_application', app.id, actor);
      if (!view.checklist?.complete) throw conflict(E.ACTIVATION_BLOCKED, 'Not everything needed for activation is done', { missing: view.checklist?.items.filter((i) => !i.ok) ?? [] });
      const now = this.p.clock.now();
      const decided = await repo.decideApplication(tx, app.id, { status: 'activated', rejectionReason: null, decidedBy: actor.id, decidedAt: now, updatedAt: now });
      if (!decided) throw conflict(E.APPLICATION_NOT_OPEN, 'This application was already decided');
      const created = await this.d.providers.create(tx, { userId: app.userId, cityId: app.cityId, fleetType: app.fleetType, serviceCodes: app.serviceCodes, vehicle: app.vehicle, createdAt: now });
      if (!created) throw conflict(E.ALREADY_PROVIDER, 'This user is already a provider');
      const roles = [...new Set([...user.roles, 'provider'])];
      await identityRepo.updateUser(tx, app.userId, { roles, providerKind: kind, updatedAt: now });
      await this.d.audit.record(tx, actor, { action: 'provider.activate', targetType: 'user', targetId: app.userId, before: { roles: user.roles, providerKind: user.providerKind, application: 'submitted' }, after: { roles, providerKind: kind, application: 'activated', fleetType: app.fleetType, serviceCodes: app.serviceCodes } });
      await this.d.reviews.resolve(tx, 'provider_application', app.id, 'activated', actor);
      await this.d.notifications.enqueue(tx, { channel: 'sms', to: user.mobile, userId: user.id, template: 'provider.activated', locale: user.locale, params: {} }, after);
      after.run(() => this.d.users.invalidate(app.userId));
      after.publish('provider.activated', { userId: app.userId, fleetType: app.fleetType, serviceCodes: app.serviceCodes, skills: app.skills });
      return decided;
    });
    return result;
  }

  async reject(actor: Actor, applicationId: string, reason: string): Promise<ApplicationRow> {
    const app = await repo.applicationById(this.p.db, applicationId);
    if (!app) throw notFound(E.APPLICATION_NOT_FOUND, 'No such application');
    if (actor.id === app.userId) throw forbidden(ReviewErrors.OWN_ACCOUNT, 'You cannot decide your own application; another agent must');
    return inTransaction(this.p, async (tx) => {
      await this.d.reviews.assertMayReview(tx, 'provider_application', app.id, actor);
      const now = this.p.clock.now();
      const decided = await repo.decideApplication(tx, app.id, { status: 'rejected', rejectionReason: reason, decidedBy: actor.id, decidedAt: now, updatedAt: now });
      if (!decided) throw conflict(E.APPLICATION_NOT_OPEN, 'This application was already decided');
      await this.d.audit.record(tx, actor, { action: 'provider.application.reject', targetType: 'provider_application', targetId: app.id, before: { status: 'submitted' }, after: { status: 'rejected' }, reason });
      await this.d.reviews.resolve(tx, 'provider_application', app.id, 'rejected', actor);
      return decided;
    });
  }
}
