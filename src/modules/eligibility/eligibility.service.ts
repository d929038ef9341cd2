import type { Platform } from '../../platform/context.js';
import { conflict, notFound, validation } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { ageInFullYears } from '../../platform/time.js';
import type { Actor, AuditService } from '../ops/audit.service.js';
import type { UserCache } from '../identity/index.js';
import { EligibilityErrors as E } from './eligibility.errors.js';
import { eligibilityRepo as repo } from './eligibility.repo.js';
import { ruleMatches, type Attributes } from './eligibility.rules.js';
import type { RuleCreateBody, RuleUpdateBody } from './eligibility.schemas.js';
import type { AttributeValue, EligibilityRuleRow } from './eligibility.tables.js';

export type Subject = 'customer' | 'provider';

/** Who is being checked: an id plus any attributes the caller already knows (they win over stored ones). */
export type SubjectInput = { id: string } & Attributes;

export interface EligibilityInput {
  serviceCode: string;
  cityId: string;
  customer?: SubjectInput;
  provider?: SubjectInput;
  locale?: 'fa' | 'ar' | 'en';
}

export interface EligibilityResult { allowed: boolean; reasons: Array<{ ruleId: string; code: string; message: string }> }

/** Extra attributes of a user from another module (e.g. providers: vehicleYear, rating, hasBox). */
export type AttributeSource = (userId: string) => Promise<Attributes>;

const CACHE_MS = 5_000;

/**
 * ORD-11: service eligibility rules per service and jurisdiction over customer and provider
 * attributes. A rule denies when every condition holds; a subject's attributes come from the
 * account (age, kycStatus, providerKind), from ops-recorded attributes (e.g. gender) and from
 * plugged-in sources. Ships with no rule at all; rules start inactive.
 */
export class EligibilityService {
  private rules: { rows: EligibilityRuleRow[]; until: number } | undefined;
  private readonly sources: Record<Subject, AttributeSource[]> = { customer: [], provider: [] };

  constructor(private readonly d: { platform: Platform; audit: AuditService; users: UserCache }) {}

  /** Adds a source of attributes for a subject kind (called at wiring, e.g. by providers). */
  addAttributeSource(subject: Subject, source: AttributeSource): void {
    this.sources[subject].push(source);
  }

  /** Reads only through the root handle: call it before opening a transaction (PGlite has one connection). */
  async check(input: EligibilityInput): Promise<EligibilityResult> {
    const rules = (await this.activeRules()).filter((r) =>
      (r.serviceCode === null || r.serviceCode === input.serviceCode) && (r.cityId === null || r.cityId === input.cityId));
    const reasons: EligibilityResult['reasons'] = [];
    for (const subject of ['customer', 'provider'] as const) {
      const who = input[subject];
      const mine = rules.filter((r) => r.subject === subject);
      if (!who || !mine.length) continue;
      const attrs = await this.attributesFor(subject, who);
      for (const r of mine) {
        if (ruleMatches(r.conditions, attrs)) reasons.push({ ruleId: r.id, code: r.code, message: r.messages[input.locale ?? 'fa'] });
      }
    }
    return { allowed: reasons.length === 0, reasons };
  }

  /** Every attribute the rules can see for a user: account facts, ops-recorded ones, sources, then the caller's. */
  async attributesFor(subject: Subject, who: SubjectInput): Promise<Attributes> {
    const { id, ...given } = who;
    const user = await this.d.users.get(id);
    const now = this.d.platform.clock.now();
    const base: Attributes = user ? {
      age: user.birthDate ? ageInFullYears(String(user.birthDate), now) : undefined,
      kycStatus: user.kycStatus, providerKind: user.providerKind, cityId: user.cityId, locale: user.locale,
    } : {};
    const stored = (await repo.attributes(this.d.platform.db, id))?.attributes ?? {};
    let merged: Attributes = { ...base, ...stored };
    for (const source of this.sources[subject]) merged = { ...merged, ...(await source(id)) };
    for (const [k, v] of Object.entries(given)) if (v !== undefined) merged[k] = v;
    return merged;
  }

  // ---- ops (each change audited) ----

  list() { return repo.all(this.d.platform.db); }

  async get(id: string): Promise<EligibilityRuleRow> {
    const row = await repo.byId(this.d.platform.db, id);
    if (!row) throw notFound(E.RULE_NOT_FOUND, 'No such eligibility rule');
    return row;
  }

  async create(actor: Actor, body: RuleCreateBody): Promise<EligibilityRuleRow> {
    await this.assertScope(body.cityId, body.serviceCode);
    const now = this.d.platform.clock.now();
    const { reason, ...fields } = body;
    const row = await this.d.platform.db.transaction(async (tx) => {
      const r = await repo.insert(tx, { id: newId('elg', now.getTime()), ...fields, effect: 'deny', version: 1, createdBy: actor.id, createdAt: now, updatedAt: now });
      await this.d.audit.record(tx, actor, { action: 'eligibility.rule_created', targetType: 'eligibility_rule', targetId: r.id, after: r, reason });
      return r;
    });
    this.rules = undefined;
    return row;
  }

  async update(actor: Actor, id: string, body: RuleUpdateBody): Promise<EligibilityRuleRow> {
    const { version, reason, ...changes } = body;
    await this.assertScope(changes.cityId, changes.serviceCode);
    const set = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    const row = await this.d.platform.db.transaction(async (tx) => {
      const before = await repo.byId(tx, id);
      if (!before) throw notFound(E.RULE_NOT_FOUND, 'No such eligibility rule');
      const after = await repo.update(tx, id, version, { ...set, updatedAt: this.d.platform.clock.now() });
      if (!after) throw conflict(E.RULE_VERSION_CONFLICT, 'The rule changed since you read it', { currentVersion: before.version });
      await this.d.audit.record(tx, actor, { action: 'eligibility.rule_updated', targetType: 'eligibility_rule', targetId: id, before, after, reason });
      return after;
    });
    this.rules = undefined;
    return row;
  }

  async remove(actor: Actor, id: string, reason: string): Promise<void> {
    await this.d.platform.db.transaction(async (tx) => {
      const before = await repo.remove(tx, id);
      if (!before) throw notFound(E.RULE_NOT_FOUND, 'No such eligibility rule');
      await this.d.audit.record(tx, actor, { action: 'eligibility.rule_deleted', targetType: 'eligibility_rule', targetId: id, before, reason });
    });
    this.rules = undefined;
  }

  async storedAttributes(userId: string): Promise<Record<string, AttributeValue>> {
    if (!(await this.d.users.get(userId))) throw notFound(E.USER_NOT_FOUND, 'No such user');
    return (await repo.attributes(this.d.platform.db, userId))?.attributes ?? {};
  }

  /** Records attributes the account does not hold (e.g. gender, as declared); replaces the set; audited. */
  async setAttributes(actor: Actor, userId: string, attributes: Record<string, AttributeValue>, reason: string): Promise<Record<string, AttributeValue>> {
    const before = await this.storedAttributes(userId);
    const clean = Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== null));
    await this.d.platform.db.transaction(async (tx) => {
      await repo.setAttributes(tx, { userId, attributes: clean, updatedAt: this.d.platform.clock.now(), updatedBy: actor.id });
      await this.d.audit.record(tx, actor, { action: 'eligibility.attributes_set', targetType: 'user', targetId: userId, before, after: clean, reason });
    });
    return clean;
  }

  private async activeRules(): Promise<EligibilityRuleRow[]> {
    const now = Date.now();
    if (!this.rules || this.rules.until <= now) this.rules = { rows: await repo.active(this.d.platform.db), until: now + CACHE_MS };
    return this.rules.rows;
  }

  /** A rule scoped to a city or service that does not exist would silently never apply. */
  private async assertScope(cityId: string | null | undefined, serviceCode: string | null | undefined) {
    const db = this.d.platform.db;
    if (cityId && !(await repo.cityExists(db, cityId))) throw validation(E.RULE_SCOPE_UNKNOWN, `There is no city ${cityId}`, { cityId });
    if (serviceCode && !(await repo.serviceExists(db, serviceCode))) throw validation(E.RULE_SCOPE_UNKNOWN, `There is no service ${serviceCode}`, { serviceCode });
  }
}
