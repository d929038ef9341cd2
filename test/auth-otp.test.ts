import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from './harness/app.js';
import { testDbKinds } from './harness/databases.js';

for (const kind of testDbKinds()) {
  describe(`ACC-1 sign-in by SMS code [${kind}]`, () => {
    let t: TestApp;
    before(async () => { t = await createTestApp(kind); });
    after(async () => { await t?.close(); });

    test('ACC-1 a new mobile signs in with the code from the SMS and gets an account', async () => {
      const s = await t.signIn('+98 914 555 0001');
      assert.equal(s.isNewUser, true);
      const me = await t.call('GET', '/v1/me', { token: s.token });
      assert.equal(me.statusCode, 200);
      assert.equal(me.json().mobile, '09145550001');
      assert.deepEqual(me.json().roles, ['customer']);
      assert.equal(me.json().profileComplete, false);
    });

    test('ACC-1 Persian and Arabic digits are accepted in the mobile number', async () => {
      const a = await t.call('POST', '/v1/auth/otp', { body: { mobile: '۰۹۱۴۵۵۵۰۰۰۲' } });
      assert.equal(a.statusCode, 200);
      assert.equal(a.json().mobile, '09145550002');
      const b = await t.call('POST', '/v1/auth/otp', { body: { mobile: '٠٩١٤٥٥٥٠٠٠٣' } });
      assert.equal(b.json().mobile, '09145550003');
    });

    test('ACC-1 a code expires after 2 minutes', async () => {
      await t.call('POST', '/v1/auth/otp', { body: { mobile: '09145550010' } });
      const code = /(\d{6})/.exec((await t.lastSms('09145550010'))!)![1];
      t.clock.advance(121_000);
      const res = await t.call('POST', '/v1/auth/verify', { body: { mobile: '09145550010', code } });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.code, 'OTP_EXPIRED');
    });
  });
}
