import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { testDbKinds } from './harness/databases.js';
import { queryRows } from '../src/platform/db.js';
import { orderFixture, type Fx } from './orders-fixtures.js';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]).toString('base64');
const NEW_CAR = { make: 'Saipa', model: 'Tiba', modelYear: 2019, plate: '12 ب 345 ایران 67', colour: 'white', seats: 4 };

async function upload(fx: Fx, who: string, type: string, expiresOn?: string): Promise<string> {
  const res = await fx.call(who, 'POST', '/v1/provider/documents', { type, fileName: `${type}.png`, contentBase64: PNG, ...(expiresOn ? { expiresOn } : {}) });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id;
}
const countRequests = async (fx: Fx) => (await queryRows<{ n: number }>(fx.t.db.db, sql`SELECT count(*)::int AS n FROM change_requests`))[0].n;

for (const kind of testDbKinds()) {
  test(`PRV-4 provider change requests (${kind})`, async (t) => {
    const fx = await orderFixture(kind);
    t.after(() => fx.close());
    const pa = await fx.addProvider('pa', { fleetType: 'motorcycle', serviceCodes: ['moto_parcel'] });
    await fx.addProvider('pb', { fleetType: 'motorcycle', serviceCodes: ['moto_parcel'] });

    await t.test('PRV-4 courier -> also motorcycle taxi needs an approved motorcycle licence; approval applies the change', async () => {
      const before = await countRequests(fx);
      const none = await fx.call('pa', 'POST', '/v1/provider/change-requests', { type: 'fleet', fleetType: 'motorcycle', motorcycleKind: 'both' });
      assert.equal(none.json().error.code, 'CHANGE_DOCUMENTS_MISSING', none.body);
      assert.deepEqual(none.json().error.details.missing, ['motorcycle_licence']);
      assert.equal(await countRequests(fx), before);
      const licence = await upload(fx, 'pa', 'motorcycle_licence', '2028-01-01');
      // PRV-8: the provider's 2015 motorcycle is too old for passengers; the newer one is accepted.
      const tooOld = await fx.call('pa', 'POST', '/v1/provider/change-requests', { type: 'fleet', fleetType: 'motorcycle', motorcycleKind: 'both', documentIds: [licence] });
      assert.equal(tooOld.json().error.code, 'VEHICLE_TOO_OLD');
      const res = await fx.call('pa', 'POST', '/v1/provider/change-requests', { type: 'fleet', fleetType: 'motorcycle', motorcycleKind: 'both', vehicle: { ...NEW_CAR, make: 'Honda', model: 'CG 125', modelYear: 2023, plate: '123-45678', seats: 1 }, documentIds: [licence] });
      assert.equal(res.statusCode, 201, res.body);
      const id = res.json().id;
      const dup = await fx.call('pa', 'POST', '/v1/provider/change-requests', { type: 'fleet', fleetType: 'motorcycle', motorcycleKind: 'taxi', vehicle: { ...NEW_CAR, make: 'Honda', model: 'CG 125', modelYear: 2023, plate: '123-45678', seats: 1 }, documentIds: [licence] });
      assert.equal(dup.json().error.code, 'CHANGE_REQUEST_OPEN');
      // The licence is still pending review: approval waits for it.
      const early = await fx.call('agent', 'POST', `/v1/ops/provider-requests/${id}/approve`);
      assert.equal(early.statusCode, 409, early.body);
      assert.equal(early.json().error.code, 'CHANGE_DOCUMENT_NOT_APPROVED');
      assert.deepEqual((await fx.t.app.modules.providers.get(pa))!.serviceCodes, ['moto_parcel']);
      assert.equal((await fx.call('admin', 'POST', `/v1/ops/providers/documents/${licence}/approve`)).statusCode, 200);
      const ok = await fx.call('agent', 'POST', `/v1/ops/provider-requests/${id}/approve`);
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().status, 'approved');
      assert.deepEqual((await fx.t.app.modules.providers.get(pa))!.serviceCodes, ['moto_parcel', 'moto_ride']);
      const mine = (await fx.call('pa', 'GET', `/v1/provider/change-requests/${id}`)).json();
      assert.deepEqual(mine.events.map((e: any) => e.status), ['submitted', 'approved']);
      assert.equal(mine.events[1].actorId, null);
      const audit = await queryRows<{ action: string }>(fx.t.db.db, sql`SELECT action FROM audit_log WHERE action = 'provider.change.fleet' AND target_id = ${pa}`);
      assert.equal(audit.length, 1);
    });

    await t.test('PRV-4 motorcycle -> car needs the driving licence and the vehicle; PRV-8 rules are checked', async () => {
      const card = await upload(fx, 'pa', 'vehicle_card');
      const noLicence = await fx.call('pa', 'POST', '/v1/provider/change-requests', { type: 'fleet', fleetType: 'car', vehicle: NEW_CAR, documentIds: [card] });
      assert.deepEqual(noLicence.json().error.details.missing, ['driving_licence']);
      const licence = await upload(fx, 'pa', 'driving_licence', '2029-01-01');
      const noCar = await fx.call('pa', 'POST', '/v1/provider/change-requests', { type: 'fleet', fleetType: 'car', documentIds: [card, licence] });
      assert.equal(noCar.json().error.code, 'CHANGE_DETAILS_INVALID');
      const old = await fx.call('pa', 'POST', '/v1/provider/change-requests', { type: 'fleet', fleetType: 'car', vehicle: { ...NEW_CAR, modelYear: 2001 }, documentIds: [card, licence] });
      assert.equal(old.json().error.code, 'VEHICLE_TOO_OLD', old.body);
      const res = await fx.call('pa', 'POST', '/v1/provider/change-requests', { type: 'fleet', fleetType: 'car', vehicle: NEW_CAR, documentIds: [card, licence] });
      assert.equal(res.statusCode, 201, res.body);
      const rej = await fx.call('agent', 'POST', `/v1/ops/provider-requests/${res.json().id}/reject`, { reason: 'vehicle card unreadable' });
      assert.equal(rej.json().status, 'rejected');
      assert.equal((await fx.t.app.modules.providers.get(pa))!.fleetType, 'motorcycle');
    });

    await t.test('PRV-4 vehicle change and document completion reference only your own documents', async () => {
      const foreign = await upload(fx, 'pb', 'vehicle_card');
      const res = await fx.call('pa', 'POST', '/v1/provider/change-requests', { type: 'vehicle', vehicle: { ...NEW_CAR, plate: '123-45678' }, documentIds: [foreign] });
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().error.code, 'CHANGE_DOCUMENT_NOT_FOUND');
      const card = await upload(fx, 'pa', 'vehicle_card');
      const v = await fx.call('pa', 'POST', '/v1/provider/change-requests', { type: 'vehicle', vehicle: { ...NEW_CAR, plate: '123-45678' }, documentIds: [card] });
      assert.equal(v.statusCode, 201, v.body);
      assert.equal((await fx.call('admin', 'POST', `/v1/ops/providers/documents/${card}/approve`)).statusCode, 200);
      assert.equal((await fx.call('agent', 'POST', `/v1/ops/provider-requests/${v.json().id}/approve`)).statusCode, 200);
      assert.equal((await fx.t.app.modules.providers.get(pa))!.vehicle.plate, '123-45678');
      const ins = await upload(fx, 'pa', 'insurance', '2027-06-01');
      const d = await fx.call('pa', 'POST', '/v1/provider/change-requests', { type: 'documents', documentIds: [ins] });
      assert.equal(d.statusCode, 201, d.body);
      const other = d.json().id;
      assert.equal((await fx.call('pb', 'GET', `/v1/provider/change-requests/${other}`)).statusCode, 404);
      assert.equal((await fx.call('pb', 'POST', `/v1/provider/change-requests/${other}/cancel`)).statusCode, 404);
      assert.equal((await fx.call('pa', 'POST', `/v1/provider/change-requests/${other}/cancel`)).json().status, 'cancelled');
      assert.equal((await fx.call('c1', 'GET', '/v1/provider/change-requests')).statusCode, 403);
      assert.equal((await fx.call('pa', 'GET', `/v1/ops/provider-requests/${other}`)).statusCode, 403);
    });

    await t.test('PRV-4 mobile change is proven by a code to the new number and keeps ACC-2 uniqueness', async () => {
      const taken = await fx.call('pa', 'POST', '/v1/provider/change-requests/mobile-code', { mobile: '09140000101' });
      assert.equal(taken.statusCode, 409);
      assert.equal(taken.json().error.code, 'MOBILE_TAKEN');
      const fresh = '09359990001';
      const sent = await fx.call('pa', 'POST', '/v1/provider/change-requests/mobile-code', { mobile: fresh });
      assert.equal(sent.statusCode, 200, sent.body);
      const bad = await fx.call('pa', 'POST', '/v1/provider/change-requests', { type: 'mobile', newMobile: fresh, code: '000000' });
      assert.equal(bad.statusCode, 400, bad.body);
      const code = /(\d{6})/.exec((await fx.t.lastSms(fresh)) ?? '')![1];
      const res = await fx.call('pa', 'POST', '/v1/provider/change-requests', { type: 'mobile', newMobile: fresh, code });
      assert.equal(res.statusCode, 201, res.body);
      const ok = await fx.call('agent', 'POST', `/v1/ops/provider-requests/${res.json().id}/approve`);
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal((await fx.t.app.modules.users.get(pa))!.mobile, fresh);
    });
  });
}
