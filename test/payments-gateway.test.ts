import { describe, test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeZarinpal, FAKE_MERCHANT_ID, type FakeZarinpal } from './fakes/zarinpal.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { AppError } from '../src/platform/errors.js';
import { ZarinpalGateway, maskPan } from '../src/modules/payments/index.js';

const PRODUCTION = { PEYK_MODE: 'production', JWT_SECRET: 'a-production-secret-of-at-least-32-characters', SMS_ADAPTER: 'kavenegar', KAVENEGAR_API_KEY: 'k', PEYK_XPO_KEYS: 'k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' };

async function rejectsWith(p: Promise<unknown>, code: string, gatewayCode?: string) {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof AppError, String(err));
    assert.equal(err.code, code);
    assert.equal(err.type, 'unavailable');
    if (gatewayCode) assert.equal(err.details?.gatewayCode, gatewayCode);
    return true;
  });
}

describe('PAY-1 gateway configuration', () => {
  test('PAY-1 demo mode defaults to the sandbox gateway; production refuses it and needs a Zarinpal merchant id', () => {
    assert.equal(loadConfig({}).payments.gateway, 'sandbox');
    assert.throws(() => loadConfig({ ...PRODUCTION, PAYMENT_GATEWAY: 'sandbox', ZARINPAL_MERCHANT_ID: FAKE_MERCHANT_ID }),
      (err: unknown) => err instanceof ConfigError && err.problems.some((p) => p.startsWith('PAYMENT_GATEWAY:')));
    assert.throws(() => loadConfig(PRODUCTION), (err: unknown) => err instanceof ConfigError && err.problems.some((p) => p.startsWith('ZARINPAL_MERCHANT_ID:')));
    const c = loadConfig({ ...PRODUCTION, ZARINPAL_MERCHANT_ID: FAKE_MERCHANT_ID, ZARINPAL_BASE_URL: 'https://sandbox.zarinpal.com/' });
    assert.equal(c.payments.gateway, 'zarinpal');
    assert.equal(c.payments.zarinpalBaseUrl, 'https://sandbox.zarinpal.com');
    assert.throws(() => loadConfig({ ZARINPAL_MERCHANT_ID: 'not-a-merchant' }), ConfigError);
  });

  test('PAY-8 card numbers are always masked to the first 6 and last 4 digits', () => {
    assert.equal(maskPan('6037991234565995'), '603799******5995');
    assert.equal(maskPan('502229******5995'), '502229******5995');
    assert.equal(maskPan('6037-9912-3456-5995'), '603799******5995');
    assert.equal(maskPan(''), null);
    assert.equal(maskPan(undefined), null);
  });
});

describe('PAY-1 Zarinpal REST v4 adapter against the fake server', () => {
  let fake: FakeZarinpal;
  let zarinpal: ZarinpalGateway;
  const create = (amountRials = 250_000n) => zarinpal.create({
    paymentId: 'pay_adapter', amountRials, callbackUrl: 'http://localhost:3000/v1/payments/callback/pay_adapter', description: 'شارژ کیف پول', mobile: '09140000101', email: 'a@b.test',
  });

  before(async () => {
    fake = await startFakeZarinpal();
    zarinpal = new ZarinpalGateway({ baseUrl: fake.baseUrl, merchantId: FAKE_MERCHANT_ID, timeoutMs: 1000 });
  });
  after(async () => { await fake?.close(); });
  beforeEach(() => { fake.modes = { request: 'normal', verify: 'normal', reverse: 'normal' }; fake.tamperPaidRials = 0; });

  test('PAY-1 a payment request sends Rials with currency IRR and the buyer metadata, and redirects to StartPay', async () => {
    const created = await create(250_000n);
    assert.match(created.authority, /^A\w{35}$/);
    assert.equal(created.redirectUrl, `${fake.baseUrl}/pg/StartPay/${created.authority}`);
    const s = fake.sessions.get(created.authority)!;
    assert.equal(s.amountRials, 250_000);
    assert.deepEqual(s.metadata, { order_id: 'pay_adapter', mobile: '09140000101', email: 'a@b.test' });
  });

  test('PAY-1 verify: 100 the first time, 101 after; a wrong amount is -50; an unpaid session is -51; an unknown authority is -54', async () => {
    const paid = await create();
    const unpaid = await create();
    await fake.pay(paid.authority, 'OK');
    const wrong = await zarinpal.verify({ authority: paid.authority, amountRials: 250_001n });
    assert.deepEqual(wrong.status === 'failed' && [wrong.reason, wrong.gatewayCode], ['amount_mismatch', '-50']);
    const first = await zarinpal.verify({ authority: paid.authority, amountRials: 250_000n });
    assert.ok(first.status === 'verified_now', first.status);
    assert.equal(first.refId, String(fake.sessions.get(paid.authority)!.refId));
    assert.equal((await zarinpal.verify({ authority: paid.authority, amountRials: 250_000n })).status, 'verified_before');
    const notPaid = await zarinpal.verify({ authority: unpaid.authority, amountRials: 250_000n });
    assert.deepEqual(notPaid.status === 'failed' && [notPaid.reason, notPaid.gatewayCode], ['not_paid', '-51']);
    const unknown = await zarinpal.verify({ authority: 'A00000000000000000000000000000000000', amountRials: 250_000n });
    assert.deepEqual(unknown.status === 'failed' && [unknown.reason, unknown.gatewayCode], ['unknown_authority', '-54']);
  });

  test('PAY-1 a wrong or malformed merchant id is refused with the gateway\'s own code', async () => {
    const other = new ZarinpalGateway({ baseUrl: fake.baseUrl, merchantId: '00000000-1111-2222-3333-444444444444', timeoutMs: 1000 });
    await rejectsWith(other.create({ paymentId: 'pay_x', amountRials: 10_000n, callbackUrl: 'http://localhost/cb', description: 'x' }), 'PAYMENT_GATEWAY_REJECTED', '-10');
    const malformed = new ZarinpalGateway({ baseUrl: fake.baseUrl, merchantId: 'merchant', timeoutMs: 1000 });
    await rejectsWith(malformed.create({ paymentId: 'pay_x', amountRials: 10_000n, callbackUrl: 'http://localhost/cb', description: 'x' }), 'PAYMENT_GATEWAY_REJECTED', '-9');
    const paid = await create();
    await fake.pay(paid.authority, 'OK');
    await rejectsWith(other.verify({ authority: paid.authority, amountRials: 250_000n }), 'PAYMENT_GATEWAY_REJECTED', '-10');
    await rejectsWith(zarinpal.create({ paymentId: 'pay_x', amountRials: 500n, callbackUrl: 'http://localhost/cb', description: 'x' }), 'PAYMENT_GATEWAY_REJECTED', '-9');
  });

  test('PAY-1 timeouts, 5xx and non-JSON replies become 503 codes the caller can retry', async () => {
    fake.modes.request = 'timeout';
    const started = Date.now();
    await rejectsWith(create(), 'PAYMENT_GATEWAY_TIMEOUT');
    assert.ok(Date.now() - started < 2500, 'the client gives up at its timeout');
    fake.modes.request = 'http500';
    await rejectsWith(create(), 'PAYMENT_GATEWAY_UNAVAILABLE');
    fake.modes.request = 'garbage';
    await rejectsWith(create(), 'PAYMENT_GATEWAY_UNAVAILABLE');
    const down = new ZarinpalGateway({ baseUrl: 'http://127.0.0.1:9', merchantId: FAKE_MERCHANT_ID, timeoutMs: 1000 });
    await rejectsWith(down.create({ paymentId: 'pay_x', amountRials: 10_000n, callbackUrl: 'http://localhost/cb', description: 'x' }), 'PAYMENT_GATEWAY_UNAVAILABLE');
    fake.modes.request = 'normal';
    const paid = await create();
    await fake.pay(paid.authority, 'OK');
    fake.modes.verify = 'timeout';
    await rejectsWith(zarinpal.verify({ authority: paid.authority, amountRials: 250_000n }), 'PAYMENT_GATEWAY_TIMEOUT');
    fake.modes.verify = 'normal';
    assert.equal((await zarinpal.verify({ authority: paid.authority, amountRials: 250_000n })).status, 'verified_before', 'the slow verify went through at the gateway');
  });

  test('PAY-1 refund: a verified payment is reversed once; an unverified one cannot be', async () => {
    const paid = await create();
    await fake.pay(paid.authority, 'OK');
    assert.equal((await zarinpal.refund({ authority: paid.authority, amountRials: 250_000n })).refunded, false, 'not verified yet');
    await zarinpal.verify({ authority: paid.authority, amountRials: 250_000n });
    assert.deepEqual(await zarinpal.refund({ authority: paid.authority, amountRials: 250_000n }), { refunded: true, gatewayCode: '100', message: 'Reversed' });
    assert.equal((await zarinpal.refund({ authority: paid.authority, amountRials: 250_000n })).gatewayCode, '-61');
    const after = await zarinpal.verify({ authority: paid.authority, amountRials: 250_000n });
    assert.equal(after.status, 'failed', 'a reversed payment no longer verifies');
  });

  test('PAY-1 the StartPay page redirects to the callback with Authority and Status=OK or NOK', async () => {
    const a = await create();
    const ok = new URL(await fake.pay(a.authority, 'OK'));
    assert.equal(ok.pathname, '/v1/payments/callback/pay_adapter');
    assert.equal(ok.searchParams.get('Authority'), a.authority);
    assert.equal(ok.searchParams.get('Status'), 'OK');
    const b = await create();
    assert.equal(new URL(await fake.pay(b.authority, 'NOK')).searchParams.get('Status'), 'NOK');
    const page = await fetch(`${fake.baseUrl}/pg/StartPay/${b.authority}`);
    assert.equal(page.status, 200);
  });
});
