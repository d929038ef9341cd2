import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { queryRows } from '../src/platform/db.js';
import { testDbKinds } from './harness/databases.js';
import { orderFixture, type Fx } from './orders-fixtures.js';

const PARCEL = {
  category: 'documents', contents: 'papers', contentsVisible: false, declaredValueRials: '1000000',
  recipient: { name: 'Ali Recipient', mobile: '09141110000', address: 'Shariati St. 1, Tabriz' },
};

for (const kind of testDbKinds()) {
  describe(`order input checks [${kind}]`, () => {
    let fx: Fx;
    before(async () => { fx = await orderFixture(kind); });
    after(async () => { await fx?.close(); });

    /** Sends a bad order and checks the 4xx code and that nothing was written (the quote stays usable). */
    async function refused(who: string, body: Record<string, unknown>, status: number, code: string) {
      const before = [await fx.count('orders'), await fx.count('order_events'), await fx.count('quotes_used')];
      const res = await fx.order(who, body);
      assert.equal(res.statusCode, status, res.body);
      assert.equal(res.json().error.code, code);
      assert.deepEqual([await fx.count('orders'), await fx.count('order_events'), await fx.count('quotes_used')], before, 'nothing written');
    }

    test('ORD-4 passengers cannot exceed the vehicle capacity of the service', async () => {
      const car = await fx.quote('c1');
      await refused('c1', { quoteId: car, passengers: 5 }, 400, 'PASSENGERS_OVER_CAPACITY');
      const moto = await fx.quote('c1', { serviceCode: 'moto_ride' });
      await refused('c1', { quoteId: moto, passengers: 2 }, 400, 'PASSENGERS_OVER_CAPACITY');
      const ok = await fx.order('c1', { quoteId: car, passengers: 4 });
      assert.equal(ok.statusCode, 201, 'the refused quote is still usable');
      await fx.call('c1', 'POST', `/v1/orders/${ok.json().id}/cancel`, { reason: 'cleanup' });
    });

    test('ORD-8 forbidden contents, a value over the cap and undeclared hidden contents are refused', async () => {
      const q = await fx.quote('c1', { serviceCode: 'moto_parcel' });
      await refused('c1', { quoteId: q, parcel: { ...PARCEL, category: 'weapons' } }, 400, 'PARCEL_FORBIDDEN_CONTENTS');
      await refused('c1', { quoteId: q, parcel: { ...PARCEL, category: 'cheques' } }, 400, 'PARCEL_FORBIDDEN_CONTENTS');
      await refused('c1', { quoteId: q, parcel: { ...PARCEL, declaredValueRials: '50000001' } }, 400, 'PARCEL_VALUE_OVER_CAP');
      await refused('c1', { quoteId: q, parcel: { ...PARCEL, contents: undefined } }, 400, 'PARCEL_CONTENTS_REQUIRED');
      await refused('c1', { quoteId: q }, 400, 'PARCEL_DETAILS_REQUIRED');
      await refused('c1', { quoteId: q, parcel: { ...PARCEL, payer: 'recipient' } }, 400, 'PARCEL_RECIPIENT_PAYS_CASH');
      const ok = await fx.order('c1', { quoteId: q, parcel: { ...PARCEL, declaredValueRials: '50000000' } });
      assert.equal(ok.statusCode, 201, ok.body);
      await fx.call('c1', 'POST', `/v1/orders/${ok.json().id}/cancel`, { reason: 'cleanup' });
    });

    test('ORD-12 a parcel order carries no passengers; a ride takes no parcel', async () => {
      await refused('c1', { quoteId: await fx.quote('c1', { serviceCode: 'moto_parcel' }), parcel: PARCEL, passengers: 1 }, 400, 'PARCEL_NO_PASSENGERS');
      await refused('c1', { quoteId: await fx.quote('c1'), parcel: PARCEL }, 400, 'PARCEL_DETAILS_NOT_ALLOWED');
    });

    test('ORD-2 an expired, used or foreign quote is refused and nothing is written', async () => {
      const foreign = await fx.quote('c2');
      await refused('c1', { quoteId: foreign }, 404, 'QUOTE_NOT_FOUND');
      await refused('c1', { quoteId: 'qte_00000000000000000000000000' }, 404, 'QUOTE_NOT_FOUND');
      const old = await fx.quote('c1');
      fx.t.clock.advance(301_000);
      await refused('c1', { quoteId: old }, 409, 'QUOTE_EXPIRED');
      const used = await fx.quote('c1');
      const first = await fx.order('c1', { quoteId: used });
      assert.equal(first.statusCode, 201);
      await refused('c1', { quoteId: used }, 409, 'QUOTE_USED');
      await fx.call('c1', 'POST', `/v1/orders/${first.json().id}/cancel`, { reason: 'cleanup' });
    });

    const written = async () => [await fx.count('orders'), await fx.count('order_events'), await fx.count('order_offers'), await fx.count('jobs')];
    /** Offers and jobs of orders that do not exist (a half-written order). */
    const orphans = async () => (await queryRows<{ n: number }>(fx.t.db.db, sql`SELECT
      (SELECT count(*) FROM order_offers WHERE order_id NOT IN (SELECT id FROM orders))
      + (SELECT count(*) FROM order_events WHERE order_id NOT IN (SELECT id FROM orders))
      + (SELECT count(*) FROM jobs WHERE payload ? 'orderId' AND payload->>'orderId' NOT IN (SELECT id FROM orders)) AS n`))[0].n;

    test('ORD-2 a quote another process used is refused by the database though this process remembers it unused; no order, history, offer or job is written', async () => {
      await fx.online('driver'); // an order placed now would be written offered, with its offer and its timeout job
      const quoteId = await fx.quote('c1');
      await fx.t.db.db.execute(sql`UPDATE quotes SET used_at = now(), order_id = 'ord_elsewhere' WHERE id = ${quoteId}`);
      const before = await written();
      for (const headers of [undefined, { 'idempotency-key': 'used-elsewhere-1' }]) {
        const res = await fx.order('c1', { quoteId }, headers);
        assert.equal(res.statusCode, 409, res.body);
        assert.equal(res.json().error.code, 'QUOTE_USED');
      }
      assert.deepEqual(await written(), before, 'nothing written');
      assert.equal(await fx.offerOf('driver'), null);
      assert.equal(Number(await orphans()), 0);
    });

    test('ORD-2 two orders sent at once with one quote make one order; the other is QUOTE_USED and leaves nothing behind', async () => {
      await fx.online('driver');
      const quoteId = await fx.quote('c1');
      const [orders0, events0] = [await fx.count('orders'), await fx.count('order_events')];
      const res = await Promise.all(['race-key-a1', 'race-key-b2'].map((k) => fx.order('c1', { quoteId }, { 'idempotency-key': k })));
      assert.deepEqual(res.map((r) => r.statusCode).sort(), [201, 409], res.map((r) => r.body).join(' '));
      assert.equal(res.find((r) => r.statusCode === 409)!.json().error.code, 'QUOTE_USED');
      const won = res.find((r) => r.statusCode === 201)!.json();
      assert.equal(await fx.count('orders'), orders0 + 1);
      assert.equal(await fx.count('order_events'), events0 + (won.status === 'offered' ? 2 : 1), 'created (and offered) for the winner only');
      assert.equal(Number(await orphans()), 0);
      assert.equal((await fx.call('c1', 'POST', `/v1/orders/${won.id}/cancel`, { reason: 'cleanup' })).statusCode, 200);
    });

    test('ACC-9 a customer who has not accepted the terms cannot order', async () => {
      const s = await fx.t.signIn('09140000104');
      fx.tok.c4 = s.token;
      const q = await fx.call('c4', 'POST', '/v1/quotes', { serviceCode: 'car_ride', origin: { lat: 38.02, lng: 46.35 }, destination: { lat: 38.05, lng: 46.2 } });
      assert.ok([403, 201].includes(q.statusCode), q.body);
      if (q.statusCode === 201) await refused('c4', { quoteId: q.json().id }, 403, 'TERMS_NOT_ACCEPTED');
    });

    test('ORD-2 bad bodies are 400 with nothing written', async () => {
      await refused('c1', { quoteId: await fx.quote('c1'), paymentMethod: 'bitcoin' }, 400, 'VALIDATION_FAILED');
      await refused('c1', { quoteId: await fx.quote('c1'), extra: true }, 400, 'VALIDATION_FAILED');
    });
  });
}
