import { inTransaction } from '../../platform/context.js';
import { isUniqueViolation, type DbOrTx } from '../../platform/db.js';
import { conflict, notFound, validation, AppError } from '../../platform/errors.js';
import type { AfterCommit } from '../../platform/events.js';
import { newId } from '../../platform/ids.js';
import { isLocale } from '../../platform/i18n.js';
import type { AuthService, ClientInfo, UserCache } from '../identity/index.js';
import { gregorianModelYear, normalizePlate, plateKindOf, type OnboardingService } from '../onboarding/index.js';
import type { Actor } from '../ops/audit.service.js';
import type { ProviderProfile, Vehicle } from '../providers/index.js';
import type { ProviderSelfServiceDeps } from '../shop/index.js';
import { fleetChangeNeeds, missingTypes, servicesOf, VEHICLE_CHANGE_DOCUMENTS, type ChangeType, type MotorcycleKind, type TargetFleet } from './change-rules.js';
import { RequestErrors as E } from './provider-requests.errors.js';
import { requestsRepo as repo } from './provider-requests.repo.js';
import type { ChangePayload, ChangeRequestRow, RequestStatus } from './provider-requests.tables.js';

export interface RequestsDeps extends ProviderSelfServiceDeps {
  onboarding: Pick<OnboardingService, 'documents' | 'vehicleRules'>;
  auth: Pick<AuthService, 'requestOtp' | 'checkOtp' | 'parseMobile'>;
  users: Pick<UserCache, 'invalidate'>;
}
export interface VehicleInput { make: string; model: string; modelYear: number; plate: string; colour: string; seats: number }
export type SubmitInput =
  | { type: 'mobile'; newMobile: string; code: string; note?: string }
  | { type: 'fleet'; fleetType: TargetFleet; motorcycleKind?: MotorcycleKind; vehicle?: VehicleInput; documentIds: string[]; note?: string }
  | { type: 'vehicle'; vehicle: VehicleInput; documentIds: string[]; note?: string }
  | { type: 'documents'; documentIds: string[]; note?: string };
export interface RequestDetail { row: ChangeRequestRow; events: Awaited<ReturnType<typeof repo.eventsOf>> }

/**
 * PRV-4 self-service change requests, each reviewed by ops with its own timeline: a new mobile
 * (proven by an OTP to it, unique across accounts: ACC-2), a fleet change, a vehicle change
 * (PRV-8 rules), document completion. One open request per type; approval applies the change.
 */
export class ProviderRequestsService {
  constructor(private readonly d: RequestsDeps) {}

  private get db() { return this.d.platform.db; }
  private now() { return this.d.platform.clock.now(); }

  /** Step one of a mobile change: an OTP to the new number (refused when another account has it). */
  async sendMobileCode(userId: string, mobileInput: string, client: ClientInfo) {
    const mobile = this.d.auth.parseMobile(mobileInput);
    await this.assertMobileFree(this.db, userId, mobile);
    return this.d.auth.requestOtp(mobile, client, 'login');
  }

  async submit(userId: string, input: SubmitInput): Promise<RequestDetail> {
    const provider = await this.d.providers.get(userId);
    if (!provider) throw notFound(E.NOT_A_PROVIDER, 'Only providers can ask for changes');
    const { payload, documentIds } = await this.prepare(userId, provider, input);
    const now = this.now();
    const id = newId('crq', now.getTime());
    try {
      await inTransaction(this.d.platform, async (tx) => {
        await repo.insert(tx, { id, userId, type: input.type, status: 'submitted', payload, documentIds, note: input.note ?? null, rejectReason: null, decidedBy: null, decidedAt: null, createdAt: now });
        await this.event(tx, id, 'submitted', userId, input.note ?? null);
        await this.d.reviews.enqueue(tx, { kind: 'change_request', subjectId: id, subjectUserId: userId, cityId: provider.cityId, title: `${({ mobile: 'تغییر شماره همراه', fleet: 'تغییر نوع همکاری', vehicle: 'تغییر وسیله نقلیه', documents: 'تکمیل مدارک' } as Record<string, string>)[input.type] ?? input.type}`, link: `/ops/provider-requests/${id}` });
      });
    } catch (err) {
      if (isUniqueViolation(err, 'change_requests_one_open')) throw conflict(E.REQUEST_OPEN, 'You already have an open request of this type', { type: input.type });
      throw err;
    }
    return this.detail(id);
  }

  /** Checks the request against the rules and turns it into what is stored (nothing is written here). */
  private async prepare(userId: string, provider: ProviderProfile, input: SubmitInput): Promise<{ payload: ChangePayload; documentIds: string[] }> {
    if (input.type === 'mobile') {
      const mobile = this.d.auth.parseMobile(input.newMobile);
      await this.assertMobileFree(this.db, userId, mobile);
      await this.d.auth.checkOtp(mobile, input.code, 'login');
      return { payload: { newMobile: mobile }, documentIds: [] };
    }
    const docs = await this.ownDocuments(userId, input.documentIds);
    if (input.type === 'documents') {
      if (!docs.length) throw validation(E.DOCUMENTS_MISSING, 'Attach at least one document', { field: 'documentIds' });
      return { payload: {}, documentIds: input.documentIds };
    }
    if (input.type === 'vehicle') {
      const vehicle = this.vehicleOf(input.vehicle, provider.fleetType === 'motorcycle' ? 'motorcycle' : 'car');
      this.needDocs(VEHICLE_CHANGE_DOCUMENTS, docs);
      this.checkRules(provider.serviceCodes, vehicle);
      return { payload: { vehicle }, documentIds: input.documentIds };
    }
    if (input.fleetType === 'motorcycle' && !input.motorcycleKind) throw validation(E.DETAILS_INVALID, 'Choose parcel courier, motorcycle taxi or both', { field: 'motorcycleKind' });
    const serviceCodes = servicesOf(input.fleetType, input.motorcycleKind);
    const needs = fleetChangeNeeds(provider.fleetType, input.fleetType, serviceCodes);
    if (needs.vehicle && !input.vehicle) throw validation(E.DETAILS_INVALID, 'Describe the new vehicle', { field: 'vehicle' });
    const vehicle = input.vehicle ? this.vehicleOf(input.vehicle, input.fleetType) : provider.vehicle;
    if (!needs.vehicle && !input.vehicle && provider.serviceCodes.join() === serviceCodes.join() && provider.fleetType === input.fleetType) {
      throw validation(E.DETAILS_INVALID, 'This is your current fleet', { field: 'fleetType' });
    }
    this.needDocs(needs.documents, docs);
    this.checkRules(serviceCodes, vehicle);
    return { payload: { fleetType: input.fleetType, motorcycleKind: input.motorcycleKind ?? null, serviceCodes, vehicle }, documentIds: input.documentIds };
  }

  async cancel(userId: string, id: string): Promise<RequestDetail> {
    await inTransaction(this.d.platform, async (tx) => {
      const cur = await repo.byId(tx, id);
      if (!cur || cur.userId !== userId) throw notFound(E.REQUEST_NOT_FOUND, 'No such request');
      if (!(await repo.decide(tx, id, { status: 'cancelled', decidedAt: this.now() }))) throw conflict(E.WRONG_STATUS, `The request is ${cur.status}`, { status: cur.status });
      await this.event(tx, id, 'cancelled', userId, null);
      await this.d.reviews.resolve(tx, 'change_request', id, 'cancelled', { id: userId });
    });
    return this.detail(id);
  }

  /** Ops approve: the attached documents must be approved; the change is applied in the same transaction. */
  async approve(actor: Actor, id: string): Promise<RequestDetail> {
    let mobileChanged: string | null = null;
    try {
      await inTransaction(this.d.platform, async (tx, after) => {
        await this.d.reviews.assertMayReview(tx, 'change_request', id, actor);
        const cur = await repo.byId(tx, id);
        if (!cur) throw notFound(E.REQUEST_NOT_FOUND, 'No such request');
        await this.assertDocumentsApproved(tx, cur.documentIds);
        const row = await repo.decide(tx, id, { status: 'approved', decidedBy: actor.id, decidedAt: this.now() });
        if (!row) throw conflict(E.WRONG_STATUS, `The request is ${cur.status}`, { status: cur.status });
        const before = await this.apply(tx, row);
        if (row.type === 'mobile') mobileChanged = row.userId;
        await this.event(tx, id, 'approved', actor.id, null);
        await this.d.audit.record(tx, actor, { action: `provider.change.${row.type}`, targetType: 'user', targetId: row.userId, before, after: row.payload });
        await this.d.reviews.resolve(tx, 'change_request', id, 'approved', actor);
        await this.sms(tx, row, 'approved', after);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(E.MOBILE_TAKEN, 'Another account has this mobile number');
      throw err;
    }
    if (mobileChanged) this.d.users.invalidate(mobileChanged);
    return this.detail(id);
  }

  async reject(actor: Actor, id: string, reason: string): Promise<RequestDetail> {
    await inTransaction(this.d.platform, async (tx, after) => {
      await this.d.reviews.assertMayReview(tx, 'change_request', id, actor);
      const row = await repo.decide(tx, id, { status: 'rejected', rejectReason: reason, decidedBy: actor.id, decidedAt: this.now() });
      if (!row) {
        const cur = await repo.byId(tx, id);
        if (!cur) throw notFound(E.REQUEST_NOT_FOUND, 'No such request');
        throw conflict(E.WRONG_STATUS, `The request is ${cur.status}`, { status: cur.status });
      }
      await this.event(tx, id, 'rejected', actor.id, reason);
      await this.d.audit.record(tx, actor, { action: 'provider.change.reject', targetType: 'change_request', targetId: id, before: { status: 'submitted' }, after: { status: 'rejected' }, reason });
      await this.d.reviews.resolve(tx, 'change_request', id, 'rejected', actor);
      await this.sms(tx, row, 'rejected', after);
    });
    return this.detail(id);
  }

  mine(userId: string) { return repo.of(this.db, userId); }
  list(status?: RequestStatus) { return repo.byStatus(this.db, status); }

  async getFor(viewer: { id: string; staff: boolean }, id: string): Promise<RequestDetail> {
    const row = await repo.byId(this.db, id);
    if (!row || (!viewer.staff && row.userId !== viewer.id)) throw notFound(E.REQUEST_NOT_FOUND, 'No such request');
    return { row, events: await repo.eventsOf(this.db, id) };
  }

  /** Document statuses for the ops screen. */
  async documentsOf(ids: string[]) {
    const out = [];
    for (const id of ids) { const d = await this.d.onboarding.documents.get(this.db, id); if (d) out.push(d); }
    return out;
  }

  // ---- helpers ----

  /** Applies an approved change; returns what it replaced (for the audit). */
  private async apply(tx: DbOrTx, row: ChangeRequestRow): Promise<unknown> {
    const p = row.payload;
    if (row.type === 'mobile') {
      await this.assertMobileFree(tx, row.userId, p.newMobile!);
      const before = await repo.contactOf(tx, row.userId);
      await repo.setMobile(tx, row.userId, p.newMobile!, this.now());
      return { mobile: before?.mobile };
    }
    const before = await this.d.providers.getIn(tx, row.userId);
    if (!before) throw notFound(E.NOT_A_PROVIDER, 'The provider profile is gone');
    if (row.type === 'vehicle') await this.d.providers.setVehicle(tx, row.userId, p.vehicle!);
    if (row.type === 'fleet') await this.d.providers.setVehicle(tx, row.userId, p.vehicle ?? before.vehicle, p.fleetType, p.serviceCodes);
    return { fleetType: before.fleetType, serviceCodes: before.serviceCodes, vehicle: before.vehicle };
  }

  private async assertMobileFree(db: DbOrTx, userId: string, mobile: string) {
    const own = await repo.contactOf(db, userId);
    if (own?.mobile === mobile) throw validation(E.MOBILE_SAME, 'This is already your mobile number', { field: 'newMobile' });
    if (await repo.mobileUsedByOther(db, mobile, userId)) throw conflict(E.MOBILE_TAKEN, 'Another account has this mobile number', { field: 'newMobile' });
  }

  private async ownDocuments(userId: string, ids: string[]) {
    if (new Set(ids).size !== ids.length) throw validation(E.DETAILS_INVALID, 'A document is attached twice', { field: 'documentIds' });
    const docs = [];
    for (const id of ids) {
      const doc = await this.d.onboarding.documents.get(this.db, id);
      if (!doc || doc.userId !== userId) throw notFound(E.DOCUMENT_NOT_FOUND, 'No such document of yours', { documentId: id });
      if (doc.status === 'rejected') throw validation(E.DOCUMENT_NOT_APPROVED, 'This document was rejected; upload it again', { documentId: id });
      docs.push(doc);
    }
    return docs;
  }

  private needDocs(types: string[], docs: Array<{ type: string }>) {
    const missing = missingTypes(types, docs);
    if (missing.length) throw validation(E.DOCUMENTS_MISSING, 'Attach the documents this change needs', { missing });
  }

  private async assertDocumentsApproved(tx: DbOrTx, ids: string[]) {
    const pending: string[] = [];
    for (const id of ids) if (!(await this.d.onboarding.documents.isApproved(tx, id))) pending.push(id);
    if (pending.length) throw conflict(E.DOCUMENT_NOT_APPROVED, 'Approve the attached documents first', { pending });
  }

  private checkRules(serviceCodes: string[], vehicle: Vehicle) {
    for (const code of serviceCodes) {
      const r = this.d.onboarding.vehicleRules.check(code, vehicle, this.now());
      if (!r.ok) throw new AppError('validation', r.code, r.reason, { serviceCode: code });
    }
  }

  private vehicleOf(v: VehicleInput, fleet: string): Vehicle {
    const year = gregorianModelYear(v.modelYear);
    if (year < 1950 || year > this.now().getUTCFullYear() + 1) throw validation(E.DETAILS_INVALID, 'The model year is not plausible', { field: 'vehicle.modelYear' });
    const plate = normalizePlate(v.plate, plateKindOf(fleet));
    if (!plate) throw validation(E.PLATE_INVALID, 'The plate is not in the Iranian format', { field: 'vehicle.plate' });
    return { make: v.make.trim(), model: v.model.trim(), year, plate, colour: v.colour.trim(), capacitySeats: v.seats };
  }

  private event(tx: DbOrTx, requestId: string, status: string, actorId: string | null, note: string | null) {
    return repo.insertEvent(tx, { id: newId('cre', this.now().getTime()), requestId, status, actorId, note, createdAt: this.now() });
  }

  private async sms(tx: DbOrTx, row: ChangeRequestRow, outcome: 'approved' | 'rejected', after: AfterCommit) {
    const u = await repo.contactOf(tx, row.userId);
    if (!u) return;
    const locale = isLocale(u.locale) ? u.locale : 'fa';
    const words = OUTCOME_WORDS[locale];
    await this.d.notifications.enqueue(tx, { channel: 'sms', to: u.mobile, userId: row.userId, template: 'providerRequest.decided', locale, params: { type: words[row.type], outcome: words[outcome] } }, after);
  }

  private async detail(id: string): Promise<RequestDetail> {
    return { row: (await repo.byId(this.db, id))!, events: await repo.eventsOf(this.db, id) };
  }
}

const OUTCOME_WORDS: Record<'fa' | 'ar' | 'en', Record<ChangeType | 'approved' | 'rejected', string>> = {
  fa: { mobile: 'تغییر شماره همراه', fleet: 'تغییر ناوگان', vehicle: 'تغییر وسیله نقلیه', documents: 'تکمیل مدارک', approved: 'تأیید شد', rejected: 'رد شد' },
  ar: { mobile: 'تغيير رقم الجوال', fleet: 'تغيير الأسطول', vehicle: 'تغيير المركبة', documents: 'استكمال المستندات', approved: 'تمت الموافقة عليه', rejected: 'تم رفضه' },
  en: { mobile: 'mobile change', fleet: 'fleet change', vehicle: 'vehicle change', documents: 'document completion', approved: 'approved', rejected: 'rejected' },
};
