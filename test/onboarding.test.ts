import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './harness/app.js';
import { testDbKinds } from './harness/databases.js';
import { queryRows } from '../src/platform/db.js';

const ENV = { ACCESS_TOKEN_TTL_SECONDS: '86400' };
const MOBILES = { admin: '09120000001', agent: '09120000002', applicant: '09140000102', other: '09140000103', courier: '09140000202' };
type Who = keyof typeof MOBILES;

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]).toString('base64');
const PDF = Buffer.from('%PDF-1.4\n% a tiny test file\n').toString('base64');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64, 1)]).toString('base64');

const MOTO = {
  fleetType: 'motorcycle', motorcycleKind: 'parcel', rulesAccepted: true,
  vehicle: { make: 'Honda', model: 'CG125', modelYear: 1400, plate: '۱۲۳-۴۵۶۷۸', colour: 'قرمز', seats: 1 },
};

for (const kind of testDbKinds()) {
  describe(`provider onboarding PRV-1..PRV-3, PRV-8..PRV-10 [${kind}]`, () => {
    let t: TestApp;
    const tok = {} as Record<Who, string>;
    const uid = {} as Record<Who, string>;
    const as = (who: Who, method: 'GET' | 'POST', url: string, body?: unknown) => t.call(method, url, { token: tok[who], body });
    const count = async (table: string, userId: string) =>
      Number((await queryRows<{ n: number }>(t.app.platform.db, sql`SELECT count(*)::int AS n FROM ${sql.raw(table)} WHERE ${sql.raw(table === 'provider_files' ? 'owner_id' : 'user_id')} = ${userId}`))[0].n);
    const upload = (who: Who, type: string, extra: Record<string, unknown> = {}) =>
      as(who, 'POST', '/v1/provider/documents', { type, fileName: `${type}.png`, contentBase64: PNG, ...extra });
    const events: Array<{ name: string; payload: unknown }> = [];

    const signInAll = async () => {
      for (const who of Object.keys(MOBILES) as Who[]) {
        const s = await t.signIn(MOBILES[who]);
        tok[who] = s.token;
        uid[who] = s.userId;
      }
    };

    before(async () => {
      t = await createTestApp(kind, { env: ENV });
      await signInAll();
      for (const name of ['provider.activated', 'provider.deactivated', 'provider.reactivated'] as const) {
        t.app.platform.events.subscribe(name, (payload) => { events.push({ name, payload }); });
      }
    });
    after(() => t.close());

    test('PRV-1 identity from the profile is required: name and national ID, nothing written without them', async () => {
      const fresh = await t.signIn('09145550001');
      const res = await t.call('POST', '/v1/provider/application', { token: fresh.token, body: MOTO });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().error.code, 'ONBOARDING_PROFILE_INCOMPLETE');
      assert.deepEqual(res.json().error.details.missing, ['firstName', 'lastName', 'nationalId']);
      assert.equal(await count('provider_applications', fresh.userId), 0);
    });

    test('PRV-1 invalid fleet details, plate, model year and unaccepted rules answer 4xx codes and write nothing', async () => {
      const cases: Array<[unknown, string]> = [
        [{ ...MOTO, rulesAccepted: false }, 'RULES_NOT_ACCEPTED'],
        [{ ...MOTO, motorcycleKind: undefined }, 'FLEET_DETAILS_INVALID'],
        [{ ...MOTO, vehicle: { ...MOTO.vehicle, plate: '12 ب 345 ایران 67' } }, 'PLATE_INVALID'],
        [{ ...MOTO, vehicle: { ...MOTO.vehicle, modelYear: 1900 } }, 'MODEL_YEAR_INVALID'],
        [{ ...MOTO, fleetType: 'car', motorcycleKind: undefined, vehicle: { ...MOTO.vehicle, plate: '123-45678' } }, 'PLATE_INVALID'],
        [{ fleetType: 'truck', rulesAccepted: true, vehicle: { ...MOTO.vehicle, plate: '12 ب 345 67' } }, 'FLEET_DETAILS_INVALID'],
        [{ fleetType: 'assistant', rulesAccepted: true, skills: [] }, 'SKILLS_REQUIRED'],
        [{ ...MOTO, cityId: 'cty_nowhere' }, 'CITY_UNKNOWN'],
      ];
      for (const [body, code] of cases) {
        const res = await as('applicant', 'POST', '/v1/provider/application', body);
        assert.equal(res.statusCode, 400, `${code}: ${res.body}`);
        assert.equal(res.json().error.code, code);
      }
      assert.equal(await count('provider_applications', uid.applicant), 0);
      assert.equal((await as('applicant', 'GET', '/v1/provider/application')).json().application, null);
    });

    test('PRV-8 a vehicle below the service class minimum model year is refused with an explanation', async () => {
      const res = await as('applicant', 'POST', '/v1/provider/application', {
        fleetType: 'car', rulesAccepted: true, vehicle: { make: 'Saipa', model: 'Pride', modelYear: 2004, plate: '12 ب 345 ایران 67', colour: 'سفید', seats: 4 },
      });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.code, 'VEHICLE_NOT_ELIGIBLE');
      assert.equal(res.json().error.details.rule, 'VEHICLE_TOO_OLD');
      assert.equal(res.json().error.details.serviceCode, 'car_ride');
      assert.match(res.json().error.message, /2008/);
      assert.equal(await count('provider_applications', uid.applicant), 0);
    });

    test('PRV-1 a motorcycle courier applies once; the checklist shows what is missing; the review queue has it', async () => {
      const res = await as('applicant', 'POST', '/v1/provider/application', MOTO);
      assert.equal(res.statusCode, 201, res.body);
      const v = res.json();
      assert.equal(v.application.status, 'submitted');
      assert.deepEqual(v.application.serviceCodes, ['moto_parcel']);
      assert.equal(v.application.vehicle.plate, '123-45678');
      assert.equal(v.application.vehicle.year, 2021, 'Jalali 1400 kept as Gregorian');
      assert.equal(v.application.vehicle.capacitySeats, 1);
      assert.equal(v.checklist.complete, false);
      const docItems = v.checklist.items.filter((i: any) => i.key === 'documents');
      assert.equal(docItems.length, 4);
      assert.ok(docItems.every((i: any) => i.state === 'missing'));
      assert.equal(v.checklist.items.find((i: any) => i.key === 'guarantee').ok, false);

      const again = await as('applicant', 'POST', '/v1/provider/application', MOTO);
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.code, 'APPLICATION_ALREADY_OPEN');
      assert.equal(await count('provider_applications', uid.applicant), 1);

      const queue = (await as('agent', 'GET', '/v1/ops/reviews?kind=provider_application')).json();
      const items = queue.items ?? queue;
      assert.ok(JSON.stringify(items).includes(v.application.id));
    });

    test('PRV-2 upload abuse: renamed executable, oversize, bad base64, path tricks, missing or past expiry are refused and nothing is stored', async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ type: 'national_card', fileName: 'card.jpg', contentBase64: EXE }, 'FILE_TYPE_NOT_ALLOWED'],
        [{ type: 'national_card', fileName: 'card.png', contentBase64: Buffer.alloc(2_100_000, 0x89).toString('base64') }, 'FILE_TOO_LARGE'],
        [{ type: 'national_card', fileName: 'card.png', contentBase64: '@@@@' }, 'FILE_BASE64_INVALID'],
        [{ type: 'national_card', fileName: '', contentBase64: PNG }, 'FILE_NAME_INVALID'],
        [{ type: 'national_card', fileName: '../../etc/passwd', contentBase64: PNG }, 'FILE_NAME_INVALID'],
        [{ type: 'national_card', fileName: 'a\\b.png', contentBase64: PNG }, 'FILE_NAME_INVALID'],
        [{ type: 'insurance', fileName: 'ins.png', contentBase64: PNG }, 'DOCUMENT_EXPIRY_REQUIRED'],
        [{ type: 'insurance', fileName: 'ins.png', contentBase64: PNG, expiresOn: '2026-01-01' }, 'DOCUMENT_ALREADY_EXPIRED'],
        [{ type: 'insurance', fileName: 'ins.png', contentBase64: PNG, expiresOn: '2027-02-30' }, 'DATE_INVALID'],
      ];
      for (const [body, code] of cases) {
        const res = await as('applicant', 'POST', '/v1/provider/documents', body);
        assert.equal(res.statusCode, 400, `${code}: ${res.body}`);
        assert.equal(res.json().error.code, code);
      }
      assert.equal(await count('provider_documents', uid.applicant), 0);
      assert.equal(await count('provider_files', uid.applicant), 0);
      const stranger = await as('other', 'POST', '/v1/provider/documents', { type: 'national_card', fileName: 'c.png', contentBase64: PNG });
      assert.equal(stranger.statusCode, 404, 'no application: apply first');
      assert.equal(stranger.json().error.code, 'APPLICATION_NOT_FOUND');
    });

    let insuranceId = '';
    test('PRV-2 documents are stored with their sniffed type, a file row, and queued for review; only the owner and ops see them', async () => {
      const card = await as('applicant', 'POST', '/v1/provider/documents', { type: 'national_card', fileName: 'card.pdf.png', contentBase64: PDF });
      assert.equal(card.statusCode, 201, card.body);
      assert.equal(card.json().status, 'pending');
      const [file] = await queryRows<{ content_type: string; size_bytes: number; sha256: string }>(t.app.platform.db, sql`SELECT content_type, size_bytes, sha256 FROM provider_files WHERE owner_id = ${uid.applicant}`);
      assert.equal(file.content_type, 'application/pdf', 'type from the content, not the name');
      const mine = await as('applicant', 'GET', `/v1/provider/documents/${card.json().id}/file`);
      assert.equal(mine.statusCode, 200);
      assert.equal(mine.headers['content-type'], 'application/pdf');
      assert.ok(mine.body.startsWith('%PDF-'));
      for (const url of [`/v1/provider/documents/${card.json().id}`, `/v1/provider/documents/${card.json().id}/file`]) {
        const res = await as('other', 'GET', url);
        assert.equal(res.statusCode, 404, url);
      }
      assert.equal((await as('agent', 'GET', `/v1/ops/providers/documents/${card.json().id}/file`)).statusCode, 200);
      assert.equal((await as('applicant', 'GET', `/v1/ops/providers/documents/${card.json().id}/file`)).statusCode, 403);
      assert.equal((await as('applicant', 'POST', `/v1/ops/providers/documents/${card.json().id}/approve`)).statusCode, 403);
      const queue = await as('agent', 'GET', '/v1/ops/reviews?kind=provider_document');
      assert.ok(queue.body.includes(card.json().id));

      for (const type of ['vehicle_card', 'motorcycle_licence']) assert.equal((await upload('applicant', type, { expiresOn: type === 'motorcycle_licence' ? '2030-01-01' : undefined })).statusCode, 201);
      const ins = await upload('applicant', 'insurance', { expiresOn: '2027-06-30' });
      assert.equal(ins.statusCode, 201);
      insuranceId = ins.json().id;
    });

    test('PRV-3 activation is refused while documents, guarantee or terms are missing, with the list', async () => {
      const v = (await as('agent', 'GET', `/v1/ops/providers/${uid.applicant}/onboarding`)).json();
      const res = await as('agent', 'POST', `/v1/ops/providers/applications/${v.application.id}/activate`);
      assert.equal(res.statusCode, 409);
      assert.equal(res.json().error.code, 'ACTIVATION_BLOCKED');
      const missing = res.json().error.details.missing.map((i: any) => i.key);
      assert.ok(missing.includes('documents') && missing.includes('guarantee'));
      assert.equal(await t.app.modules.providers.get(uid.applicant), null);
    });

    test('PRV-2 ops reject a document with a reason; the applicant sees it in the checklist; a decided document is not decided again', async () => {
      const docs = (await as('applicant', 'GET', '/v1/provider/documents')).json().items;
      const vc = docs.find((d: any) => d.type === 'vehicle_card');
      const noReason = await as('agent', 'POST', `/v1/ops/providers/documents/${vc.id}/reject`, {});
      assert.equal(noReason.statusCode, 400);
      const rej = await as('agent', 'POST', `/v1/ops/providers/documents/${vc.id}/reject`, { reason: 'تصویر خوانا نیست' });
      assert.equal(rej.statusCode, 200, rej.body);
      assert.equal(rej.json().status, 'rejected');
      const twice = await as('agent', 'POST', `/v1/ops/providers/documents/${vc.id}/approve`);
      assert.equal(twice.statusCode, 409);
      assert.equal(twice.json().error.code, 'DOCUMENT_NOT_PENDING');
      const item = (await as('applicant', 'GET', '/v1/provider/application')).json().checklist.items.find((i: any) => i.types?.includes('vehicle_card'));
      assert.equal(item.state, 'rejected');
      assert.equal(item.reason, 'تصویر خوانا نیست');
      const audit = await queryRows(t.app.platform.db, sql`SELECT 1 FROM audit_log WHERE action = 'provider.document.reject' AND target_id = ${vc.id}`);
      assert.equal(audit.length, 1);
    });

    test('PRV-3 guarantee, approved documents and accepted terms activate: providers row, role, kind, audit, event', async () => {
      assert.equal((await upload('applicant', 'ownership_sheet')).statusCode, 201);
      const docs = (await as('applicant', 'GET', '/v1/provider/documents')).json().items;
      for (const d of docs.filter((x: any) => x.status === 'pending')) {
        const res = await as('agent', 'POST', `/v1/ops/providers/documents/${d.id}/approve`);
        assert.equal(res.statusCode, 200, res.body);
      }
      const badDate = await as('agent', 'POST', `/v1/ops/providers/${uid.applicant}/guarantee`, { serial: 'A-1', receivedOn: '2030-01-01' });
      assert.equal(badDate.json().error.code, 'DATE_INVALID');
      const g = await as('agent', 'POST', `/v1/ops/providers/${uid.applicant}/guarantee`, { serial: 'سفته-۱۲۳۴', receivedOn: '2026-11-21' });
      assert.equal(g.statusCode, 201, g.body);
      assert.equal(g.json().amountRials, '200000000', 'default 20,000,000 Toman');
      assert.equal(g.json().receivedBy, uid.agent);
      const g2 = await as('agent', 'POST', `/v1/ops/providers/${uid.applicant}/guarantee`, { serial: 'X', receivedOn: '2026-11-21' });
      assert.equal(g2.json().error.code, 'GUARANTEE_ALREADY_HELD');

      const v = (await as('applicant', 'GET', '/v1/provider/application')).json();
      const terms = v.checklist.items.find((i: any) => i.key === 'terms');
      if (!terms.ok) {
        const blocked = await as('agent', 'POST', `/v1/ops/providers/applications/${v.application.id}/activate`);
        assert.equal(blocked.json().error.code, 'ACTIVATION_BLOCKED');
        const cur = (await as('applicant', 'GET', '/v1/terms/current')).json();
        assert.equal((await as('applicant', 'POST', '/v1/terms/accept', { version: cur.version })).statusCode, 204);
      }
      const res = await as('agent', 'POST', `/v1/ops/providers/applications/${v.application.id}/activate`);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().status, 'activated');
      const p = await t.app.modules.providers.get(uid.applicant);
      assert.equal(p?.status, 'active');
      assert.equal(p?.fleetType, 'motorcycle');
      assert.deepEqual(p?.serviceCodes, ['moto_parcel']);
      assert.equal(p?.vehicle.capacitySeats, 1);
      const me = (await as('applicant', 'GET', '/v1/me')).json();
      assert.ok(me.roles.includes('provider') && me.roles.includes('customer'));
      assert.equal(me.providerKind, 'courier');
      assert.equal((await as('applicant', 'GET', '/v1/provider/me')).statusCode, 200, 'the provider area opens');
      assert.ok(events.some((e) => e.name === 'provider.activated' && (e.payload as any).userId === uid.applicant));
      const audit = await queryRows(t.app.platform.db, sql`SELECT action FROM audit_log WHERE target_id = ${uid.applicant} ORDER BY created_at, id`);
      assert.deepEqual(audit.map((a: any) => a.action).filter((a: string) => a.startsWith('provider.')), ['provider.guarantee.record', 'provider.activate']);
      const again = await as('agent', 'POST', `/v1/ops/providers/applications/${v.application.id}/activate`);
      assert.equal(again.statusCode, 409);
      const open = await as('agent', 'GET', '/v1/ops/reviews?kind=provider_application');
      assert.ok(!open.body.includes(v.application.id), 'the queue item is resolved');
    });

    test('PRV-2 reminders go once 14 days before expiry; an expired required document deactivates until a replacement is approved', async () => {
      t.clock.set(new Date('2027-06-17T06:00:00Z'));
      const first = await t.app.modules.onboarding.expiry.runDaily();
      assert.equal(first.reminded, 1);
      assert.match((await t.lastSms(MOBILES.applicant)) ?? '', /بیمه‌نامه/);
      assert.equal((await t.app.modules.onboarding.expiry.runDaily()).reminded, 0, 'once per document');

      t.clock.set(new Date('2027-07-01T06:00:00Z'));
      await signInAll();
      const run = await t.app.modules.onboarding.expiry.runDaily();
      assert.equal(run.deactivated, 1);
      assert.equal((await t.app.modules.providers.get(uid.applicant))?.status, 'inactive');
      assert.ok(events.some((e) => e.name === 'provider.deactivated' && (e.payload as any).userId === uid.applicant));
      assert.equal((await t.app.modules.onboarding.expiry.runDaily()).deactivated, 0);

      const fresh = await as('applicant', 'POST', '/v1/provider/documents', { type: 'insurance', fileName: 'ins-2027.png', contentBase64: PNG, expiresOn: '2028-06-30' });
      assert.equal(fresh.statusCode, 201, fresh.body);
      assert.equal((await t.app.modules.providers.get(uid.applicant))?.status, 'inactive', 'pending is not enough');
      const ok = await as('admin', 'POST', `/v1/ops/providers/documents/${fresh.json().id}/approve`);
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal((await t.app.modules.providers.get(uid.applicant))?.status, 'active');
      assert.ok(events.some((e) => e.name === 'provider.reactivated'));
      const old = (await as('applicant', 'GET', '/v1/provider/documents')).json().items.find((d: any) => d.id === insuranceId);
      assert.equal(old.status, 'replaced');
    });

    test('PRV-10 an errand assistant applies with skills; PRV-9 a moving company needs union licence details; ops cannot review their own', async () => {
      const res = await as('admin', 'POST', '/v1/provider/application', { fleetType: 'assistant', rulesAccepted: true, skills: ['bank', 'registry', 'bank'] });
      assert.equal(res.statusCode, 201, res.body);
      assert.deepEqual(res.json().application.skills, ['bank', 'registry']);
      assert.deepEqual(res.json().requiredDocuments, [['national_card', 'birth_certificate']]);
      const own = await as('admin', 'POST', `/v1/ops/providers/${uid.admin}/guarantee`, { serial: 'S', receivedOn: '2027-06-30' });
      assert.equal(own.statusCode, 403);
      assert.equal(own.json().error.code, 'REVIEW_OWN_ACCOUNT');
      const doc = await upload('admin', 'birth_certificate');
      const selfApprove = await as('admin', 'POST', `/v1/ops/providers/documents/${doc.json().id}/approve`);
      assert.equal(selfApprove.json().error.code, 'REVIEW_OWN_ACCOUNT');
      const rej = await as('agent', 'POST', `/v1/ops/providers/applications/${res.json().application.id}/reject`, { reason: 'مدارک ناقص' });
      assert.equal(rej.statusCode, 200);
      assert.equal(rej.json().status, 'rejected');

      const truck = { fleetType: 'truck', rulesAccepted: true, vehicle: { make: 'Isuzu', model: 'NPR', modelYear: 2015, plate: '45 ع 678 ایران 15', colour: 'سفید', seats: 3 },
        moving: { unionLicenceNumber: 'U-12345', unionLicenceExpiresOn: '2026-01-01', companyName: 'باربری آذر', companyRegistration: '12345', crewSize: 4 } };
      const expired = await as('other', 'POST', '/v1/provider/application', truck);
      assert.equal(expired.json().error.code, 'DOCUMENT_ALREADY_EXPIRED');
      const ok = await as('other', 'POST', '/v1/provider/application', { ...truck, moving: { ...truck.moving, unionLicenceExpiresOn: '2029-01-01' } });
      assert.equal(ok.statusCode, 201, ok.body);
      assert.deepEqual(ok.json().application.serviceCodes, ['moving']);
      assert.equal(ok.json().application.moving.crewSize, 4);
      assert.ok(ok.json().requiredDocuments.some((g: string[]) => g.includes('union_licence')));
    });

    test('PRV-1 an existing provider cannot apply again; customers get 403 on the ops routes', async () => {
      const res = await as('courier', 'POST', '/v1/provider/application', MOTO);
      assert.equal(res.statusCode, 409);
      assert.equal(res.json().error.code, 'ALREADY_PROVIDER');
      for (const url of ['/v1/ops/providers/applications', `/v1/ops/providers/${uid.applicant}/onboarding`]) {
        assert.equal((await as('other', 'GET', url)).statusCode, 403, url);
      }
      const list = (await as('agent', 'GET', '/v1/ops/providers/applications?status=submitted')).json().items;
      assert.ok(list.every((a: any) => a.status === 'submitted'));
      assert.ok(list.some((a: any) => a.userId === uid.other && a.name));
    });
  });
}
