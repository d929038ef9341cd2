import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './harness/app.js';
import { testDbKinds } from './harness/databases.js';
import { queryRows } from '../src/platform/db.js';

let ipSeq = 0;
/** A fresh client address per call, so the per-IP limits only bite where a test means them to. */
const nextIp = () => `10.20.${(ipSeq >> 8) & 255}.${ipSeq++ & 255}`;

function post(t: TestApp, url: string, body: unknown, opts: { ip?: string; headers?: Record<string, string> } = {}) {
  return t.app.http.inject({ method: 'POST', url, payload: body as object, remoteAddress: opts.ip ?? nextIp(), headers: opts.headers });
}
const sendCode = (t: TestApp, mobile: string, ip?: string) => post(t, '/v1/auth/otp', { mobile }, { ip });
const verify = (t: TestApp, mobile: string, code: string) => post(t, '/v1/auth/verify', { mobile, code });

async function codeSentTo(t: TestApp, mobile: string): Promise<string> {
  const sms = await t.lastSms(mobile);
  const code = /(\d{6})/.exec(sms ?? '')?.[1];
  assert.ok(code, `no code in ${sms}`);
  return code;
}

/** A wrong code that differs from the right one. */
const wrong = (code: string, n = 1) => String((Number(code) + n) % 1_000_000).padStart(6, '0');

let mobileSeq = 0;
const freshMobile = () => `0915${String(2_000_000 + mobileSeq++).padStart(7, '0')}`;

for (const kind of testDbKinds()) {
  describe(`ACC-1 one-time SMS codes [${kind}]`, () => {
    let t: TestApp;
    before(async () => { t = await createTestApp(kind); });
    after(async () => { await t?.close(); });

    test('ACC-1 the code is 6 digits, sent by SMS, valid 120 s, resend after 60 s', async () => {
      const mobile = freshMobile();
      const res = await sendCode(t, mobile);
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json(), { mobile, expiresInSeconds: 120, resendInSeconds: 60 });
      assert.match(await codeSentTo(t, mobile), /^\d{6}$/);
      const [row] = await queryRows<{ template: string; channel: string }>(t.db.db, sql`SELECT template, channel FROM notification_outbox WHERE recipient = ${mobile}`);
      assert.deepEqual(row, { template: 'auth.otp', channel: 'sms' });
    });

    test('ACC-1 codes are stored hashed: no column of the row holds the code', async () => {
      const mobile = freshMobile();
      await sendCode(t, mobile);
      const code = await codeSentTo(t, mobile);
      const rows = await queryRows<{ row: string; code_hash: string }>(t.db.db, sql`SELECT o::text AS row, code_hash FROM otp_codes o WHERE mobile = ${mobile}`);
      assert.equal(rows.length, 1);
      assert.ok(!rows[0].row.includes(code), rows[0].row);
      assert.match(rows[0].code_hash, /^[0-9a-f]{64}$/);
    });

    test('ACC-1 a code works at 119 s and has expired at 120 s (OTP_EXPIRED)', async () => {
      const early = freshMobile();
      await sendCode(t, early);
      const code = await codeSentTo(t, early);
      t.clock.advance(119_000);
      assert.equal((await verify(t, early, code)).statusCode, 200);

      const late = freshMobile();
      await sendCode(t, late);
      const lateCode = await codeSentTo(t, late);
      t.clock.advance(120_000);
      const res = await verify(t, late, lateCode);
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.code, 'OTP_EXPIRED');
    });

    test('ACC-1 a code is single use', async () => {
      const mobile = freshMobile();
      await sendCode(t, mobile);
      const code = await codeSentTo(t, mobile);
      assert.equal((await verify(t, mobile, code)).statusCode, 200);
      const again = await verify(t, mobile, code);
      assert.equal(again.statusCode, 400);
      assert.equal(again.json().error.code, 'OTP_NOT_FOUND');
    });

    test('ACC-1 a new code retires the previous one', async () => {
      const mobile = freshMobile();
      await sendCode(t, mobile);
      const first = await codeSentTo(t, mobile);
      t.clock.advance(60_000);
      await sendCode(t, mobile);
      const second = await codeSentTo(t, mobile);
      if (first !== second) assert.equal((await verify(t, mobile, first)).json().error.code, 'OTP_INVALID');
      assert.equal((await verify(t, mobile, second)).statusCode, 200);
    });

    test('ACC-1 five wrong tries use the code up: the right code then gets OTP_TOO_MANY_ATTEMPTS', async () => {
      const mobile = freshMobile();
      await sendCode(t, mobile);
      const code = await codeSentTo(t, mobile);
      for (let i = 1; i <= 5; i++) {
        const res = await verify(t, mobile, wrong(code, i));
        assert.equal(res.statusCode, 400);
        assert.deepEqual(res.json().error, { code: 'OTP_INVALID', message: 'The code is not correct', details: { attemptsLeft: 5 - i } });
      }
      const res = await verify(t, mobile, code);
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.code, 'OTP_TOO_MANY_ATTEMPTS');
    });

    test('ACC-1 four wrong tries leave the fifth try for the right code', async () => {
      const mobile = freshMobile();
      await sendCode(t, mobile);
      const code = await codeSentTo(t, mobile);
      for (let i = 1; i <= 4; i++) assert.equal((await verify(t, mobile, wrong(code, i))).json().error.code, 'OTP_INVALID');
      assert.equal((await verify(t, mobile, code)).statusCode, 200);
    });

    test('ACC-1 guesses sent in parallel cannot exceed five tries per code', async () => {
      const mobile = freshMobile();
      await sendCode(t, mobile);
      const code = await codeSentTo(t, mobile);
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => verify(t, mobile, wrong(code, i + 1))));
      const codes = answers.map((r) => r.json().error.code);
      assert.equal(codes.filter((c) => c === 'OTP_INVALID').length, 5, codes.join(','));
      assert.equal(codes.filter((c) => c === 'OTP_TOO_MANY_ATTEMPTS').length, 15);
      assert.equal((await verify(t, mobile, code)).json().error.code, 'OTP_TOO_MANY_ATTEMPTS');
    });

    test('ACC-1 a second code within 60 s is RATE_LIMITED with a retry-after header and details.retryAfterSeconds', async () => {
      const mobile = freshMobile();
      assert.equal((await sendCode(t, mobile)).statusCode, 200);
      t.clock.advance(20_000);
      const res = await sendCode(t, mobile);
      assert.equal(res.statusCode, 429);
      assert.equal(res.headers['retry-after'], '40');
      assert.deepEqual(res.json().error.details, { scope: 'mobile', retryAfterSeconds: 40 });
      assert.equal(res.json().error.code, 'RATE_LIMITED');
      t.clock.advance(40_000);
      assert.equal((await sendCode(t, mobile)).statusCode, 200);
    });

    test('ACC-1 at most 5 codes per hour per mobile; the sixth waits for the oldest to leave the hour', async () => {
      const mobile = freshMobile();
      for (let i = 0; i < 5; i++) {
        assert.equal((await sendCode(t, mobile)).statusCode, 200, `code ${i + 1}`);
        t.clock.advance(61_000);
      }
      const res = await sendCode(t, mobile);
      assert.equal(res.statusCode, 429);
      assert.equal(res.json().error.details.scope, 'mobile_hour');
      const retry = res.json().error.details.retryAfterSeconds;
      assert.equal(retry, 3600 - 5 * 61);
      assert.equal(res.headers['retry-after'], String(retry));
      t.clock.advance(retry * 1000);
      assert.equal((await sendCode(t, mobile)).statusCode, 200);
    });

    test('ACC-1 one IP may ask for a limited number of codes per hour, whatever the mobiles (per-IP limit)', async () => {
      const admin = { id: 'usr_demo_ops_admin', roles: ['ops_admin'] };
      await t.app.modules.settings.set(admin, 'otp.maxPerIpPerHour', 'global', '', 3, 'test the per-IP limit');
      try {
        const ip = '203.0.113.7';
        for (let i = 0; i < 3; i++) assert.equal((await sendCode(t, freshMobile(), ip)).statusCode, 200);
        const res = await sendCode(t, freshMobile(), ip);
        assert.equal(res.statusCode, 429);
        assert.equal(res.json().error.code, 'RATE_LIMITED');
        assert.equal(res.json().error.details.scope, 'ip');
        assert.ok(Number(res.headers['retry-after']) > 0);
        assert.equal((await sendCode(t, freshMobile(), '203.0.113.8')).statusCode, 200, 'another IP is not affected');
      } finally {
        await t.app.modules.settings.set(admin, 'otp.maxPerIpPerHour', 'global', '', undefined, 'restore');
      }
    });

    test('ACC-1 more than 30 sign-in calls a minute from one IP are refused (429 RATE_LIMITED, same error shape)', async () => {
      const ip = '198.51.100.9';
      const answers = [];
      for (let i = 0; i < 31; i++) answers.push(await post(t, '/v1/auth/verify', { mobile: freshMobile(), code: '123456' }, { ip }));
      const last = answers[30];
      assert.equal(last.statusCode, 429);
      assert.equal(last.json().error.code, 'RATE_LIMITED');
      assert.ok(Number(last.headers['retry-after']) > 0);
      assert.ok(last.json().error.details.retryAfterSeconds > 0);
    });

    test('ACC-1 a rejected send stores no code and sends no SMS', async () => {
      const mobile = freshMobile();
      await sendCode(t, mobile);
      const count = async () => (await queryRows<{ n: number }>(t.db.db, sql`SELECT (SELECT count(*) FROM otp_codes WHERE mobile = ${mobile}) + (SELECT count(*) FROM notification_outbox WHERE recipient = ${mobile}) AS n`))[0].n;
      const before = Number(await count());
      assert.equal((await sendCode(t, mobile)).statusCode, 429);
      assert.equal(Number(await count()), before);
    });

    test('ACC-1 mobile formats 09.., +989.., 989.., 00989.., 9.. and Persian/Arabic digits are one account', async () => {
      const ids = new Set<string>();
      for (const format of ['09151234500', '+989151234500', '989151234500', '00989151234500', '9151234500', '۰۹۱۵۱۲۳۴۵۰۰', '٠٩١٥١٢٣٤٥٠٠', '+98 915 123 4500']) {
        const s = await t.signIn(format);
        ids.add(s.userId);
        t.clock.advance(13 * 60_000); // stay under 5 codes an hour
      }
      assert.equal(ids.size, 1);
      const [{ n }] = await queryRows<{ n: number }>(t.db.db, sql`SELECT count(*)::int AS n FROM users WHERE mobile = '09151234500'`);
      assert.equal(n, 1);
    });

    test('ACC-1 a number that is not an Iranian mobile is refused with MOBILE_INVALID; a code that is not 6 digits with VALIDATION_FAILED', async () => {
      for (const mobile of ['0915123450', '02112345678', '+19151234500', 'abc']) {
        const res = await sendCode(t, mobile);
        assert.equal(res.statusCode, 400, mobile);
        assert.equal(res.json().error.code, 'MOBILE_INVALID');
      }
      for (const code of ['12345', '1234567', 'abcdef', '۱۲۳۴۵۶']) {
        const res = await verify(t, freshMobile(), code);
        assert.equal(res.statusCode, 400);
        assert.equal(res.json().error.code, 'VALIDATION_FAILED');
      }
    });

    test('ACC-1 verifying a mobile that was sent no code answers OTP_NOT_FOUND and creates no account', async () => {
      const mobile = freshMobile();
      const res = await verify(t, mobile, '123456');
      assert.equal(res.json().error.code, 'OTP_NOT_FOUND');
      assert.equal((await queryRows(t.db.db, sql`SELECT 1 FROM users WHERE mobile = ${mobile}`)).length, 0);
    });

    test('ACC-1 the SMS is in the language the new user asked for', async () => {
      const mobile = freshMobile();
      await post(t, '/v1/auth/otp', { mobile }, { headers: { 'accept-language': 'en-US' } });
      assert.match((await t.lastSms(mobile))!, /^Peyk: your sign-in code is \d{6}\./);
      const fa = freshMobile();
      await sendCode(t, fa);
      assert.match((await t.lastSms(fa))!, /کد ورود شما \d{6}/);
    });

    test('ACC-1 the first sign-in creates a customer account; the next one signs in to it', async () => {
      const mobile = freshMobile();
      const first = await t.signIn(mobile);
      assert.equal(first.isNewUser, true);
      const second = await t.signIn(mobile);
      assert.equal(second.isNewUser, false);
      assert.equal(second.userId, first.userId);
      const me = (await t.call('GET', '/v1/me', { token: second.token })).json();
      assert.deepEqual(me.roles, ['customer']);
    });

    test('ACC-2 two concurrent verifications of one code: one signs in, one account exists', async () => {
      const mobile = freshMobile();
      await sendCode(t, mobile);
      const code = await codeSentTo(t, mobile);
      const answers = await Promise.all([verify(t, mobile, code), verify(t, mobile, code), verify(t, mobile, code)]);
      assert.deepEqual(answers.map((r) => r.statusCode).sort(), [200, 400, 400]);
      const [{ n }] = await queryRows<{ n: number }>(t.db.db, sql`SELECT count(*)::int AS n FROM users WHERE mobile = ${mobile}`);
      assert.equal(n, 1);
    });

    test('ACC-2 concurrent first sign-ins of one mobile (past the code check) make exactly one account', async () => {
      const mobile = freshMobile();
      const auth = t.app.modules.auth;
      const original = auth.checkOtp;
      // Let every call pass the code check at once, so they race on creating the account.
      auth.checkOtp = async () => undefined;
      try {
        const results = await Promise.all(Array.from({ length: 6 }, () => auth.verifyOtp(mobile, '000000', { ip: nextIp() })));
        assert.equal(new Set(results.map((r) => r.user.id)).size, 1);
      } finally {
        auth.checkOtp = original;
      }
      const [{ n }] = await queryRows<{ n: number }>(t.db.db, sql`SELECT count(*)::int AS n FROM users WHERE mobile = ${mobile}`);
      assert.equal(n, 1);
    });
  });
}
