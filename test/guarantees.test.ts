import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { testDbKinds } from './harness/databases.js';
import { queryRows } from '../src/platform/db.js';
import { returnCharge } from '../src/modules/guarantees/index.js';
import { orderFixture, providerWallet, revenue } from './orders-fixtures.js';

const ADDRESS = 'تبریز، خیابان امام، کوچه ۱۲، پلاک ۵';

test('PRV-5 the charge is the set share of the sign-up equipment, only when quitting', () => {
  assert.equal(returnCharge('quit', 49_000_000n, 50), 24_500_000n);
  assert.equal(returnCharge('continue', 49_000_000n, 50), 0n);
  assert.equal(returnCharge('quit', 0n, 50), 0n);
});

for (const kind of testDbKinds()) {
  test(`PRV-5 guarantee return (${kind})`, async (t) => {
    const fx = await orderFixture(kind);
    t.after(() => fx.close());
    const pa = await fx.addProvider('pa', { fleetType: 'motorcycle', serviceCodes: ['moto_parcel'] });
    const pb = await fx.addProvider('pb', { fleetType: 'motorcycle', serviceCodes: ['moto_parcel'] });
    for (const id of [pa, pb]) {
      const g = await fx.call('admin', 'POST', `/v1/ops/providers/${id}/guarantee`, { serial: `SN-${id.slice(-6)}`, receivedOn: '2026-11-01' });
      assert.equal(g.statusCode, 201, g.body);
    }
    // Equipment received at sign-up: a box and a helmet, paid from the wallet.
    const order = (await fx.call('pa', 'POST', '/v1/provider/shop/orders', { lines: [{ itemId: 'shi_demo_box', quantity: 1 }, { itemId: 'shi_demo_helmet', quantity: 1 }] })).json();
    assert.equal((await fx.call('agent', 'POST', `/v1/ops/shop/orders/${order.id}/confirm`, { collect: 'wallet', atSignup: true })).statusCode, 200);

    await t.test('PRV-5 quitting charges 50% of the sign-up equipment from the wallet, deactivates, then ships and returns the guarantee', async () => {
      const quote = (await fx.call('pa', 'GET', '/v1/provider/guarantee-return/quote')).json();
      assert.deepEqual(quote, { equipmentRials: '37000000', percent: 50, quitChargeRials: '18500000', guaranteeHeld: true });
      const req = await fx.call('pa', 'POST', '/v1/provider/guarantee-returns', { choice: 'quit', postalAddress: ADDRESS });
      assert.equal(req.statusCode, 201, req.body);
      const id = req.json().id;
      assert.equal(req.json().chargeRials, '18500000');
      assert.equal(req.json().postagePaidOnDelivery, true);
      const dup = await fx.call('pa', 'POST', '/v1/provider/guarantee-returns', { choice: 'continue', postalAddress: ADDRESS });
      assert.equal(dup.json().error.code, 'GUARANTEE_RETURN_OPEN');
      assert.equal((await fx.call('pb', 'GET', `/v1/provider/guarantee-returns/${id}`)).statusCode, 404);
      assert.equal((await fx.call('agent', 'POST', `/v1/ops/guarantee-returns/${id}/ship`, { trackingNumber: 'POST123456' })).json().error.code, 'GUARANTEE_RETURN_WRONG_STATUS');

      const wallet = await fx.balance(providerWallet(pa));
      const rev = await fx.balance(revenue);
      const ok = await fx.call('agent', 'POST', `/v1/ops/guarantee-returns/${id}/approve`, { collect: 'wallet' });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().status, 'ready');
      assert.equal(await fx.balance(providerWallet(pa)), wallet - 18_500_000n);
      assert.equal(await fx.balance(revenue), rev + 18_500_000n);
      assert.equal((await fx.t.app.modules.providers.get(pa))!.status, 'inactive');

      const shipped = await fx.call('agent', 'POST', `/v1/ops/guarantee-returns/${id}/ship`, { trackingNumber: 'POST123456' });
      assert.equal(shipped.statusCode, 200, shipped.body);
      assert.equal((await fx.t.app.modules.onboarding.guarantee(fx.t.db.db, pa))!.status, 'returned');
      const mine = (await fx.call('pa', 'GET', `/v1/provider/guarantee-returns/${id}`)).json();
      assert.deepEqual(mine.events.map((e: any) => e.status), ['requested', 'approved', 'paid', 'shipped']);
      assert.equal(mine.trackingNumber, 'POST123456');
      const audit = await queryRows<{ action: string }>(fx.t.db.db, sql`SELECT action FROM audit_log WHERE target_id = ${id} ORDER BY id`);
      assert.deepEqual(audit.map((a) => a.action), ['guarantee_return.approve', 'guarantee_return.ship']);
    });

    await t.test('PRV-5 continue charges nothing and keeps the provider working; the guarantee stays held', async () => {
      const req = (await fx.call('pb', 'POST', '/v1/provider/guarantee-returns', { choice: 'continue', postalAddress: ADDRESS })).json();
      assert.equal(req.chargeRials, '0');
      const ok = await fx.call('agent', 'POST', `/v1/ops/guarantee-returns/${req.id}/approve`, { collect: 'link' });
      assert.equal(ok.json().collect, 'none');
      assert.equal((await fx.call('agent', 'POST', `/v1/ops/guarantee-returns/${req.id}/ship`, { trackingNumber: 'POST654321' })).statusCode, 200);
      assert.equal((await fx.t.app.modules.providers.get(pb))!.status, 'active');
      assert.equal((await fx.t.app.modules.onboarding.guarantee(fx.t.db.db, pb))!.status, 'held');
    });

    await t.test('PRV-5 no guarantee held: refused, nothing written; customers and ops routes guarded', async () => {
      const pc = await fx.addProvider('pc', {});
      const before = (await queryRows<{ n: number }>(fx.t.db.db, sql`SELECT count(*)::int AS n FROM guarantee_returns`))[0].n;
      const res = await fx.call('pc', 'POST', '/v1/provider/guarantee-returns', { choice: 'quit', postalAddress: ADDRESS });
      assert.equal(res.statusCode, 409);
      assert.equal(res.json().error.code, 'GUARANTEE_NOT_HELD');
      assert.equal((await queryRows<{ n: number }>(fx.t.db.db, sql`SELECT count(*)::int AS n FROM guarantee_returns`))[0].n, before);
      assert.equal((await fx.call('c1', 'GET', '/v1/provider/guarantee-returns')).statusCode, 403);
      assert.equal((await fx.call('pc', 'GET', '/v1/ops/guarantee-returns')).statusCode, 403);
      void pc;
    });
  });
}
