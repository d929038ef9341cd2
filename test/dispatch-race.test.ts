import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { testDbKinds } from './harness/databases.js';
import { queryRows } from '../src/platform/db.js';
import { newId } from '../src/platform/ids.js';
import { ordersRepo } from '../src/modules/orders/index.js';
import { near, orderFixture, type Fx } from './orders-fixtures.js';

const PROVIDERS = 200;

for (const kind of testDbKinds()) {
  describe(`dispatch races [${kind}]`, () => {
    let fx: Fx;
    const names: string[] = [];
    before(async () => {
      fx = await orderFixture(kind);
      for (let i = 0; i < PROVIDERS; i++) {
        names.push(`p${i}`);
        await fx.addProvider(`p${i}`, {});
        await fx.online(`p${i}`, near(0.01 * (i % 100)));
      }
    });
    after(async () => { await fx?.close(); });

    test('ORD-11 200 providers accepting the same order at once: exactly one wins', async (t) => {
      await fx.setting('dispatch.offerFanout', PROVIDERS);
      t.after(() => fx.setting('dispatch.offerFanout', 1));
      const o = (await fx.order('c1', { quoteId: await fx.quote('c1') })).json();
      const offers = await Promise.all(names.map(async (n) => ({ n, offer: await fx.offerOf(n) })));
      assert.equal(offers.filter((x) => x.offer?.orderId === o.id).length, PROVIDERS, 'every provider holds an offer of the order');
      const results = await Promise.all(offers.map(({ n, offer }) => fx.call(n, 'POST', `/v1/provider/offers/${offer!.id}/accept`)));
      const won = results.filter((r) => r.statusCode === 200);
      assert.equal(won.length, 1, 'one winner');
      assert.ok(results.every((r) => r.statusCode === 200 || r.statusCode === 409), results.map((r) => r.statusCode).join(','));
      const winner = won[0].json().provider.id;
      const [row] = await queryRows<{ status: string; provider_id: string }>(fx.t.db.db, sql`SELECT status, provider_id FROM orders WHERE id = ${o.id}`);
      assert.deepEqual(row, { status: 'accepted', provider_id: winner });
      const counts = await queryRows<{ status: string; n: number }>(fx.t.db.db, sql`SELECT status, count(*)::int AS n FROM order_offers WHERE order_id = ${o.id} GROUP BY status ORDER BY status`);
      assert.deepEqual(counts, [{ status: 'accepted', n: 1 }, { status: 'cancelled', n: PROVIDERS - 1 }]);
      const winnerName = names.find((n) => fx.uid[n] === winner)!;
      await fx.call(winnerName, 'POST', `/v1/provider/orders/${o.id}/start`);
      assert.equal((await fx.call(winnerName, 'POST', `/v1/provider/orders/${o.id}/complete`, {})).statusCode, 200);
    });

    test('ORD-11 one provider accepting two orders at once holds only one', async () => {
      const p = names[0];
      const a = (await fx.order('c1', { quoteId: await fx.quote('c1') })).json();
      const b = (await fx.order('c2', { quoteId: await fx.quote('c2') })).json();
      // Dispatch never offers a provider two orders at once; here both offers exist, as a batch assignment could make them.
      const now = fx.t.clock.now();
      const made = [];
      for (const o of [a, b]) {
        const row = (await ordersRepo.byId(fx.t.db.db, o.id))!;
        await ordersRepo.closePending(fx.t.db.db, o.id, 'cancelled', now);
        const [f] = await ordersRepo.insertOffers(fx.t.db.db, [{
          id: newId('ofr'), orderId: o.id, providerId: fx.uid[p], round: row.dispatchRound + 100, status: 'pending',
          distanceKm: 0.1, etaSeconds: 30, createdAt: now, expiresAt: new Date(now.getTime() + 15_000),
        }]);
        made.push(f);
      }
      const results = await Promise.all(made.map((f) => fx.call(p, 'POST', `/v1/provider/offers/${f.id}/accept`)));
      assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 409]);
      assert.equal(results.find((r) => r.statusCode === 409)!.json().error.code, 'PROVIDER_HAS_ACTIVE_JOB');
      const held = await queryRows<{ n: number }>(fx.t.db.db, sql`SELECT count(*)::int AS n FROM orders WHERE provider_id = ${fx.uid[p]} AND status = 'accepted'`);
      assert.equal(held[0].n, 1);
    });
  });
}
