import { describe, test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from './harness/app.js';
import { testDbKinds } from './harness/databases.js';
import { startFakeKavenegar, type FakeKavenegar } from './fakes/kavenegar.js';
import { startFakeSmtp, type FakeSmtp } from './fakes/smtp.js';
import { openDatabase, type Db } from '../src/platform/db.js';
import { DemoEmailAdapter, KavenegarSmsAdapter, SmtpEmailAdapter, type SmsAdapter } from '../src/modules/notifications/adapters.js';
import { CLAIM_SECONDS, MAX_DELIVERY_ATTEMPTS, NotificationsService, retryDelayMs } from '../src/modules/notifications/notifications.service.js';
import { notificationOutbox } from '../src/modules/notifications/notifications.tables.js';
import { auditLog } from '../src/modules/ops/ops.tables.js';

const silent = pino({ level: 'silent' });
const OPS_ADMIN = '09120000001';
/** Adapter time-out for these tests; the fake's slow mode answers after 2.5 s. */
const TIMEOUT_MS = 1_500;

async function rowsTo(t: TestApp, recipient: string) {
  return t.db.db.select().from(notificationOutbox).where(eq(notificationOutbox.recipient, recipient));
}

async function onlyRowTo(t: TestApp, recipient: string) {
  const rows = await rowsTo(t, recipient);
  assert.equal(rows.length, 1, `one outbox row to ${recipient}`);
  return rows[0];
}

/** Writes an SMS to the outbox in its own committed transaction, as a module would. */
async function enqueueSms(t: TestApp, to: string, code: string) {
  return t.db.db.transaction((tx) => t.app.modules.notifications.enqueue(tx, { channel: 'sms', to, template: 'auth.otp', locale: 'fa', params: { code } }));
}

for (const kind of testDbKinds()) {
  describe(`NTF-2 outbox delivery through real adapters [${kind}]`, () => {
    let t: TestApp;
    let fake: FakeKavenegar;
    let smtp: FakeSmtp;
    const kavenegar = () => new KavenegarSmsAdapter({ baseUrl: fake.url, apiKey: fake.apiKey, sender: '10004346', timeoutMs: TIMEOUT_MS });

    beforeEach(async () => {
      fake = await startFakeKavenegar();
      smtp = await startFakeSmtp();
      t = await createTestApp(kind, { smsReader: (m) => fake.messagesTo(m).at(-1)?.message, app: { sms: kavenegar(), email: new SmtpEmailAdapter({ url: smtp.url, from: 'Peyk <no-reply@peyk.test>', timeoutMs: TIMEOUT_MS }) } });
    });
    afterEach(async () => {
      await t?.close();
      await fake?.close();
      await smtp?.close();
    });

    test('NTF-2 with the SMS gateway down an OTP request still succeeds; the message waits with attempts, last error and backoff, then is delivered once', async () => {
      const mobile = '09141110001';
      await fake.goDown();
      const res = await t.call('POST', '/v1/auth/otp', { body: { mobile } });
      assert.equal(res.statusCode, 200);

      await t.app.modules.notifications.drain();
      let row = await onlyRowTo(t, mobile);
      assert.equal(row.status, 'pending');
      assert.equal(row.attempts, 1);
      assert.match(row.lastError ?? '', /ECONNREFUSED/);
      assert.doesNotMatch(row.lastError ?? '', new RegExp(fake.apiKey));
      assert.equal(row.nextAttemptAt.getTime(), t.clock.now().getTime() + retryDelayMs(1));

      await t.app.modules.notifications.drain(); // not due yet: backoff holds it back
      assert.equal((await onlyRowTo(t, mobile)).attempts, 1);
      t.clock.advance(retryDelayMs(1));
      await t.app.modules.notifications.drain();
      row = await onlyRowTo(t, mobile);
      assert.deepEqual([row.status, row.attempts], ['pending', 2]);
      assert.equal(row.nextAttemptAt.getTime(), t.clock.now().getTime() + retryDelayMs(2));
      assert.ok(retryDelayMs(2) > retryDelayMs(1));

      await fake.comeBack();
      t.clock.advance(retryDelayMs(2));
      await t.app.modules.notifications.drain();
      row = await onlyRowTo(t, mobile);
      assert.deepEqual([row.status, row.attempts, row.adapter, row.lockedUntil], ['sent', 3, 'kavenegar', null]);
      const delivered = fake.messagesTo(mobile);
      assert.equal(delivered.length, 1);
      assert.equal(row.providerMessageId, String(delivered[0].messageid));
      // ACC-1: once delivered by a real gateway, the code no longer sits in the outbox.
      assert.doesNotMatch(row.body, /\d{6}/);
      assert.equal((row.params as Record<string, unknown>).code, undefined);

      // The code that finally reached the phone signs in (still within its 2 minutes).
      const code = /(\d{6})/.exec(delivered[0].message)![1];
      const verified = await t.call('POST', '/v1/auth/verify', { body: { mobile, code } });
      assert.equal(verified.statusCode, 200, verified.body);
      t.clock.advance(3_600_000);
      await t.app.modules.notifications.drain();
      assert.equal(fake.messagesTo(mobile).length, 1, 'delivered exactly once');
    });

    test('NTF-2 a gateway answering 5xx, a non-JSON page, Kavenegar 409 or too slowly is retried, then the message is delivered once', async () => {
      const mobile = '09141110002';
      await enqueueSms(t, mobile, '111222');
      const outages: Array<() => void> = [
        () => { fake.mode = 'http-error'; },
        () => { fake.mode = 'garbage'; },
        () => { fake.mode = 'busy'; },
        () => { fake.mode = 'slow'; fake.slowMs = 2_500; },
      ];
      const errors: string[] = [];
      for (const [i, outage] of outages.entries()) {
        outage();
        await t.app.modules.notifications.drain();
        const row = await onlyRowTo(t, mobile);
        assert.deepEqual([row.status, row.attempts], ['pending', i + 1]);
        errors.push(row.lastError ?? '');
        t.clock.advance(retryDelayMs(i + 1));
      }
      assert.match(errors[0], /HTTP 502 with a body that is not JSON/);
      assert.match(errors[1], /HTTP 200 with a body that is not JSON/);
      assert.match(errors[2], /status 409/);
      assert.match(errors[3], /no answer within 1500 ms/);
      await new Promise((r) => setTimeout(r, 1_500)); // let the slow answer come: the gateway must not have queued it
      await fake.comeBack();
      await t.app.modules.notifications.drain();
      assert.equal((await onlyRowTo(t, mobile)).status, 'sent');
      assert.equal(fake.messagesTo(mobile).length, 1);
    });

    test(`NTF-2 after ${MAX_DELIVERY_ATTEMPTS} failed attempts a message is dead; ops requeue it (audited) and it is then delivered`, async () => {
      const mobile = '09141110003';
      await enqueueSms(t, mobile, '333444');
      fake.mode = 'http-error';
      for (let i = 1; i <= MAX_DELIVERY_ATTEMPTS; i++) {
        assert.equal(await t.app.modules.notifications.drain(), 1, `attempt ${i}`);
        t.clock.advance(3_600_000);
      }
      const dead = await onlyRowTo(t, mobile);
      assert.deepEqual([dead.status, dead.attempts], ['dead', MAX_DELIVERY_ATTEMPTS]);
      await fake.comeBack();
      const seen = fake.requests.length;
      await t.app.modules.notifications.drain();
      assert.equal(fake.requests.length, seen, 'a dead message is not retried by itself');

      const ops = await t.signIn(OPS_ADMIN);
      const customer = await t.signIn('09141110099');

      const listed = await t.call('GET', '/v1/ops/notifications?status=dead', { token: ops.token });
      assert.equal(listed.statusCode, 200);
      assert.ok(listed.json().some((n: { id: string; lastError: string }) => n.id === dead.id && /HTTP 502/.test(n.lastError)));
      const forbidden = await t.call('POST', '/v1/ops/notifications/retry', { token: customer.token });
      assert.equal(forbidden.statusCode, 403);
      assert.equal((await onlyRowTo(t, mobile)).status, 'dead');

      const other = await t.call('POST', '/v1/ops/notifications/retry', { token: ops.token, body: { ids: ['ntf_some_other_message'] } });
      assert.deepEqual([other.statusCode, other.json().requeued], [200, 0]);
      assert.equal((await onlyRowTo(t, mobile)).status, 'dead', 'a retry limited to other ids leaves it alone');
      const retry = await t.call('POST', '/v1/ops/notifications/retry', { token: ops.token });
      assert.equal(retry.statusCode, 200, retry.body);
      assert.equal(retry.json().requeued, 1);
      const requeued = await onlyRowTo(t, mobile);
      assert.deepEqual([requeued.status, requeued.attempts], ['pending', 0]);
      const audit = await t.db.db.select().from(auditLog).where(and(eq(auditLog.action, 'notifications.retry'), eq(auditLog.actorId, ops.userId)));
      assert.equal(audit.length, 2);

      await t.app.modules.notifications.drain();
      assert.equal((await onlyRowTo(t, mobile)).status, 'sent');
      assert.equal(fake.messagesTo(mobile).length, 1);
    });

    test('NTF-2 a message the gateway refuses for good (bad receptor, 411) is given up at once, not retried 8 times', async () => {
      await enqueueSms(t, '0914', '555666');
      await t.app.modules.notifications.drain();
      const row = await onlyRowTo(t, '0914');
      assert.deepEqual([row.status, row.attempts], ['dead', 1]);
      assert.match(row.lastError ?? '', /status 411/);
    });

    test('NTF-2 a crashed worker\'s claim is reclaimed once it expires, and the late worker cannot overwrite the result', async () => {
      const mobile = '09141110004';
      await enqueueSms(t, mobile, '777888');
      let failLate!: (err: Error) => void;
      let sendStarted!: () => void;
      const started = new Promise<void>((r) => { sendStarted = r; });
      const hanging: SmsAdapter = { name: 'hanging', send: () => { sendStarted(); return new Promise((_ok, fail) => { failLate = fail; }); } };
      const crashed = new NotificationsService(t.db.db, t.clock, silent, { sms: hanging, email: new DemoEmailAdapter() });
      const crashedDrain = crashed.drain();
      await started;
      assert.equal((await onlyRowTo(t, mobile)).status, 'sending');

      assert.equal(await t.app.modules.notifications.drain(), 0, 'the claim still holds');
      t.clock.advance((CLAIM_SECONDS + 1) * 1000);
      assert.equal(await t.app.modules.notifications.drain(), 1);
      let row = await onlyRowTo(t, mobile);
      assert.deepEqual([row.status, row.attempts, row.adapter], ['sent', 1, 'kavenegar']);
      assert.equal(fake.messagesTo(mobile).length, 1);

      failLate(new Error('late failure from the stuck worker'));
      await crashedDrain;
      row = await onlyRowTo(t, mobile);
      assert.deepEqual([row.status, row.attempts, row.adapter, row.lastError], ['sent', 1, 'kavenegar', null]);
      t.clock.advance(3_600_000);
      await t.app.modules.notifications.drain();
      assert.equal(fake.messagesTo(mobile).length, 1);
    });

    test('NTF-2 two workers draining at the same time never send one message twice', async () => {
      const count = 60;
      const mobiles = Array.from({ length: count }, (_, i) => `0914222${String(i).padStart(4, '0')}`);
      await t.db.db.transaction(async (tx) => {
        for (const [i, to] of mobiles.entries()) {
          await t.app.modules.notifications.enqueue(tx, { channel: 'sms', to, template: 'auth.otp', locale: 'fa', params: { code: String(100000 + i) } });
        }
      });
      fake.mode = 'slow';
      fake.slowMs = 15;
      // A second process: on PostgreSQL its own connection pool; PGlite has a single connection.
      const second = kind === 'postgres' ? await openDatabase({ databaseUrl: t.db.url!, poolSize: 4 }) : undefined;
      const slowKavenegar = () => new KavenegarSmsAdapter({ baseUrl: fake.url, apiKey: fake.apiKey, timeoutMs: 5_000 });
      const workerA = new NotificationsService(t.db.db, t.clock, silent, { sms: slowKavenegar(), email: new DemoEmailAdapter() });
      const workerB = new NotificationsService(second?.db ?? (t.db.db as Db), t.clock, silent, { sms: slowKavenegar(), email: new DemoEmailAdapter() });
      try {
        const [a, b] = await Promise.all([workerA.drain(), workerB.drain()]);
        assert.equal(a + b, count);
        assert.ok(a > 0 && b > 0, `both workers took part (${a} + ${b})`);
      } finally {
        await second?.close();
      }
      assert.equal(fake.messages.length, count);
      assert.equal(new Set(fake.messages.map((m) => m.receptor)).size, count, 'each message sent once');
      const statuses = await t.db.db.select({ status: notificationOutbox.status }).from(notificationOutbox);
      assert.ok(statuses.every((s) => s.status === 'sent'));
    });

    test('NTF-2 the outbox row is written in its cause\'s transaction: when the cause rolls back, no message exists', async () => {
      const mobile = '09141110005';
      await assert.rejects(t.db.db.transaction(async (tx) => {
        await t.app.modules.notifications.enqueue(tx, { channel: 'sms', to: mobile, template: 'account.blocked', locale: 'fa', params: {} });
        throw new Error('the cause failed after writing its message');
      }), /the cause failed/);
      assert.equal((await rowsTo(t, mobile)).length, 0);
      await t.app.modules.notifications.drain();
      assert.equal(fake.messagesTo(mobile).length, 0);

      if (kind === 'postgres') {
        // Until the cause commits, no other connection (no worker) can see its message.
        const other = await openDatabase({ databaseUrl: t.db.url!, poolSize: 1 });
        try {
          await t.db.db.transaction(async (tx) => {
            await t.app.modules.notifications.enqueue(tx, { channel: 'sms', to: mobile, template: 'account.unblocked', locale: 'fa', params: {} });
            const seen = await other.db.select().from(notificationOutbox).where(eq(notificationOutbox.recipient, mobile));
            assert.equal(seen.length, 0);
          });
          assert.equal((await other.db.select().from(notificationOutbox).where(eq(notificationOutbox.recipient, mobile))).length, 1);
        } finally {
          await other.close();
        }
      }
    });

    test('NTF-2 the password-reset email goes out by SMTP in each recipient\'s language, and its link resets the password', async () => {
      const people = [
        { mobile: '09141110011', locale: 'fa', subject: 'بازیابی رمز عبور پیک', minutes: '۱۵', dir: 'rtl' },
        { mobile: '09141110012', locale: 'ar', subject: 'استعادة كلمة مرور بيك', minutes: '١٥', dir: 'rtl' },
        { mobile: '09141110013', locale: 'en', subject: 'Reset your Peyk password', minutes: '15', dir: 'ltr' },
      ] as const;
      for (const p of people) {
        const s = await t.signIn(p.mobile);
        const email = `user${p.mobile.slice(-2)}@example.com`;
        const patched = await t.call('PATCH', '/v1/me', { token: s.token, body: { email, locale: p.locale } });
        assert.equal(patched.statusCode, 200, patched.body);
        const asked = await t.call('POST', '/v1/auth/password-reset', { body: { mobile: p.mobile, channel: 'email' } });
        assert.equal(asked.statusCode, 202, asked.body);
        await t.app.modules.notifications.drain();
        const mail = smtp.received.find((m) => m.to.includes(email));
        assert.ok(mail, `an email reached ${email}`);
        assert.equal(mail.subject, p.subject);
        assert.ok(mail.text.includes(p.minutes), `${p.locale} body shows the minutes in its digits: ${mail.text}`);
        assert.match(mail.html, new RegExp(`<html lang="${p.locale}" dir="${p.dir}">`));
        const token = /reset-password\?token=([^\s&<]+)/.exec(mail.text)?.[1];
        assert.ok(token, mail.text);
        const reset = await t.call('POST', '/v1/auth/password-reset/confirm', { body: { token, newPassword: 'tazeh-ramz-1404' } });
        assert.equal(reset.statusCode, 204, reset.body);
      }
    });

    test('NTF-2 an SMTP server refusing the message (451) makes the outbox retry, then the email is delivered once', async () => {
      const to = 'reza@example.com';
      await t.db.db.transaction((tx) => t.app.modules.notifications.enqueue(tx, {
        channel: 'email', to, template: 'auth.passwordReset', locale: 'fa', params: { link: 'https://peyk.test/reset-password?token=abc', minutes: 15 },
      }));
      smtp.mode = 'reject-temporary';
      await t.app.modules.notifications.drain();
      let row = await onlyRowTo(t, to);
      assert.deepEqual([row.status, row.attempts], ['pending', 1]);
      assert.match(row.lastError ?? '', /451/);
      assert.equal(smtp.rejected, 1);

      smtp.mode = 'accept';
      t.clock.advance(retryDelayMs(1));
      await t.app.modules.notifications.drain();
      row = await onlyRowTo(t, to);
      assert.deepEqual([row.status, row.attempts, row.adapter], ['sent', 2, 'smtp']);
      t.clock.advance(3_600_000);
      await t.app.modules.notifications.drain();
      assert.equal(smtp.received.filter((m) => m.to.includes(to)).length, 1);
    });
  });
}
