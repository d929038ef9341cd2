import { describe, test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './harness/app.js';
import { testDbKinds } from './harness/databases.js';
import { startFakeZarinpal, FAKE_MERCHANT_ID, type FakeZarinpal } from './fakes/zarinpal.js';
import { queryRows } from '../src/platform/db.js';
import { formatToman } from '../src/platform/money.js';
import { checkLedger, platformAccount, userAccount } from '../src/modules/wallet/index.js';
import { chargeWalletFallback } from '../src/modules/payments/index.js';

// Tests move the clock; access tokens live a day here.
const LONG_TOKENS = { ACCESS_TOKEN_TTL_SECONDS: '86400' };
const CUSTOMER = '09140000101';
const OTHER_CUSTOMER = '09140000102';
const OPS = '09120000002';

const zarinpalEnv = (fake: FakeZarinpal) => ({
  ...LONG_TOKENS, PAYMENT_GATEWAY: 'zarinpal', ZARINPAL_MERCHANT_ID: FAKE_MERCHANT_ID, ZARINPAL_BASE_URL: fake.baseUrl, ZARINPAL_TIMEOUT_MS: '1000',
});

/** Path and query of an absolute URL, for calling the app in-process. */
const pathOf = (url: string) => { const u = new URL(url); return u.pathname + u.search; };

/** Helpers over one test app; `who` are the signed-in callers. */
function topupHelpers(getT: () => TestApp) {
  const who = { customer: { token: '', userId: '' }, other: { token: '', userId: '' }, ops: { token: '', userId: '' } };
  const h = {
    who,
    async signIn() {
      const t = getT();
      who.customer = await t.signIn(CUSTOMER);
      who.other = await t.signIn(OTHER_CUSTOMER);
      who.ops = await t.signIn(OPS);
    },
    async topup(token: string, amountRials = '500000', headers: Record<string, string> = {}) {
      const res = await getT().call('POST', '/v1/wallet/topups', { token, body: { amountRials }, headers });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<{ paymentId: string; redirectUrl: string; amountRials: string; gateway: string }>();
    },
    payment: async (id: string, token = who.customer.token) => (await getT().call('GET', `/v1/payments/${id}`, { token })).json(),
    callback: (url: string) => getT().call('GET', url.startsWith('http') ? pathOf(url) : url),
    wallet: async (userId = who.customer.userId) => (await getT().app.modules.ledger.balance(getT().db.db, userAccount(userId, 'customer_wallet'))).balanceRials,
    events: async (paymentId: string) => (await getT().app.modules.payments.payments.events(paymentId)).map((e) => e.kind),
    count: async (table: 'payments' | 'receipts' | 'payment_events', userId = who.customer.userId) => {
      const where = table === 'payment_events' ? sql`payment_id IN (SELECT id FROM payments WHERE user_id = ${userId})` : sql`user_id = ${userId}`;
      const [row] = await queryRows<{ n: number }>(getT().db.db, sql`SELECT count(*)::int AS n FROM ${sql.raw(table)} WHERE ${where}`);
      return row.n;
    },
    async ledgerClean() {
      const report = await checkLedger(getT().db.db);
      assert.ok(report.ok, JSON.stringify(report.violations));
    },
  };
  return h;
}

for (const kind of testDbKinds()) {
  describe(`PAY-1 wallet top-up through Zarinpal (fake server) [${kind}]`, () => {
    let t: TestApp;
    let fake: FakeZarinpal;
    const h = topupHelpers(() => t);
    const authorityOf = (redirectUrl: string) => redirectUrl.split('/').pop()!;

    before(async () => {
      fake = await startFakeZarinpal();
      t = await createTestApp(kind, { env: zarinpalEnv(fake) });
      await h.signIn();
    });
    after(async () => { await t?.close(); await fake?.close(); });
    beforeEach(() => { fake.modes = { request: 'normal', verify: 'normal', reverse: 'normal' }; fake.tamperPaidRials = 0; });
    afterEach(async () => { await h.ledgerClean(); });

    test('PAY-1 a top-up paid at Zarinpal is verified, credited to the wallet once, and gets a receipt', async () => {
      const before = await h.wallet();
      const started = await h.topup(h.who.customer.token, '500000');
      assert.equal(started.gateway, 'zarinpal');
      assert.ok(started.redirectUrl.startsWith(`${fake.baseUrl}/pg/StartPay/A`), started.redirectUrl);
      const session = fake.sessions.get(authorityOf(started.redirectUrl))!;
      assert.equal(session.amountRials, 500_000, 'Rials are sent with currency IRR');
      assert.equal(session.metadata.mobile, CUSTOMER);
      assert.equal(session.callbackUrl, `${t.config.publicUrl}/v1/payments/callback/${started.paymentId}`);
      assert.equal((await h.payment(started.paymentId)).status, 'pending');

      const back = await h.callback(await fake.pay(session.authority, 'OK'));
      assert.equal(back.statusCode, 302);
      assert.equal(back.headers.location, `/payments/${started.paymentId}`);
      const p = await h.payment(started.paymentId);
      assert.equal(p.status, 'succeeded');
      assert.equal(p.refId, String(session.refId));
      assert.match(p.cardPanMasked, /^502229\*{6}\d{4}$/);
      assert.equal(p.creditedTo, 'customer_wallet');
      assert.equal(await h.wallet(), before + 500_000n);
      assert.equal((await t.app.modules.ledger.balance(t.db.db, platformAccount('gateway_clearing'))).balanceRials <= -500_000n, true);

      const receipt = (await t.call('GET', `/v1/receipts/${p.receiptId}`, { token: h.who.customer.token })).json();
      assert.match(receipt.number, /^R\d{8}$/);
      assert.equal(receipt.amountRials, '500000');
      assert.equal(receipt.refId, p.refId);
      assert.equal(receipt.cardPanMasked, p.cardPanMasked);
      assert.equal(receipt.purpose, 'wallet_topup');
      assert.equal(receipt.payer.id, h.who.customer.userId);
      const printed = await t.call('GET', pathOf(receipt.printUrl));
      assert.equal(printed.statusCode, 200);
      assert.match(String(printed.headers['content-type']), /text\/html/);
      assert.ok(printed.body.includes(formatToman(500_000n, 'fa')), 'amount in Toman with Persian digits');
      assert.ok(printed.body.includes('dir="rtl"') && printed.body.includes('رسید پرداخت'));
      const sms = await t.lastSms(CUSTOMER);
      assert.ok(sms?.includes(receipt.number.slice(1).replace(/\d/g, (d: string) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)])), sms);
    });

    test('PAY-1 a NOK callback credits nothing and the payment is failed', async () => {
      const before = await h.wallet();
      const started = await h.topup(h.who.customer.token);
      const back = await h.callback(await fake.pay(authorityOf(started.redirectUrl), 'NOK'));
      assert.equal(back.statusCode, 302);
      const p = await h.payment(started.paymentId);
      assert.equal(p.status, 'failed');
      assert.equal(p.failureCode, 'PAYMENT_NOT_PAID');
      assert.equal(p.receiptId, null);
      assert.equal(await h.wallet(), before);
    });

    test('PAY-1 a forged callback is not trusted: a foreign authority is ignored, an unpaid OK fails at verify; nothing is credited', async () => {
      const before = await h.wallet();
      const started = await h.topup(h.who.customer.token);
      const authority = authorityOf(started.redirectUrl);
      const verifies = fake.calls.verify;
      const foreign = await h.callback(`/v1/payments/callback/${started.paymentId}?Authority=A000000000000000000000000000000forged&Status=OK`);
      assert.equal(foreign.statusCode, 302);
      assert.equal((await h.payment(started.paymentId)).status, 'pending');
      assert.ok((await h.events(started.paymentId)).includes('callback_rejected'));
      assert.equal(fake.calls.verify, verifies, 'no verify for a foreign authority');

      const forged = await h.callback(`/v1/payments/callback/${started.paymentId}?Authority=${authority}&Status=OK`);
      assert.equal(forged.statusCode, 302);
      const p = await h.payment(started.paymentId);
      assert.equal(p.status, 'failed');
      assert.equal(await h.wallet(), before);
      const unknown = await h.callback(`/v1/payments/callback/pay_00000000000000000000000000?Authority=${authority}&Status=OK`);
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.json().error.code, 'PAYMENT_NOT_FOUND');
    });

    test('PAY-1 a replayed callback credits once (later replays do not even ask the gateway)', async () => {
      const before = await h.wallet();
      const receiptsBefore = await h.count('receipts');
      const started = await h.topup(h.who.customer.token, '300000');
      const url = await fake.pay(authorityOf(started.redirectUrl), 'OK');
      const verifies = fake.calls.verify;
      for (let i = 0; i < 3; i++) assert.equal((await h.callback(url)).statusCode, 302);
      assert.equal(fake.calls.verify, verifies + 1);
      assert.equal(await h.wallet(), before + 300_000n);
      assert.equal(await h.count('receipts'), receiptsBefore + 1);
    });

    test('PAY-1 two concurrent callbacks credit once', async () => {
      const before = await h.wallet();
      const started = await h.topup(h.who.customer.token, '200000');
      const url = await fake.pay(authorityOf(started.redirectUrl), 'OK');
      const replies = await Promise.all([h.callback(url), h.callback(url), h.callback(url)]);
      assert.deepEqual(replies.map((r) => r.statusCode), [302, 302, 302]);
      assert.equal((await h.payment(started.paymentId)).status, 'succeeded');
      assert.equal(await h.wallet(), before + 200_000n);
      const [transfers] = await queryRows<{ n: number }>(t.db.db, sql`SELECT count(*)::int AS n FROM ledger_transfers WHERE reference_id = ${started.paymentId}`);
      assert.equal(transfers.n, 1);
    });

    test('PAY-1 an amount mismatch is rejected, logged and never credited', async () => {
      const before = await h.wallet();
      fake.tamperPaidRials = 10_000;
      const started = await h.topup(h.who.customer.token, '400000');
      const url = await fake.pay(authorityOf(started.redirectUrl), 'OK');
      await h.callback(url);
      const p = await h.payment(started.paymentId);
      assert.equal(p.status, 'rejected');
      assert.equal(p.failureCode, 'AMOUNT_MISMATCH');
      assert.ok((await h.events(started.paymentId)).includes('amount_mismatch'));
      await h.callback(url);
      assert.equal((await h.payment(started.paymentId)).status, 'rejected', 'a replay does not revive it');
      assert.equal(await h.wallet(), before);
    });

    test('PAY-1 a gateway timeout or outage on request answers 503 with a clear code and writes nothing', async () => {
      const payments = await h.count('payments');
      const events = await h.count('payment_events');
      fake.modes.request = 'timeout';
      const slow = await t.call('POST', '/v1/wallet/topups', { token: h.who.customer.token, body: { amountRials: '500000' } });
      assert.equal(slow.statusCode, 503, slow.body);
      assert.equal(slow.json().error.code, 'PAYMENT_GATEWAY_TIMEOUT');
      fake.modes.request = 'http500';
      const down = await t.call('POST', '/v1/wallet/topups', { token: h.who.customer.token, body: { amountRials: '500000' } });
      assert.equal(down.statusCode, 503);
      assert.equal(down.json().error.code, 'PAYMENT_GATEWAY_UNAVAILABLE');
      fake.modes.request = 'garbage';
      const garbled = await t.call('POST', '/v1/wallet/topups', { token: h.who.customer.token, body: { amountRials: '500000' } });
      assert.equal(garbled.json().error.code, 'PAYMENT_GATEWAY_UNAVAILABLE');
      assert.equal(await h.count('payments'), payments);
      assert.equal(await h.count('payment_events'), events);
    });

    test('PAY-1 a verify timeout leaves the payment pending; the reconciler (or a replayed callback) completes it once', async () => {
      const before = await h.wallet();
      fake.modes.verify = 'timeout';
      const first = await h.topup(h.who.customer.token, '150000');
      const second = await h.topup(h.who.customer.token, '160000');
      const url1 = await fake.pay(authorityOf(first.redirectUrl), 'OK');
      const url2 = await fake.pay(authorityOf(second.redirectUrl), 'OK');
      assert.equal((await h.callback(url1)).statusCode, 302);
      assert.equal((await h.callback(url2)).statusCode, 302);
      for (const id of [first.paymentId, second.paymentId]) {
        assert.equal((await h.payment(id)).status, 'pending');
        assert.ok((await h.events(id)).includes('verify_error'));
      }
      assert.equal(await h.wallet(), before);

      fake.modes.verify = 'normal';
      // The gateway did verify before answering too late, so it now says "verified before" (101).
      assert.equal((await h.callback(url1)).statusCode, 302);
      assert.equal((await h.payment(first.paymentId)).status, 'succeeded');
      assert.equal(await t.app.modules.payments.payments.reconcilePending(), 0, 'too early: the retry delay has not passed');
      t.clock.advance(61_000);
      assert.equal(await t.app.modules.payments.payments.reconcilePending(), 1);
      assert.equal((await h.payment(second.paymentId)).status, 'succeeded');
      assert.equal(await h.wallet(), before + 310_000n);
      assert.equal(await t.app.modules.payments.payments.reconcilePending(), 0);
    });

    test('PAY-1 the payer can ask again after a verify timeout', async () => {
      fake.modes.verify = 'timeout';
      const started = await h.topup(h.who.customer.token, '120000');
      await h.callback(await fake.pay(authorityOf(started.redirectUrl), 'OK'));
      assert.equal((await h.payment(started.paymentId)).status, 'pending');
      fake.modes.verify = 'normal';
      const again = await t.call('POST', `/v1/payments/${started.paymentId}/verify`, { token: h.who.customer.token });
      assert.equal(again.statusCode, 200, again.body);
      assert.equal(again.json().status, 'succeeded');
    });

    test('PAY-1 another customer cannot see my payment or receipt (404); ops staff can', async () => {
      const started = await h.topup(h.who.customer.token, '110000');
      await h.callback(await fake.pay(authorityOf(started.redirectUrl), 'OK'));
      const p = await h.payment(started.paymentId);
      for (const url of [`/v1/payments/${p.id}`, `/v1/receipts/${p.receiptId}`]) {
        const res = await t.call('GET', url, { token: h.who.other.token });
        assert.equal(res.statusCode, 404, url);
        assert.equal((await t.call('GET', url, { token: h.who.ops.token })).statusCode, 200, url);
        assert.equal((await t.call('GET', url)).statusCode, 401, url);
      }
      const retry = await t.call('POST', `/v1/payments/${p.id}/verify`, { token: h.who.other.token });
      assert.equal(retry.statusCode, 404);
      const mine = (await t.call('GET', '/v1/payments', { token: h.who.other.token })).json();
      assert.ok(!mine.items.some((x: { id: string }) => x.id === p.id));
      const badToken = await t.call('GET', `/receipts/${p.receiptId}?token=${'x'.repeat(32)}`);
      assert.equal(badToken.statusCode, 404);
    });

    test('PAY-1 amounts outside the top-up range are refused with 400 and nothing reaches the gateway', async () => {
      const limits = (await t.call('GET', '/v1/wallet/topups/limits', { token: h.who.customer.token })).json();
      assert.deepEqual(limits, { minRials: '100000', maxRials: '1000000000', gateway: 'zarinpal' });
      const requests = fake.calls.request;
      for (const amountRials of ['99999', '1000000001', '0']) {
        const res = await t.call('POST', '/v1/wallet/topups', { token: h.who.customer.token, body: { amountRials } });
        assert.equal(res.statusCode, 400, amountRials);
        assert.equal(res.json().error.code, 'TOPUP_AMOUNT_OUT_OF_RANGE');
      }
      for (const amountRials of ['12.5', '-5', 500000]) {
        const res = await t.call('POST', '/v1/wallet/topups', { token: h.who.customer.token, body: { amountRials } });
        assert.equal(res.statusCode, 400, String(amountRials));
      }
      assert.equal(fake.calls.request, requests);
    });

    test('PAY-1 the same Idempotency-Key returns the same payment and asks the gateway once', async () => {
      const requests = fake.calls.request;
      const a = await h.topup(h.who.customer.token, '250000', { 'idempotency-key': 'topup-key-0001' });
      const b = await h.topup(h.who.customer.token, '250000', { 'idempotency-key': 'topup-key-0001' });
      assert.equal(b.paymentId, a.paymentId);
      assert.equal(fake.calls.request, requests + 1);
      const other = await t.call('POST', '/v1/wallet/topups', { token: h.who.customer.token, body: { amountRials: '260000' }, headers: { 'idempotency-key': 'topup-key-0001' } });
      assert.equal(other.statusCode, 409);
      assert.equal(other.json().error.code, 'IDEMPOTENCY_KEY_REUSED');
    });

    test('PAY-2 a fare taken from a short wallet makes it negative, and the next top-up pays it back', async () => {
      const before = await h.wallet(h.who.other.userId);
      const fare = before + 70_000n;
      await t.db.db.transaction((tx) => chargeWalletFallback(tx, t.app.modules.ledger, {
        userId: h.who.other.userId, amountRials: fare, to: platformAccount('platform_revenue'), idempotencyKey: `test:fare:${h.who.other.userId}`,
        reason: 'order.fare', reference: { type: 'order', id: 'ord_test_fallback' }, giftAllowed: true,
      }));
      assert.equal(await h.wallet(h.who.other.userId), -70_000n);
      const started = await h.topup(h.who.other.token, '200000');
      await h.callback(await fake.pay(authorityOf(started.redirectUrl), 'OK'));
      assert.equal(await h.wallet(h.who.other.userId), 130_000n);
    });
  });

  describe(`PAY-1 wallet top-up through the built-in sandbox gateway [${kind}]`, () => {
    let t: TestApp;
    const h = topupHelpers(() => t);
    before(async () => {
      t = await createTestApp(kind, { env: LONG_TOKENS });
      await h.signIn();
    });
    after(async () => { await t?.close(); });
    afterEach(async () => { await h.ledgerClean(); });

    const decide = (redirectUrl: string, decision: 'pay' | 'cancel') => t.app.http.inject({
      method: 'POST', url: pathOf(redirectUrl), payload: `decision=${decision}`, headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

    test('PAY-1 the sandbox page shows the amount in Toman with Persian digits; "pay" returns through the callback and credits the wallet', async () => {
      const before = await h.wallet();
      const started = await h.topup(h.who.customer.token, '1234560');
      assert.equal(started.gateway, 'sandbox');
      assert.ok(started.redirectUrl.startsWith(`${t.config.publicUrl}/sandbox-gateway/`));
      const shown = await t.call('GET', pathOf(started.redirectUrl));
      assert.equal(shown.statusCode, 200);
      assert.ok(shown.body.includes('dir="rtl"'));
      assert.ok(shown.body.includes('۱۲۳٬۴۵۶ تومان'), 'amount in Toman with Persian digits');
      assert.ok(shown.body.includes('افزایش اعتبار کیف پول پیک'), 'the merchant description');
      assert.ok(shown.body.includes('>پرداخت</button>') && shown.body.includes('>انصراف</button>'));

      const paid = await decide(started.redirectUrl, 'pay');
      assert.equal(paid.statusCode, 303);
      const location = String(paid.headers.location);
      assert.ok(location.startsWith(`${t.config.publicUrl}/v1/payments/callback/${started.paymentId}?Authority=`), location);
      assert.ok(location.endsWith('Status=OK'));
      const back = await h.callback(location);
      assert.equal(back.headers.location, `/payments/${started.paymentId}`);
      const p = await h.payment(started.paymentId);
      assert.equal(p.status, 'succeeded');
      assert.match(p.refId, /^\d{9}$/);
      assert.match(p.cardPanMasked, /^603799\*{6}\d{4}$/);
      assert.equal(await h.wallet(), before + 1_234_560n);
      await h.callback(location);
      assert.equal(await h.wallet(), before + 1_234_560n, 'a replay credits nothing more');
    });

    test('PAY-1 "cancel" on the sandbox page returns NOK and credits nothing; a forged OK is refused by verify', async () => {
      const before = await h.wallet();
      const started = await h.topup(h.who.customer.token, '500000');
      const cancelled = await decide(started.redirectUrl, 'cancel');
      const location = String(cancelled.headers.location);
      assert.ok(location.endsWith('Status=NOK'));
      await h.callback(location.replace('Status=NOK', 'Status=OK'));
      assert.equal((await h.payment(started.paymentId)).status, 'failed');
      const again = await decide(started.redirectUrl, 'pay');
      assert.ok(String(again.headers.location).endsWith('Status=NOK'), 'a decided session keeps its decision');
      assert.equal(await h.wallet(), before);
    });

    test('PAY-1 the sandbox gateway verifies "now" once and "before" after that, and refuses another amount', async () => {
      const gateway = t.app.modules.payments.gateway;
      const created = await gateway.create({ paymentId: 'pay_sandbox_unit', amountRials: 20_000n, callbackUrl: `${t.config.publicUrl}/cb`, description: 'unit' });
      const authority = created.redirectUrl.split('/').pop()!;
      assert.equal((await gateway.verify({ authority, amountRials: 20_000n })).status, 'failed');
      await decide(created.redirectUrl, 'pay');
      const other = await gateway.verify({ authority, amountRials: 30_000n });
      assert.equal(other.status === 'failed' ? other.reason : other.status, 'amount_mismatch');
      assert.equal((await gateway.verify({ authority, amountRials: 20_000n })).status, 'verified_now');
      assert.equal((await gateway.verify({ authority, amountRials: 20_000n })).status, 'verified_before');
      assert.equal((await gateway.refund!({ authority, amountRials: 20_000n })).refunded, true);
      assert.equal((await gateway.refund!({ authority, amountRials: 20_000n })).refunded, false);
    });
  });
}
