import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDbKinds } from './harness/databases.js';
import { near, orderFixture, type Fx } from './orders-fixtures.js';

// Two orders, two providers on a line (km north of the pickup): A at 0, B at 2; P1 at 1.2, P2 at -1.5.
// Nearest-first gives A the closer P1 (1.2 km) and leaves B with P2 (3.5 km): 4.7 km in all.
// The batch matches A-P2 (1.5 km) and B-P1 (0.8 km): 2.3 km.
for (const kind of testDbKinds()) {
  describe(`dispatch batch mode [${kind}]`, () => {
    let fx: Fx;
    before(async () => {
      fx = await orderFixture(kind);
      await fx.addProvider('p1', {});
      await fx.addProvider('p2', {});
      await fx.online('p1', near(1.2));
      await fx.online('p2', near(-1.5));
      await fx.t.app.modules.settings.set({ id: fx.uid.admin, roles: ['ops_admin'] }, 'dispatch.mode', 'city', 'cty_tabriz', 'batch', 'test: batch city');
    });
    after(async () => { await fx?.close(); });

    test('ORD-11 in batch mode orders wait for the batch, which minimises the total pickup distance', async () => {
      const a = (await fx.order('c1', { quoteId: await fx.quote('c1', { origin: near(0) }) })).json();
      const b = (await fx.order('c2', { quoteId: await fx.quote('c2', { origin: near(2) }) })).json();
      assert.equal(a.status, 'requested');
      assert.equal(await fx.offerOf('p1'), null, 'no offer before the batch runs');
      assert.equal(await fx.offerOf('p2'), null);

      assert.equal(await fx.t.app.modules.dispatch.runBatch('cty_tabriz'), 2);
      assert.equal((await fx.offerOf('p2'))?.orderId, a.id, 'A goes to the provider behind it');
      assert.equal((await fx.offerOf('p1'))?.orderId, b.id, 'B gets the provider between them');
      assert.equal(await fx.t.app.modules.dispatch.runBatch('cty_tabriz'), 0, 'providers holding an offer are not matched again');

      const offer = await fx.offerOf('p1');
      assert.equal((await fx.call('p1', 'POST', `/v1/provider/offers/${offer!.id}/accept`)).statusCode, 200);
      assert.equal((await fx.call('c2', 'GET', `/v1/orders/${b.id}`)).json().status, 'accepted');
      for (const [who, id] of [['c1', a.id], ['c2', b.id]] as const) await fx.call(who, 'POST', `/v1/orders/${id}/cancel`, { reason: 'cleanup' });
    });

    test('ORD-11 in batch mode an order nobody can take still expires at the search limit', async () => {
      await fx.call('p1', 'POST', '/v1/provider/offline');
      await fx.call('p2', 'POST', '/v1/provider/offline');
      const o = (await fx.order('c3', { quoteId: await fx.quote('c3') })).json();
      assert.equal(await fx.t.app.modules.dispatch.runBatch('cty_tabriz'), 0);
      for (let s = 0; s < 130; s += 5) { fx.t.clock.advance(5_000); await fx.runJobs(); }
      const after = (await fx.call('c3', 'GET', `/v1/orders/${o.id}`)).json();
      assert.equal(after.status, 'expired');
    });
  });
}
