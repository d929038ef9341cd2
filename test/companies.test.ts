import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './harness/app.js';
import { testDbKinds } from './harness/databases.js';
import { queryRows } from '../src/platform/db.js';

const ENV = { ACCESS_TOKEN_TTL_SECONDS: '86400' };
const MOBILES = { admin: '09120000001', agent: '09120000002', finance: '09120000003', rep: '09140000101', m1: '09140000102', c3: '09140000103' };
type Who = keyof typeof MOBILES;
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 1)]).toString('base64');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100, 0)]).toString('base64');
const COMPANY = { name: 'شرکت پخش آذر', registrationNumber: '12345', nationalCompanyId: '10380284790', landline: '041-3333-4444', staffCount: 25 };
// 23:30 on 30 Aban 1405 in Tehran (UTC+3:30): an hour later it is 1 Azar there, still 21 November in UTC.
const START = new Date('2026-11-21T20:00:00Z');

for (const kind of testDbKinds()) {
  describe(`ACC-3 company accounts [${kind}]`, () => {
    let t: TestApp;
    let companyId = '';
    const tok = {} as Record<Who, string>;
    const uid = {} as Record<Who, string>;
    const as = (who: Who, method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown, headers?: Record<string, string>) => t.call(method, url, { token: tok[who], body, headers });
    const count = async (table: string) => Number((await queryRows<{ n: number }>(t.app.platform.db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0].n);

    /** Pays a started gateway payment on the sandbox and follows the callback. */
    const paySandbox = async (redirectUrl: string) => {
      const paid = await t.app.http.inject({ method: 'POST', url: new URL(redirectUrl).pathname, payload: 'decision=pay', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      const back = new URL(String(paid.headers.location));
      await t.app.http.inject({ method: 'GET', url: back.pathname + back.search });
    };

    before(async () => {
      t = await createTestApp(kind, { env: ENV, start: START });
      for (const who of Object.keys(MOBILES) as Who[]) {
        const s = await t.signIn(MOBILES[who]);
        tok[who] = s.token;
        uid[who] = s.userId;
      }
    });
    after(() => t?.close());

    test('ACC-3 registration data is validated (national company ID checksum, landline, logo type) and nothing is written on error', async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ nationalCompanyId: '10380284791' }, 'COMPANY_NATIONAL_ID_INVALID'],
        [{ nationalCompanyId: '1038028479' }, 'COMPANY_NATIONAL_ID_INVALID'],
        [{ landline: '09141234567' }, 'COMPANY_LANDLINE_INVALID'],
        [{ registrationNumber: 'ABC' }, 'COMPANY_REGISTRATION_NUMBER_INVALID'],
        [{ name: ' ' }, 'COMPANY_NAME_INVALID'],
        [{ logo: { fileName: 'logo.png', contentBase64: EXE } }, 'UPLOAD_TYPE_NOT_ALLOWED'],
      ];
      for (const [over, code] of cases) {
        const res = await as('rep', 'POST', '/v1/companies', { ...COMPANY, ...over });
        assert.equal(res.statusCode, 400, `${code}: ${res.body.slice(0, 200)}`);
        assert.equal(res.json().error.code, code);
      }
      assert.equal((await as('rep', 'POST', '/v1/companies', { ...COMPANY, staffCount: 0 })).statusCode, 400);
      assert.equal(await count('companies'), 0);
      assert.equal(await count('kyc_company_files'), 0);
    });

    test('ACC-3 a representative registers a company; it waits for ops review and cannot invite yet', async () => {
      const res = await as('rep', 'POST', '/v1/companies', { ...COMPANY, nationalCompanyId: '۱۰۳۸۰۲۸۴۷۹۰', logo: { fileName: 'logo.png', contentBase64: PNG } });
      assert.equal(res.statusCode, 201, res.body);
      companyId = res.json().id;
      assert.equal(res.json().status, 'pending');
      assert.equal(res.json().landline, '04133334444');
      assert.equal(res.json().nationalCompanyId, '10380284790');
      const mine = (await as('rep', 'GET', '/v1/companies')).json();
      assert.deepEqual(mine.map((c: { id: string; role: string }) => [c.id, c.role]), [[companyId, 'representative']]);
      const [item] = (await as('agent', 'GET', '/v1/ops/reviews?kind=company')).json();
      assert.equal(item.subjectId, companyId);
      const dup = await as('c3', 'POST', '/v1/companies', COMPANY);
      assert.equal(dup.statusCode, 409);
      assert.equal(dup.json().error.code, 'COMPANY_ALREADY_REGISTERED');
      const early = await as('rep', 'POST', `/v1/companies/${companyId}/members`, { mobile: MOBILES.m1 });
      assert.equal(early.json().error.code, 'COMPANY_NOT_ACTIVE');
      assert.deepEqual(await t.app.modules.companies.membership(uid.rep), [], 'a pending company gives no membership to order with');
    });

    test('ACC-3 ops approve the company (audited, SMS to the representative); a second decision is refused', async () => {
      assert.equal((await as('rep', 'POST', `/v1/ops/companies/${companyId}/approve`)).statusCode, 403);
      const detail = (await as('agent', 'GET', `/v1/ops/companies/${companyId}`)).json();
      assert.equal(detail.representative.mobile, MOBILES.rep);
      const res = await as('agent', 'POST', `/v1/ops/companies/${companyId}/approve`);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().status, 'active');
      assert.match((await t.lastSms(MOBILES.rep)) ?? '', /شرکت پخش آذر/);
      const audit = (await as('admin', 'GET', `/v1/ops/audit?action=company.approve&targetId=${companyId}`)).json();
      assert.equal((audit.items ?? audit)[0].actorId, uid.agent);
      const again = await as('admin', 'POST', `/v1/ops/companies/${companyId}/reject`, { reason: 'late' });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.code, 'COMPANY_NOT_PENDING');
      assert.deepEqual(await t.app.modules.companies.membership(uid.rep), [{ companyId, role: 'representative' }]);
    });

    test('ACC-3 the representative invites by mobile; only that mobile can accept after signing in', async () => {
      const res = await as('rep', 'POST', `/v1/companies/${companyId}/members`, { mobile: '+98 914 000 0102' });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().mobile, MOBILES.m1);
      assert.match((await t.lastSms(MOBILES.m1)) ?? '', /شرکت پخش آذر/);
      const dup = await as('rep', 'POST', `/v1/companies/${companyId}/members`, { mobile: MOBILES.m1 });
      assert.equal(dup.json().error.code, 'COMPANY_MEMBER_EXISTS');
      assert.equal((await as('c3', 'GET', '/v1/companies/invitations')).json().length, 0);
      const [inv] = (await as('m1', 'GET', '/v1/companies/invitations')).json();
      assert.equal(inv.companyName, 'شرکت پخش آذر');
      const stolen = await as('c3', 'POST', `/v1/companies/invitations/${inv.id}/accept`);
      assert.equal(stolen.statusCode, 404);
      const ok = await as('m1', 'POST', `/v1/companies/invitations/${inv.id}/accept`);
      assert.equal(ok.statusCode, 200, ok.body);
      assert.deepEqual(await t.app.modules.companies.membership(uid.m1), [{ companyId, role: 'member' }]);
      assert.equal((await as('m1', 'POST', `/v1/companies/invitations/${inv.id}/accept`)).statusCode, 404, 'an answered invitation is gone');
    });

    test('ACC-3 a member sees only their company; members cannot manage it; outsiders get 404', async () => {
      assert.equal((await as('m1', 'GET', `/v1/companies/${companyId}`)).json().role, 'member');
      const members = (await as('m1', 'GET', `/v1/companies/${companyId}/members`)).json();
      assert.equal(members.length, 2);
      const invite = await as('m1', 'POST', `/v1/companies/${companyId}/members`, { mobile: MOBILES.c3 });
      assert.equal(invite.statusCode, 403);
      assert.equal(invite.json().error.code, 'COMPANY_REPRESENTATIVE_ONLY');
      for (const url of ['', '/members', '/wallet', '/statement', '/logo']) {
        const res = await as('c3', 'GET', `/v1/companies/${companyId}${url}`);
        assert.equal(res.statusCode, 404, url);
        assert.equal(res.json().error.code, 'COMPANY_NOT_FOUND');
      }
      assert.equal((await as('m1', 'GET', `/v1/companies/${companyId}/logo`)).json().contentBase64, PNG);
      assert.equal((await as('c3', 'POST', `/v1/companies/${companyId}/wallet/transfers`, { amountRials: '1000' }, { 'idempotency-key': 'k-outsider-1' })).statusCode, 404);
    });

    test('ACC-3 company wallet: a gateway top-up by the representative lands in the company account', async () => {
      const res = await as('rep', 'POST', `/v1/companies/${companyId}/wallet/topups`, { amountRials: '5000000' });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal((await as('rep', 'GET', `/v1/companies/${companyId}/wallet`)).json().pendingTopups, 1);
      await paySandbox(res.json().redirectUrl);
      const w = (await as('m1', 'GET', `/v1/companies/${companyId}/wallet`)).json();
      assert.equal(w.balanceRials, '5000000');
      assert.equal(w.pendingTopups, 0);
      assert.equal((await as('rep', 'GET', '/v1/wallet')).json().wallet.balanceRials, '0', "the representative's wallet only passed it on");
      assert.equal((await as('m1', 'POST', `/v1/companies/${companyId}/wallet/topups`, { amountRials: '5000000' })).json().error.code, 'COMPANY_REPRESENTATIVE_ONLY');
    });

    test('ACC-3 company wallet: a transfer from the representative needs an Idempotency-Key and funds; a retry replays', async () => {
      const url = `/v1/companies/${companyId}/wallet/transfers`;
      assert.equal((await as('rep', 'POST', url, { amountRials: '1000' })).json().error.code, 'IDEMPOTENCY_KEY_REQUIRED');
      const broke = await as('rep', 'POST', url, { amountRials: '1000' }, { 'idempotency-key': 'company-xfer-0' });
      assert.equal(broke.statusCode, 400);
      assert.equal(broke.json().error.code, 'INSUFFICIENT_FUNDS');
      const top = await as('rep', 'POST', '/v1/wallet/topups', { amountRials: '3000000' });
      await paySandbox(top.json().redirectUrl);
      t.clock.set(new Date('2026-11-21T21:00:00Z')); // 00:30 on 1 Azar in Tehran
      const first = await as('rep', 'POST', url, { amountRials: '2000000' }, { 'idempotency-key': 'company-xfer-1' });
      assert.equal(first.statusCode, 201, first.body);
      const replay = await as('rep', 'POST', url, { amountRials: '2000000' }, { 'idempotency-key': 'company-xfer-1' });
      assert.equal(replay.statusCode, 200);
      assert.equal(replay.json().transferId, first.json().transferId);
      assert.equal((await as('rep', 'GET', `/v1/companies/${companyId}/wallet`)).json().balanceRials, '7000000');
    });

    test('ACC-3 the monthly statement takes the Jalali month in the city time zone', async () => {
      const aban = (await as('m1', 'GET', `/v1/companies/${companyId}/statement?month=1405/08`)).json();
      assert.equal(aban.timeZone, 'Asia/Tehran');
      assert.equal(aban.startsAt, '2026-10-22T20:30:00.000Z');
      assert.equal(aban.endsAt, '2026-11-21T20:30:00.000Z');
      assert.deepEqual(aban.lines.map((l: { amountRials: string; reason: string }) => [l.reason, l.amountRials]), [['company.topup', '5000000']]);
      assert.equal(aban.openingRials, '0');
      assert.equal(aban.closingRials, '5000000');
      const azar = (await as('rep', 'GET', `/v1/companies/${companyId}/statement`)).json();
      assert.equal(azar.month, '1405/09');
      assert.deepEqual(azar.lines.map((l: { amountRials: string }) => l.amountRials), ['2000000']);
      assert.equal(azar.openingRials, '5000000');
      assert.equal(azar.creditsRials, '2000000');
      assert.equal(azar.closingRials, '7000000');
      const bad = await as('rep', 'GET', `/v1/companies/${companyId}/statement?month=1405/13`);
      assert.equal(bad.json().error.code, 'COMPANY_STATEMENT_MONTH_INVALID');
      assert.deepEqual(t.app.modules.companies.walletAccountFor(companyId), { ownerType: 'company', ownerId: companyId, kind: 'company_wallet' });
    });

    test('ACC-3 the representative removes a member; the representative cannot be removed', async () => {
      const members = (await as('rep', 'GET', `/v1/companies/${companyId}/members`)).json();
      const rep = members.find((m: { role: string }) => m.role === 'representative');
      const member = members.find((m: { role: string }) => m.role === 'member');
      assert.equal((await as('rep', 'DELETE', `/v1/companies/${companyId}/members/${rep.id}`)).json().error.code, 'COMPANY_CANNOT_REMOVE_REPRESENTATIVE');
      assert.equal((await as('m1', 'DELETE', `/v1/companies/${companyId}/members/${member.id}`)).statusCode, 403);
      const res = await as('rep', 'DELETE', `/v1/companies/${companyId}/members/${member.id}`);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().status, 'removed');
      assert.deepEqual(await t.app.modules.companies.membership(uid.m1), []);
      assert.equal((await as('m1', 'GET', `/v1/companies/${companyId}`)).statusCode, 404);
    });

    test('ACC-3 ops reject a registration with a reason; the same ID may then be registered again', async () => {
      const other = await as('c3', 'POST', '/v1/companies', { ...COMPANY, nationalCompanyId: '14007650912', name: 'شرکت دوم' });
      assert.equal(other.statusCode, 201, other.body);
      const res = await as('agent', 'POST', `/v1/ops/companies/${other.json().id}/reject`, { reason: 'مدارک ناقص' });
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().rejectReason, 'مدارک ناقص');
      assert.match((await t.lastSms(MOBILES.c3)) ?? '', /مدارک ناقص/);
      assert.equal((await as('c3', 'POST', '/v1/companies', { ...COMPANY, nationalCompanyId: '14007650912', name: 'شرکت دوم' })).statusCode, 201);
    });
  });
}
