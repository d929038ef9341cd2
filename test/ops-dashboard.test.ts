import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDbKinds } from './harness/databases.js';
import { orderFixture, type Fx } from './orders-fixtures.js';

// OPS-3: the dashboard's figures come from the real orders of the window, bucketed in the city's
// local time, and only ops may read them.

for (const kind of testDbKinds()) {
  describe(`OPS-3 dashboard [${kind}]`, () => {
    let fx: Fx;
    let completedFare = 0n;
    before(async () => {
      fx = await orderFixture(kind);
      await fx.online('driver');
      // One ride completed, one cancelled by its customer, one still looking for a provider.
      const done = (await fx.order('c1', { quoteId: await fx.quote('c1') })).json();
      const offer = await fx.offerOf('driver');
      assert.equal((await fx.call('driver', 'POST', `/v1/provider/offers/${offer!.id}/accept`)).statusCode, 200);
      for (const step of ['arrived', 'start', 'complete']) assert.equal((await fx.call('driver', 'POST', `/v1/provider/orders/${done.id}/${step}`, {})).statusCode, 200);
      completedFare = BigInt(done.priceRials);
      const cancelled = (await fx.order('c2', { quoteId: await fx.quote('c2') })).json();
      assert.equal((await fx.call('c2', 'POST', `/v1/orders/${cancelled.id}/cancel`, { reason: 'changed my mind' })).statusCode, 200);
      assert.equal((await fx.order('c3', { quoteId: await fx.quote('c3', { serviceCode: 'moto_ride' }) })).statusCode, 201);
    });
    after(async () => { await fx?.close(); });

    test('OPS-3 the dashboard counts the window\'s orders by outcome and service, with the completed fares and the median wait to accept', async () => {
      const res = await fx.call('admin', 'GET', '/v1/ops/dashboard?cityId=cty_tabriz');
      assert.equal(res.statusCode, 200, res.body);
      const d = res.json();
      assert.equal(d.timeZone, 'Asia/Tehran');
      assert.equal(d.unit, 'hour');
      assert.deepEqual(d.totals, { orders: 3, completed: 1, cancelled: 1, open: 1, expired: 0, cancelledPercent: 33.3, completedFareRials: completedFare.toString() });
      assert.deepEqual(d.byService, [{ serviceCode: 'car_ride', orders: 2, completed: 1 }, { serviceCode: 'moto_ride', orders: 1, completed: 0 }]);
      assert.equal(typeof d.acceptSecondsMedian, 'number');
      assert.equal(d.byStatus.reduce((a: number, s: { orders: number }) => a + s.orders, 0), 3);
    });

    test('OPS-3 buckets are every local hour of the last day (empty ones too) or every local day of a longer window', async () => {
      const day = (await fx.call('agent', 'GET', '/v1/ops/dashboard?cityId=cty_tabriz&days=1')).json();
      assert.ok(day.buckets.length === 24 || day.buckets.length === 25, `24 hourly buckets (25 when the window starts mid-hour), got ${day.buckets.length}`);
      assert.equal(day.buckets.reduce((a: number, b: { created: number }) => a + b.created, 0), 3);
      // Tehran is UTC+03:30: the test clock's 08:00Z is 11:30 local, so the orders sit in the 11:00 bucket.
      const hit = day.buckets.find((b: { created: number }) => b.created > 0);
      assert.match(hit.at, /T11:00$/);
      assert.deepEqual({ created: hit.created, completed: hit.completed, cancelled: hit.cancelled }, { created: 3, completed: 1, cancelled: 1 });
      const week = (await fx.call('agent', 'GET', '/v1/ops/dashboard?cityId=cty_tabriz&days=7')).json();
      assert.equal(week.unit, 'day');
      assert.ok(week.buckets.length === 7 || week.buckets.length === 8);
      assert.ok(week.buckets.every((b: { at: string }) => b.at.endsWith('T00:00')));
      assert.equal(week.totals.orders, 3);
    });

    test('OPS-3 only ops read the dashboard; a bad window or an unknown city is a 4xx with its code', async () => {
      assert.equal((await fx.call('c1', 'GET', '/v1/ops/dashboard?cityId=cty_tabriz')).statusCode, 403);
      assert.equal((await fx.call('driver', 'GET', '/v1/ops/dashboard?cityId=cty_tabriz')).statusCode, 403);
      assert.equal((await fx.t.call('GET', '/v1/ops/dashboard?cityId=cty_tabriz')).statusCode, 401);
      for (const q of ['days=0', 'days=32', 'days=abc', '']) {
        const res = await fx.call('admin', 'GET', `/v1/ops/dashboard?${q}${q ? '&' : ''}${q === '' ? '' : 'cityId=cty_tabriz'}`);
        assert.equal(res.statusCode, 400, `${q}: ${res.body}`);
      }
      const unknown = await fx.call('admin', 'GET', '/v1/ops/dashboard?cityId=cty_nowhere');
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.json().error.code, 'CITY_NOT_FOUND');
    });
  });
}
