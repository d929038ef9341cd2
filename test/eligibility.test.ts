import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from './harness/app.js';
import { testDbKinds } from './harness/databases.js';
import { conditionHolds, ruleMatches } from '../src/modules/eligibility/index.js';

const ENV = { ACCESS_TOKEN_TTL_SECONDS: '86400' };
const MOBILES = { c1: '09140000101', c2: '09140000102', admin: '09120000001', agent: '09120000002', driver: '09140000201' };
type Who = keyof typeof MOBILES;
const RIDE = { origin: { lat: 38.02, lng: 46.35 }, destination: { lat: 38.05, lng: 46.2 } };
const MESSAGES = { fa: 'سفر با موتور برای بانوان ارائه نمی‌شود', ar: 'رحلات الدراجة غير متاحة للنساء', en: 'Motorcycle rides are not offered to women' };
/** The source jurisdiction's rule (ORD-11), expressed in the rule language. */
const FEMALE_MOTO_RULE = {
  serviceCode: 'moto_ride', cityId: null, subject: 'customer', code: 'MOTO_RIDE_FEMALE_CUSTOMER',
  conditions: [{ attribute: 'gender', op: 'eq', value: 'female' }], messages: MESSAGES,
};

describe('ORD-11 eligibility conditions', () => {
  test('ORD-11 conditions compare attributes; a missing attribute never matches except `missing`', () => {
    const a = { gender: 'Female', age: 17, vehicleYear: 2005, hasBox: true };
    assert.ok(conditionHolds({ attribute: 'gender', op: 'eq', value: 'female' }, a), 'case-insensitive');
    assert.ok(conditionHolds({ attribute: 'age', op: 'lt', value: 18 }, a));
    assert.ok(!conditionHolds({ attribute: 'age', op: 'gte', value: 18 }, a));
    assert.ok(conditionHolds({ attribute: 'vehicleYear', op: 'in', value: [2004, 2005] }, a));
    assert.ok(conditionHolds({ attribute: 'hasBox', op: 'eq', value: true }, a));
    assert.ok(!conditionHolds({ attribute: 'rating', op: 'lt', value: 4 }, a), 'no rating: no match');
    assert.ok(!conditionHolds({ attribute: 'rating', op: 'neq', value: 5 }, a), 'no rating: neq does not match either');
    assert.ok(conditionHolds({ attribute: 'rating', op: 'missing' }, a));
    assert.ok(!ruleMatches([], a), 'a rule without conditions never denies');
    assert.ok(ruleMatches([{ attribute: 'gender', op: 'eq', value: 'female' }, { attribute: 'age', op: 'lt', value: 18 }], a));
    assert.ok(!ruleMatches([{ attribute: 'gender', op: 'eq', value: 'female' }, { attribute: 'age', op: 'gt', value: 18 }], a));
  });
});

for (const kind of testDbKinds()) {
  describe(`ORD-11 eligibility rules [${kind}]`, () => {
    let t: TestApp;
    const tok = {} as Record<Who, string>;
    const uid = {} as Record<Who, string>;
    const as = (who: Who, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown) => t.call(method, url, { token: tok[who], body });
    const quote = (who: Who, serviceCode: string) => as(who, 'POST', '/v1/quotes', { serviceCode, ...RIDE });

    before(async () => {
      t = await createTestApp(kind, { env: ENV });
      for (const who of Object.keys(MOBILES) as Who[]) {
        const s = await t.signIn(MOBILES[who]);
        tok[who] = s.token;
        uid[who] = s.userId;
        if (who === 'c1' || who === 'c2') assert.equal((await as(who, 'POST', '/v1/terms/accept', { version: 1 })).statusCode, 204);
      }
    });
    after(async () => { await t?.close(); });

    test('ORD-11 ships with no eligibility rule: every service is open to every customer', async () => {
      assert.deepEqual((await as('agent', 'GET', '/v1/ops/eligibility-rules')).json(), []);
      for (const svc of ['car_ride', 'moto_ride', 'moto_parcel', 'van_parcel']) assert.equal((await quote('c1', svc)).statusCode, 201, svc);
      assert.deepEqual(await t.app.modules.eligibility.check({ serviceCode: 'moto_ride', cityId: 'cty_tabriz', customer: { id: uid.c1, gender: 'female' } }), { allowed: true, reasons: [] });
    });

    test('ORD-11 the seed jurisdiction\'s rule (no motorcycle rides for female customers) can be expressed, and is enforced at quote time once enabled', async () => {
      const created = await as('admin', 'POST', '/v1/ops/eligibility-rules', { ...FEMALE_MOTO_RULE, reason: 'jurisdiction rule, prepared' });
      assert.equal(created.statusCode, 201, created.body);
      const rule = created.json();
      assert.equal(rule.active, false, 'rules start inactive');
      const gender = await as('admin', 'PUT', `/v1/ops/eligibility-attributes/${uid.c1}`, { attributes: { gender: 'female' }, reason: 'declared by the customer' });
      assert.equal(gender.statusCode, 200, gender.body);
      assert.equal((await quote('c1', 'moto_ride')).statusCode, 201, 'an inactive rule denies nobody');

      const on = await as('admin', 'PATCH', `/v1/ops/eligibility-rules/${rule.id}`, { active: true, version: rule.version, reason: 'enabled for this jurisdiction' });
      assert.equal(on.statusCode, 200, on.body);
      assert.equal(on.json().version, 2);
      const denied = await quote('c1', 'moto_ride');
      assert.equal(denied.statusCode, 403, denied.body);
      assert.equal(denied.json().error.code, 'SERVICE_NOT_ELIGIBLE');
      assert.deepEqual(denied.json().error.details.reasons, [{ ruleId: rule.id, code: 'MOTO_RIDE_FEMALE_CUSTOMER', message: MESSAGES.fa }]);
      assert.equal((await quote('c1', 'car_ride')).statusCode, 201, 'other services stay open');
      assert.equal((await quote('c1', 'moto_parcel')).statusCode, 201, 'parcels by motorcycle stay open');
      assert.equal((await quote('c2', 'moto_ride')).statusCode, 201, 'a customer without the attribute is not denied');
      const en = await t.app.modules.eligibility.check({ serviceCode: 'moto_ride', cityId: 'cty_tabriz', customer: { id: uid.c2, gender: 'female' }, locale: 'en' });
      assert.deepEqual(en, { allowed: false, reasons: [{ ruleId: rule.id, code: 'MOTO_RIDE_FEMALE_CUSTOMER', message: MESSAGES.en }] });

      const audit = (await as('admin', 'GET', `/v1/ops/audit?targetId=${rule.id}`)).json();
      assert.deepEqual(audit.items.map((i: { action: string }) => i.action).sort(), ['eligibility.rule_created', 'eligibility.rule_updated']);
      const off = await as('admin', 'PATCH', `/v1/ops/eligibility-rules/${rule.id}`, { active: false, version: 2 });
      assert.equal(off.statusCode, 200);
      assert.equal((await quote('c1', 'moto_ride')).statusCode, 201, 'disabled again');
    });

    test('ORD-11 provider rules over vehicle attributes from a plugged-in source (e.g. a minimum model year), per city', async () => {
      const e = t.app.modules.eligibility;
      e.addAttributeSource('provider', async (id) => (id === uid.driver ? { vehicleYear: 2005, rating: 4.9 } : {}));
      const res = await as('admin', 'POST', '/v1/ops/eligibility-rules', {
        serviceCode: 'car_ride', cityId: 'cty_tabriz', subject: 'provider', active: true, code: 'VEHICLE_TOO_OLD',
        conditions: [{ attribute: 'vehicleYear', op: 'lt', value: 2008 }], messages: { fa: 'خودرو قدیمی است', ar: 'السيارة قديمة', en: 'The vehicle is too old' },
      });
      assert.equal(res.statusCode, 201, res.body);
      const ruleId = res.json().id;
      const denied = await e.check({ serviceCode: 'car_ride', cityId: 'cty_tabriz', provider: { id: uid.driver } });
      assert.equal(denied.allowed, false);
      assert.equal(denied.reasons[0].code, 'VEHICLE_TOO_OLD');
      assert.equal((await e.check({ serviceCode: 'car_ride', cityId: 'cty_tabriz', provider: { id: uid.driver, vehicleYear: 2015 } })).allowed, true, 'what the caller knows wins');
      assert.equal((await e.check({ serviceCode: 'moto_parcel', cityId: 'cty_tabriz', provider: { id: uid.driver } })).allowed, true, 'another service');
      assert.equal((await e.check({ serviceCode: 'car_ride', cityId: 'cty_tabriz', customer: { id: uid.driver } })).allowed, true, 'provider rules do not judge customers');
      assert.equal((await quote('c2', 'car_ride')).statusCode, 201, 'quotes check customers only');
      const del = await as('admin', 'DELETE', `/v1/ops/eligibility-rules/${ruleId}`, { reason: 'replaced by PRV-8 lists' });
      assert.equal(del.statusCode, 204, del.body);
      assert.equal((await e.check({ serviceCode: 'car_ride', cityId: 'cty_tabriz', provider: { id: uid.driver } })).allowed, true);
      assert.equal((await as('agent', 'GET', `/v1/ops/eligibility-rules/${ruleId}`)).json().error.code, 'ELIGIBILITY_RULE_NOT_FOUND');
    });

    test('ORD-11 rule changes are validated, versioned and for ops admins only; nothing is written on refusal', async () => {
      const count = async () => (await as('agent', 'GET', '/v1/ops/eligibility-rules')).json().length;
      const before = await count();
      const bad: Array<[Record<string, unknown>, string]> = [
        [{ ...FEMALE_MOTO_RULE, conditions: [] }, 'VALIDATION_FAILED'],
        [{ ...FEMALE_MOTO_RULE, conditions: [{ attribute: 'age', op: 'lt', value: 'eighteen' }] }, 'VALIDATION_FAILED'],
        [{ ...FEMALE_MOTO_RULE, conditions: [{ attribute: 'gender', op: 'in', value: 'female' }] }, 'VALIDATION_FAILED'],
        [{ ...FEMALE_MOTO_RULE, conditions: [{ attribute: 'gender', op: 'exists', value: 'x' }] }, 'VALIDATION_FAILED'],
        [{ ...FEMALE_MOTO_RULE, conditions: [{ attribute: 'drop table', op: 'eq', value: 1 }] }, 'VALIDATION_FAILED'],
        [{ ...FEMALE_MOTO_RULE, cityId: 'cty_nowhere' }, 'ELIGIBILITY_RULE_SCOPE_UNKNOWN'],
        [{ ...FEMALE_MOTO_RULE, serviceCode: 'moto_rid' }, 'ELIGIBILITY_RULE_SCOPE_UNKNOWN'],
        [{ ...FEMALE_MOTO_RULE, effect: 'allow' }, 'VALIDATION_FAILED'],
      ];
      for (const [body, code] of bad) {
        const res = await as('admin', 'POST', '/v1/ops/eligibility-rules', body);
        assert.equal(res.statusCode, 400, `${JSON.stringify(body)}: ${res.body}`);
        assert.equal(res.json().error.code, code);
      }
      assert.equal((await as('agent', 'POST', '/v1/ops/eligibility-rules', FEMALE_MOTO_RULE)).statusCode, 403);
      assert.equal((await as('c1', 'GET', '/v1/ops/eligibility-rules')).statusCode, 403);
      assert.equal(await count(), before);
      const rule = (await as('admin', 'POST', '/v1/ops/eligibility-rules', FEMALE_MOTO_RULE)).json();
      assert.equal((await as('admin', 'PATCH', `/v1/ops/eligibility-rules/${rule.id}`, { code: 'RENAMED_RULE', version: 1 })).statusCode, 200);
      const stale = await as('admin', 'PATCH', `/v1/ops/eligibility-rules/${rule.id}`, { active: true, version: 1 });
      assert.equal(stale.statusCode, 409);
      assert.equal(stale.json().error.code, 'ELIGIBILITY_RULE_VERSION_CONFLICT');
      assert.equal((await as('agent', 'GET', `/v1/ops/eligibility-rules/${rule.id}`)).json().active, false, 'the stale change did not apply');
      assert.equal((await as('admin', 'PUT', '/v1/ops/eligibility-attributes/usr_nobody', { attributes: { gender: 'male' }, reason: 'x' })).statusCode, 404);
      assert.deepEqual((await as('agent', 'GET', `/v1/ops/eligibility-attributes/${uid.c1}`)).json(), { userId: uid.c1, attributes: { gender: 'female' } });
    });
  });
}
