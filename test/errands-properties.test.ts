import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createTestApp, type TestApp } from './harness/app.js';
import { testDbKinds } from './harness/databases.js';
import { cancellationSplit, type ErrandStatus } from '../src/modules/errands/index.js';
import { checkLedger, platformAccount, userAccount } from '../src/modules/wallet/index.js';

const STATUSES: ErrandStatus[] = ['requested', 'feasible', 'quoted', 'paid', 'assigned', 'dispatched', 'in_progress'];

describe('ERR-7 cancellation split (pure)', () => {
  test('ERR-7 property: at any step the split keeps + refunds exactly what is left, never refunds more than was paid', () => {
    fc.assert(fc.property(
      fc.constantFrom(...STATUSES), fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: 10n ** 12n }),
      fc.bigInt({ min: 0n, max: 10n ** 9n }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }),
      (status, paid, refundedRaw, cost, fee, p1, p2) => {
        const refunded = refundedRaw > paid ? paid : refundedRaw;
        const s = cancellationSplit(status, { priceRials: paid || null, paidRials: paid, refundedRials: refunded, costSoFarRials: cost }, { followUpFeeRials: fee, costPercentDispatched: p1, costPercentInProgress: p2 });
        assert.ok(s.keptRials >= 0n && s.refundRials >= 0n);
        assert.equal(s.keptRials + s.refundRials, paid - refunded);
        assert.ok(refunded + s.refundRials <= paid);
        if (status === 'paid') assert.equal(s.refundRials, paid - refunded, 'free before the process starts');
      }), { numRuns: 2000 });
  });
});

const MOBILES = { agent: '09120000002', c1: '09140000103', assistant: '09140000204' };
type Who = keyof typeof MOBILES;
const STEPS = ['quoted', 'paid', 'assigned', 'dispatched', 'in_progress'] as const;

for (const kind of testDbKinds()) {
  describe(`ERR-7 cancellation through the API [${kind}]`, () => {
    let t: TestApp;
    const tok = {} as Record<Who, string>;
    const uid = {} as Record<Who, string>;
    const as = (who: Who, method: 'GET' | 'POST', url: string, body?: unknown) => t.call(method, url, { token: tok[who], body });
    const wallet = async () => (await t.app.modules.ledger.balance(t.app.platform.db, userAccount(uid.c1, 'customer_wallet'))).balanceRials;

    before(async () => {
      t = await createTestApp(kind, { env: { ACCESS_TOKEN_TTL_SECONDS: '86400' } });
      for (const who of Object.keys(MOBILES) as Who[]) {
        const s = await t.signIn(MOBILES[who]);
        tok[who] = s.token;
        uid[who] = s.userId;
      }
    });
    after(() => t.close());

    test('ERR-7 property: cancelling at any step never refunds more than was paid and the ledger stays balanced', async () => {
      let n = 0;
      await fc.assert(fc.asyncProperty(fc.constantFrom(...STEPS), fc.integer({ min: 1, max: 12 }), fc.option(fc.integer({ min: 0, max: 3_000_000 }), { nil: null }),
        async (step, quantity, cost) => {
          const created = await as('c1', 'POST', '/v1/errands', { serviceCode: 'bill_payment', quantity, description: `p${n++}`, address: 'تبریز', wantedDate: '2026-11-25', documentDelivery: 'upload' });
          assert.equal(created.statusCode, 201, created.body);
          const id = created.json().id;
          const quoted = (await as('agent', 'POST', `/v1/ops/errands/${id}/feasibility`, { feasible: true })).json();
          const price = BigInt(quoted.priceRials);
          await t.app.modules.ledger.transfer(t.app.platform.db, { idempotencyKey: `prop:${id}`, reason: 'adjustment.manual', legs: [{ from: platformAccount('bank'), to: userAccount(uid.c1, 'customer_wallet'), amountRials: price }] });
          const before = await wallet();
          if (step !== 'quoted') assert.equal((await as('c1', 'POST', `/v1/errands/${id}/pay`, { method: 'wallet' })).statusCode, 200);
          if (['assigned', 'dispatched', 'in_progress'].includes(step)) await as('agent', 'POST', `/v1/ops/errands/${id}/assign`, { assistantId: uid.assistant });
          if (['dispatched', 'in_progress'].includes(step)) await as('assistant', 'POST', `/v1/provider/errands/${id}/dispatch`);
          if (step === 'in_progress') await as('assistant', 'POST', `/v1/provider/errands/${id}/start`);
          if (cost !== null && (step === 'dispatched' || step === 'in_progress')) await as('assistant', 'POST', `/v1/provider/errands/${id}/cost`, { costRials: String(cost) });
          const res = await as('c1', 'POST', `/v1/errands/${id}/cancel`, { reason: 'property' });
          assert.equal(res.statusCode, 200, res.body);
          const e = res.json();
          const paid = BigInt(e.paidRials);
          assert.ok(BigInt(e.refundedRials) <= paid);
          assert.equal(BigInt(e.refundedRials) + BigInt(e.costSoFarRials), paid);
          // Net effect on the wallet: minus what was kept, never a gain.
          assert.equal(await wallet(), before - BigInt(e.costSoFarRials));
          if (step === 'quoted' || step === 'paid') assert.equal(e.costSoFarRials, '0');
        }), { numRuns: 15 });
      const report = await checkLedger(t.app.platform.db);
      assert.ok(report.ok, JSON.stringify(report.violations));
    });
  });
}
