import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { validation, notFound } from '../../platform/errors.js';
import type { Clock } from '../../platform/time.js';
import type { Actor, AuditService } from '../ops/audit.service.js';
import { cities, services, settings } from './catalog.tables.js';
import { SETTINGS, isSettingKey, type SettingKey, type SettingValue } from './settings.definitions.js';

export interface SettingScope {
  cityId?: string | null;
  serviceId?: string | null;
}

type ScopeType = 'global' | 'city' | 'service';

/**
 * OPS-2: typed policy settings. Resolution: service scope, then city, then global, then the SPEC
 * default. Rows are few, so they are held in memory and reloaded after every change.
 */
export class SettingsService {
  /**
   * The rows by key, then scope: `get` runs on every quote and dispatch query, and this lookup
   * builds no strings (a `key|scope|id` string per scope tried cost ~1 us a call).
   */
  private byKey = new Map<string, Scoped>();

  constructor(private readonly db: Db, private readonly audit: AuditService, private readonly clock: Clock) {}

  async load(): Promise<void> {
    const rows = await this.db.select().from(settings);
    const byKey = new Map<string, Scoped>();
    for (const r of rows) {
      let e = byKey.get(r.key);
      if (!e) byKey.set(r.key, (e = { global: NONE, city: new Map(), service: new Map() }));
      if (r.scopeType === 'global') e.global = r.value;
      else (r.scopeType === 'city' ? e.city : e.service).set(r.scopeId, r.value);
    }
    this.byKey = byKey;
  }

  get<K extends SettingKey>(key: K, scope: SettingScope = {}): SettingValue<K> {
    const e = this.byKey.get(key);
    if (e) {
      if (scope.serviceId && e.service.has(scope.serviceId)) return e.service.get(scope.serviceId) as SettingValue<K>;
      if (scope.cityId && e.city.has(scope.cityId)) return e.city.get(scope.cityId) as SettingValue<K>;
      if (e.global !== NONE) return e.global as SettingValue<K>;
    }
    return SETTINGS[key].default as SettingValue<K>;
  }

  /** A Rials setting as bigint. */
  rials(key: SettingKey, scope: SettingScope = {}): bigint {
    return BigInt(this.get(key, scope) as string);
  }

  list() {
    return Object.entries(SETTINGS).map(([key, d]) => ({
      key,
      description: d.description,
      rules: d.rules,
      scopes: d.scopes,
      default: d.default,
      overrides: overridesOf(this.byKey.get(key)),
    }));
  }

  /** Sets (or with value undefined, clears) an override; validated, audited in the same transaction. */
  async set(actor: Actor, key: string, scopeType: ScopeType, scopeId: string, value: unknown, reason?: string): Promise<void> {
    if (!isSettingKey(key)) throw notFound('SETTING_UNKNOWN', `No setting named ${key}`);
    const d = SETTINGS[key];
    if (!(d.scopes as readonly string[]).includes(scopeType)) {
      throw validation('SETTING_SCOPE_NOT_ALLOWED', `${key} cannot be set per ${scopeType}`, { allowed: d.scopes });
    }
    if (scopeType === 'global' && scopeId !== '') throw validation('SETTING_SCOPE_INVALID', 'A global setting takes no scope id');
    if (scopeType !== 'global' && !scopeId) throw validation('SETTING_SCOPE_INVALID', `A ${scopeType} setting needs a scope id`);
    if (scopeType !== 'global' && !(await this.scopeExists(scopeType, scopeId))) {
      throw validation('SETTING_SCOPE_INVALID', `There is no ${scopeType} ${scopeId}`, { scopeType, scopeId });
    }
    let parsed: unknown;
    if (value !== undefined) {
      const r = (d.schema as import('zod').ZodType).safeParse(value);
      if (!r.success) throw validation('SETTING_VALUE_INVALID', `Invalid value for ${key}`, { issues: r.error.issues.map((i) => i.message) });
      parsed = r.data;
    }
    const before = valueAt(this.byKey.get(key), scopeType, scopeId) ?? null;
    await this.db.transaction(async (tx) => {
      const where = and(eq(settings.key, key), eq(settings.scopeType, scopeType), eq(settings.scopeId, scopeId));
      if (parsed === undefined) {
        await tx.delete(settings).where(where);
      } else {
        // A null value (settings that take null, e.g. "no limit") is stored as JSON null: drizzle
        // would write SQL NULL, which the column refuses.
        const value = parsed === null ? sql`'null'::jsonb` : parsed;
        await tx.insert(settings).values({ key, scopeType, scopeId, value, updatedAt: this.clock.now(), updatedBy: actor.id })
          .onConflictDoUpdate({ target: [settings.key, settings.scopeType, settings.scopeId], set: { value, updatedAt: this.clock.now(), updatedBy: actor.id } });
      }
      await this.audit.record(tx, actor, {
        action: 'settings.set', targetType: 'setting', targetId: `${key}@${scopeType}:${scopeId}`,
        before: { value: before }, after: { value: parsed ?? null }, reason,
      });
    });
    await this.load();
  }

  /** An override for a city or service that does not exist would silently never apply. */
  private async scopeExists(scopeType: 'city' | 'service', scopeId: string): Promise<boolean> {
    const table = scopeType === 'city' ? cities : services;
    return (await this.db.select({ id: table.id }).from(table).where(eq(table.id, scopeId)).limit(1)).length === 1;
  }
}

const NONE = Symbol('no global row');
interface Scoped { global: unknown; city: Map<string, unknown>; service: Map<string, unknown> }

/** The value of one row, undefined when there is none. */
function valueAt(e: Scoped | undefined, scopeType: ScopeType, scopeId: string): unknown {
  if (!e) return undefined;
  if (scopeType === 'global') return e.global === NONE ? undefined : e.global;
  return (scopeType === 'city' ? e.city : e.service).get(scopeId);
}

/** One key's rows as the ops list shows them. */
function overridesOf(e: Scoped | undefined): Array<{ scopeType: ScopeType; scopeId: string; value: unknown }> {
  if (!e) return [];
  const scoped = (scopeType: ScopeType, m: Map<string, unknown>) => [...m].map(([scopeId, value]) => ({ scopeType, scopeId, value }));
  return [...(e.global === NONE ? [] : [{ scopeType: 'global' as const, scopeId: '', value: e.global }]), ...scoped('city', e.city), ...scoped('service', e.service)];
}
