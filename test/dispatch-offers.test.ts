import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDbKinds } from './harness/databases.js';
import { near, orderFixture, type Fx } from './orders-fixtures.js';

const PARCEL = {
  category: 'clothing', contentsVisible: true, declaredValueRials: '2000000',
  recipient: { name: 'Sara Recipient', mobile: '09141119988', address: 'Imam St. 3, Tabriz' },
};

for (const kind of testDbKinds()) {
  describe(`dispatch offer loop [${kind}]`, () => {
    let fx: Fx;
    before(async () => {
      fx = await orderFixture(kind);
      await fx.addProvider('near', {});
      await fx.addProvider('far', {});
      await fx.addProvider('boxFar', { fleetType: 'motorcycle', serviceCodes: ['moto_parcel'], hasBox: true, seats: 1 });
      await fx.addProvider('noBoxNear', { fleetType: 'motorcycle', serviceCodes: ['moto_parcel'], hasBox: false, seats: 1 });
      await fx.online('near', near(1));
      await fx.online('far', near(3));
      await fx.online('boxFar', near(4));
      await fx.online('noBoxNear', near(0.5));
    });
    after(async () => { await fx?.close(); });

    const statusOf = async (id: string, who = 'c2') => (await fx.call(who, 'GET', `/v1/orders/${id}`)).json();

    test('ORD-11 the nearest provider gets the offer first; after the timeout it moves to the next', async () => {
      const o = (await fx.order('c1', { quoteId: await fx.quote('c1') })).json();
      const first = await fx.offerOf('near');
      assert.equal(first?.orderId, o.id);
      assert.equal(await fx.offerOf('far'), null, 'one provider at a time');
      fx.t.clock.advance(14_000);
      await fx.runJobs();
      assert.equal((await fx.offerOf('near'))?.id, first!.id, 'still within the 15 s');
      fx.t.clock.advance(2_000);
      await fx.runJobs();
      assert.equal(await fx.offerOf('near'), null);
      assert.equal((await fx.offerOf('far'))?.orderId, o.id);
      const late = await fx.call('near', 'POST', `/v1/provider/offers/${first!.id}/accept`);
      assert.equal(late.statusCode, 409, 'a timed-out offer cannot be accepted');
      assert.equal(late.json().error.code, 'OFFER_NOT_AVAILABLE');
      assert.equal((await fx.offerOf('far'))?.orderId, o.id, 'the refused acceptance wrote nothing: the next provider still holds the offer');
      assert.equal((await statusOf(o.id, 'c1')).status, 'offered');
      await fx.call('c1', 'POST', `/v1/orders/${o.id}/cancel`, { reason: 'cleanup' });
    });

    test('ORD-11 an offer past its timeout cannot be accepted even before the round job closed it; the order, history and round job are untouched', async () => {
      const o = (await fx.order('c1', { quoteId: await fx.quote('c1') })).json();
      const first = await fx.offerOf('near');
      assert.equal(first?.orderId, o.id);
      const events = await fx.count('order_events');
      fx.t.clock.advance(16_000); // no jobs run: the offer is still pending in the database
      const late = await fx.call('near', 'POST', `/v1/provider/offers/${first!.id}/accept`);
      assert.equal(late.statusCode, 409, late.body);
      assert.equal(late.json().error.code, 'OFFER_NOT_AVAILABLE');
      assert.equal((await statusOf(o.id, 'c1')).status, 'offered');
      assert.equal(await fx.count('order_events'), events, 'no history row');
      await fx.runJobs(); // the round job was not cancelled: it moves the order on
      assert.equal((await fx.offerOf('far'))?.orderId, o.id);
      await fx.call('c1', 'POST', `/v1/orders/${o.id}/cancel`, { reason: 'cleanup' });
    });

    test('ORD-11 a provider holding a pending offer is not offered a second order; it goes to the next nearest', async () => {
      const a = (await fx.order('c1', { quoteId: await fx.quote('c1') })).json();
      assert.equal((await fx.offerOf('near'))?.orderId, a.id);
      const b = (await fx.order('c2', { quoteId: await fx.quote('c2') })).json();
      assert.equal((await fx.offerOf('far'))?.orderId, b.id, 'near holds an offer: the second order skips it');
      assert.equal((await fx.offerOf('near'))?.orderId, a.id, 'near still holds the first one only');
      await fx.call('c1', 'POST', `/v1/orders/${a.id}/cancel`, { reason: 'cleanup' });
      await fx.call('c2', 'POST', `/v1/orders/${b.id}/cancel`, { reason: 'cleanup' });
    });

    test('ORD-11 a rejection moves the order to the next provider at once', async () => {
      const o = (await fx.order('c1', { quoteId: await fx.quote('c1') })).json();
      const first = await fx.offerOf('near');
      const rej = await fx.call('near', 'POST', `/v1/provider/offers/${first!.id}/reject`);
      assert.equal(rej.statusCode, 200, rej.body);
      assert.equal((await fx.offerOf('far'))?.orderId, o.id);
      assert.equal((await fx.call('far', 'POST', `/v1/provider/offers/${first!.id}/accept`)).statusCode, 404, 'another provider\'s offer is not found');
      await fx.call('c1', 'POST', `/v1/orders/${o.id}/cancel`, { reason: 'cleanup' });
    });

    test('ORD-11 with nobody left to offer, the order expires after the search limit with a reason the customer sees', async () => {
      const o = (await fx.order('c2', { quoteId: await fx.quote('c2') })).json();
      for (const who of ['near', 'far']) {
        const f = await fx.offerOf(who);
        assert.equal(f?.orderId, o.id);
        await fx.call(who, 'POST', `/v1/provider/offers/${f!.id}/reject`);
      }
      assert.equal((await statusOf(o.id)).status, 'requested', 'still searching');
      for (let s = 0; s < 125; s += 5) {
        fx.t.clock.advance(5_000);
        await fx.runJobs();
      }
      const end = await statusOf(o.id);
      assert.equal(end.status, 'expired');
      assert.equal(end.reason.code, 'NO_PROVIDER_FOUND');
      assert.match(end.reason.message, /No provider/);
    });

    test('PRV-7 a courier with a delivery box is offered a parcel before a nearer one without', async () => {
      const o = (await fx.order('c1', { quoteId: await fx.quote('c1', { serviceCode: 'moto_parcel' }), parcel: PARCEL })).json();
      assert.equal((await fx.offerOf('boxFar'))?.orderId, o.id);
      assert.equal(await fx.offerOf('noBoxNear'), null);
      await fx.call('c1', 'POST', `/v1/orders/${o.id}/cancel`, { reason: 'cleanup' });
    });

    test('PRV-12 ops hand an accepted job to another provider, or back to dispatch', async () => {
      const o = (await fx.order('c1', { quoteId: await fx.quote('c1') })).json();
      const f = await fx.offerOf('near');
      assert.equal((await fx.call('near', 'POST', `/v1/provider/offers/${f!.id}/accept`)).statusCode, 200);
      assert.equal((await fx.call('c1', 'POST', `/v1/ops/orders/${o.id}/reassign`, { reason: 'x'.repeat(5) })).statusCode, 403, 'customers cannot');
      const handed = await fx.call('agent', 'POST', `/v1/ops/orders/${o.id}/reassign`, { reason: 'vehicle broke down', providerId: fx.uid.far });
      assert.equal(handed.statusCode, 200, handed.body);
      assert.equal(handed.json().provider.id, fx.uid.far);
      assert.equal(handed.json().status, 'accepted');
      assert.equal((await fx.call('near', 'GET', '/v1/provider/orders/current')).json().order, null);
      assert.equal((await fx.call('far', 'GET', '/v1/provider/orders/current')).json().order.id, o.id);
      const back = await fx.call('agent', 'POST', `/v1/ops/orders/${o.id}/reassign`, { reason: 'driver asked to leave' });
      assert.equal(back.statusCode, 200, back.body);
      assert.ok(['requested', 'offered'].includes(back.json().status));
      assert.ok(back.json().history.some((h: { type: string }) => h.type === 'handed_over'));
      assert.equal((await fx.call('c1', 'POST', `/v1/orders/${o.id}/cancel`, { reason: 'cleanup' })).statusCode, 200);
    });

    test('ORD-2 orders still looking for a provider feed the demand signal of pricing', async () => {
      const openNow = async () => (await fx.t.app.modules.pricing.demandSnapshot('cty_tabriz')).reduce((n, c) => n + c.open, 0);
      const before = await openNow();
      const o = (await fx.order('c3', { quoteId: await fx.quote('c3') })).json();
      assert.ok((await openNow()) > before, "the open order is counted around its pickup");
      await fx.call('c3', 'POST', `/v1/orders/${o.id}/cancel`, { reason: 'cleanup' });
      assert.equal(await openNow(), before);
    });

    test('ORD-13 the live channel of an order is for its customer, its provider and ops only', async () => {
      const o = (await fx.order('c1', { quoteId: await fx.quote('c1') })).json();
      const hub = fx.t.app.modules.tracking.live;
      const as = (who: string, roles: string[]) => ({ id: fx.uid[who], roles, status: 'active' as const, sessionId: 's', locale: 'fa' as const });
      assert.equal(await hub.mayListen(as('c1', ['customer']), `order:${o.id}`), true);
      assert.equal(await hub.mayListen(as('c2', ['customer']), `order:${o.id}`), false);
      assert.equal(await hub.mayListen(as('agent', ['ops_agent']), `order:${o.id}`), true);
      const f = await fx.offerOf('near');
      assert.equal(await hub.mayListen(as('near', ['provider']), `order:${o.id}`), false, 'an offer is not the job');
      await fx.call('near', 'POST', `/v1/provider/offers/${f!.id}/accept`);
      assert.equal(await hub.mayListen(as('near', ['provider']), `order:${o.id}`), true);
      assert.equal(await hub.mayListen(as('far', ['provider']), `provider:${fx.uid.near}`), false);
      await fx.call('c1', 'POST', `/v1/orders/${o.id}/cancel`, { reason: 'cleanup' });
    });
  });
}
