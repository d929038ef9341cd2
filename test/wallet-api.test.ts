import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './harness/app.js';
import { testDbKinds } from './harness/databases.js';
import { queryRows } from '../src/platform/db.js';
import { accountIdOf, checkLedger, userAccount } from '../src/modules/wallet/index.js';

const LONG_TOKENS = { ACCESS_TOKEN_TTL_SECONDS: '86400' };
const MOBILES = { customer: '09140000101', other: '09140000102', driver: '09140000201', courier: '09140000202', ops: '09120000002', finance: '09120000003' };
type Who = keyof typeof MOBILES;
let keySeq = 0;
const newKey = () => `test-key-${process.pid}-${keySeq++}`;

for (const kind of testDbKinds()) {
  describe(`wallet API [${kind}]`, () => {
    let t: TestApp;
    const tokens = {} as Record<Who, string>;
    const ids = {} as Record<Who, string>;
    const as = (who: Who, method: 'GET' | 'POST', url: string, body?: unknown, key?: string) =>
      t.call(method, url, { token: tokens[who], body, headers: key ? { 'idempotency-key': key } : {} });
    const adjust = (body: Record<string, unknown>, key = newKey()) => as('finance', 'POST', '/v1/ops/ledger/adjustments', body, key);
    const credit = async (ownerId: string, kindName: string, amountRials: string) => {
      const res = await adjust({ account: { ownerType: 'user', ownerId, kind: kindName }, direction: 'credit', amountRials, reason: 'test funding' });
      assert.equal(res.statusCode, 201, res.body);
      return res.json();
    };

    before(async () => {
      t = await createTestApp(kind, { env: LONG_TOKENS });
      for (const who of Object.keys(MOBILES) as Who[]) {
        const s = await t.signIn(MOBILES[who]);
        tokens[who] = s.token;
        ids[who] = s.userId;
      }
    });
    after(async () => {
      if (t) assert.deepEqual((await checkLedger(t.db.db)).violations, [], 'LEDGER invariants hold after the API tests');
      await t?.close();
    });

    test('PAY-4 gift credit is never cashable and PAY-1 wallet credit is never paid out: finance cannot adjust them into the bank', async () => {
      const owner = (await t.signIn('09145559990')).userId;
      await credit(owner, 'customer_gift', '5000');
      await credit(owner, 'customer_wallet', '5000');
      const account = (k: string) => ({ ownerType: 'user', ownerId: owner, kind: k });
      for (const [k, direction, counterparty] of [['customer_gift', 'debit', 'bank'], ['customer_gift', 'debit', 'platform_revenue'], ['customer_gift', 'credit', 'bank'], ['customer_wallet', 'debit', 'bank'], ['customer_wallet', 'debit', 'cash_clearing']] as const) {
        const res = await adjust({ account: account(k), direction, counterparty, amountRials: '1000', reason: 'cash out attempt' });
        assert.equal(res.statusCode, 400, `${k} ${direction} ${counterparty}: ${res.body}`);
        assert.equal(res.json().error.code, 'ADJUSTMENT_NOT_ALLOWED');
      }
      const ok = await adjust({ account: account('customer_gift'), direction: 'debit', counterparty: 'promotion_expense', amountRials: '1000', reason: 'promotion withdrawn' });
      assert.equal(ok.statusCode, 201, ok.body);
    });

    test('PAY-1 a user sees wallet and gift balances (zero at first); a provider also sees the provider wallet', async () => {
      const customer = await as('customer', 'GET', '/v1/wallet');
      assert.equal(customer.statusCode, 200, customer.body);
      assert.deepEqual(customer.json(), { wallet: { balanceRials: '0', pendingRials: '0', availableRials: '0' }, gift: { balanceRials: '0', pendingRials: '0', availableRials: '0' } });
      const driver = await as('driver', 'GET', '/v1/wallet');
      assert.deepEqual(driver.json().provider, { balanceRials: '0', pendingRials: '0', availableRials: '0' });
      assert.equal((await t.call('GET', '/v1/wallet')).statusCode, 401);
    });

    test('FRD-3 a finance adjustment needs a reason and an Idempotency-Key, is audited, and its replay changes nothing', async () => {
      const body = { account: { ownerType: 'user', ownerId: ids.other, kind: 'customer_wallet' }, direction: 'credit', amountRials: '75000', reason: 'goodwill for a late parcel' };
      assert.equal((await as('finance', 'POST', '/v1/ops/ledger/adjustments', body)).json().error.code, 'IDEMPOTENCY_KEY_REQUIRED');
      assert.equal((await adjust({ ...body, reason: '' })).statusCode, 400);
      const key = newKey();
      const first = await adjust(body, key);
      assert.equal(first.statusCode, 201, first.body);
      assert.equal(first.json().account.balanceRials, '75000');
      const again = await adjust(body, key);
      assert.equal(again.statusCode, 200);
      assert.equal(again.json().transferId, first.json().transferId);
      assert.equal(again.json().replayed, true);
      assert.equal((await as('other', 'GET', '/v1/wallet')).json().wallet.balanceRials, '75000');
      const audit = await as('finance', 'GET', `/v1/ops/audit?action=ledger.adjustment&targetId=${first.json().account.id}`);
      assert.equal(audit.json().items.length, 1, 'one audit entry for the adjustment and none for its replay');
      assert.equal(audit.json().items[0].reason, 'goodwill for a late parcel');
      assert.equal(audit.json().items[0].actorId, ids.finance);
    });

    test('LEDGER an adjustment key reused with another body is refused with 409 IDEMPOTENCY_KEY_REUSED and changes nothing', async () => {
      const key = newKey();
      const body = { account: { ownerType: 'user', ownerId: ids.other, kind: 'customer_wallet' }, direction: 'credit', amountRials: '1000', reason: 'first use' };
      assert.equal((await adjust(body, key)).statusCode, 201);
      const before = (await as('other', 'GET', '/v1/wallet')).json();
      const reused = await adjust({ ...body, amountRials: '9999' }, key);
      assert.equal(reused.statusCode, 409);
      assert.equal(reused.json().error.code, 'IDEMPOTENCY_KEY_REUSED');
      assert.deepEqual((await as('other', 'GET', '/v1/wallet')).json(), before);
    });

    test('FRD-3 only finance may adjust; ops staff may view any account; customers may not', async () => {
      const body = { account: { ownerType: 'user', ownerId: ids.customer, kind: 'customer_wallet' }, direction: 'credit', amountRials: '5', reason: 'not allowed' };
      assert.equal((await as('ops', 'POST', '/v1/ops/ledger/adjustments', body, newKey())).statusCode, 403);
      assert.equal((await as('customer', 'POST', '/v1/ops/ledger/adjustments', body, newKey())).statusCode, 403);
      assert.equal((await t.call('POST', '/v1/ops/ledger/adjustments', { body })).statusCode, 401);
      assert.equal((await as('customer', 'GET', `/v1/ops/ledger/accounts?ownerId=${ids.other}`)).statusCode, 403);
      const view = await as('ops', 'GET', `/v1/ops/ledger/accounts?ownerId=${ids.other}`);
      assert.equal(view.statusCode, 200, view.body);
      assert.ok(view.json().some((a: { kind: string }) => a.kind === 'customer_wallet'));
      const platform = await as('finance', 'GET', '/v1/ops/ledger/accounts?ownerId=platform');
      assert.ok(platform.json().some((a: { kind: string }) => a.kind === 'suspense'));
    });

    test('FRD-3 bad adjustment input gets a 4xx with a code and changes nothing', async () => {
      const before = await checkLedger(t.db.db);
      const base = { account: { ownerType: 'user', ownerId: ids.customer, kind: 'customer_wallet' }, direction: 'credit', amountRials: '10', reason: 'bad input' };
      const bad: Array<[Record<string, unknown>, number]> = [
        [{ ...base, amountRials: '0' }, 400], [{ ...base, amountRials: '-5' }, 400], [{ ...base, amountRials: '1.5' }, 400], [{ ...base, amountRials: 10 }, 400],
        [{ ...base, amountRials: '99999999999999999999' }, 400], [{ ...base, direction: 'sideways' }, 400],
        [{ ...base, account: { ownerType: 'user', ownerId: ids.customer, kind: 'bank' } }, 400],
        [{ ...base, account: { ownerType: 'platform', ownerId: 'someone', kind: 'bank' } }, 400],
        [{ ...base, account: { ownerType: 'platform', ownerId: 'platform', kind: 'suspense' } }, 400],
        [{ ...base, account: { ownerType: 'user', ownerId: 'usr_nobody', kind: 'customer_wallet' } }, 404],
        [{ ...base, extra: 1 }, 400],
      ];
      for (const [body, status] of bad) {
        const res = await adjust(body);
        assert.equal(res.statusCode, status, `${JSON.stringify(body)} -> ${res.body}`);
        assert.match(res.json().error.code, /^[A-Z_]+$/);
      }
      assert.equal((await as('finance', 'POST', '/v1/ops/ledger/adjustments', base, 'short')).statusCode, 400, 'a malformed key');
      assert.equal((await checkLedger(t.db.db)).stats.transfers, before.stats.transfers);
    });

    test('PAY-4 gift credit never goes below zero: a debit beyond it is refused with INSUFFICIENT_FUNDS and changes nothing', async () => {
      await credit(ids.customer, 'customer_gift', '3000');
      const debit = { account: { ownerType: 'user', ownerId: ids.customer, kind: 'customer_gift' }, direction: 'debit', amountRials: '3001', reason: 'too much' };
      const res = await adjust(debit);
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.code, 'INSUFFICIENT_FUNDS');
      assert.equal((await as('customer', 'GET', '/v1/wallet')).json().gift.balanceRials, '3000');
      assert.equal((await adjust({ ...debit, amountRials: '3000' })).statusCode, 201);
      assert.equal((await as('customer', 'GET', '/v1/wallet')).json().gift.balanceRials, '0');
    });

    test('PAY-1 the statement lists my entries newest first with reason and reference, paged by cursor', async () => {
      for (const amount of ['100', '200', '300']) await credit(ids.courier, 'customer_wallet', amount);
      const page1 = await as('courier', 'GET', '/v1/wallet/statement?limit=2');
      assert.equal(page1.statusCode, 200, page1.body);
      assert.deepEqual(page1.json().items.map((i: { amountRials: string }) => i.amountRials), ['300', '200']);
      assert.equal(page1.json().items[0].reason, 'adjustment.manual');
      assert.equal(page1.json().items[0].memo, 'test funding');
      const page2 = await as('courier', 'GET', `/v1/wallet/statement?limit=2&cursor=${page1.json().nextCursor}`);
      assert.deepEqual(page2.json().items.map((i: { amountRials: string }) => i.amountRials), ['100']);
      assert.equal(page2.json().nextCursor, null);
      assert.equal((await as('courier', 'GET', '/v1/wallet/statement?cursor=nope')).json().error.code, 'CURSOR_INVALID');
      assert.equal((await as('customer', 'GET', '/v1/wallet/statement?account=provider')).statusCode, 400);
      const ops = await as('ops', 'GET', `/v1/ops/ledger/accounts/${accountIdOf(userAccount(ids.courier, 'customer_wallet'))}/statement?limit=10`);
      assert.equal(ops.statusCode, 200, ops.body);
      assert.equal(ops.json().items.length, 3);
      assert.equal(ops.json().account.balanceRials, '600');
      assert.equal((await as('ops', 'GET', '/v1/ops/ledger/accounts/acc_nope/statement')).statusCode, 404);
      assert.equal((await as('courier', 'GET', `/v1/ops/ledger/accounts/${accountIdOf(userAccount(ids.courier, 'customer_wallet'))}/statement`)).statusCode, 403);
    });

    test('PAY-3 a provider requests settlement of a positive balance; the amount is held, and a replay returns the same request', async () => {
      await credit(ids.driver, 'provider_wallet', '500000');
      const key = newKey();
      const res = await as('driver', 'POST', '/v1/wallet/settlements', { amountRials: '200000' }, key);
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().status, 'requested');
      const again = await as('driver', 'POST', '/v1/wallet/settlements', { amountRials: '200000' }, key);
      assert.equal(again.statusCode, 200);
      assert.equal(again.json().id, res.json().id);
      assert.equal((await as('driver', 'POST', '/v1/wallet/settlements', { amountRials: '1' }, key)).json().error.code, 'IDEMPOTENCY_KEY_REUSED');
      assert.deepEqual((await as('driver', 'GET', '/v1/wallet')).json().provider, { balanceRials: '500000', pendingRials: '200000', availableRials: '300000' });
      const mine = await as('driver', 'GET', '/v1/wallet/settlements');
      assert.deepEqual(mine.json().items.map((s: { id: string }) => s.id), [res.json().id]);
    });

    test('PAY-3 a settlement beyond the available provider balance is refused with INSUFFICIENT_FUNDS; non-providers cannot ask', async () => {
      const over = await as('driver', 'POST', '/v1/wallet/settlements', { amountRials: '300001' }, newKey());
      assert.equal(over.statusCode, 400, over.body);
      assert.equal(over.json().error.code, 'INSUFFICIENT_FUNDS');
      assert.equal((await as('customer', 'POST', '/v1/wallet/settlements', { amountRials: '1' }, newKey())).statusCode, 403);
      assert.equal((await as('courier', 'POST', '/v1/wallet/settlements', { amountRials: '1' }, newKey())).json().error.code, 'INSUFFICIENT_FUNDS', 'a zero provider balance cannot be settled');
      assert.equal((await as('driver', 'POST', '/v1/wallet/settlements', { amountRials: '1' })).json().error.code, 'IDEMPOTENCY_KEY_REQUIRED');
      assert.equal((await as('driver', 'POST', '/v1/wallet/settlements', { amountRials: '0' }, newKey())).statusCode, 400);
    });

    test('PAY-3 finance approves, then marks paid with the bank reference: the hold posts to the bank, and a repeat changes nothing', async () => {
      const { items } = (await as('finance', 'GET', '/v1/ops/settlements?status=requested')).json();
      const s = items.find((x: { providerId: string }) => x.providerId === ids.driver);
      assert.ok(s, 'the request is in the queue');
      assert.equal((await as('finance', 'POST', `/v1/ops/settlements/${s.id}/paid`, { bankReference: 'IR-REF-1' })).json().error.code, 'SETTLEMENT_STATE', 'not before approval');
      assert.equal((await as('ops', 'POST', `/v1/ops/settlements/${s.id}/approve`)).statusCode, 403);
      const approved = await as('finance', 'POST', `/v1/ops/settlements/${s.id}/approve`);
      assert.equal(approved.statusCode, 200, approved.body);
      assert.equal(approved.json().status, 'approved');
      const paid = await as('finance', 'POST', `/v1/ops/settlements/${s.id}/paid`, { bankReference: 'IR-REF-1' }, newKey());
      assert.equal(paid.statusCode, 200, paid.body);
      assert.equal(paid.json().status, 'paid');
      assert.equal(paid.json().bankReference, 'IR-REF-1');
      assert.equal((await as('finance', 'POST', `/v1/ops/settlements/${s.id}/paid`, { bankReference: 'IR-REF-1' }, newKey())).statusCode, 200, 'a repeat is harmless');
      assert.equal((await as('finance', 'POST', `/v1/ops/settlements/${s.id}/paid`, { bankReference: 'IR-REF-2' })).statusCode, 409);
      assert.equal((await as('finance', 'POST', `/v1/ops/settlements/${s.id}/reject`, { reason: 'too late now' })).statusCode, 409);
      assert.deepEqual((await as('driver', 'GET', '/v1/wallet')).json().provider, { balanceRials: '300000', pendingRials: '0', availableRials: '300000' });
      const actions = (await as('finance', 'GET', `/v1/ops/audit?targetId=${s.id}`)).json().items.map((i: { action: string }) => i.action);
      assert.deepEqual(actions.sort(), ['settlement.approved', 'settlement.paid']);
    });

    test('PAY-3 a rejected settlement voids the hold: the money is available again', async () => {
      const res = await as('driver', 'POST', '/v1/wallet/settlements', { amountRials: '100000' }, newKey());
      assert.equal(res.statusCode, 201, res.body);
      assert.equal((await as('driver', 'GET', '/v1/wallet')).json().provider.availableRials, '200000');
      assert.equal((await as('finance', 'POST', `/v1/ops/settlements/${res.json().id}/reject`, { reason: 'x' })).statusCode, 400, 'a reason is required');
      const rejected = await as('finance', 'POST', `/v1/ops/settlements/${res.json().id}/reject`, { reason: 'bank details missing' });
      assert.equal(rejected.statusCode, 200, rejected.body);
      assert.equal(rejected.json().rejectReason, 'bank details missing');
      assert.equal((await as('finance', 'POST', `/v1/ops/settlements/${res.json().id}/reject`, { reason: 'bank details missing' })).statusCode, 200);
      assert.deepEqual((await as('driver', 'GET', '/v1/wallet')).json().provider, { balanceRials: '300000', pendingRials: '0', availableRials: '300000' });
    });

    test('PAY-3 a provider cannot see or decide another provider\'s settlement', async () => {
      await credit(ids.courier, 'provider_wallet', '1000');
      const own = await as('courier', 'POST', '/v1/wallet/settlements', { amountRials: '1000' }, newKey());
      assert.equal(own.statusCode, 201, own.body);
      assert.equal((await as('courier', 'GET', `/v1/wallet/settlements/${own.json().id}`)).statusCode, 200);
      assert.equal((await as('driver', 'GET', `/v1/wallet/settlements/${own.json().id}`)).statusCode, 404);
      assert.equal((await as('customer', 'GET', `/v1/wallet/settlements/${own.json().id}`)).statusCode, 404);
      assert.equal((await as('finance', 'GET', `/v1/wallet/settlements/${own.json().id}`)).statusCode, 200);
      const bodies: Record<string, unknown> = { approve: undefined, reject: { reason: 'mine now' }, paid: { bankReference: 'X-1' } };
      for (const [action, body] of Object.entries(bodies)) {
        assert.equal((await as('driver', 'POST', `/v1/ops/settlements/${own.json().id}/${action}`, body)).statusCode, 403, action);
      }
      assert.equal((await as('driver', 'GET', '/v1/ops/settlements')).statusCode, 403);
      assert.equal((await as('finance', 'POST', '/v1/ops/settlements/req_nope/approve')).statusCode, 404);
      const [row] = await queryRows<{ status: string }>(t.db.db, sql`SELECT status FROM settlement_requests WHERE id = ${own.json().id}`);
      assert.equal(row.status, 'requested');
    });
  });
}
