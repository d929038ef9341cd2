import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './harness/app.js';
import { testDbKinds } from './harness/databases.js';
import { queryRows } from '../src/platform/db.js';
import { checkLedger, platformAccount, userAccount } from '../src/modules/wallet/index.js';

const ENV = { ACCESS_TOKEN_TTL_SECONDS: '86400' };
const MOBILES = { admin: '09120000001', agent: '09120000002', c1: '09140000101', c2: '09140000102', assistant: '09140000204', driver: '09140000201' };
type Who = keyof typeof MOBILES;
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex').toString('base64');

for (const kind of testDbKinds()) {
  describe(`ERR errands [${kind}]`, () => {
    let t: TestApp;
    const tok = {} as Record<Who, string>;
    const uid = {} as Record<Who, string>;
    const as = (who: Who, method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) => t.call(method, url, { token: tok[who], body });
    const count = async (table: string) => (await queryRows<{ n: number }>(t.db.db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0].n;
    const fund = (who: Who, rials: bigint) => t.app.modules.ledger.transfer(t.app.platform.db, {
      idempotencyKey: `test:fund:${who}:${Math.random()}`, reason: 'adjustment.manual',
      legs: [{ from: platformAccount('bank'), to: userAccount(uid[who], 'customer_wallet'), amountRials: rials }],
    });
    const walletOf = async (who: Who) => (await t.app.modules.ledger.balance(t.app.platform.db, userAccount(uid[who], 'customer_wallet'))).balanceRials;
    const request = async (who: Who = 'c1', over: Record<string, unknown> = {}) => {
      const res = await as(who, 'POST', '/v1/errands', { serviceCode: 'bill_payment', quantity: 2, description: 'قبض برق و گاز', address: 'تبریز، خیابان امام', wantedDate: '2026-11-24', documentDelivery: 'upload', ...over });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().id as string;
    };
    /** A bill payment errand (rule price 700,000 Rials for 2 bills), paid from c1's wallet. */
    const paidErrand = async () => {
      const id = await request();
      assert.equal((await as('agent', 'POST', `/v1/ops/errands/${id}/feasibility`, { feasible: true })).statusCode, 200);
      await fund('c1', 700_000n);
      const paid = await as('c1', 'POST', `/v1/errands/${id}/pay`, { method: 'wallet' });
      assert.equal(paid.statusCode, 200, paid.body);
      return id;
    };
    const advance = async (id: string, upTo: 'assigned' | 'dispatched' | 'in_progress' | 'done') => {
      assert.equal((await as('agent', 'POST', `/v1/ops/errands/${id}/assign`, { assistantId: uid.assistant })).statusCode, 200);
      for (const [step, status] of [['dispatch', 'dispatched'], ['start', 'in_progress'], ['complete', 'done']] as const) {
        if (upTo === 'assigned') return;
        const res = await as('assistant', 'POST', `/v1/provider/errands/${id}/${step}`);
        assert.equal(res.statusCode, 200, res.body);
        if (status === upTo) return;
      }
    };

    before(async () => {
      t = await createTestApp(kind, { env: ENV });
      for (const who of Object.keys(MOBILES) as Who[]) {
        const s = await t.signIn(MOBILES[who]);
        tok[who] = s.token;
        uid[who] = s.userId;
      }
    });
    after(() => t.close());

    test('ERR-1 the catalogue shows price rule, lead time, required documents and the power-of-attorney flag', async () => {
      const res = await t.call('GET', '/v1/errands/services');
      assert.equal(res.statusCode, 200);
      const byCode = Object.fromEntries(res.json().map((s: any) => [s.code, s]));
      assert.equal(byCode.vehicle_transfer.priceMode, 'quote');
      assert.equal(byCode.vehicle_transfer.powerOfAttorney, true);
      assert.equal(byCode.vehicle_transfer.leadDays, 3);
      assert.ok(byCode.vehicle_transfer.requiredDocuments.length >= 2);
      assert.equal(byCode.bill_payment.baseRials, '500000');
    });

    test('ERR-1 the wanted date must respect the lead time in the city calendar; a refused request writes nothing', async () => {
      const before = await count('errands');
      const soon = await as('c1', 'POST', '/v1/errands', { serviceCode: 'document_pickup', quantity: 1, description: 'x', address: 'y', wantedDate: '2026-11-23', documentDelivery: 'post' });
      assert.equal(soon.statusCode, 400);
      assert.equal(soon.json().error.code, 'ERRAND_WANTED_DATE_TOO_SOON');
      assert.equal(soon.json().error.details.earliest, '2026-11-24');
      const bad = await as('c1', 'POST', '/v1/errands', { serviceCode: 'bill_payment', quantity: 1, description: 'x', address: 'y', wantedDate: '2026-02-30', documentDelivery: 'post' });
      assert.equal(bad.json().error.code, 'ERRAND_WANTED_DATE_INVALID');
      const unknown = await as('c1', 'POST', '/v1/errands', { serviceCode: 'no_such', quantity: 1, description: 'x', address: 'y', wantedDate: '2026-11-25', documentDelivery: 'post' });
      assert.equal(unknown.statusCode, 404);
      // 21:00 UTC is already the next day in Tehran (00:30): the earliest day moves with it.
      const saved = t.clock.now();
      t.clock.set(new Date('2026-11-22T21:00:00Z'));
      const late = await as('c1', 'POST', '/v1/errands', { serviceCode: 'bill_payment', quantity: 1, description: 'x', address: 'y', wantedDate: '2026-11-23', documentDelivery: 'post' });
      assert.equal(late.json().error.code, 'ERRAND_WANTED_DATE_TOO_SOON');
      t.clock.set(saved);
      assert.equal(await count('errands'), before);
    });

    test('ERR-6 recurring orders are priced by volume tiers (rule price, quoted at feasibility)', async () => {
      const id = await request('c1', { quantity: 10 });
      const res = await as('agent', 'POST', `/v1/ops/errands/${id}/feasibility`, { feasible: true });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().status, 'quoted');
      // (500,000 + 10 x 100,000) less the 20% tier for 10 or more
      assert.equal(res.json().priceRials, '1200000');
    });

    test('ERR-2 an ops agent records a phone caller\'s request (channel phone, audited); the hours warning follows the setting', async () => {
      const res = await as('agent', 'POST', '/v1/ops/errands', { customerMobile: '09140000102', serviceCode: 'bill_payment', quantity: 1, description: 'تلفنی', address: 'تبریز', wantedDate: '2026-11-24', documentDelivery: 'courier' });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().errand.channel, 'phone');
      assert.equal(res.json().errand.customerId, uid.c2);
      assert.equal(res.json().withinHours, true); // Sunday 11:30 in Tehran
      const audit = await queryRows<{ n: number }>(t.db.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'errand.request_by_phone' AND target_id = ${res.json().errand.id}`);
      assert.equal(audit[0].n, 1);
      assert.equal((await as('agent', 'GET', '/v1/ops/errands/phone-hours')).json().open, true);
      const saved = t.clock.now();
      t.clock.set(new Date('2026-11-22T13:00:00Z')); // Sunday 16:30 in Tehran, after hours
      const closed = (await as('agent', 'GET', '/v1/ops/errands/phone-hours')).json();
      t.clock.set(saved);
      assert.equal(closed.open, false);
      assert.equal((await as('c1', 'POST', '/v1/ops/errands', { customerMobile: '09140000102', serviceCode: 'bill_payment', quantity: 1, description: 'x', address: 'y', wantedDate: '2026-11-24', documentDelivery: 'courier' })).statusCode, 403);
      const unknown = await as('agent', 'POST', '/v1/ops/errands', { customerMobile: '09149999999', serviceCode: 'bill_payment', quantity: 1, description: 'x', address: 'y', wantedDate: '2026-11-24', documentDelivery: 'courier' });
      assert.equal(unknown.json().error.code, 'ERRAND_CUSTOMER_NOT_FOUND');
    });

    test('ERR-2 a retried request with the same Idempotency-Key returns the first errand, written once', async () => {
      const body = { serviceCode: 'bill_payment', quantity: 1, description: 'retry', address: 'تبریز', wantedDate: '2026-11-24', documentDelivery: 'upload' };
      const headers = { 'idempotency-key': 'errand-retry-0001' };
      const first = await t.call('POST', '/v1/errands', { token: tok.c1, body, headers });
      assert.equal(first.statusCode, 201);
      const before = await count('errands');
      const again = await t.call('POST', '/v1/errands', { token: tok.c1, body, headers });
      assert.equal(again.statusCode, 200);
      assert.equal(again.json().id, first.json().id);
      assert.equal(await count('errands'), before);
      const other = await t.call('POST', '/v1/errands', { token: tok.c2, body, headers });
      assert.equal(other.statusCode, 201, 'keys are per customer');
      assert.notEqual(other.json().id, first.json().id);
    });

    test('ERR-3 request -> feasibility -> quote -> pay (wallet) -> assign with the skill -> dispatched -> in progress -> done, with history', async () => {
      const id = await request();
      const queue = (await as('agent', 'GET', '/v1/ops/reviews?kind=errand')).json();
      assert.ok(queue.some((i: any) => i.subjectId === id), 'the request waits in the review queue');
      assert.equal((await as('c1', 'POST', `/v1/errands/${id}/pay`, { method: 'wallet' })).json().error.code, 'ERRAND_BAD_STATE');
      await as('agent', 'POST', `/v1/ops/errands/${id}/feasibility`, { feasible: true });
      const walletBefore = await walletOf('c1');
      await fund('c1', 100_000n);
      const poor = await as('c1', 'POST', `/v1/errands/${id}/pay`, { method: 'wallet' });
      assert.equal(poor.json().error.code, 'INSUFFICIENT_FUNDS');
      await fund('c1', 600_000n);
      const paid = await as('c1', 'POST', `/v1/errands/${id}/pay`, { method: 'wallet' });
      assert.equal(paid.json().errand.status, 'paid');
      assert.equal(await walletOf('c1'), walletBefore);
      assert.equal((await as('c1', 'POST', `/v1/errands/${id}/pay`, { method: 'wallet' })).statusCode, 409);

      const sugg = (await as('agent', 'GET', `/v1/ops/errands/${id}/suggestions`)).json();
      assert.equal(sugg[0].userId, uid.assistant);
      const noSkill = await as('agent', 'POST', `/v1/ops/errands/${id}/assign`, { assistantId: uid.driver });
      assert.equal(noSkill.statusCode, 404);
      assert.equal((await as('driver', 'POST', `/v1/provider/errands/${id}/dispatch`)).statusCode, 404); // a provider not assigned to it
      await advance(id, 'done');
      const timeline = (await as('c1', 'GET', `/v1/errands/${id}`)).json();
      assert.deepEqual(timeline.events.map((e: any) => e.toStatus), ['requested', 'quoted', 'paid', 'assigned', 'dispatched', 'in_progress', 'done']);
      assert.equal((await as('assistant', 'POST', `/v1/provider/errands/${id}/start`)).json().error.code, 'ERRAND_BAD_STATE');
      assert.equal((await as('c2', 'POST', `/v1/errands/${id}/rating`, { stars: 5 })).statusCode, 404);
      assert.equal((await as('c1', 'POST', `/v1/errands/${id}/rating`, { stars: 5 })).json().rating, 5);
      assert.equal((await as('c1', 'POST', `/v1/errands/${id}/rating`, { stars: 1 })).json().error.code, 'ERRAND_NOT_RATABLE');
    });

    test('ERR-3 a quote-only service waits for the ops price; an infeasible request needs a reason', async () => {
      const id = await request('c1', { serviceCode: 'vehicle_transfer', wantedDate: '2026-11-26', documentDelivery: 'collect' });
      const feas = await as('agent', 'POST', `/v1/ops/errands/${id}/feasibility`, { feasible: true });
      assert.equal(feas.json().status, 'feasible');
      assert.equal((await as('agent', 'POST', `/v1/ops/errands/${id}/quote`, {})).json().error.code, 'ERRAND_QUOTE_PRICE_REQUIRED');
      const q = await as('agent', 'POST', `/v1/ops/errands/${id}/quote`, { priceRials: '5000000' });
      assert.equal(q.json().status, 'quoted');
      assert.equal(q.json().priceRials, '5000000');
      const other = await request();
      assert.equal((await as('agent', 'POST', `/v1/ops/errands/${other}/feasibility`, { feasible: false })).statusCode, 400);
      const no = await as('agent', 'POST', `/v1/ops/errands/${other}/feasibility`, { feasible: false, reason: 'اداره تعطیل است' });
      assert.equal(no.json().status, 'infeasible');
    });

    test('ERR-3 a card payment at the gateway pays the errand once it succeeds', async () => {
      const id = await request();
      await as('agent', 'POST', `/v1/ops/errands/${id}/feasibility`, { feasible: true });
      const started = await as('c1', 'POST', `/v1/errands/${id}/pay`, { method: 'gateway' });
      assert.equal(started.statusCode, 200, started.body);
      assert.ok(started.json().redirectUrl);
      assert.equal(started.json().errand.paymentPending, true);
      const paid = await t.app.http.inject({ method: 'POST', url: new URL(started.json().redirectUrl).pathname, payload: 'decision=pay', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      const back = new URL(String(paid.headers.location));
      await t.app.http.inject({ method: 'GET', url: back.pathname + back.search });
      const e = (await as('c1', 'GET', `/v1/errands/${id}`)).json().errand;
      assert.equal(e.status, 'paid');
      assert.equal(e.paidRials, '700000');
    });

    test('ERR-3 another customer\'s errand is 404; an assistant sees only errands assigned to them', async () => {
      const id = await request();
      assert.equal((await as('c2', 'GET', `/v1/errands/${id}`)).statusCode, 404);
      assert.equal((await as('c2', 'POST', `/v1/errands/${id}/cancel`, { reason: 'x' })).statusCode, 404);
      assert.equal((await as('agent', 'GET', `/v1/errands/${id}`)).statusCode, 404);
      assert.equal((await as('assistant', 'GET', `/v1/provider/errands/${id}`)).statusCode, 404);
      assert.equal((await as('c1', 'GET', '/v1/ops/errands')).statusCode, 403);
    });

    test('ERR-4 uploads are sniffed by content; originals keep a custody record from collection to return', async () => {
      const id = await paidErrand();
      const before = await count('errand_documents');
      const fake = await as('c1', 'POST', `/v1/errands/${id}/documents`, { label: 'قبض', fileName: 'bill.png', contentBase64: Buffer.from('not an image').toString('base64') });
      assert.equal(fake.json().error.code, 'ERRAND_DOCUMENT_TYPE_NOT_ALLOWED');
      assert.equal(await count('errand_documents'), before);
      const up = await as('c1', 'POST', `/v1/errands/${id}/documents`, { label: 'قبض', fileName: 'bill.png', contentBase64: PNG });
      assert.equal(up.statusCode, 201, up.body);
      assert.equal(up.json().contentType, 'image/png');
      const file = await t.call('GET', `/v1/errands/${id}/documents/${up.json().id}/file`, { token: tok.c1 });
      assert.equal(file.headers['content-type'], 'image/png');
      assert.equal((await as('c2', 'GET', `/v1/errands/${id}/documents/${up.json().id}/file`)).statusCode, 404);

      const orig = await as('c1', 'POST', `/v1/errands/${id}/documents`, { label: 'کارت ملی', delivery: 'in_person' });
      assert.equal(orig.json().holder, 'customer');
      await advance(id, 'dispatched');
      const docUrl = `/v1/provider/errands/${id}/documents/${orig.json().id}/custody`;
      assert.equal((await as('assistant', 'POST', docUrl, { action: 'returned' })).json().error.code, 'ERRAND_CUSTODY_STEP_NOT_ALLOWED');
      assert.equal((await as('assistant', 'POST', docUrl, { action: 'collected' })).json().holder, 'assistant');
      assert.equal((await as('assistant', 'POST', docUrl, { action: 'returned', note: 'تحویل به خود مشتری' })).json().holder, 'returned');
      const posted = await as('c1', 'POST', `/v1/errands/${id}/documents`, { label: 'سند', delivery: 'post', tracking: '123456' });
      assert.equal(posted.json().holder, 'in_transit');
      const opsUrl = `/v1/ops/errands/${id}/documents/${posted.json().id}/custody`;
      assert.equal((await as('agent', 'POST', opsUrl, { action: 'received' })).json().holder, 'office');
      assert.equal((await as('agent', 'POST', opsUrl, { action: 'handed_to_assistant' })).json().holder, 'assistant');
      const tl = (await as('c1', 'GET', `/v1/errands/${id}`)).json();
      assert.deepEqual(tl.custody.map((c: any) => c.action), ['collected', 'returned', 'sent', 'received', 'handed_to_assistant']);
    });

    test('ERR-5 the customer sees the timeline at any time and gets an SMS at each major step', async () => {
      const id = await paidErrand();
      assert.match((await t.lastSms(MOBILES.c1)) ?? '', /پرداخت شد/);
      await advance(id, 'dispatched');
      assert.match((await t.lastSms(MOBILES.c1)) ?? '', /اعزام/);
      const tl = (await as('c1', 'GET', `/v1/errands/${id}`)).json();
      assert.equal(tl.errand.status, 'dispatched');
      assert.equal(tl.service.code, 'bill_payment');
    });

    test('ERR-7 cancellation: full refund before start, the follow-up fee after assignment, the cost so far after dispatch', async () => {
      const start = await walletOf('c1');
      const a = await paidErrand();
      const ca = await as('c1', 'POST', `/v1/errands/${a}/cancel`, { reason: 'منصرف شدم' });
      assert.equal(ca.json().refundedRials, '700000');
      assert.equal(await walletOf('c1'), start + 700_000n); // funded 700,000, paid it, got it all back

      const b = await paidErrand();
      await advance(b, 'assigned');
      const cb = (await as('c1', 'POST', `/v1/errands/${b}/cancel`, { reason: 'x' })).json();
      assert.equal(cb.refundedRials, '500000'); // 200,000 follow-up fee kept
      assert.equal(cb.costSoFarRials, '200000');

      const c = await paidErrand();
      await advance(c, 'in_progress');
      assert.equal((await as('assistant', 'POST', `/v1/provider/errands/${c}/cost`, { costRials: '800000' })).json().error.code, 'ERRAND_COST_OVER_PAID');
      await as('assistant', 'POST', `/v1/provider/errands/${c}/cost`, { costRials: '450000' });
      const cc = (await as('c1', 'POST', `/v1/errands/${c}/cancel`, { reason: 'x' })).json();
      assert.equal(cc.refundedRials, '250000');
      assert.equal((await as('c1', 'POST', `/v1/errands/${c}/cancel`, { reason: 'again' })).json().error.code, 'ERRAND_BAD_STATE');

      const d = await paidErrand();
      await advance(d, 'dispatched'); // no cost recorded: the rule keeps 20% (but at least the fee)
      assert.equal((await as('c1', 'POST', `/v1/errands/${d}/cancel`, { reason: 'x' })).json().refundedRials, '500000');
      assert.equal(await walletOf('c1'), start + 700_000n + 500_000n + 250_000n + 500_000n);
      assert.ok((await checkLedger(t.app.platform.db)).ok);
    });

    test('CLM-3 a failed errand caused by the assistant is refunded in part after ops review (never more than paid)', async () => {
      const id = await paidErrand();
      await advance(id, 'in_progress');
      assert.equal((await as('assistant', 'POST', `/v1/provider/errands/${id}/fail`, {})).statusCode, 400);
      const failed = await as('assistant', 'POST', `/v1/provider/errands/${id}/fail`, { reason: 'مدارک را جا گذاشتم' });
      assert.equal(failed.json().failureReview, 'open');
      const queue = (await as('agent', 'GET', '/v1/ops/reviews?kind=errand')).json();
      assert.ok(queue.some((i: any) => i.subjectId === id));
      const over = await as('agent', 'POST', `/v1/ops/errands/${id}/failure-review`, { assistantAtFault: true, refundRials: '700001', reason: 'x' });
      assert.equal(over.json().error.code, 'ERRAND_REFUND_OVER_PAID');
      const notFault = await as('agent', 'POST', `/v1/ops/errands/${id}/failure-review`, { assistantAtFault: false, refundRials: '1000', reason: 'x' });
      assert.equal(notFault.statusCode, 400);
      const before = await walletOf('c1');
      const ok = await as('agent', 'POST', `/v1/ops/errands/${id}/failure-review`, { assistantAtFault: true, refundRials: '350000', reason: 'خطای کارپرداز' });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().failureReview, 'refunded');
      assert.equal(await walletOf('c1'), before + 350_000n);
      assert.equal((await as('agent', 'POST', `/v1/ops/errands/${id}/failure-review`, { assistantAtFault: true, refundRials: '1', reason: 'x' })).statusCode, 409);
      const audit = await queryRows<{ n: number }>(t.db.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'errand.failure_review' AND target_id = ${id}`);
      assert.equal(audit[0].n, 1);
    });

    test('ERR-7 CLM-3 races: two cancels, or two failure decisions, at once move the money once', async () => {
      const a = await paidErrand();
      const before = await walletOf('c1');
      const [r1, r2] = await Promise.all([as('c1', 'POST', `/v1/errands/${a}/cancel`, { reason: 'one' }), as('c1', 'POST', `/v1/errands/${a}/cancel`, { reason: 'two' })]);
      assert.deepEqual([r1.statusCode, r2.statusCode].sort(), [200, 409]);
      assert.equal(await walletOf('c1'), before + 700_000n);
      const b = await paidErrand();
      await advance(b, 'in_progress');
      await as('assistant', 'POST', `/v1/provider/errands/${b}/fail`, { reason: 'x' });
      const mid = await walletOf('c1');
      const decide = () => as('agent', 'POST', `/v1/ops/errands/${b}/failure-review`, { assistantAtFault: true, refundRials: '100000', reason: 'race' });
      const [d1, d2] = await Promise.all([decide(), decide()]);
      assert.deepEqual([d1.statusCode, d2.statusCode].sort(), [200, 409]);
      assert.equal(await walletOf('c1'), mid + 100_000n);
      assert.equal((await as('c1', 'GET', `/v1/errands/${b}`)).json().errand.refundedRials, '100000');
    });

    test('PRV-10 assistants\' skills: set by ops (audited) and from provider.activated; suggestions by load then rating', async () => {
      const res = await as('agent', 'PUT', `/v1/ops/errand-assistants/${uid.driver}`, { categories: ['bills'], active: true });
      assert.equal(res.statusCode, 200, res.body);
      await t.app.platform.events.publish('provider.activated', { userId: uid.c2, fleetType: 'assistant', serviceCodes: [], skills: ['documents', 'bill_payment'] });
      await t.app.platform.events.publish('provider.activated', { userId: uid.c1, fleetType: 'car', serviceCodes: ['car_ride'], skills: [] });
      const list = (await as('agent', 'GET', '/v1/ops/errand-assistants')).json();
      assert.deepEqual(list.find((a: any) => a.userId === uid.c2)?.categories, ['documents', 'bills']); // a service code maps to its category
      assert.equal(list.find((a: any) => a.userId === uid.c1), undefined);
      const id = await request();
      const sugg = (await as('agent', 'GET', `/v1/ops/errands/${id}/suggestions`)).json();
      // The driver has no open errands; the demo assistant still has some under way.
      assert.equal(sugg[0].load, 0);
      assert.ok(sugg.some((s: any) => s.userId === uid.driver));
      assert.ok(sugg.findIndex((s: any) => s.userId === uid.assistant) > 0, 'the busy assistant is not first');
      for (let i = 1; i < sugg.length; i++) assert.ok(sugg[i - 1].load <= sugg[i].load, 'least loaded first');
      await as('agent', 'PUT', `/v1/ops/errand-assistants/${uid.driver}`, { categories: [], active: false });
    });
  });
}
