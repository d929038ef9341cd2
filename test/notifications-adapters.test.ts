import { describe, test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { KavenegarSmsAdapter, PermanentDeliveryError, SmtpEmailAdapter } from '../src/modules/notifications/adapters.js';
import { startFakeKavenegar, type FakeKavenegar } from './fakes/kavenegar.js';
import { startFakeSmtp, type FakeSmtp } from './fakes/smtp.js';

const PERSIAN_SMS = 'پیک: کد ورود شما 123456 است. این کد را به کسی ندهید.';

describe('NTF-2 Kavenegar SMS adapter against a local fake gateway', () => {
  let fake: FakeKavenegar;
  let sms: KavenegarSmsAdapter;
  before(async () => {
    fake = await startFakeKavenegar();
    sms = new KavenegarSmsAdapter({ baseUrl: fake.url, apiKey: fake.apiKey, sender: '10004346', timeoutMs: 1_000 });
  });
  after(async () => { await fake.close(); });
  beforeEach(async () => {
    await fake.comeBack();
    fake.credit = 1_000_000;
    fake.accountDisabled = false;
  });

  test('NTF-2 an accepted SMS returns the gateway messageid; the gateway got receptor, sender and the Persian text', async () => {
    const before = fake.messages.length;
    const res = await sms.send({ to: '09121234567', body: PERSIAN_SMS });
    const got = fake.messages.slice(before);
    assert.equal(got.length, 1);
    assert.equal(res.providerMessageId, String(got[0].messageid));
    assert.deepEqual({ receptor: got[0].receptor, sender: got[0].sender, message: got[0].message }, { receptor: '09121234567', sender: '10004346', message: PERSIAN_SMS });
    const req = fake.requests.at(-1)!;
    assert.equal(req.method, 'POST');
    assert.equal(req.endpoint, 'sms/send');
  });

  test('NTF-2 the fake speaks Kavenegar\'s protocol: GET query, reply envelope, errors with their HTTP status', async () => {
    const ok = await fetch(`${fake.url}/v1/${fake.apiKey}/sms/send.json?receptor=09121234567,09351234567&message=${encodeURIComponent('سلام')}`);
    assert.equal(ok.status, 200);
    const body = await ok.json();
    assert.deepEqual(body.return, { status: 200, message: 'تایید شد' });
    assert.equal(body.entries.length, 2);
    for (const key of ['messageid', 'message', 'status', 'statustext', 'sender', 'receptor', 'date', 'cost']) assert.ok(key in body.entries[0], key);
    const missing = await fetch(`${fake.url}/v1/${fake.apiKey}/sms/send.json?receptor=09121234567`);
    assert.equal(missing.status, 400);
    assert.equal((await missing.json()).return.status, 400);
    const badKey = await fetch(`${fake.url}/v1/WRONG/sms/send.json?receptor=09121234567&message=x`);
    assert.equal(badKey.status, 403);
    const put = await fetch(`${fake.url}/v1/${fake.apiKey}/sms/send.json`, { method: 'PUT' });
    assert.equal(put.status, 405);
  });

  test('NTF-2 a bad API key is an error that does not reveal the key', async () => {
    const wrong = new KavenegarSmsAdapter({ baseUrl: fake.url, apiKey: 'SECRET-WRONG-KEY', timeoutMs: 1_000 });
    await assert.rejects(wrong.send({ to: '09121234567', body: 'x' }), (err: Error) => {
      assert.match(err.message, /status 403 \(HTTP 403\)/);
      assert.doesNotMatch(err.message, /SECRET-WRONG-KEY/);
      assert.ok(!(err instanceof PermanentDeliveryError), 'a configuration error is retried once ops fix it');
      return true;
    });
  });

  test('NTF-2 a disabled account (401) and no credit (418) are retryable errors', async () => {
    fake.accountDisabled = true;
    await assert.rejects(sms.send({ to: '09121234567', body: 'x' }), (err: Error) => /status 401/.test(err.message) && !(err instanceof PermanentDeliveryError));
    fake.accountDisabled = false;
    fake.credit = 10;
    await assert.rejects(sms.send({ to: '09121234567', body: 'x' }), (err: Error) => /status 418/.test(err.message) && !(err instanceof PermanentDeliveryError));
  });

  test('NTF-2 a receptor the gateway refuses (411) and an over-long text (413) are permanent failures', async () => {
    await assert.rejects(sms.send({ to: '12345', body: 'x' }), (err: Error) => err instanceof PermanentDeliveryError && /status 411/.test(err.message));
    await assert.rejects(sms.send({ to: '09121234567', body: 'پ'.repeat(300) }), (err: Error) => err instanceof PermanentDeliveryError && /status 413/.test(err.message));
  });

  test('NTF-2 connection refused, 5xx HTML, a non-JSON 200 and Kavenegar\'s own 409 are all thrown errors', async () => {
    await fake.goDown();
    await assert.rejects(sms.send({ to: '09121234567', body: 'x' }), /kavenegar: connection failed \(ECONNREFUSED\)/);
    await fake.comeBack();
    fake.mode = 'http-error';
    await assert.rejects(sms.send({ to: '09121234567', body: 'x' }), /HTTP 502 with a body that is not JSON/);
    fake.mode = 'garbage';
    await assert.rejects(sms.send({ to: '09121234567', body: 'x' }), /HTTP 200 with a body that is not JSON/);
    fake.mode = 'busy';
    await assert.rejects(sms.send({ to: '09121234567', body: 'x' }), /status 409 \(HTTP 409\)/);
  });

  test('NTF-2 a gateway slower than the adapter time-out is an error, and the gateway never queued that message', async () => {
    fake.mode = 'slow';
    fake.slowMs = 2_500;
    const before = fake.messages.length;
    const started = Date.now();
    await assert.rejects(sms.send({ to: '09121234567', body: 'x' }), /no answer within 1000 ms/);
    assert.ok(Date.now() - started < 2_000, 'the adapter gave up at its time-out');
    await new Promise((r) => setTimeout(r, 2_000));
    assert.equal(fake.messages.length, before);
  });

  test('NTF-2 verify/lookup sends a panel template with its token', async () => {
    const res = await sms.lookup({ to: '09121234567', template: 'peyk-otp', tokens: ['482913'] });
    const last = fake.messages.at(-1)!;
    assert.equal(last.message, 'پیک: کد ورود شما 482913');
    assert.equal(last.via, 'peyk-otp');
    assert.equal(res.providerMessageId, String(last.messageid));
    await assert.rejects(sms.lookup({ to: '09121234567', template: 'nope', tokens: ['1'] }), /status 424/);
    await assert.rejects(sms.lookup({ to: '09121234567', template: 'peyk-otp', tokens: ['two words'] }), /status 431/);
  });
});

describe('NTF-2 SMTP email adapter against a local fake SMTP server', () => {
  let smtp: FakeSmtp;
  before(async () => { smtp = await startFakeSmtp({ auth: { user: 'peyk', pass: 's3cret pass' } }); });
  after(async () => { await smtp.close(); });
  beforeEach(async () => { await smtp.comeBack(); });

  const adapter = () => new SmtpEmailAdapter({ url: smtp.url, from: 'Peyk <no-reply@peyk.test>', timeoutMs: 1_000 });

  test('NTF-2 an email is delivered with its Persian subject, text and a right-to-left HTML part', async () => {
    const before = smtp.received.length;
    const res = await adapter().send({ to: 'sara@example.com', subject: 'بازیابی رمز عبور پیک', body: 'این پیوند را باز کنید:\nhttps://peyk.test/r?token=a&b=1\nتا ۱۵ دقیقه معتبر است.', locale: 'fa' });
    const mail = smtp.received[before];
    assert.ok(mail, 'the server got the message');
    assert.ok(res.providerMessageId);
    assert.deepEqual(mail.to, ['sara@example.com']);
    assert.equal(mail.from, 'no-reply@peyk.test');
    assert.equal(mail.subject, 'بازیابی رمز عبور پیک');
    assert.equal(mail.text.replace(/\r\n/g, '\n').trim(), 'این پیوند را باز کنید:\nhttps://peyk.test/r?token=a&b=1\nتا ۱۵ دقیقه معتبر است.');
    assert.match(mail.html, /<html lang="fa" dir="rtl">/);
    assert.match(mail.html, /<a href="https:\/\/peyk\.test\/r\?token=a&amp;b=1" dir="ltr">/);
    assert.equal(mail.headers['content-language'], 'fa');
  });

  test('NTF-2 wrong SMTP credentials, a temporary refusal (451), a refused mailbox (550), a closed port and a silent server are thrown errors', async () => {
    const wrongAuth = new SmtpEmailAdapter({ url: smtp.url.replace('s3cret', 'wrong'), from: 'no-reply@peyk.test', timeoutMs: 1_000 });
    await assert.rejects(wrongAuth.send({ to: 'a@example.com', subject: 's', body: 'b' }), /smtp: EAUTH/);
    smtp.mode = 'reject-temporary';
    await assert.rejects(adapter().send({ to: 'a@example.com', subject: 's', body: 'b' }), /451/);
    smtp.mode = 'reject-recipient';
    await assert.rejects(adapter().send({ to: 'a@example.com', subject: 's', body: 'b' }), /550/);
    smtp.mode = 'hang';
    await assert.rejects(adapter().send({ to: 'a@example.com', subject: 's', body: 'b' }), /smtp: ETIMEDOUT|timeout/i);
    await smtp.goDown();
    await assert.rejects(adapter().send({ to: 'a@example.com', subject: 's', body: 'b' }), /ECONNREFUSED/);
  });
});
