import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './harness/app.js';
import { testDbKinds } from './harness/databases.js';
import { queryRows } from '../src/platform/db.js';
import type { OutgoingSms, SmsAdapter } from '../src/modules/notifications/adapters.js';

let seq = 0;
const freshMobile = () => `0918${String(5_000_000 + seq++).padStart(7, '0')}`;
let ipSeq = 0;
const post = (t: TestApp, url: string, body?: unknown, token?: string) =>
  t.app.http.inject({ method: 'POST', url, payload: body as object, headers: token ? { authorization: `Bearer ${token}` } : {}, remoteAddress: `10.40.${(ipSeq >> 8) & 255}.${ipSeq++ & 255}` });
const refresh = (t: TestApp, refreshToken: string) => post(t, '/v1/auth/refresh', { refreshToken });
const errorCode = (res: { json(): { error?: { code: string } } }) => res.json().error?.code;

for (const kind of testDbKinds()) {
  describe(`ACC-1 sessions and tokens [${kind}]`, () => {
    let t: TestApp;
    before(async () => { t = await createTestApp(kind); });
    after(async () => { await t?.close(); });

    test('ACC-1 a refresh token rotates: the new pair works, and only a hash of it is stored', async () => {
      const s = await t.signIn(freshMobile());
      const res = await refresh(t, s.refreshToken);
      assert.equal(res.statusCode, 200);
      const next = res.json();
      assert.notEqual(next.refreshToken, s.refreshToken);
      assert.equal((await t.call('GET', '/v1/me', { token: next.accessToken })).json().id, s.userId);
      assert.equal((await refresh(t, next.refreshToken)).statusCode, 200);
      const stored = await queryRows<{ row: string }>(t.db.db, sql`SELECT r::text AS row FROM refresh_tokens r WHERE user_id = ${s.userId}`);
      for (const { row } of stored) assert.ok(!row.includes(next.refreshToken.split('.')[1]), 'the secret part is never stored');
    });

    test('ACC-1 reusing a rotated refresh token answers REFRESH_TOKEN_REUSED and revokes the whole family', async () => {
      const s = await t.signIn(freshMobile());
      const rotated = (await refresh(t, s.refreshToken)).json();
      const reuse = await refresh(t, s.refreshToken);
      assert.equal(reuse.statusCode, 401);
      assert.equal(errorCode(reuse), 'REFRESH_TOKEN_REUSED');
      const stolen = await refresh(t, rotated.refreshToken);
      assert.equal(stolen.statusCode, 401);
      assert.equal(errorCode(stolen), 'REFRESH_TOKEN_INVALID');
    });

    test('ACC-1 a reuse revokes only that sign-in: the same user\'s other session keeps working', async () => {
      const mobile = freshMobile();
      const phone = await t.signIn(mobile);
      const laptop = await t.signIn(mobile);
      await refresh(t, phone.refreshToken);
      await refresh(t, phone.refreshToken);
      assert.equal((await refresh(t, laptop.refreshToken)).statusCode, 200);
    });

    test('ACC-1 two concurrent refreshes of one token: exactly one succeeds', async () => {
      const s = await t.signIn(freshMobile());
      const answers = await Promise.all([refresh(t, s.refreshToken), refresh(t, s.refreshToken), refresh(t, s.refreshToken)]);
      assert.equal(answers.filter((r) => r.statusCode === 200).length, 1);
      assert.ok(answers.filter((r) => r.statusCode !== 200).every((r) => r.statusCode === 401));
    });

    test('ACC-1 logout ends the session: its refresh token stops working, another session does not', async () => {
      const mobile = freshMobile();
      const a = await t.signIn(mobile);
      const b = await t.signIn(mobile);
      const out = await post(t, '/v1/auth/logout', undefined, a.token);
      assert.equal(out.statusCode, 204);
      assert.equal(errorCode(await refresh(t, a.refreshToken)), 'REFRESH_TOKEN_INVALID');
      assert.equal((await refresh(t, b.refreshToken)).statusCode, 200);
    });

    test('ACC-1 logout also ends the access token of that session at once; the other session keeps working', async () => {
      const mobile = freshMobile();
      const a = await t.signIn(mobile);
      const b = await t.signIn(mobile);
      assert.equal((await t.call('GET', '/v1/me', { token: a.token })).statusCode, 200);
      assert.equal((await post(t, '/v1/auth/logout', undefined, a.token)).statusCode, 204);
      const after = await t.call('GET', '/v1/me', { token: a.token });
      assert.equal(after.statusCode, 401);
      assert.equal(errorCode(after), 'SESSION_ENDED');
      assert.equal((await t.call('GET', '/v1/me', { token: b.token })).statusCode, 200);
    });

    test('ACC-1 an expired access token answers 401 TOKEN_EXPIRED; the refresh token still renews it', async () => {
      const s = await t.signIn(freshMobile());
      t.clock.advance(900_000 + 1000);
      const res = await t.call('GET', '/v1/me', { token: s.token });
      assert.equal(res.statusCode, 401);
      assert.equal(errorCode(res), 'TOKEN_EXPIRED');
      const renewed = await refresh(t, s.refreshToken);
      assert.equal(renewed.statusCode, 200);
      assert.equal((await t.call('GET', '/v1/me', { token: renewed.json().accessToken })).statusCode, 200);
    });

    test('ACC-1 a refresh token expires after 30 days', async () => {
      const s = await t.signIn(freshMobile());
      t.clock.advance(30 * 86_400_000 + 1000);
      const res = await refresh(t, s.refreshToken);
      assert.equal(res.statusCode, 401);
      assert.equal(errorCode(res), 'REFRESH_TOKEN_INVALID');
    });

    test('ACC-1 no token, a wrong scheme or a forged token answer 401 with a clear code', async () => {
      const s = await t.signIn(freshMobile());
      const [header, payload] = s.token.split('.');
      const cases: Array<[Record<string, string>, string]> = [
        [{}, 'AUTH_REQUIRED'],
        [{ authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }, 'AUTH_REQUIRED'],
        [{ authorization: 'Bearer ' }, 'TOKEN_INVALID'],
        [{ authorization: `Bearer ${header}.${payload}.forged-signature` }, 'TOKEN_INVALID'],
        [{ authorization: 'Bearer not-a-jwt' }, 'TOKEN_INVALID'],
      ];
      for (const [headers, code] of cases) {
        const res = await t.call('GET', '/v1/me', { headers });
        assert.equal(res.statusCode, 401, JSON.stringify(headers));
        assert.equal(errorCode(res), code, JSON.stringify(headers));
      }
    });

    test('ACC-1 malformed refresh tokens are 401 REFRESH_TOKEN_INVALID (or 400 when not even the right shape)', async () => {
      assert.equal(errorCode(await refresh(t, 'rtk_nothing.secret-that-is-long')), 'REFRESH_TOKEN_INVALID');
      assert.equal((await refresh(t, 'short')).statusCode, 400);
    });

    test('ACC-1 GET /health answers 200 with the database kind', async () => {
      const res = await t.call('GET', '/health');
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().status, 'ok');
      assert.equal(res.json().database, kind);
      assert.equal(res.json().mode, 'demo');
    });

    test('ACC-1 GET /openapi.json is an OpenAPI 3 document with the /v1 paths and their schemas', async () => {
      const res = await t.call('GET', '/openapi.json');
      assert.equal(res.statusCode, 200);
      const doc = res.json();
      assert.match(doc.openapi, /^3\./);
      for (const path of ['/v1/auth/otp', '/v1/auth/verify', '/v1/auth/refresh', '/v1/me', '/v1/me/guests/{id}', '/v1/ops/users/{id}/block', '/v1/ops/settings/{key}', '/v1/ops/audit']) {
        assert.ok(doc.paths[path], path);
      }
      const otp = doc.paths['/v1/auth/otp'].post;
      assert.equal(otp.requestBody.content['application/json'].schema.properties.mobile.type, 'string');
      assert.deepEqual(otp.security, [], 'sign-in needs no token');
      assert.ok(doc.components.securitySchemes.bearer);
      const docs = await t.call('GET', '/docs');
      assert.ok([200, 302].includes(docs.statusCode));
    });

    test('ACC-1 the demo SMS inbox lists the messages sent, in demo mode', async () => {
      const mobile = freshMobile();
      await post(t, '/v1/auth/otp', { mobile });
      await t.app.modules.notifications.drain();
      const res = await t.call('GET', `/v1/demo/sms?mobile=${mobile}`);
      assert.equal(res.statusCode, 200);
      assert.equal(res.json()[0].template, 'auth.otp');
    });
  });

  describe(`ACC-1 production mode [${kind}]`, () => {
    class FakeSms implements SmsAdapter {
      readonly name = 'fake';
      readonly sent: OutgoingSms[] = [];
      async send(msg: OutgoingSms) { this.sent.push(msg); return { providerMessageId: String(this.sent.length) }; }
    }
    const sms = new FakeSms();
    let t: TestApp;
    before(async () => {
      t = await createTestApp(kind, {
        env: { PEYK_MODE: 'production', JWT_SECRET: 'a-production-secret-of-at-least-32-characters', SMS_ADAPTER: 'kavenegar', KAVENEGAR_API_KEY: 'test-key', ZARINPAL_MERCHANT_ID: '00000000-1111-2222-3333-444444444444', PEYK_XPO_KEYS: 'k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' },
        app: { sms },
      });
    });
    after(async () => { await t?.close(); });

    test('ACC-1 production mode never exposes the demo SMS inbox (404)', async () => {
      const res = await t.call('GET', '/v1/demo/sms');
      assert.equal(res.statusCode, 404);
      assert.equal(errorCode(res), 'ROUTE_NOT_FOUND');
      assert.equal((await t.call('GET', '/health')).json().mode, 'production');
    });

    test('ACC-1 in production the code goes out through the configured SMS adapter and signs the user in', async () => {
      const mobile = freshMobile();
      assert.equal((await post(t, '/v1/auth/otp', { mobile })).statusCode, 200);
      await t.app.modules.notifications.drain();
      const msg = sms.sent.find((m) => m.to === mobile);
      assert.ok(msg, 'sent through the adapter');
      const code = /(\d{6})/.exec(msg.body)![1];
      const res = await post(t, '/v1/auth/verify', { mobile, code });
      assert.equal(res.statusCode, 200);
      const [row] = await queryRows<{ adapter: string; status: string }>(t.db.db, sql`SELECT adapter, status FROM notification_outbox WHERE recipient = ${mobile}`);
      assert.deepEqual(row, { adapter: 'fake', status: 'sent' });
    });
  });
}
