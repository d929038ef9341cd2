import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDbKinds } from './harness/databases.js';
import { companyAccount } from '../src/modules/wallet/index.js';
import { orderFixture, wallet, providerWallet, type Fx } from './orders-fixtures.js';

const COMPANY = { name: 'شرکت پخش آذر', registrationNumber: '12345', nationalCompanyId: '10380284790', landline: '041-3333-4444', staffCount: 25 };

for (const kind of testDbKinds()) {
  describe(`ACC-3 rides on a company's account [${kind}]`, () => {
    let fx: Fx;
    let companyId: string;
    before(async () => {
      fx = await orderFixture(kind);
      const reg = await fx.call('c1', 'POST', '/v1/companies', COMPANY);
      assert.equal(reg.statusCode, 201, reg.body);
      companyId = reg.json().id;
      assert.equal((await fx.call('agent', 'POST', `/v1/ops/companies/${companyId}/approve`)).statusCode, 200);
      assert.equal((await fx.call('c1', 'POST', `/v1/companies/${companyId}/members`, { mobile: '09140000102' })).statusCode, 201);
      const [inv] = (await fx.call('c2', 'GET', '/v1/companies/invitations')).json();
      assert.equal((await fx.call('c2', 'POST', `/v1/companies/invitations/${inv.id}/accept`)).statusCode, 200);
    });
    after(() => fx.close());

    test('ACC-3 a member orders on the company account: the company wallet pays the fare, the member\'s own wallet is untouched', async () => {
      await fx.online('driver');
      const res = await fx.order('c2', { quoteId: await fx.quote('c2'), paymentMethod: 'company', companyId });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().companyId, companyId);
      const offer = await fx.offerOf('driver');
      assert.ok(offer);
      assert.equal((await fx.call('driver', 'POST', `/v1/provider/offers/${offer.id}/accept`)).statusCode, 200);
      for (const step of ['arrived', 'start', 'complete']) {
        const r = await fx.call('driver', 'POST', `/v1/provider/orders/${offer.orderId}/${step}`, step === 'complete' ? {} : undefined);
        assert.ok(r.statusCode < 300, `${step}: ${r.body}`);
      }
      const price = BigInt(res.json().priceRials);
      assert.equal(await fx.balance(companyAccount(companyId)), -price, 'the company wallet paid (and may go negative, billed on its statement)');
      assert.equal(await fx.balance(wallet(fx.uid.c2)), 0n);
      assert.ok(await fx.balance(providerWallet(fx.uid.driver)) > 0n);
      const receipts = (await fx.call('c2', 'GET', '/v1/receipts')).json();
      assert.equal((receipts.items ?? receipts)[0].purpose, 'order_fare_company');
      const statement = (await fx.call('c1', 'GET', `/v1/companies/${companyId}/statement`)).json();
      assert.ok(JSON.stringify(statement).includes(offer.orderId) || JSON.stringify(statement).includes(price.toString()), 'the ride is on the company statement');
    });

    test('ACC-3 a customer who is not a member cannot put a ride on the company; a company order must name the company; nothing is written', async () => {
      const before = await fx.count('orders');
      const outsider = await fx.order('c3', { quoteId: await fx.quote('c3'), paymentMethod: 'company', companyId });
      assert.equal(outsider.statusCode, 403);
      assert.equal(outsider.json().error.code, 'NOT_A_COMPANY_MEMBER');
      const unnamed = await fx.order('c2', { quoteId: await fx.quote('c2'), paymentMethod: 'company' });
      assert.equal(unnamed.json().error.code, 'ORDER_COMPANY_REQUIRED');
      const stray = await fx.order('c2', { quoteId: await fx.quote('c2'), paymentMethod: 'wallet', companyId });
      assert.equal(stray.json().error.code, 'ORDER_COMPANY_NOT_ALLOWED');
      assert.equal(await fx.count('orders'), before);
    });
  });
}
