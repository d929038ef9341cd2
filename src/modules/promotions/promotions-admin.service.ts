import { inTransaction } from '../../platform/context.js';
import type { Tx } from '../../platform/db.js';
import { isUniqueViolation } from '../../platform/db.js';
import { conflict, notFound, validation } from '../../platform/errors.js';
import type { AfterCommit } from '../../platform/events.js';
import type { Locale } from '../../platform/i18n.js';
import { newId } from '../../platform/ids.js';
import type { Actor } from '../ops/audit.service.js';
import { PromotionErrors as E } from './promotions.errors.js';
import { promotionsRepo as repo, type PromotionSearch } from './promotions.repo.js';
import { normalizeCode, parsePercent } from './promotions.rules.js';
import type { BenefitBody, PromotionCreateBody, PromotionUpdateBody } from './promotions.schemas.js';
import type { PromotionsDeps } from './promotions.shared.js';
import { promotions, type PromotionRow } from './promotions.tables.js';
import { opsView } from './promotions.views.js';

type PromotionInsert = typeof promotions.$inferInsert;
type KnownScopes = { services: Set<string>; cities: Set<string> };
type Owner = { id: string; mobile: string; locale: Locale; status: 'active' | 'blocked' };
type Terms = Pick<PromotionRow, 'benefitType' | 'serviceCodes' | 'cityIds' | 'minOrderRials' | 'conditions' | 'startsAt' | 'endsAt'>;

/** A personal package may name this many owners in all (a limit on everything). */
const MAX_OWNERS = 10_000;

const TRANSITIONS = {
  suspend: { from: ['active'], to: 'suspended' },
  resume: { from: ['suspended'], to: 'active' },
  cancel: { from: ['active', 'suspended'], to: 'cancelled' },
} as const satisfies Record<string, { from: PromotionRow['status'][]; to: PromotionRow['status'] }>;
export type StatusAction = keyof typeof TRANSITIONS;

/** OPS-2 / PAY-4: ops create, change, suspend, resume and cancel promotions; every change audited (FRD-3). */
export class PromotionsAdminService {
  constructor(private readonly d: PromotionsDeps) {}

  async create(actor: Actor, body: PromotionCreateBody): Promise<PromotionRow> {
    const now = this.d.platform.clock.now();
    const benefit = benefitColumns(body.benefit);
    const row: PromotionInsert = {
      id: newId('prm', now.getTime()), code: body.code === undefined ? null : codeOrThrow(body.code), audience: body.audience, ...benefit,
      serviceCodes: unique(body.serviceCodes), cityIds: unique(body.cityIds), minOrderRials: optionalRials(body.minOrderRials),
      conditions: body.conditions ?? [], startsAt: optionalDate(body.startsAt), endsAt: optionalDate(body.endsAt),
      totalUsageLimit: body.totalUsageLimit ?? null, perUserLimit: this.perUserLimit(benefit.benefitType, body.perUserLimit),
      usedCount: 0, status: 'active', title: body.title, description: body.description ?? null, version: 1, createdBy: actor.id, createdAt: now, updatedAt: now,
    };
    this.checkTerms(row as Terms, await this.knownScopes());
    if (row.endsAt && row.endsAt <= now) throw validation(E.PROMO_TERMS_INVALID, 'The offer would end before it is created', { field: 'endsAt' });
    const owners = unique(body.userIds);
    if (body.audience === 'personal' && !owners.length) throw validation(E.PROMO_TERMS_INVALID, 'A personal package needs its owners (userIds)', { field: 'userIds' });
    if (body.audience === 'public' && owners.length) throw validation(E.PROMO_TERMS_INVALID, 'A public offer has no owners', { field: 'userIds' });
    const ownerRows = await this.usersOrThrow(owners);
    return this.withCodeGuard(() => inTransaction(this.d.platform, async (tx, after) => {
      if (row.code && (await repo.liveCodeTaken(tx, row.code))) throw conflict(E.PROMO_CODE_TAKEN, 'Another live offer has this code', { field: 'code' });
      const created = await repo.insert(tx, row);
      await repo.bindUsers(tx, created.id, owners, now);
      await this.d.audit.record(tx, actor, { action: 'promotion.create', targetType: 'promotion', targetId: created.id, before: null, after: { ...opsView(created), userIds: owners }, reason: body.reason });
      if (body.announce && ownerRows.length) await this.announce(tx, after, created, ownerRows);
      return created;
    }));
  }

  /** Changes terms at any time; guarded on the version the editor read when given. */
  async update(actor: Actor, id: string, body: PromotionUpdateBody): Promise<PromotionRow> {
    const adds = unique(body.addUserIds);
    await this.usersOrThrow(adds);
    const known = await this.knownScopes();
    return this.withCodeGuard(() => inTransaction(this.d.platform, async (tx) => {
      const before = await repo.lock(tx, id);
      if (!before) throw notFound(E.PROMO_NOT_FOUND, 'No such offer');
      if (body.expectedVersion !== undefined && body.expectedVersion !== before.version) {
        throw conflict(E.PROMO_VERSION_CONFLICT, 'Someone changed this offer since you opened it', { version: before.version });
      }
      if (before.status === 'cancelled') throw conflict(E.PROMO_STATUS_CONFLICT, 'A cancelled offer cannot change', { status: before.status });
      const set = await this.changes(tx, before, body);
      this.checkTerms({ ...before, ...set } as Terms, known);
      await this.changeOwners(tx, before, adds, unique(body.removeUserIds));
      const updated = await repo.update(tx, id, before.version, { ...set, updatedAt: this.d.platform.clock.now() });
      if (!updated) throw conflict(E.PROMO_VERSION_CONFLICT, 'Someone changed this offer at the same time');
      await this.d.audit.record(tx, actor, {
        action: 'promotion.update', targetType: 'promotion', targetId: id, reason: body.reason,
        before: opsView(before), after: { ...opsView(updated), addedUserIds: adds, removedUserIds: unique(body.removeUserIds) },
      });
      return updated;
    }));
  }

  /** Suspend, resume or cancel: takes effect for the very next quote, claim or redemption. */
  async changeStatus(actor: Actor, id: string, action: StatusAction, reason: string): Promise<PromotionRow> {
    const t = TRANSITIONS[action];
    return inTransaction(this.d.platform, async (tx) => {
      const before = await repo.byId(tx, id);
      if (!before) throw notFound(E.PROMO_NOT_FOUND, 'No such offer');
      const row = await repo.setStatus(tx, id, [...t.from], t.to, this.d.platform.clock.now());
      if (!row) throw conflict(E.PROMO_STATUS_CONFLICT, `An offer that is ${before.status} cannot be ${action === 'cancel' ? 'cancelled' : `${action}d`}`, { status: before.status });
      await this.d.audit.record(tx, actor, { action: `promotion.${action}`, targetType: 'promotion', targetId: id, before: { status: before.status, version: before.version }, after: { status: row.status, version: row.version }, reason });
      return row;
    });
  }

  async detail(id: string) {
    const db = this.d.platform.db;
    const p = await repo.byId(db, id);
    if (!p) throw notFound(E.PROMO_NOT_FOUND, 'No such offer');
    const [userIds, userCount] = await Promise.all([repo.boundUserIds(db, id, 1000), repo.boundUserCount(db, id)]);
    return { promotion: p, userIds, userCount };
  }

  list(q: PromotionSearch) {
    return repo.search(this.d.platform.db, q);
  }

  async stats(id: string) {
    const { promotion: p } = await this.detail(id);
    const s = await repo.stats(this.d.platform.db, id);
    return {
      promotionId: id, usedCount: p.usedCount, totalUsageLimit: p.totalUsageLimit, redemptions: s.redeemed, released: s.released,
      discountRials: s.discountRials, uniqueUsers: s.users, giftGrants: s.grants, giftGrantedRials: s.grantedRials,
      giftExpiredGrants: s.expiredGrants, giftExpiredRials: s.expiredRials,
    };
  }

  /** The column changes a patch asks for; structural fields (audience, benefit type, trigger) stay. */
  private async changes(tx: Tx, before: PromotionRow, body: PromotionUpdateBody): Promise<Partial<PromotionInsert>> {
    const set: Partial<PromotionInsert> = {};
    if (body.code !== undefined) {
      if (before.code === null) throw validation(E.PROMO_TERMS_INVALID, 'An automatic campaign has no code', { field: 'code' });
      set.code = codeOrThrow(body.code);
      if (await repo.liveCodeTaken(tx, set.code, before.id)) throw conflict(E.PROMO_CODE_TAKEN, 'Another live offer has this code', { field: 'code' });
    }
    if (body.benefit !== undefined) {
      if (body.benefit.type !== before.benefitType) throw validation(E.PROMO_TERMS_INVALID, 'The kind of benefit cannot change; create a new offer', { field: 'benefit.type' });
      Object.assign(set, benefitColumns(body.benefit));
    }
    if (body.serviceCodes !== undefined) set.serviceCodes = unique(body.serviceCodes);
    if (body.cityIds !== undefined) set.cityIds = unique(body.cityIds);
    if (body.minOrderRials !== undefined) set.minOrderRials = optionalRials(body.minOrderRials);
    if (body.conditions !== undefined) set.conditions = body.conditions;
    if (body.startsAt !== undefined) set.startsAt = optionalDate(body.startsAt);
    if (body.endsAt !== undefined) set.endsAt = optionalDate(body.endsAt);
    if (body.totalUsageLimit !== undefined) set.totalUsageLimit = body.totalUsageLimit;
    if (body.perUserLimit !== undefined && before.benefitType !== 'gift_credit') set.perUserLimit = body.perUserLimit;
    if (body.title !== undefined) set.title = body.title;
    if (body.description !== undefined) set.description = body.description;
    return set;
  }

  private async changeOwners(tx: Tx, before: PromotionRow, adds: string[], removes: string[]) {
    if (!adds.length && !removes.length) return;
    if (before.audience !== 'personal') throw validation(E.PROMO_TERMS_INVALID, 'A public offer has no owners', { field: 'addUserIds' });
    await repo.unbindUsers(tx, before.id, removes);
    await repo.bindUsers(tx, before.id, adds, this.d.platform.clock.now());
    const count = await repo.boundUserCount(tx, before.id);
    if (count === 0) throw validation(E.PROMO_TERMS_INVALID, 'A personal package needs at least one owner; cancel it instead', { field: 'removeUserIds' });
    if (count > MAX_OWNERS) throw validation(E.PROMO_TOO_MANY_USERS, `A personal package has at most ${MAX_OWNERS} owners`);
  }

  private perUserLimit(type: PromotionRow['benefitType'], requested: number | null | undefined): number | null {
    if (type === 'gift_credit') return 1; // gift credit is granted once per user per promotion
    return requested === undefined ? this.d.settings.get('promotions.defaultPerUserLimit') : requested;
  }

  /** Read before a transaction opens: the catalog cache loads through the root handle. */
  private async knownScopes(): Promise<KnownScopes> {
    return {
      services: new Set((await this.d.catalog.services()).map((s) => s.code)),
      cities: new Set((await this.d.catalog.cities()).map((c) => c.id)),
    };
  }

  private checkTerms(t: Terms, known: KnownScopes) {
    if (t.startsAt && t.endsAt && t.endsAt <= t.startsAt) throw validation(E.PROMO_TERMS_INVALID, 'The offer must end after it starts', { field: 'endsAt' });
    if (t.benefitType === 'gift_credit' && (t.serviceCodes.length || t.minOrderRials !== null || t.conditions.some((c) => c.type === 'min_quantity'))) {
      throw validation(E.PROMO_TERMS_INVALID, 'Gift credit is claimed, not applied to an order: no service, minimum amount or quantity terms', { field: 'serviceCodes' });
    }
    const named = [...t.serviceCodes, ...t.conditions.flatMap((c) => (c.type === 'min_past_volume' ? c.serviceCodes ?? [] : []))];
    const unknownServices = named.filter((c) => !known.services.has(c));
    if (unknownServices.length) throw validation(E.PROMO_SERVICE_UNKNOWN, 'Unknown service codes', { serviceCodes: unknownServices });
    const unknownCities = t.cityIds.filter((c) => !known.cities.has(c));
    if (unknownCities.length) throw validation(E.PROMO_CITY_UNKNOWN, 'Unknown city ids', { cityIds: unknownCities });
  }

  /** Loads the accounts before any transaction opens (the user cache reads through the root handle). */
  private async usersOrThrow(ids: string[]): Promise<Owner[]> {
    const found: Owner[] = [];
    const missing: string[] = [];
    for (let i = 0; i < ids.length; i += 50) {
      const rows = await Promise.all(ids.slice(i, i + 50).map((id) => this.d.users.get(id)));
      rows.forEach((u, j) => (u ? found.push(u) : missing.push(ids[i + j])));
    }
    if (missing.length) throw validation(E.PROMO_USER_UNKNOWN, 'Some user ids do not exist', { userIds: missing.slice(0, 50) });
    return found;
  }

  private async announce(tx: Tx, after: AfterCommit, p: PromotionRow, owners: Owner[]) {
    for (const u of owners) {
      if (u.status !== 'active') continue;
      await this.d.notifications.enqueue(tx, { channel: 'sms', to: u.mobile, userId: u.id, template: 'promotion.personalOffer', locale: u.locale, params: { title: p.title[u.locale] } });
    }
    after.run(() => this.d.notifications.kick());
  }

  /** Two ops creating the same code at once: the unique index decides, the loser gets a clear code. */
  private async withCodeGuard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (isUniqueViolation(err, 'promotions_live_code_unique')) throw conflict(E.PROMO_CODE_TAKEN, 'Another live offer has this code', { field: 'code' });
      throw err;
    }
  }
}

function benefitColumns(b: BenefitBody) {
  const none = { percentBasisPoints: null, amountRials: null, maxDiscountRials: null, giftValidDays: null, giftExpiresAt: null };
  if (b.type === 'percent') {
    const bp = parsePercent(b.percent);
    if (bp === null) throw validation(E.PROMO_TERMS_INVALID, 'The percent must be more than 0 and at most 100, with at most two decimals', { field: 'benefit.percent' });
    return { ...none, benefitType: 'percent' as const, percentBasisPoints: bp, maxDiscountRials: optionalRials(b.maxDiscountRials) };
  }
  if (b.type === 'fixed') return { ...none, benefitType: 'fixed' as const, amountRials: BigInt(b.amountRials) };
  return { ...none, benefitType: 'gift_credit' as const, amountRials: BigInt(b.amountRials), giftValidDays: b.validDays ?? null, giftExpiresAt: optionalDate(b.expiresAt) };
}

function codeOrThrow(input: string): string {
  const code = normalizeCode(input);
  if (!code) throw validation(E.PROMO_CODE_INVALID, 'A code is 3 to 32 letters A-Z, digits, _ or -', { field: 'code' });
  return code;
}

const unique = (list: string[] | undefined) => [...new Set(list ?? [])];
const optionalRials = (v: string | null | undefined) => (v === undefined || v === null ? null : BigInt(v));
const optionalDate = (v: string | null | undefined) => (v === undefined || v === null ? null : new Date(v));
