import { describe, test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './harness/app.js';
import { testDbKinds } from './harness/databases.js';
import { renewCallers, signInCallers, type Callers } from './harness/authz.js';
import { queryRows } from '../src/platform/db.js';
import { withNationalIdCheckDigit } from '../src/modules/identity/national-id.js';

let seq = 0;
const freshMobile = () => `0933${String(7_000_000 + seq++).padStart(7, '0')}`;
const TERMS = { fa: 'نسخه تازه قوانین و مقررات پیک', ar: 'الإصدار الجديد من شروط بيك', en: 'The new version of the Peyk terms' };

for (const kind of testDbKinds()) {
  describe(`ACC-7 / ACC-8 / ACC-9 ops actions on accounts [${kind}]`, () => {
    let t: TestApp;
    let c: Callers;
    before(async () => {
      t = await createTestApp(kind);
      c = await signInCallers(t);
    });
    after(async () => { await t?.close(); });
    beforeEach(async () => { await renewCallers(t, c); });

    /** A customer with a complete profile who accepted the current terms: able to order. */
    async function orderingCustomer() {
      const mobile = freshMobile();
      const s = await t.signIn(mobile);
      const body = { firstName: 'Sara', lastName: 'Rezaei', nationalId: withNationalIdCheckDigit(String(381_000_000 + seq++)), birthDate: '1990-01-01' };
      assert.equal((await t.call('PATCH', '/v1/me', { token: s.token, body })).statusCode, 200);
      const version = (await t.call('GET', '/v1/terms/current', { token: s.token })).json().version;
      assert.equal((await t.call('POST', '/v1/terms/accept', { token: s.token, body: { version } })).statusCode, 204);
      return { ...s, mobile };
    }
    const eligibility = async (token: string) => (await t.call('GET', '/v1/me/eligibility', { token })).json();
    const auditOf = async (targetId: string) => (await t.call('GET', `/v1/ops/audit?targetId=${encodeURIComponent(targetId)}`, { token: c.opsAdmin.token })).json().items;
    const smsTemplates = async (mobile: string) => (await queryRows<{ template: string }>(t.db.db, sql`SELECT template FROM notification_outbox WHERE recipient = ${mobile} ORDER BY created_at, id`)).map((r) => r.template);

    // ---- ACC-7 roles ----

    test('ACC-7 only an ops admin changes roles: agent, finance, provider and customer get 403', async () => {
      const target = await t.signIn(freshMobile());
      for (const who of ['opsAgent', 'finance', 'provider', 'customerA'] as const) {
        const res = await t.call('PUT', `/v1/ops/users/${target.userId}/roles`, { token: c[who].token, body: { roles: ['ops_agent'], reason: 'promotion' } });
        assert.equal(res.statusCode, 403, who);
      }
      assert.deepEqual((await t.call('GET', '/v1/me', { token: target.token })).json().roles, ['customer']);
    });

    test('ACC-7 an ops admin changes roles, audited with before and after, and the change applies at once', async () => {
      const target = await t.signIn(freshMobile());
      assert.equal((await t.call('GET', '/v1/ops/users', { token: target.token })).statusCode, 403);
      const res = await t.call('PUT', `/v1/ops/users/${target.userId}/roles`, { token: c.opsAdmin.token, body: { roles: ['customer', 'ops_agent'], reason: 'joined the call centre' } });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json().roles, ['customer', 'ops_agent']);
      assert.equal((await t.call('GET', '/v1/ops/users', { token: target.token })).statusCode, 200, 'the new role works with the same token');
      const [entry] = await auditOf(target.userId);
      assert.equal(entry.action, 'user.roles.set');
      assert.equal(entry.actorId, c.opsAdmin.userId);
      assert.deepEqual(entry.before, { roles: ['customer'], providerKind: null });
      assert.deepEqual(entry.after, { roles: ['customer', 'ops_agent'], providerKind: null });
      assert.equal(entry.reason, 'joined the call centre');
      await t.call('PUT', `/v1/ops/users/${target.userId}/roles`, { token: c.opsAdmin.token, body: { roles: ['customer'], reason: 'left' } });
      assert.equal((await t.call('GET', '/v1/ops/users', { token: target.token })).statusCode, 403, 'and removing it too');
    });

    test('ACC-7 roles and provider kinds are validated; an admin cannot remove their own admin role', async () => {
      const target = await t.signIn(freshMobile());
      for (const body of [{ roles: [], reason: 'none' }, { roles: ['superuser'], reason: 'nope' }, { roles: ['provider'], providerKind: 'pilot', reason: 'nope' }, { roles: ['customer'] }]) {
        const res = await t.call('PUT', `/v1/ops/users/${target.userId}/roles`, { token: c.opsAdmin.token, body });
        assert.equal(res.statusCode, 400, JSON.stringify(body));
      }
      const self = await t.call('PUT', `/v1/ops/users/${c.opsAdmin.userId}/roles`, { token: c.opsAdmin.token, body: { roles: ['ops_agent'], reason: 'oops' } });
      assert.equal(self.statusCode, 403);
      assert.equal(self.json().error.code, 'CANNOT_ACT_ON_SELF');
      const provider = await t.call('PUT', `/v1/ops/users/${target.userId}/roles`, { token: c.opsAdmin.token, body: { roles: ['provider', 'customer'], providerKind: 'courier', reason: 'approved courier' } });
      assert.equal(provider.json().providerKind, 'courier');
      const missing = await t.call('PUT', '/v1/ops/users/usr_nobody/roles', { token: c.opsAdmin.token, body: { roles: ['customer'], reason: 'x-x' } });
      assert.equal(missing.statusCode, 404);
    });

    test('ACC-7 ops staff find accounts by mobile in any digit script, national ID or name', async () => {
      const target = await orderingCustomer();
      const byMobile = await t.call('GET', `/v1/ops/users?q=${encodeURIComponent('+98' + target.mobile.slice(1))}`, { token: c.opsAgent.token });
      assert.deepEqual(byMobile.json().items.map((u: { id: string }) => u.id), [target.userId]);
      const blocked = await t.call('GET', '/v1/ops/users?status=blocked&role=customer&limit=5', { token: c.opsAgent.token });
      assert.equal(blocked.statusCode, 200);
      assert.ok(!JSON.stringify((await t.call('GET', `/v1/ops/users/${target.userId}`, { token: c.opsAgent.token })).json()).includes('argon'));
    });

    // ---- ACC-8 block / unblock ----

    test('ACC-8 blocking with a reason: status, audit, SMS, sessions revoked, and the account can no longer order', async () => {
      const u = await orderingCustomer();
      assert.deepEqual(await eligibility(u.token), { canOrder: true, reasons: [] });
      const res = await t.call('POST', `/v1/ops/users/${u.userId}/block`, { token: c.opsAgent.token, body: { reason: 'suspected fraud' } });
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().status, 'blocked');
      assert.equal(res.json().blockedReason, 'suspected fraud');
      assert.equal(res.json().blockedAt, t.clock.now().toISOString());

      const [entry] = await auditOf(u.userId);
      assert.deepEqual({ action: entry.action, actorId: entry.actorId, reason: entry.reason, before: entry.before, after: entry.after }, { action: 'user.block', actorId: c.opsAgent.userId, reason: 'suspected fraud', before: { status: 'active' }, after: { status: 'blocked' } });
      assert.ok((await smsTemplates(u.mobile)).includes('account.blocked'));
      const refreshed = await t.app.http.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: u.refreshToken } });
      assert.equal(refreshed.json().error.code, 'REFRESH_TOKEN_INVALID');
      const stale = await t.call('GET', '/v1/me', { token: u.token });
      assert.equal(stale.json().error.code, 'SESSION_ENDED', 'the access tokens of the revoked sessions end too');
      const again = await t.signIn(u.mobile);
      assert.deepEqual(await eligibility(again.token), { canOrder: false, reasons: ['ACCOUNT_BLOCKED'] }, 'signing in again shows why');
      await assert.rejects(t.app.modules.accounts.assertCanOrder(u.userId), (err: { code: string; details: { reason: string } }) => err.code === 'ACCOUNT_BLOCKED' && err.details.reason === 'suspected fraud');
    });

    test('ACC-8 a blocked provider cannot accept work', async () => {
      const target = await t.signIn(freshMobile());
      await t.call('PUT', `/v1/ops/users/${target.userId}/roles`, { token: c.opsAdmin.token, body: { roles: ['provider'], providerKind: 'driver', reason: 'approved' } });
      await t.app.modules.accounts.assertCanWork(target.userId);
      await t.call('POST', `/v1/ops/users/${target.userId}/block`, { token: c.opsAgent.token, body: { reason: 'documents expired' } });
      await assert.rejects(t.app.modules.accounts.assertCanWork(target.userId), { code: 'ACCOUNT_BLOCKED' });
    });

    test('ACC-8 blocking twice is 409 ACCOUNT_ALREADY_BLOCKED and writes no second audit entry', async () => {
      const u = await t.signIn(freshMobile());
      assert.equal((await t.call('POST', `/v1/ops/users/${u.userId}/block`, { token: c.opsAgent.token, body: { reason: 'first block' } })).statusCode, 200);
      const again = await t.call('POST', `/v1/ops/users/${u.userId}/block`, { token: c.opsAdmin.token, body: { reason: 'second block' } });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.code, 'ACCOUNT_ALREADY_BLOCKED');
      assert.equal((await auditOf(u.userId)).length, 1);
    });

    test('ACC-8 two agents blocking at once: one succeeds, one gets 409, one audit entry', async () => {
      const u = await t.signIn(freshMobile());
      const answers = await Promise.all([
        t.call('POST', `/v1/ops/users/${u.userId}/block`, { token: c.opsAgent.token, body: { reason: 'agent one' } }),
        t.call('POST', `/v1/ops/users/${u.userId}/block`, { token: c.opsAdmin.token, body: { reason: 'agent two' } }),
      ]);
      assert.deepEqual(answers.map((r) => r.statusCode).sort(), [200, 409]);
      assert.equal((await auditOf(u.userId)).length, 1);
    });

    test('ACC-8 nobody can block themselves; an agent cannot block an admin; a reason is required', async () => {
      const self = await t.call('POST', `/v1/ops/users/${c.opsAgent.userId}/block`, { token: c.opsAgent.token, body: { reason: 'testing myself' } });
      assert.equal(self.statusCode, 403);
      assert.equal(self.json().error.code, 'CANNOT_ACT_ON_SELF');
      const admin = await t.call('POST', `/v1/ops/users/${c.opsAdmin.userId}/block`, { token: c.opsAgent.token, body: { reason: 'coup attempt' } });
      assert.equal(admin.statusCode, 403);
      assert.equal(admin.json().error.code, 'ROLE_FORBIDDEN');
      const u = await t.signIn(freshMobile());
      for (const body of [{}, { reason: '' }, { reason: '  a ' }]) {
        const res = await t.call('POST', `/v1/ops/users/${u.userId}/block`, { token: c.opsAgent.token, body });
        assert.equal(res.statusCode, 400, JSON.stringify(body));
      }
      assert.equal((await t.call('GET', '/v1/me', { token: u.token })).json().status, 'active');
      assert.equal((await t.call('POST', '/v1/ops/users/usr_nobody/block', { token: c.opsAgent.token, body: { reason: 'ghost' } })).json().error.code, 'USER_NOT_FOUND');
    });

    test('ACC-8 unblocking restores ordering, is audited with the old reason, and sends an SMS; unblocking an active account is 409', async () => {
      const u = await orderingCustomer();
      await t.call('POST', `/v1/ops/users/${u.userId}/block`, { token: c.opsAgent.token, body: { reason: 'unpaid fare' } });
      const res = await t.call('POST', `/v1/ops/users/${u.userId}/unblock`, { token: c.opsAgent.token, body: { reason: 'fare paid' } });
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().status, 'active');
      assert.equal(res.json().blockedReason, null);
      const [latest] = await auditOf(u.userId);
      assert.deepEqual({ action: latest.action, before: latest.before, after: latest.after, reason: latest.reason }, { action: 'user.unblock', before: { status: 'blocked', reason: 'unpaid fare' }, after: { status: 'active' }, reason: 'fare paid' });
      assert.deepEqual((await smsTemplates(u.mobile)).filter((x) => x.startsWith('account.')), ['account.blocked', 'account.unblocked']);
      t.clock.advance(61_000);
      assert.deepEqual(await eligibility((await t.signIn(u.mobile)).token), { canOrder: true, reasons: [] });
      const again = await t.call('POST', `/v1/ops/users/${u.userId}/unblock`, { token: c.opsAgent.token, body: { reason: 'again' } });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.code, 'ACCOUNT_NOT_BLOCKED');
    });

    // ---- ACC-9 terms ----

    test('ACC-9 the current terms come in the user\'s language; an incomplete profile is the first reason not to order', async () => {
      const s = await t.signIn(freshMobile());
      const fa = (await t.call('GET', '/v1/terms/current', { token: s.token })).json();
      assert.equal(fa.accepted, false);
      assert.match(fa.text, /قوانین/);
      const en = (await t.call('GET', '/v1/terms/current?lang=en', { token: s.token })).json();
      assert.match(en.text, /terms/);
      assert.deepEqual(await eligibility(s.token), { canOrder: false, reasons: ['PROFILE_INCOMPLETE'] });
    });

    test('ACC-9 a new version is announced by SMS; orders wait for acceptance; an old version cannot be accepted', async () => {
      const u = await orderingCustomer();
      const blockedMobile = freshMobile();
      const blocked = await t.signIn(blockedMobile);
      await t.call('POST', `/v1/ops/users/${blocked.userId}/block`, { token: c.opsAgent.token, body: { reason: 'blocked before terms' } });
      const current = (await t.call('GET', '/v1/terms/current', { token: u.token })).json().version as number;

      const published = await t.call('POST', '/v1/ops/terms', { token: c.opsAdmin.token, body: { texts: TERMS } });
      assert.equal(published.statusCode, 201);
      const version = published.json().version;
      assert.equal(version, current + 1);

      const sms = await queryRows<{ body: string }>(t.db.db, sql`SELECT body FROM notification_outbox WHERE recipient = ${u.mobile} AND template = 'terms.updated'`);
      assert.equal(sms.length, 1);
      assert.ok(sms[0].body.includes(String(version).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)])), sms[0].body);
      assert.ok(!(await smsTemplates(blockedMobile)).includes('terms.updated'), 'blocked accounts are not announced to');

      assert.deepEqual(await eligibility(u.token), { canOrder: false, reasons: ['TERMS_NOT_ACCEPTED'] });
      await assert.rejects(t.app.modules.accounts.assertCanOrder(u.userId), { code: 'TERMS_NOT_ACCEPTED' });
      const old = await t.call('POST', '/v1/terms/accept', { token: u.token, body: { version: current } });
      assert.equal(old.statusCode, 409);
      assert.equal(old.json().error.code, 'TERMS_VERSION_NOT_CURRENT');
      assert.equal(old.json().error.details.currentVersion, version);
      assert.equal((await t.call('POST', '/v1/terms/accept', { token: u.token, body: { version: version + 1 } })).statusCode, 409);
      assert.equal((await t.call('POST', '/v1/terms/accept', { token: u.token, body: { version } })).statusCode, 204);
      assert.equal((await t.call('POST', '/v1/terms/accept', { token: u.token, body: { version } })).statusCode, 204, 'accepting twice is harmless');
      assert.deepEqual(await eligibility(u.token), { canOrder: true, reasons: [] });
      const [entry] = await auditOf(String(version));
      assert.equal(entry.action, 'terms.publish');
      assert.deepEqual(entry.after, { version });
    });

    test('ACC-9 publishing without announcement sends no SMS; only admins publish; texts are required in fa, ar and en', async () => {
      const before = Number((await queryRows<{ n: number }>(t.db.db, sql`SELECT count(*) AS n FROM notification_outbox WHERE template = 'terms.updated'`))[0].n);
      assert.equal((await t.call('POST', '/v1/ops/terms', { token: c.opsAdmin.token, body: { texts: TERMS, announce: false } })).statusCode, 201);
      const after = Number((await queryRows<{ n: number }>(t.db.db, sql`SELECT count(*) AS n FROM notification_outbox WHERE template = 'terms.updated'`))[0].n);
      assert.equal(after, before);
      assert.equal((await t.call('POST', '/v1/ops/terms', { token: c.opsAgent.token, body: { texts: TERMS } })).statusCode, 403);
      assert.equal((await t.call('POST', '/v1/ops/terms', { token: c.opsAdmin.token, body: { texts: { fa: TERMS.fa, en: TERMS.en } } })).statusCode, 400);
    });

    test('ACC-9 a city may waive acceptance before ordering (setting terms.requireAcceptanceBeforeOrder)', async () => {
      const u = await orderingCustomer();
      await t.call('PATCH', '/v1/me', { token: u.token, body: { cityId: 'cty_tabriz' } });
      await t.call('POST', '/v1/ops/terms', { token: c.opsAdmin.token, body: { texts: TERMS, announce: false } });
      assert.deepEqual((await eligibility(u.token)).reasons, ['TERMS_NOT_ACCEPTED']);
      const set = await t.call('PUT', '/v1/ops/settings/terms.requireAcceptanceBeforeOrder', { token: c.opsAdmin.token, body: { scopeType: 'city', scopeId: 'cty_tabriz', value: false, reason: 'pilot' } });
      assert.equal(set.statusCode, 200, set.body);
      try {
        assert.deepEqual(await eligibility(u.token), { canOrder: true, reasons: [] });
      } finally {
        await t.call('PUT', '/v1/ops/settings/terms.requireAcceptanceBeforeOrder', { token: c.opsAdmin.token, body: { scopeType: 'city', scopeId: 'cty_tabriz', reason: 'end of pilot' } });
      }
    });
  });
}
