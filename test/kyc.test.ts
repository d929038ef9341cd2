import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './harness/app.js';
import { testDbKinds } from './harness/databases.js';
import { queryRows } from '../src/platform/db.js';
import { withNationalIdCheckDigit } from '../src/modules/identity/index.js';

const ENV = { ACCESS_TOKEN_TTL_SECONDS: '86400' };
const MOBILES = { admin: '09120000001', agent: '09120000002', finance: '09120000003', c1: '09140000101', c2: '09140000102', c3: '09140000103', fresh: '09351112233' };
type Who = keyof typeof MOBILES;

/** The smallest things that sniff as JPEG / PNG, and a Windows executable. */
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)]).toString('base64');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 1)]).toString('base64');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0)]).toString('base64');
const PDF = Buffer.from('%PDF-1.4 fake').toString('base64');

const NID_FRESH = withNationalIdCheckDigit('123456789');
const NID_OTHER = withNationalIdCheckDigit('234567891');

for (const kind of testDbKinds()) {
  describe(`ACC-5 identity verification [${kind}]`, () => {
    let t: TestApp;
    const tok = {} as Record<Who, string>;
    const uid = {} as Record<Who, string>;
    const as = (who: Who, method: 'GET' | 'POST', url: string, body?: unknown) => t.call(method, url, { token: tok[who], body });
    const count = async (table: string) => Number((await queryRows<{ n: number }>(t.app.platform.db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0].n);
    const events: Array<{ name: string; userId: string; reason?: string }> = [];
    const nid = {} as Record<Who, string>;
    const submitC1 = (over: Record<string, unknown> = {}) =>
      as('c1', 'POST', '/v1/kyc', { firstName: 'سارا', lastName: 'رضایی', nationalId: nid.c1, card: { fileName: 'card.jpg', contentBase64: JPEG }, ...over });

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
      for (const who of ['c1', 'c2', 'admin'] as const) nid[who] = (await as(who, 'GET', '/v1/me')).json().nationalId;
      t.app.platform.events.subscribe('kyc.verified', (e) => { events.push({ name: 'kyc.verified', userId: e.userId }); });
      t.app.platform.events.subscribe('kyc.rejected', (e) => { events.push({ name: 'kyc.rejected', userId: e.userId, reason: e.reason }); });
    });
    after(() => t?.close());

    test('ACC-5 a new customer has status none and no demand', async () => {
      const res = await as('c1', 'GET', '/v1/kyc');
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json(), { status: 'none', submission: null, requirement: null });
      assert.equal(await t.app.modules.kyc.status(uid.c1), 'none');
      assert.equal(await t.app.modules.kyc.isVerified(uid.c1), false);
    });

    test('ACC-5 a national ID failing the checksum is refused and nothing is written', async () => {
      const res = await submitC1({ nationalId: '1234567890' });
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().error.code, 'KYC_NATIONAL_ID_INVALID');
      assert.equal(await count('kyc_submissions'), 0);
    });

    test('ACC-5 upload abuse: oversized, renamed executable, PDF, path tricks and non-base64 are refused with a code, nothing stored', async () => {
      const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(2_097_152, 1)]).toString('base64');
      const cases: Array<[Record<string, string>, string]> = [
        [{ fileName: 'card.jpg', contentBase64: big }, 'UPLOAD_TOO_LARGE'],
        [{ fileName: 'card.jpg', contentBase64: EXE }, 'UPLOAD_TYPE_NOT_ALLOWED'],
        [{ fileName: 'card.pdf', contentBase64: PDF }, 'UPLOAD_TYPE_NOT_ALLOWED'],
        [{ fileName: '../../etc/passwd.jpg', contentBase64: JPEG }, 'UPLOAD_NAME_INVALID'],
        [{ fileName: 'a\\b.jpg', contentBase64: JPEG }, 'UPLOAD_NAME_INVALID'],
        [{ fileName: 'card.jpg', contentBase64: 'not base64!' }, 'UPLOAD_NOT_BASE64'],
        [{ fileName: 'card.jpg', contentBase64: '' }, 'UPLOAD_EMPTY'],
      ];
      for (const [card, code] of cases) {
        const res = await submitC1({ card });
        assert.equal(res.statusCode, 400, `${code}: ${res.body.slice(0, 200)}`);
        assert.equal(res.json().error.code, code);
      }
      assert.equal(await count('kyc_company_files'), 0);
      assert.equal(await count('kyc_submissions'), 0);
      assert.equal((await as('c1', 'GET', '/v1/me')).json().kycStatus, 'none', 'the account was not touched');
    });

    test('ACC-5 identity data absent from the profile is set on it (a new account)', async () => {
      const res = await as('fresh', 'POST', '/v1/kyc', { firstName: 'کاوه', lastName: 'آهنگر', nationalId: '۱۲۳۴۵۶۷۸۹' + NID_FRESH.slice(9), card: { fileName: 'c.jpg', contentBase64: JPEG } });
      assert.equal(res.statusCode, 201, res.body);
      const me = (await as('fresh', 'GET', '/v1/me')).json();
      assert.deepEqual([me.firstName, me.lastName, me.nationalId, me.kycStatus], ['کاوه', 'آهنگر', NID_FRESH, 'submitted']);
    });

    test('ACC-5 identity data must match the profile (national ID and name)', async () => {
      const otherId = await submitC1({ nationalId: NID_OTHER });
      assert.equal(otherId.statusCode, 400);
      assert.equal(otherId.json().error.code, 'KYC_PROFILE_MISMATCH');
      assert.equal(otherId.json().error.details.field, 'nationalId');
      const wrong = await submitC1({ firstName: 'Ali' });
      assert.equal(wrong.statusCode, 400);
      assert.equal(wrong.json().error.code, 'KYC_PROFILE_MISMATCH');
      assert.equal(wrong.json().error.details.field, 'firstName');
      // Arabic yeh in the name compares equal to the Persian one in the profile.
      const res = await submitC1({ lastName: 'رضايي', card: { fileName: 'کارت ملی.png', contentBase64: PNG } });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().status, 'submitted');
      assert.equal((await as('c1', 'GET', '/v1/me')).json().kycStatus, 'submitted');
      assert.equal((await as('c1', 'GET', '/v1/kyc')).json().status, 'submitted');
      const items = (await as('agent', 'GET', '/v1/ops/reviews?kind=kyc')).json();
      const item = items.find((i: { subjectId: string }) => i.subjectId === res.json().id);
      assert.equal(item.link, `/ops/kyc/${res.json().id}`);
    });

    test('ACC-5 a second submission while one is under review is refused (409)', async () => {
      const res = await submitC1();
      assert.equal(res.statusCode, 409);
      assert.equal(res.json().error.code, 'KYC_ALREADY_SUBMITTED');
      assert.equal(await count('kyc_submissions'), 2);
    });

    test('ACC-5 the national card photo is visible to its owner and ops only (another user and finance: 404)', async () => {
      const { submission } = (await as('c1', 'GET', '/v1/kyc')).json();
      const own = await as('c1', 'GET', `/v1/kyc/submissions/${submission.id}/card`);
      assert.equal(own.statusCode, 200);
      assert.equal(own.json().contentBase64, PNG);
      assert.equal(own.json().contentType, 'image/png');
      assert.equal((await as('agent', 'GET', `/v1/kyc/submissions/${submission.id}/card`)).statusCode, 200);
      for (const who of ['c2', 'finance'] as const) {
        const res = await as(who, 'GET', `/v1/kyc/submissions/${submission.id}/card`);
        assert.equal(res.statusCode, 404, who);
        assert.equal(res.json().error.code, 'KYC_SUBMISSION_NOT_FOUND');
      }
      assert.equal((await as('c2', 'GET', '/v1/ops/kyc')).statusCode, 403);
      assert.equal((await as('c1', 'POST', `/v1/ops/kyc/${submission.id}/verify`)).statusCode, 403);
    });

    test('ACC-5 ops reject with a reason (audited, SMS, event); the customer may submit again', async () => {
      const s = (await as('agent', 'GET', '/v1/ops/kyc?status=submitted')).json().find((x: { userId: string }) => x.userId === uid.c1);
      const noReason = await as('agent', 'POST', `/v1/ops/kyc/${s.id}/reject`, { reason: '' });
      assert.equal(noReason.statusCode, 400);
      const res = await as('agent', 'POST', `/v1/ops/kyc/${s.id}/reject`, { reason: 'عکس کارت خوانا نیست' });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().status, 'rejected');
      const mine = (await as('c1', 'GET', '/v1/kyc')).json();
      assert.equal(mine.status, 'rejected');
      assert.equal(mine.submission.rejectReason, 'عکس کارت خوانا نیست');
      assert.match((await t.lastSms(MOBILES.c1)) ?? '', /عکس کارت خوانا نیست/);
      assert.deepEqual(events.at(-1), { name: 'kyc.rejected', userId: uid.c1, reason: 'عکس کارت خوانا نیست' });
      const audit = (await as('admin', 'GET', `/v1/ops/audit?action=kyc.reject&targetId=${uid.c1}`)).json();
      assert.equal(audit.items?.[0]?.actorId ?? audit[0]?.actorId, uid.agent);
      assert.ok(!(await as('agent', 'GET', '/v1/ops/reviews?kind=kyc')).json().some((i: { subjectId: string }) => i.subjectId === s.id), 'the queue item was resolved');
      const again = await submitC1();
      assert.equal(again.statusCode, 201, again.body);
    });

    test('ACC-5 ops verify (audited, SMS, event); the status is visible to the user and to other modules', async () => {
      const { submission } = (await as('c1', 'GET', '/v1/kyc')).json();
      const detail = (await as('admin', 'GET', `/v1/ops/kyc/${submission.id}`)).json();
      assert.equal(detail.history.length, 2);
      assert.equal(detail.user.mobile, MOBILES.c1);
      const res = await as('admin', 'POST', `/v1/ops/kyc/${submission.id}/verify`);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal((await as('c1', 'GET', '/v1/kyc')).json().status, 'verified');
      assert.equal((await as('c1', 'GET', '/v1/me')).json().kycStatus, 'verified');
      assert.equal(await t.app.modules.kyc.isVerified(uid.c1), true);
      assert.deepEqual(events.at(-1), { name: 'kyc.verified', userId: uid.c1 });
      assert.match((await t.lastSms(MOBILES.c1)) ?? '', /تأیید شد/);
      const twice = await as('agent', 'POST', `/v1/ops/kyc/${submission.id}/verify`);
      assert.equal(twice.statusCode, 409);
      assert.equal(twice.json().error.code, 'KYC_NOT_UNDER_REVIEW');
      const resubmit = await submitC1();
      assert.equal(resubmit.json().error.code, 'KYC_ALREADY_VERIFIED');
    });

    test('ACC-5 an agent cannot decide their own account\'s KYC (REVIEW_OWN_ACCOUNT)', async () => {
      const res = await as('admin', 'POST', '/v1/kyc', { firstName: 'مریم', lastName: 'احمدی', nationalId: nid.admin, card: { fileName: 'c.jpg', contentBase64: JPEG } });
      assert.equal(res.statusCode, 201, res.body);
      const own = await as('admin', 'POST', `/v1/ops/kyc/${res.json().id}/verify`);
      assert.equal(own.statusCode, 403);
      assert.equal(own.json().error.code, 'REVIEW_OWN_ACCOUNT');
      assert.equal((await as('admin', 'GET', '/v1/kyc')).json().status, 'submitted');
    });

    test('ACC-5 ops demand KYC with a deadline (SMS); past it the user is listed overdue and can be blocked', async () => {
      const past = await as('agent', 'POST', '/v1/ops/kyc/requirements', { userId: uid.c3, reason: 'تراکنش مشکوک', deadline: '2020-01-01T00:00:00Z' });
      assert.equal(past.json().error.code, 'KYC_DEADLINE_INVALID');
      assert.equal((await as('agent', 'POST', '/v1/ops/kyc/requirements', { userId: uid.c1, reason: 'x' })).json().error.code, 'KYC_ALREADY_VERIFIED');
      const res = await as('agent', 'POST', '/v1/ops/kyc/requirements', { userId: uid.c3, reason: 'تراکنش مشکوک' });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(new Date(res.json().deadline).getTime(), t.clock.now().getTime() + 7 * 86_400_000);
      assert.match((await t.lastSms(MOBILES.c3)) ?? '', /احراز هویت/);
      const mine = (await as('c3', 'GET', '/v1/kyc')).json();
      assert.equal(mine.requirement.reason, 'تراکنش مشکوک');
      assert.equal((await as('agent', 'GET', '/v1/ops/kyc/requirements?overdue=true')).json().length, 0);
      t.clock.advance(8 * 86_400_000);
      await signInAll(); // the access tokens have expired too
      const overdue = (await as('agent', 'GET', '/v1/ops/kyc/requirements?overdue=true')).json();
      assert.deepEqual(overdue.map((x: { userId: string }) => x.userId), [uid.c3]);
      assert.equal(overdue[0].overdue, true);
      const blocked = await as('agent', 'POST', `/v1/ops/users/${uid.c3}/block`, { reason: 'KYC not done by the deadline' });
      assert.equal(blocked.statusCode, 200, blocked.body);
      assert.equal(blocked.json().status, 'blocked');
    });

    test('ACC-5 verifying a user clears an open demand', async () => {
      await as('agent', 'POST', '/v1/ops/kyc/requirements', { userId: uid.c2, reason: 'بررسی دوره‌ای' });
      const sub = await as('c2', 'POST', '/v1/kyc', { firstName: 'علی', lastName: 'محمدی', nationalId: nid.c2, card: { fileName: 'c.jpg', contentBase64: JPEG } });
      assert.equal(sub.statusCode, 201, sub.body);
      assert.equal((await as('agent', 'POST', `/v1/ops/kyc/${sub.json().id}/verify`)).statusCode, 200);
      assert.equal((await as('c2', 'GET', '/v1/kyc')).json().requirement, null);
    });
  });
}
