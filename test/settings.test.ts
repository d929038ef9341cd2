import { describe, test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './harness/app.js';
import { testDbKinds } from './harness/databases.js';
import { renewCallers, signInCallers, type Callers } from './harness/authz.js';
import { queryRows } from '../src/platform/db.js';
import { SETTINGS } from '../src/modules/catalog/settings.definitions.js';
import { SettingsService } from '../src/modules/catalog/settings.service.js';

/** SPEC.md policy numbers (Rials = Toman x 10) and where the SPEC states them. */
const SPEC_DEFAULTS: Record<string, unknown> = {
  'otp.ttlSeconds': 120, // ACC-1 via issue 2: expires after 2 minutes
  'otp.maxAttempts': 5,
  'otp.resendSeconds': 60,
  'otp.maxPerHour': 5,
  'account.minAgeYears': 18, // ACC-1
  'terms.requireAcceptanceBeforeOrder': true, // ACC-9
  'provider.guaranteeRials': '200000000', // PRV-3: 20,000,000 Toman
  'provider.documentExpiryReminderDays': 14, // PRV-2
  'provider.guaranteeReturnEquipmentChargePercent': 50, // PRV-5
  'provider.penaltyRials': '50000000', // PAY-6: 5,000,000 Toman
  'order.freeWaitSeconds': 300, // ORD-5: 5 minutes
  'parcel.maxDeclaredValueRials': '50000000', // ORD-8: 5,000,000 Toman
  'parcel.holdDays': 7, // ORD-10: one week
  'fraud.selfDealingFareMultiplier': 4, // FRD-1
  'rewards.seasonMonths': [2, 5, 8, 11], // RWD-2: Feb, May, Aug, Nov
  'rewards.pointsPerTrip': 1, // RWD-3
  'rewards.peakBonusPoints': 3,
  'rewards.tierThresholds': { gold: 100, platinum: 400, diamond: 800 }, // RWD-5
  'rewards.minRating': 4.8,
  'rewards.maxCancellationPercent': 4,
  'rewards.ratingWindowTrips': 500, // RWD-6
  'rewards.cancellationWindowDays': 30,
  'errands.businessHours': { days: [6, 0, 1, 2, 3], from: '08:00', to: '16:00' }, // ERR-2: Sat-Wed 08-16
  'paymentOrders.slaWorkingHours': 2, // XPO-5
};

for (const kind of testDbKinds()) {
  describe(`OPS-2 policy settings [${kind}]`, () => {
    let t: TestApp;
    let c: Callers;
    before(async () => {
      t = await createTestApp(kind);
      c = await signInCallers(t);
    });
    after(async () => { await t?.close(); });
    beforeEach(async () => { await renewCallers(t, c); });

    const put = (key: string, body: unknown, token = c.opsAdmin.token) => t.call('PUT', `/v1/ops/settings/${key}`, { token, body });
    const settings = () => t.app.modules.settings;
    const auditCount = async () => Number((await queryRows<{ n: number }>(t.db.db, sql`SELECT count(*) AS n FROM audit_log WHERE action = 'settings.set'`))[0].n);

    test('OPS-2 every SPEC policy number is a setting with the SPEC value as its default', () => {
      for (const [key, value] of Object.entries(SPEC_DEFAULTS)) {
        assert.ok(key in SETTINGS, `${key} is missing`);
        assert.deepEqual(settings().get(key as keyof typeof SETTINGS), value, key);
      }
    });

    test('OPS-2 every default passes its own schema, and every setting names the SPEC rules it implements', () => {
      for (const [key, d] of Object.entries(SETTINGS)) {
        assert.ok((d.schema as import('zod').ZodType).safeParse(d.default).success, key);
        assert.ok(d.rules.length > 0 && d.rules.every((r: string) => /^[A-Z]{2,3}-\d+$/.test(r)), key);
        assert.ok(d.scopes.includes('global'), key);
      }
    });

    test('OPS-2 GET /v1/ops/settings lists every setting with its default, rules and scopes, to ops and finance', async () => {
      for (const who of ['opsAgent', 'opsAdmin', 'finance'] as const) {
        const res = await t.call('GET', '/v1/ops/settings', { token: c[who].token });
        assert.equal(res.statusCode, 200, who);
        const byKey = new Map(res.json().map((s: { key: string }) => [s.key, s]));
        assert.equal(byKey.size, Object.keys(SETTINGS).length);
        assert.deepEqual(byKey.get('otp.ttlSeconds'), { key: 'otp.ttlSeconds', description: SETTINGS['otp.ttlSeconds'].description, rules: ['ACC-1'], scopes: ['global'], default: 120, overrides: [] });
      }
      assert.equal((await t.call('GET', '/v1/ops/settings', { token: c.customerA.token })).statusCode, 403);
    });

    test('OPS-2 resolution: service override, then city, then global, then the SPEC default', async () => {
      const key = 'order.quoteTtlSeconds';
      const scope = { cityId: 'cty_tabriz', serviceId: 'svc_car_ride' };
      assert.equal(settings().get(key, scope), 300);
      assert.equal((await put(key, { value: 200, reason: 'global' })).statusCode, 200);
      assert.equal(settings().get(key, scope), 200);
      assert.equal((await put(key, { scopeType: 'city', scopeId: 'cty_tabriz', value: 250 })).statusCode, 200);
      assert.equal(settings().get(key, scope), 250);
      assert.equal(settings().get(key, { cityId: 'cty_other' }), 200);
      const res = await put(key, { scopeType: 'service', scopeId: 'svc_car_ride', value: 280 });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json().overrides.map((o: { scopeType: string; value: number }) => [o.scopeType, o.value]).sort(), [['city', 250], ['global', 200], ['service', 280]]);
      assert.equal(settings().get(key, scope), 280);
      assert.equal(settings().get(key, { serviceId: 'svc_moto_ride', cityId: 'cty_tabriz' }), 250);
      for (const body of [{ scopeType: 'service', scopeId: 'svc_car_ride' }, { scopeType: 'city', scopeId: 'cty_tabriz' }, {}]) {
        assert.equal((await put(key, body)).statusCode, 200, 'clearing an override');
      }
      assert.equal(settings().get(key, scope), 300, 'back to the SPEC default');
    });

    test('OPS-2 an invalid value is refused with 400 SETTING_VALUE_INVALID, stored nowhere and not audited', async () => {
      const audits = await auditCount();
      for (const [key, value] of [['otp.ttlSeconds', -1], ['otp.ttlSeconds', 'soon'], ['otp.maxAttempts', 0], ['otp.maxAttempts', 2.5], ['provider.guaranteeRials', 200000000], ['provider.guaranteeRials', '12.5'], ['terms.requireAcceptanceBeforeOrder', 'yes'], ['errands.businessHours', { days: [7], from: '08:00', to: '16:00' }], ['otp.ttlSeconds', null]] as const) {
        const res = await put(key, { value });
        assert.equal(res.statusCode, 400, `${key}=${JSON.stringify(value)}`);
        assert.equal(res.json().error.code, 'SETTING_VALUE_INVALID');
      }
      assert.equal(await auditCount(), audits);
      assert.equal(settings().get('otp.ttlSeconds'), 120);
    });

    test('OPS-2 a scope the setting does not allow, or a missing/unknown scope id, is 400', async () => {
      const cases: Array<[string, unknown, string]> = [
        ['otp.ttlSeconds', { scopeType: 'city', scopeId: 'cty_tabriz', value: 60 }, 'SETTING_SCOPE_NOT_ALLOWED'],
        ['account.minAgeYears', { scopeType: 'service', scopeId: 'svc_car_ride', value: 20 }, 'SETTING_SCOPE_NOT_ALLOWED'],
        ['order.quoteTtlSeconds', { scopeType: 'global', scopeId: 'cty_tabriz', value: 60 }, 'SETTING_SCOPE_INVALID'],
        ['order.quoteTtlSeconds', { scopeType: 'city', value: 60 }, 'SETTING_SCOPE_INVALID'],
        ['order.quoteTtlSeconds', { scopeType: 'city', scopeId: 'cty_atlantis', value: 60 }, 'SETTING_SCOPE_INVALID'],
        ['order.quoteTtlSeconds', { scopeType: 'service', scopeId: 'svc_teleport', value: 60 }, 'SETTING_SCOPE_INVALID'],
        ['order.quoteTtlSeconds', { scopeType: 'planet', scopeId: 'earth', value: 60 }, 'VALIDATION_FAILED'],
      ];
      const rows = async () => Number((await queryRows<{ n: number }>(t.db.db, sql`SELECT count(*) AS n FROM settings`))[0].n);
      const before = await rows();
      for (const [key, body, code] of cases) {
        const res = await put(key, body);
        assert.equal(res.statusCode, 400, JSON.stringify(body));
        assert.equal(res.json().error.code, code, JSON.stringify(body));
      }
      assert.equal(await rows(), before);
    });

    test('OPS-2 an unknown key is 404 SETTING_UNKNOWN', async () => {
      const res = await put('otp.ttlMinutes', { value: 2 });
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().error.code, 'SETTING_UNKNOWN');
      assert.equal((await put('__proto__', { value: 2 })).statusCode, 404);
    });

    test('OPS-2 only an ops admin changes settings', async () => {
      for (const who of ['opsAgent', 'finance', 'provider', 'customerA'] as const) {
        assert.equal((await put('otp.ttlSeconds', { value: 60 }, c[who].token)).statusCode, 403, who);
      }
      assert.equal(settings().get('otp.ttlSeconds'), 120);
    });

    test('OPS-2 every change is audited with who, when, before, after and reason (set, change, clear)', async () => {
      const key = 'parcel.holdDays';
      t.clock.advance(1000);
      await put(key, { value: 10, reason: 'longer hold' });
      await put(key, { value: 12 });
      await put(key, { reason: 'back to default' });
      const items = (await t.call('GET', `/v1/ops/audit?targetId=${encodeURIComponent(`${key}@global:`)}`, { token: c.opsAdmin.token })).json().items;
      assert.deepEqual(items.map((e: { before: unknown; after: unknown }) => [e.before, e.after]).reverse(), [
        [{ value: null }, { value: 10 }],
        [{ value: 10 }, { value: 12 }],
        [{ value: 12 }, { value: null }],
      ]);
      const first = items[items.length - 1];
      assert.equal(first.actorId, c.opsAdmin.userId);
      assert.deepEqual(first.actorRoles.sort(), ['ops_admin', 'ops_agent']);
      assert.equal(first.action, 'settings.set');
      assert.equal(first.targetType, 'setting');
      assert.equal(first.reason, 'longer hold');
      assert.equal(first.createdAt, t.clock.now().toISOString());
    });

    test('OPS-2 a change takes effect at once: a shorter code lifetime applies to the next code', async () => {
      assert.equal((await put('otp.ttlSeconds', { value: 30, reason: 'test' })).statusCode, 200);
      try {
        const mobile = '09150000777';
        const sent = await t.app.http.inject({ method: 'POST', url: '/v1/auth/otp', payload: { mobile }, remoteAddress: '10.99.0.1' });
        assert.equal(sent.json().expiresInSeconds, 30);
        const code = /(\d{6})/.exec((await t.lastSms(mobile))!)![1];
        t.clock.advance(30_000);
        const res = await t.app.http.inject({ method: 'POST', url: '/v1/auth/verify', payload: { mobile, code }, remoteAddress: '10.99.0.2' });
        assert.equal(res.json().error.code, 'OTP_EXPIRED');
      } finally {
        await put('otp.ttlSeconds', { reason: 'restore' });
      }
    });

    test('OPS-2 settings live in the database: a new process (fresh service) reads the same overrides', async () => {
      await put('rewards.minRating', { value: 4.7, reason: 'season promo' });
      const fresh = new SettingsService(t.db.db, t.app.modules.audit, t.clock);
      await fresh.load();
      assert.equal(fresh.get('rewards.minRating'), 4.7);
      await put('rewards.minRating', { reason: 'restore' });
    });

    test('OPS-2 a setting that takes null (no limit) is set to null, kept across a restart, and cleared back to its default', async () => {
      const res = await put('promotions.defaultPerUserLimit', { value: null, reason: 'no limit this month' });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json().overrides, [{ scopeType: 'global', scopeId: '', value: null }]);
      assert.equal(settings().get('promotions.defaultPerUserLimit'), null);
      const fresh = new SettingsService(t.db.db, t.app.modules.audit, t.clock);
      await fresh.load();
      assert.equal(fresh.get('promotions.defaultPerUserLimit'), null, 'JSON null is an override, not a missing one');
      assert.equal((await put('promotions.defaultPerUserLimit', { reason: 'back to one' })).statusCode, 200);
      assert.equal(settings().get('promotions.defaultPerUserLimit'), 1);
    });

    test('OPS-2 Rials settings are integer strings, read as bigint', async () => {
      assert.equal(settings().rials('provider.guaranteeRials'), 200_000_000n);
      assert.equal((await put('order.cancellationFeeRials', { scopeType: 'service', scopeId: 'svc_moto_ride', value: '90000' })).statusCode, 200);
      assert.equal(settings().rials('order.cancellationFeeRials', { serviceId: 'svc_moto_ride' }), 90_000n);
      assert.equal(settings().rials('order.cancellationFeeRials', { serviceId: 'svc_car_ride' }), 150_000n);
    });
  });
}
