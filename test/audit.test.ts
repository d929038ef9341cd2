import { describe, test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './harness/app.js';
import { testDbKinds } from './harness/databases.js';
import { renewCallers, signInCallers, type Callers } from './harness/authz.js';
import { queryRows } from '../src/platform/db.js';

let seq = 0;
const freshMobile = () => `0937${String(8_000_000 + seq++).padStart(7, '0')}`;
const TERMS = { fa: 'نسخه آزمایشی قوانین پیک', ar: 'نسخة تجريبية من الشروط', en: 'A test version of the terms' };

interface Entry { id: string; actorId: string | null; actorRoles: string[]; action: string; targetType: string; targetId: string; before: unknown; after: unknown; reason: string | null; ip: string | null; createdAt: string }

for (const kind of testDbKinds()) {
  describe(`OPS-4 / FRD-3 audit log [${kind}]`, () => {
    let t: TestApp;
    let c: Callers;
    before(async () => {
      t = await createTestApp(kind);
      c = await signInCallers(t);
    });
    after(async () => { await t?.close(); });
    beforeEach(async () => { await renewCallers(t, c); });

    const search = async (query: string, token = c.opsAdmin.token) => (await t.call('GET', `/v1/ops/audit?${query}`, { token })).json() as { items: Entry[]; nextBefore: string | null };
    const count = async () => Number((await queryRows<{ n: number }>(t.db.db, sql`SELECT count(*) AS n FROM audit_log`))[0].n);

    test('FRD-3 every ops action on an account, the terms or a setting leaves an entry with who, when, before and after', async () => {
      const target = await t.signIn(freshMobile());
      const ip = '198.51.100.77';
      const asAgent = (method: 'POST' | 'PUT', url: string, body: unknown, token: string) =>
        t.app.http.inject({ method, url, payload: body as object, headers: { authorization: `Bearer ${token}` }, remoteAddress: ip });
      t.clock.advance(1000);
      const when = t.clock.now().toISOString();
      const actions: Array<[string, string, unknown, string, string]> = [
        ['POST', `/v1/ops/users/${target.userId}/block`, { reason: 'audit: block' }, c.opsAgent.token!, 'user.block'],
        ['POST', `/v1/ops/users/${target.userId}/unblock`, { reason: 'audit: unblock' }, c.opsAgent.token!, 'user.unblock'],
        ['PUT', `/v1/ops/users/${target.userId}/roles`, { roles: ['customer', 'provider'], providerKind: 'courier', reason: 'audit: roles' }, c.opsAdmin.token!, 'user.roles.set'],
        ['POST', '/v1/ops/terms', { texts: TERMS, announce: false }, c.opsAdmin.token!, 'terms.publish'],
        ['PUT', '/v1/ops/settings/parcel.holdDays', { value: 9, reason: 'audit: setting' }, c.opsAdmin.token!, 'settings.set'],
      ];
      for (const [method, url, body, token, action] of actions) {
        const before = await count();
        const res = await asAgent(method as 'POST', url, body, token);
        assert.ok(res.statusCode < 300, `${url}: ${res.body}`);
        assert.equal(await count(), before + 1, `${action} wrote one entry`);
        const [entry] = (await search(`action=${action}&limit=1`)).items;
        assert.equal(entry.action, action);
        assert.equal(entry.actorId, token === c.opsAgent.token ? c.opsAgent.userId : c.opsAdmin.userId);
        assert.ok(entry.actorRoles.length > 0);
        assert.equal(entry.ip, ip);
        assert.equal(entry.createdAt, when);
        assert.notEqual(entry.after, null, `${action} records the state after`);
        assert.ok(entry.before !== undefined, `${action} records the state before`);
      }
      await t.call('PUT', '/v1/ops/settings/parcel.holdDays', { token: c.opsAdmin.token, body: { reason: 'restore' } });
    });

    test('OPS-4 the audit_log table refuses UPDATE, DELETE and TRUNCATE at the database level', async () => {
      const u = await t.signIn(freshMobile());
      await t.call('POST', `/v1/ops/users/${u.userId}/block`, { token: c.opsAgent.token, body: { reason: 'tamper test' } });
      const [row] = await queryRows<{ id: string; reason: string }>(t.db.db, sql`SELECT id, reason FROM audit_log WHERE target_id = ${u.userId}`);
      await assert.rejects(t.db.db.execute(sql`UPDATE audit_log SET reason = 'nothing happened' WHERE id = ${row.id}`), (err: Error) => /append-only/.test(String(err.message) + String((err as { cause?: Error }).cause?.message)));
      await assert.rejects(t.db.db.execute(sql`DELETE FROM audit_log WHERE id = ${row.id}`), (err: Error) => /append-only/.test(String(err.message) + String((err as { cause?: Error }).cause?.message)));
      await assert.rejects(t.db.db.execute(sql`UPDATE audit_log SET actor_id = NULL`));
      await assert.rejects(t.db.db.execute(sql`TRUNCATE audit_log`), (err: Error) => /append-only/.test(String(err.message) + String((err as { cause?: Error }).cause?.message)));
      const [after] = await queryRows<{ reason: string }>(t.db.db, sql`SELECT reason FROM audit_log WHERE id = ${row.id}`);
      assert.equal(after.reason, 'tamper test');
    });

    test('FRD-3 the action and its audit entry commit together: if the entry cannot be written, the block does not happen', async () => {
      const u = await t.signIn(freshMobile());
      const audit = t.app.modules.audit;
      const original = audit.record;
      audit.record = async () => { throw new Error('audit store unavailable'); };
      try {
        const res = await t.call('POST', `/v1/ops/users/${u.userId}/block`, { token: c.opsAgent.token, body: { reason: 'should roll back' } });
        assert.equal(res.statusCode, 500);
      } finally {
        audit.record = original;
      }
      assert.equal((await t.call('GET', '/v1/me', { token: u.token })).json().status, 'active');
      const sms = await queryRows(t.db.db, sql`SELECT 1 FROM notification_outbox WHERE user_id = ${u.userId} AND template = 'account.blocked'`);
      assert.equal(sms.length, 0, 'no SMS about a block that did not happen');
    });

    test('FRD-3 refused ops actions write no entry', async () => {
      const before = await count();
      await t.call('POST', `/v1/ops/users/${c.opsAgent.userId}/block`, { token: c.opsAgent.token, body: { reason: 'self block' } });
      await t.call('POST', '/v1/ops/users/usr_nobody/block', { token: c.opsAgent.token, body: { reason: 'ghost user' } });
      await t.call('PUT', '/v1/ops/users/usr_nobody/roles', { token: c.opsAdmin.token, body: { roles: ['customer'], reason: 'ghost user' } });
      await t.call('PUT', '/v1/ops/settings/otp.ttlSeconds', { token: c.opsAdmin.token, body: { value: -5 } });
      await t.call('PUT', '/v1/ops/settings/otp.ttlSeconds', { token: c.opsAgent.token, body: { value: 60 } });
      assert.equal(await count(), before);
    });

    test('OPS-4 the log is searched newest first by actor, target and action, and paged by cursor without overlap', async () => {
      const u = await t.signIn(freshMobile());
      for (let i = 0; i < 3; i++) {
        await t.call('POST', `/v1/ops/users/${u.userId}/block`, { token: c.opsAgent.token, body: { reason: `block ${i}` } });
        await t.call('POST', `/v1/ops/users/${u.userId}/unblock`, { token: c.opsAgent.token, body: { reason: `unblock ${i}` } });
      }
      const all = await search(`targetId=${u.userId}`);
      assert.deepEqual(all.items.map((e) => e.reason), ['unblock 2', 'block 2', 'unblock 1', 'block 1', 'unblock 0', 'block 0']);
      assert.equal(all.nextBefore, null);
      const page1 = await search(`targetId=${u.userId}&limit=4`);
      assert.equal(page1.items.length, 4);
      assert.ok(page1.nextBefore);
      const page2 = await search(`targetId=${u.userId}&limit=4&before=${page1.nextBefore}`);
      assert.deepEqual([...page1.items, ...page2.items].map((e) => e.id), all.items.map((e) => e.id));
      assert.deepEqual((await search(`targetId=${u.userId}&action=user.block`)).items.map((e) => e.reason), ['block 2', 'block 1', 'block 0']);
      assert.ok((await search(`actorId=${c.opsAgent.userId}&targetType=user`)).items.every((e) => e.actorId === c.opsAgent.userId && e.targetType === 'user'));
    });

    test('OPS-4 ops staff and finance read the log; customers and providers cannot; there is no route to change it', async () => {
      for (const who of ['opsAgent', 'opsAdmin', 'finance'] as const) assert.equal((await t.call('GET', '/v1/ops/audit', { token: c[who].token })).statusCode, 200, who);
      for (const who of ['customerA', 'provider'] as const) assert.equal((await t.call('GET', '/v1/ops/audit', { token: c[who].token })).statusCode, 403, who);
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
        assert.equal((await t.call(method, '/v1/ops/audit', { token: c.opsAdmin.token, body: {} })).statusCode, 404, method);
      }
    });
  });
}
