import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './harness/app.js';
import { testDbKinds } from './harness/databases.js';
import { queryRows } from '../src/platform/db.js';

let seq = 0;
const freshMobile = () => `0917${String(4_000_000 + seq++).padStart(7, '0')}`;
let ipSeq = 0;
const post = (t: TestApp, url: string, body: unknown) =>
  t.app.http.inject({ method: 'POST', url, payload: body as object, remoteAddress: `10.30.${(ipSeq >> 8) & 255}.${ipSeq++ & 255}` });
const login = (t: TestApp, mobile: string, password: string) => post(t, '/v1/auth/login', { mobile, password });

for (const kind of testDbKinds()) {
  describe(`ACC-4 passwords [${kind}]`, () => {
    let t: TestApp;
    before(async () => { t = await createTestApp(kind); });
    after(async () => { await t?.close(); });

    async function userWithPassword(password = 'first-pass-1') {
      const mobile = freshMobile();
      const s = await t.signIn(mobile);
      const res = await t.call('PUT', '/v1/me/password', { token: s.token, body: { newPassword: password } });
      assert.equal(res.statusCode, 204, res.body);
      return { ...s, mobile, password };
    }

    const refreshCode = async (refreshToken: string) => {
      const res = await post(t, '/v1/auth/refresh', { refreshToken });
      return res.statusCode === 200 ? 'OK' : res.json().error.code;
    };

    test('ACC-4 a signed-in user sets a first password without a current one, then signs in with mobile + password', async () => {
      const u = await userWithPassword('my-secret-9');
      assert.equal((await t.call('GET', '/v1/me', { token: u.token })).json().hasPassword, true);
      const res = await login(t, `+98${u.mobile.slice(1)}`, 'my-secret-9');
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().user.id, u.userId);
      assert.equal(res.json().isNewUser, false);
      assert.ok(res.json().accessToken && res.json().refreshToken);
      const [{ password_hash }] = await queryRows<{ password_hash: string }>(t.db.db, sql`SELECT password_hash FROM users WHERE id = ${u.userId}`);
      assert.match(password_hash, /^\$argon2id\$/);
    });

    test('ACC-4 weak passwords are refused (PASSWORD_TOO_WEAK): too short, no digit, no letter', async () => {
      const s = await t.signIn(freshMobile());
      for (const newPassword of ['abc123', 'onlyletters', '1234567890']) {
        const res = await t.call('PUT', '/v1/me/password', { token: s.token, body: { newPassword } });
        assert.equal(res.statusCode, 400, newPassword);
        assert.equal(res.json().error.code, 'PASSWORD_TOO_WEAK');
        assert.equal(res.json().error.details.minLength, 8);
      }
      assert.equal((await t.call('PUT', '/v1/me/password', { token: s.token, body: { newPassword: 'رمزعبور۱۲' } })).statusCode, 204, 'Persian letters and digits count');
    });

    test('ACC-4 changing a password needs the current one (PASSWORD_WRONG otherwise)', async () => {
      const u = await userWithPassword('first-pass-1');
      for (const body of [{ newPassword: 'second-pass-2' }, { currentPassword: 'guess-pass-0', newPassword: 'second-pass-2' }]) {
        const res = await t.call('PUT', '/v1/me/password', { token: u.token, body });
        assert.equal(res.statusCode, 400);
        assert.equal(res.json().error.code, 'PASSWORD_WRONG');
      }
      assert.equal((await t.call('PUT', '/v1/me/password', { token: u.token, body: { currentPassword: 'first-pass-1', newPassword: 'second-pass-2' } })).statusCode, 204);
      assert.equal((await login(t, u.mobile, 'first-pass-1')).statusCode, 401);
      assert.equal((await login(t, u.mobile, 'second-pass-2')).statusCode, 200);
    });

    test('ACC-4 wrong password, unknown mobile and no password set all answer the same 401 CREDENTIALS_INVALID', async () => {
      const u = await userWithPassword();
      const noPassword = freshMobile();
      await t.signIn(noPassword);
      for (const [mobile, password] of [[u.mobile, 'wrong-pass-1'], [freshMobile(), 'whatever-1'], [noPassword, 'whatever-1']]) {
        const res = await login(t, mobile, password);
        assert.equal(res.statusCode, 401);
        assert.deepEqual(res.json().error, { code: 'CREDENTIALS_INVALID', message: 'The mobile number or password is not correct' });
      }
    });

    test('ACC-4 five failed sign-ins lock the mobile out (429 with retry-after), even for the right password, until the window passes', async () => {
      const u = await userWithPassword('right-pass-1');
      for (let i = 0; i < 5; i++) assert.equal((await login(t, u.mobile, `wrong-pass-${i}`)).statusCode, 401);
      const locked = await login(t, u.mobile, 'right-pass-1');
      assert.equal(locked.statusCode, 429);
      assert.equal(locked.json().error.code, 'RATE_LIMITED');
      assert.equal(locked.headers['retry-after'], '900');
      assert.equal(locked.json().error.details.retryAfterSeconds, 900);
      t.clock.advance(900_000);
      assert.equal((await login(t, u.mobile, 'right-pass-1')).statusCode, 200);
    });

    test('ACC-4 a successful sign-in clears the failure count', async () => {
      const u = await userWithPassword('right-pass-1');
      for (let i = 0; i < 4; i++) await login(t, u.mobile, 'wrong-pass-1');
      assert.equal((await login(t, u.mobile, 'right-pass-1')).statusCode, 200);
      for (let i = 0; i < 4; i++) assert.equal((await login(t, u.mobile, 'wrong-pass-1')).statusCode, 401);
      assert.equal((await login(t, u.mobile, 'right-pass-1')).statusCode, 200);
    });

    test('ACC-4 reset by SMS code: a new password works, the old one does not, and every session is revoked', async () => {
      const u = await userWithPassword('old-pass-1');
      const other = await login(t, u.mobile, 'old-pass-1');
      t.clock.advance(61_000);
      const asked = await post(t, '/v1/auth/password-reset', { mobile: u.mobile, channel: 'sms' });
      assert.equal(asked.statusCode, 202);
      const sms = (await t.lastSms(u.mobile))!;
      assert.match(sms, /بازیابی رمز عبور/);
      const code = /(\d{6})/.exec(sms)![1];
      assert.equal((await post(t, '/v1/auth/password-reset/confirm', { mobile: u.mobile, code, newPassword: 'new-pass-2' })).statusCode, 204);
      assert.equal((await login(t, u.mobile, 'old-pass-1')).statusCode, 401);
      assert.equal((await login(t, u.mobile, 'new-pass-2')).statusCode, 200);
      assert.equal(await refreshCode(u.refreshToken), 'REFRESH_TOKEN_INVALID');
      assert.equal(await refreshCode(other.json().refreshToken), 'REFRESH_TOKEN_INVALID');
      const reuse = await post(t, '/v1/auth/password-reset/confirm', { mobile: u.mobile, code, newPassword: 'third-pass-3' });
      assert.equal(reuse.statusCode, 400);
      assert.equal(reuse.json().error.code, 'OTP_NOT_FOUND');
    });

    test('ACC-4 a sign-in code cannot reset a password (codes are bound to their purpose)', async () => {
      const u = await userWithPassword('old-pass-1');
      t.clock.advance(61_000);
      await post(t, '/v1/auth/otp', { mobile: u.mobile });
      const code = /(\d{6})/.exec((await t.lastSms(u.mobile))!)![1];
      const res = await post(t, '/v1/auth/password-reset/confirm', { mobile: u.mobile, code, newPassword: 'new-pass-2' });
      assert.equal(res.statusCode, 400);
      assert.equal((await login(t, u.mobile, 'old-pass-1')).statusCode, 200);
    });

    test('ACC-4 reset by email link: the link token sets a new password once, revokes sessions, and expires', async () => {
      const u = await userWithPassword('old-pass-1');
      const email = `reset-${seq}@example.com`;
      await t.call('PATCH', '/v1/me', { token: u.token, body: { email } });
      assert.equal((await post(t, '/v1/auth/password-reset', { mobile: u.mobile, channel: 'email' })).statusCode, 202);
      const [mail] = await queryRows<{ body: string; subject: string; template: string }>(t.db.db, sql`SELECT body, subject, template FROM notification_outbox WHERE recipient = ${email} AND channel = 'email' ORDER BY created_at DESC LIMIT 1`);
      assert.equal(mail.template, 'auth.passwordReset');
      const token = /reset-password\?token=([\w-]+)/.exec(mail.body)![1];
      const [row] = await queryRows<{ token_hash: string }>(t.db.db, sql`SELECT token_hash FROM password_resets WHERE user_id = ${u.userId}`);
      assert.notEqual(row.token_hash, token, 'only a hash of the link token is stored');
      assert.equal((await post(t, '/v1/auth/password-reset/confirm', { token, newPassword: 'new-pass-2' })).statusCode, 204);
      assert.equal((await login(t, u.mobile, 'new-pass-2')).statusCode, 200);
      assert.equal(await refreshCode(u.refreshToken), 'REFRESH_TOKEN_INVALID');
      const reuse = await post(t, '/v1/auth/password-reset/confirm', { token, newPassword: 'third-pass-3' });
      assert.equal(reuse.json().error.code, 'RESET_INVALID');

      t.clock.advance(61_000);
      await post(t, '/v1/auth/password-reset', { mobile: u.mobile, channel: 'email' });
      const [late] = await queryRows<{ body: string }>(t.db.db, sql`SELECT body FROM notification_outbox WHERE recipient = ${email} ORDER BY created_at DESC LIMIT 1`);
      const lateToken = /token=([\w-]+)/.exec(late.body)![1];
      t.clock.advance(900_000);
      const expired = await post(t, '/v1/auth/password-reset/confirm', { token: lateToken, newPassword: 'fourth-pass-4' });
      assert.equal(expired.statusCode, 400);
      assert.equal(expired.json().error.code, 'RESET_INVALID');
    });

    test('ACC-4 an email reset for an unknown mobile or an account without email answers the same 202 and sends nothing', async () => {
      const count = async () => Number((await queryRows<{ n: number }>(t.db.db, sql`SELECT count(*) AS n FROM notification_outbox WHERE channel = 'email'`))[0].n);
      const before = await count();
      const noEmail = freshMobile();
      await t.signIn(noEmail);
      for (const mobile of [freshMobile(), noEmail]) {
        const res = await post(t, '/v1/auth/password-reset', { mobile, channel: 'email' });
        assert.equal(res.statusCode, 202);
        assert.deepEqual(res.json(), { channel: 'email' });
      }
      assert.equal(await count(), before);
    });

    test('ACC-4 a confirmation with neither code nor token, or a weak new password, is refused and changes nothing', async () => {
      const u = await userWithPassword('old-pass-1');
      assert.equal((await post(t, '/v1/auth/password-reset/confirm', { mobile: u.mobile, newPassword: 'new-pass-2' })).json().error.code, 'RESET_INVALID');
      assert.equal((await post(t, '/v1/auth/password-reset/confirm', { token: 'made-up-token', newPassword: 'new-pass-2' })).json().error.code, 'RESET_INVALID');
      assert.equal((await post(t, '/v1/auth/password-reset/confirm', { token: 'made-up-token', newPassword: 'weak' })).json().error.code, 'PASSWORD_TOO_WEAK');
      assert.equal((await login(t, u.mobile, 'old-pass-1')).statusCode, 200);
    });
  });
}
