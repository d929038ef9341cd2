import { describe, test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './harness/app.js';
import { testDbKinds } from './harness/databases.js';
import { queryRows } from '../src/platform/db.js';
import { checkLedger, platformAccount, userAccount } from '../src/modules/wallet/index.js';

const LONG_TOKENS = { ACCESS_TOKEN_TTL_SECONDS: '86400' };
const PROVIDER = '09140000201';
const CUSTOMER = '09140000101';
const OPS_AGENT = '09120000002';
const FINANCE = '09120000003';

const pathOf = (url: string) => { const u = new URL(url, 'http://x'); return u.pathname + u.search; };

for (const kind of testDbKinds()) {
  describe(`PAY-5 payment links for charges [${kind}]`, () => {
    let t: TestApp;
    const who = { provider: { token: '', userId: '' }, customer: { token: '', userId: '' }, ops: { token: '', userId: '' }, finance: { token: '', userId: '' } };
    let debtSeq = 0;

    before(async () => {
      t = await createTestApp(kind, { env: LONG_TOKENS });
      who.provider = await t.signIn(PROVIDER);
      who.customer = await t.signIn(CUSTOMER);
      who.ops = await t.signIn(OPS_AGENT);
      who.finance = await t.signIn(FINANCE);
    });
    after(async () => { await t?.close(); });
    afterEach(async () => {
      const report = await checkLedger(t.db.db);
      assert.ok(report.ok, JSON.stringify(report.violations));
    });

    const providerWallet = async () => (await t.app.modules.ledger.balance(t.db.db, userAccount(who.provider.userId, 'provider_wallet'))).balanceRials;
    const revenue = async (kind: 'platform_revenue' | 'penalty_revenue') => (await t.app.modules.ledger.balance(t.db.db, platformAccount(kind))).balanceRials;
    /** The provider owes commission on cash jobs: their wallet goes negative (PAY-3). */
    const owe = (amountRials: bigint) => t.app.modules.ledger.transfer(t.db.db, {
      idempotencyKey: `test:commission:${debtSeq++}`, reason: 'order.commission',
      legs: [{ from: userAccount(who.provider.userId, 'provider_wallet'), to: platformAccount('platform_revenue'), amountRials }],
    });
    const createLink = async (body: Record<string, unknown>, token = who.ops.token) => {
      const res = await t.call('POST', '/v1/ops/payment-links', { token, body: { userId: who.provider.userId, description: 'بدهی کمیسیون سفرهای نقدی', ...body } });
      assert.equal(res.statusCode, 201, res.body);
      return res.json();
    };
    /** Opens the link, pays on the sandbox page, follows the redirect back; returns the callback reply and the payment id. */
    const payLink = async (code: string, decision: 'pay' | 'cancel' = 'pay') => {
      const started = await t.call('POST', `/v1/payment-links/${code}/pay`);
      assert.equal(started.statusCode, 201, started.body);
      const { paymentId, redirectUrl } = started.json();
      const decided = await t.app.http.inject({ method: 'POST', url: pathOf(redirectUrl), payload: `decision=${decision}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      const callbackUrl = String(decided.headers.location);
      const back = await t.call('GET', pathOf(callbackUrl));
      return { back, paymentId, callbackUrl };
    };

    test('PAY-5 a debt link sent by SMS is paid through the gateway and reduces the provider\'s negative balance, exactly once', async () => {
      await owe(300_000n);
      const before = await providerWallet();
      const link = await createLink({ amountRials: '300000', reason: 'debt' });
      assert.match(link.code, /^[a-z2-9]{10}$/);
      assert.equal(link.url, `${t.config.publicUrl}/p/${link.code}`);
      assert.deepEqual(link.creditAccount, { ownerType: 'user', ownerId: who.provider.userId, kind: 'provider_wallet' });
      assert.equal(link.status, 'open');
      const sms = await t.lastSms(PROVIDER);
      assert.ok(sms?.includes(link.url) && sms.includes('حسن') && sms.includes('۳۰٬۰۰۰ تومان'), sms);

      const shown = await t.call('GET', `/v1/payment-links/${link.code}`);
      assert.equal(shown.statusCode, 200);
      assert.deepEqual(Object.keys(shown.json()).sort(), ['amountRials', 'code', 'description', 'expiresAt', 'firstName', 'lastPayment', 'paidAt', 'reason', 'status']);
      assert.equal(shown.json().firstName, 'حسن');
      assert.ok(!shown.body.includes('جعفری') && !shown.body.includes(PROVIDER) && !shown.body.includes(who.provider.userId), 'no personal data beyond the first name');

      const { back, paymentId, callbackUrl } = await payLink(link.code);
      assert.equal(back.statusCode, 302);
      assert.equal(back.headers.location, `/p/${link.code}?payment=${paymentId}`);
      assert.equal(await providerWallet(), before + 300_000n);
      await t.call('GET', pathOf(callbackUrl));
      assert.equal(await providerWallet(), before + 300_000n, 'a replayed callback settles nothing more');

      const after = (await t.call('GET', `/v1/payment-links/${link.code}`)).json();
      assert.equal(after.status, 'paid');
      assert.equal(after.lastPayment.status, 'succeeded');
      const again = await t.call('POST', `/v1/payment-links/${link.code}/pay`);
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.code, 'PAYMENT_LINK_PAID');
      const ops = (await t.call('GET', `/v1/ops/payment-links/${link.id}`, { token: who.ops.token })).json();
      assert.equal(ops.paidVia, 'gateway');
      assert.equal(ops.paymentId, paymentId);
      const receipts = (await t.call('GET', '/v1/receipts', { token: who.provider.token })).json();
      assert.ok(receipts.items.some((r: { paymentId: string; purpose: string }) => r.paymentId === paymentId && r.purpose === 'payment_link'));
      const [audit] = await queryRows<{ n: number }>(t.db.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'payment_link.create' AND target_id = ${link.id}`);
      assert.equal(audit.n, 1);
    });

    test('PAY-5 an equipment charge settles into platform revenue; a penalty into penalty revenue', async () => {
      const wallet = await providerWallet();
      const platform = await revenue('platform_revenue');
      const equipment = await createLink({ amountRials: '2500000', reason: 'equipment', description: 'باکس و کاپشن' });
      assert.equal(equipment.creditAccount.kind, 'platform_revenue');
      await payLink(equipment.code);
      assert.equal(await revenue('platform_revenue'), platform + 2_500_000n);
      const penalties = await revenue('penalty_revenue');
      const penalty = await createLink({ amountRials: '1000000', reason: 'penalty', description: 'جریمه' });
      await payLink(penalty.code);
      assert.equal(await revenue('penalty_revenue'), penalties + 1_000_000n);
      assert.equal(await providerWallet(), wallet, 'the provider wallet is not touched by a paid charge');
    });

    test('PAY-5 a link is paid once: a second payment of the same link goes to the payer\'s wallet, not to the charge again', async () => {
      const platform = await revenue('platform_revenue');
      const wallet = await providerWallet();
      const link = await createLink({ amountRials: '400000', reason: 'equipment' });
      const first = await t.call('POST', `/v1/payment-links/${link.code}/pay`);
      const second = await t.call('POST', `/v1/payment-links/${link.code}/pay`);
      for (const started of [first, second]) {
        const decided = await t.app.http.inject({ method: 'POST', url: pathOf(started.json().redirectUrl), payload: 'decision=pay', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        await t.call('GET', pathOf(String(decided.headers.location)));
      }
      assert.equal(await revenue('platform_revenue'), platform + 400_000n, 'the charge settled once');
      assert.equal(await providerWallet(), wallet + 400_000n, 'the second payment is kept for the payer');
      const p2 = (await t.call('GET', `/v1/payments/${second.json().paymentId}`, { token: who.provider.token })).json();
      assert.equal(p2.status, 'succeeded');
      assert.equal(p2.creditedTo, 'provider_wallet');
    });

    test('PAY-5 a cancelled gateway payment leaves the link open and the balance unchanged', async () => {
      const wallet = await providerWallet();
      const link = await createLink({ amountRials: '150000', reason: 'debt' });
      const { back } = await payLink(link.code, 'cancel');
      assert.equal(back.statusCode, 302);
      const shown = (await t.call('GET', `/v1/payment-links/${link.code}`)).json();
      assert.equal(shown.status, 'open');
      assert.equal(shown.lastPayment.status, 'failed');
      assert.equal(await providerWallet(), wallet);
    });

    test('PAY-5 an expired link is refused; a cancelled link is refused; ops cancel only open links, audited', async () => {
      const expiring = await createLink({ amountRials: '200000', reason: 'other', expiresInSeconds: 3600 });
      t.clock.advance(3_601_000);
      assert.equal((await t.call('GET', `/v1/payment-links/${expiring.code}`)).json().status, 'expired');
      const late = await t.call('POST', `/v1/payment-links/${expiring.code}/pay`);
      assert.equal(late.statusCode, 409);
      assert.equal(late.json().error.code, 'PAYMENT_LINK_EXPIRED');

      const link = await createLink({ amountRials: '200000', reason: 'other' });
      const cancelled = await t.call('POST', `/v1/ops/payment-links/${link.id}/cancel`, { token: who.ops.token, body: { reason: 'charged by mistake' } });
      assert.equal(cancelled.statusCode, 200, cancelled.body);
      assert.equal(cancelled.json().status, 'cancelled');
      const refused = await t.call('POST', `/v1/payment-links/${link.code}/pay`);
      assert.equal(refused.statusCode, 409);
      assert.equal(refused.json().error.code, 'PAYMENT_LINK_CANCELLED');
      const twice = await t.call('POST', `/v1/ops/payment-links/${link.id}/cancel`, { token: who.ops.token, body: { reason: 'again' } });
      assert.equal(twice.json().error.code, 'PAYMENT_LINK_CANCELLED');
      const [audit] = await queryRows<{ reason: string }>(t.db.db, sql`SELECT reason FROM audit_log WHERE action = 'payment_link.cancel' AND target_id = ${link.id}`);
      assert.equal(audit.reason, 'charged by mistake');
      const unknown = await t.call('GET', '/v1/payment-links/zzzzzzzzzz');
      assert.equal(unknown.statusCode, 404);
    });

    test('PAY-5 finance takes a charge from the provider balance instead; the wallet may go negative and a receipt is issued (PAY-8)', async () => {
      const wallet = await providerWallet();
      const penalties = await revenue('penalty_revenue');
      const link = await createLink({ amountRials: '50000000', reason: 'penalty', description: 'خسارت اظهار خلاف واقع' });
      const agent = await t.call('POST', `/v1/ops/payment-links/${link.id}/charge-balance`, { token: who.ops.token, body: {} });
      assert.equal(agent.statusCode, 403);
      const res = await t.call('POST', `/v1/ops/payment-links/${link.id}/charge-balance`, { token: who.finance.token, body: { reason: 'deduct from earnings' } });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().link.status, 'paid');
      assert.equal(res.json().link.paidVia, 'balance');
      assert.equal(res.json().receipt.purpose, 'charge_from_balance');
      assert.equal(res.json().receipt.gateway, null);
      assert.equal(await providerWallet(), wallet - 50_000_000n);
      assert.ok(await providerWallet() < 0n);
      assert.equal(await revenue('penalty_revenue'), penalties + 50_000_000n);
      const again = await t.call('POST', `/v1/ops/payment-links/${link.id}/charge-balance`, { token: who.finance.token, body: {} });
      assert.equal(again.json().error.code, 'PAYMENT_LINK_PAID');
      const mine = await t.call('GET', `/v1/receipts/${res.json().receipt.id}`, { token: who.provider.token });
      assert.equal(mine.statusCode, 200);
      const printed = await t.call('GET', `${pathOf(res.json().receipt.printUrl)}&lang=en`);
      assert.ok(printed.body.includes('dir="ltr"') && printed.body.includes('Taken from balance'), printed.body.slice(0, 400));
      const debt = await createLink({ amountRials: '100000', reason: 'debt' });
      const circular = await t.call('POST', `/v1/ops/payment-links/${debt.id}/charge-balance`, { token: who.finance.token, body: {} });
      assert.equal(circular.statusCode, 400);
      assert.equal(circular.json().error.code, 'PAYMENT_LINK_NOT_FROM_BALANCE');
    });

    test('PAY-5 only ops and finance create links; bad input is refused and writes nothing; users see their own charges', async () => {
      const denied = await t.call('POST', '/v1/ops/payment-links', { token: who.customer.token, body: { userId: who.provider.userId, amountRials: '100000', reason: 'debt', description: 'x y' } });
      assert.equal(denied.statusCode, 403);
      const [before] = await queryRows<{ n: number }>(t.db.db, sql`SELECT count(*)::int AS n FROM payment_links`);
      const cases: Array<[Record<string, unknown>, number, string]> = [
        [{ userId: 'usr_nobody', amountRials: '100000', reason: 'debt', description: 'bad user' }, 404, 'USER_NOT_FOUND'],
        [{ userId: who.provider.userId, amountRials: '999', reason: 'debt', description: 'too small' }, 400, 'PAYMENT_LINK_AMOUNT_OUT_OF_RANGE'],
        [{ userId: who.provider.userId, amountRials: '1000000001', reason: 'debt', description: 'too big' }, 400, 'PAYMENT_LINK_AMOUNT_OUT_OF_RANGE'],
        [{ userId: who.provider.userId, amountRials: '100000', reason: 'bribe', description: 'bad reason' }, 400, 'VALIDATION_FAILED'],
        [{ userId: who.provider.userId, amountRials: '100000', reason: 'debt', description: 'extra', creditAccount: 'bank' }, 400, 'VALIDATION_FAILED'],
      ];
      for (const [body, status, code] of cases) {
        const res = await t.call('POST', '/v1/ops/payment-links', { token: who.finance.token, body });
        assert.equal(res.statusCode, status, JSON.stringify(body));
        assert.equal(res.json().error.code, code);
      }
      const [afterCount] = await queryRows<{ n: number }>(t.db.db, sql`SELECT count(*)::int AS n FROM payment_links`);
      assert.equal(afterCount.n, before.n);
      const link = await createLink({ amountRials: '120000', reason: 'commission' }, who.finance.token);
      const providerSees = (await t.call('GET', '/v1/me/payment-links', { token: who.provider.token })).json();
      assert.ok(providerSees.items.some((l: { id: string }) => l.id === link.id));
      const customerSees = (await t.call('GET', '/v1/me/payment-links', { token: who.customer.token })).json();
      assert.ok(!customerSees.items.some((l: { id: string }) => l.id === link.id));
    });
  });
}
