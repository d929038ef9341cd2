import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import type { TestApp } from './harness/app.js';
import { testDbKinds } from './harness/databases.js';
import { queryRows } from '../src/platform/db.js';
import { DemoMaskedCallProvider } from '../src/modules/trips/index.js';
import { MOBILES, tripFixture, type TripFx, type Who } from './trips-fixtures.js';

const HOUR = 3600_000;

for (const kind of testDbKinds()) {
  describe(`trips: ratings, chat relay, masked calls, lost items [${kind}]`, () => {
    let fx: TripFx;
    let t: TestApp;
    let calls: DemoMaskedCallProvider;
    let ids: Record<Who, string>;
    const as = (who: Who, method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) => fx.as(who, method, url, body);
    const count = async (table: string) => Number((await queryRows<{ n: string }>(t.db.db, sql.raw(`SELECT count(*) AS n FROM ${table}`)))[0].n);

    before(async () => {
      calls = new DemoMaskedCallProvider('0219100', () => t.clock.now());
      fx = await tripFixture(kind, { maskedCalls: calls });
      t = fx.t;
      ids = fx.ids;
    });
    after(async () => { await fx?.close(); });

    // ---------- ORD-14 ----------
    test('ORD-14 after completion the customer and the provider each rate the other once', async () => {
      const o = await fx.trip('customer', 'driver', 'completed');
      const byCustomer = await as('customer', 'POST', `/v1/orders/${o.id}/rating`, { stars: 5, comment: 'راننده خوش‌برخورد' });
      assert.equal(byCustomer.statusCode, 201, byCustomer.body);
      assert.equal(byCustomer.json().rateeRole, 'provider');
      const byDriver = await as('driver', 'POST', `/v1/orders/${o.id}/rating`, { stars: 4 });
      assert.equal(byDriver.statusCode, 201, byDriver.body);
      assert.equal(byDriver.json().rateeRole, 'customer');
      const again = await as('customer', 'POST', `/v1/orders/${o.id}/rating`, { stars: 1 });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.code, 'RATING_EXISTS');
      const view = (await as('customer', 'GET', `/v1/orders/${o.id}/rating`)).json();
      assert.equal(view.mine.stars, 5);
      assert.equal(view.received.stars, 4);
      assert.equal(view.canRate, false);
    });

    test('ORD-14 a trip cannot be rated before it is completed, and nothing is written', async () => {
      const o = await fx.trip('customer', 'driver', 'accepted');
      const before = await count('order_ratings');
      const res = await as('customer', 'POST', `/v1/orders/${o.id}/rating`, { stars: 5 });
      assert.equal(res.statusCode, 409);
      assert.equal(res.json().error.code, 'ORDER_NOT_COMPLETED');
      assert.equal((await as('customer', 'GET', `/v1/orders/${o.id}/rating`)).json().canRate, false);
      assert.equal(await count('order_ratings'), before);
    });

    test('ORD-14 stars outside 1-5, extra fields and over-long comments are refused, and nothing is written', async () => {
      const o = await fx.trip('customer', 'driver', 'completed');
      const before = await count('order_ratings');
      for (const body of [{ stars: 0 }, { stars: 6 }, { stars: 4.5 }, { stars: '5' }, {}, { stars: 5, providerId: ids.driver }]) {
        const res = await as('customer', 'POST', `/v1/orders/${o.id}/rating`, body);
        assert.equal(res.statusCode, 400, JSON.stringify(body));
      }
      const long = await as('customer', 'POST', `/v1/orders/${o.id}/rating`, { stars: 3, comment: 'خ'.repeat(501) });
      assert.equal(long.statusCode, 400);
      assert.equal(long.json().error.code, 'RATING_COMMENT_TOO_LONG');
      assert.equal(await count('order_ratings'), before);
    });

    test('ORD-14 only the order\'s parties rate it: another user gets 404 and nothing is written', async () => {
      const o = await fx.trip('customer', 'driver', 'completed');
      for (const who of ['other', 'courier'] as const) {
        const res = await as(who, 'POST', `/v1/orders/${o.id}/rating`, { stars: 1 });
        assert.equal(res.statusCode, 404, who);
        assert.equal(res.json().error.code, 'ORDER_NOT_FOUND');
        assert.equal((await as(who, 'GET', `/v1/orders/${o.id}/rating`)).statusCode, 404);
      }
      assert.equal((await as('customer', 'POST', '/v1/orders/ord_00000000000000000000000000/rating', { stars: 1 })).statusCode, 404);
      assert.equal((await queryRows(t.db.db, sql`SELECT 1 FROM order_ratings WHERE order_id = ${o.id}`)).length, 0);
    });

    test('ORD-14 two ratings at once from one side: exactly one is stored', async () => {
      const o = await fx.trip('customer', 'driver', 'completed');
      const results = await Promise.all([1, 2, 3, 4, 5].map((stars) => as('customer', 'POST', `/v1/orders/${o.id}/rating`, { stars })));
      assert.deepEqual(results.map((r) => r.statusCode).sort(), [201, 409, 409, 409, 409]);
      assert.equal((await queryRows(t.db.db, sql`SELECT 1 FROM order_ratings WHERE order_id = ${o.id}`)).length, 1);
    });

    test('ORD-14 the provider\'s rating is the mean of the last N ratings, N a setting (rewards.ratingWindowTrips)', async () => {
      const set = await as('admin', 'PUT', '/v1/ops/settings/rewards.ratingWindowTrips', { value: 2, reason: 'test: short window' });
      assert.equal(set.statusCode, 200, set.body);
      for (const stars of [1, 4, 5]) {
        const o = await fx.trip('other', 'courier', 'completed');
        t.clock.advance(1000);
        assert.equal((await as('other', 'POST', `/v1/orders/${o.id}/rating`, { stars })).statusCode, 201);
      }
      const mine = (await as('courier', 'GET', '/v1/me/ratings')).json();
      assert.deepEqual(mine.asProvider, { average: 4.5, count: 2, window: 2 });
      assert.equal((await as('other', 'GET', '/v1/me/ratings')).json().asProvider, null);
      assert.equal((await t.app.modules.tripExtras.ratings.providerRating(ids.courier)).average, 4.5);
      await as('admin', 'PUT', '/v1/ops/settings/rewards.ratingWindowTrips', { value: 500, reason: 'test: back to default' });
    });

    // ---------- ORD-18 ----------
    test('ORD-18 the parties chat while the trip runs; phone numbers in any digits are removed', async () => {
      const o = await fx.trip('customer', 'driver', 'accepted');
      const sent = await as('customer', 'POST', `/v1/orders/${o.id}/messages`, { text: 'سلام، شماره من ۰۹۱۲۱۲۳۴۵۶۷ است، دم در پلاک ۱۲' });
      assert.equal(sent.statusCode, 201, sent.body);
      assert.equal(sent.json().redacted, true);
      assert.equal(sent.json().text, 'سلام، شماره من *** است، دم در پلاک ۱۲');
      assert.equal((await as('driver', 'POST', `/v1/orders/${o.id}/messages`, { text: 'call 0914 000 0201' })).json().text, 'call ***');
      const seen = await as('driver', 'GET', `/v1/orders/${o.id}/messages`);
      assert.equal(seen.statusCode, 200);
      assert.deepEqual(seen.json().items.map((m: { from: string }) => m.from), ['customer', 'provider']);
      for (const m of Object.values(MOBILES)) assert.ok(!seen.body.includes(m) && !seen.body.includes(m.slice(1)), 'no mobile in the chat');
      const after = await as('customer', 'GET', `/v1/orders/${o.id}/messages?after=${sent.json().id}`);
      assert.equal(after.json().items.length, 1);
    });

    test('ORD-18 before acceptance the provider sees no customer and there is no chat; empty messages are refused', async () => {
      const o = await fx.trip('customer', 'driver', 'offered');
      const res = await as('customer', 'POST', `/v1/orders/${o.id}/messages`, { text: 'hello?' });
      assert.equal(res.statusCode, 409);
      assert.equal(res.json().error.code, 'CHAT_CLOSED');
      assert.equal((await as('driver', 'POST', `/v1/orders/${o.id}/messages`, { text: 'hi' })).statusCode, 404);
      assert.equal((await as('driver', 'GET', `/v1/orders/${o.id}`)).statusCode, 404, 'before acceptance the provider sees nothing of the customer');
      const running = await fx.trip('customer', 'driver', 'accepted');
      const seen = await as('driver', 'GET', `/v1/orders/${running.id}`);
      assert.equal(seen.json().customer.firstName, 'سارا');
      assert.ok(!seen.body.includes(MOBILES.customer), 'after acceptance: a masked mobile only');
      const blank = await as('customer', 'POST', `/v1/orders/${running.id}/messages`, { text: '   ' });
      assert.equal(blank.statusCode, 400);
      assert.equal(blank.json().error.code, 'MESSAGE_EMPTY');
      assert.equal((await queryRows(t.db.db, sql`SELECT 1 FROM order_messages WHERE order_id IN (${o.id}, ${running.id})`)).length, 0);
    });

    test('ORD-18 a stranger neither reads nor writes an order\'s chat (404); ops may read it', async () => {
      const o = await fx.trip('customer', 'driver', 'accepted');
      assert.equal((await as('customer', 'POST', `/v1/orders/${o.id}/messages`, { text: 'on my way down' })).statusCode, 201);
      for (const who of ['other', 'courier'] as const) {
        assert.equal((await as(who, 'GET', `/v1/orders/${o.id}/messages`)).statusCode, 404, who);
        assert.equal((await as(who, 'POST', `/v1/orders/${o.id}/messages`, { text: 'hi' })).statusCode, 404, who);
        assert.equal((await as(who, 'POST', `/v1/orders/${o.id}/call`, {})).statusCode, 404, who);
      }
      const ops = await as('ops', 'GET', `/v1/orders/${o.id}/messages`);
      assert.equal(ops.statusCode, 200);
      assert.equal(ops.json().items.length, 1);
      assert.equal((await as('ops', 'POST', `/v1/orders/${o.id}/messages`, { text: 'hi' })).statusCode, 404);
    });

    test('ORD-18 the chat stays open for the contact window after the trip, then closes', async () => {
      const o = await fx.trip('customer', 'driver', 'completed');
      t.clock.advance(23 * HOUR);
      assert.equal((await as('driver', 'POST', `/v1/orders/${o.id}/messages`, { text: 'thanks!' })).statusCode, 201);
      t.clock.advance(2 * HOUR);
      const late = await as('customer', 'POST', `/v1/orders/${o.id}/messages`, { text: 'hello again' });
      assert.equal(late.statusCode, 409);
      assert.equal(late.json().error.code, 'CHAT_CLOSED');
      assert.equal((await as('customer', 'POST', `/v1/orders/${o.id}/call`, {})).json().error.code, 'CHAT_CLOSED');
      assert.equal((await as('customer', 'GET', `/v1/orders/${o.id}/messages`)).json().items.length, 1, 'the history stays readable');
    });

    test('ORD-18 a masked call gives a relay number that connects only the two parties', async () => {
      const o = await fx.trip('customer', 'driver', 'accepted');
      const res = await as('customer', 'POST', `/v1/orders/${o.id}/call`, {});
      assert.equal(res.statusCode, 200, res.body);
      const { relayNumber, expiresAt } = res.json();
      assert.ok(!Object.values(MOBILES).includes(relayNumber));
      assert.equal(new Date(expiresAt).getTime(), t.clock.now().getTime() + 1800_000);
      assert.equal(calls.route(relayNumber, MOBILES.customer), MOBILES.driver);
      assert.equal(calls.route(relayNumber, MOBILES.driver), MOBILES.customer);
      assert.equal(calls.route(relayNumber, MOBILES.other), null);
      const back = await as('driver', 'POST', `/v1/orders/${o.id}/call`, {});
      assert.equal(back.json().relayNumber, relayNumber, 'the same pair keeps its relay number');
      t.clock.advance(1801_000);
      assert.equal(calls.route(relayNumber, MOBILES.customer), null, 'the session expires');
    });

    // ---------- ORD-15 ----------
    test('ORD-15 after the trip the customer reports a lost item; the provider gets an SMS and answers in the chat; ops see and close it', async () => {
      const o = await fx.trip('customer', 'driver', 'completed');
      const res = await as('customer', 'POST', `/v1/orders/${o.id}/lost-item`, { description: 'کیف مشکی روی صندلی عقب جا ماند' });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().status, 'open');
      assert.equal(res.json().message.kind, 'lost_item');
      const sms = await t.lastSms(MOBILES.driver);
      assert.match(sms ?? '', /جا گذاشته/);
      assert.ok(!sms!.includes(MOBILES.customer.slice(1)));
      const answer = await as('driver', 'POST', `/v1/orders/${o.id}/messages`, { text: 'پیدا شد، فردا می‌آورم' });
      assert.equal(answer.statusCode, 201);
      const open = (await as('ops', 'GET', '/v1/ops/lost-items?status=open')).json().items;
      assert.ok(open.some((r: { id: string; orderId: string }) => r.id === res.json().id && r.orderId === o.id));
      const closed = await as('ops', 'POST', `/v1/ops/lost-items/${res.json().id}/close`, { outcome: 'returned', reason: 'item handed back' });
      assert.equal(closed.statusCode, 200, closed.body);
      assert.equal(closed.json().status, 'returned');
      const again = await as('ops', 'POST', `/v1/ops/lost-items/${res.json().id}/close`, { outcome: 'closed', reason: 'twice' });
      assert.equal(again.json().error.code, 'LOST_ITEM_CLOSED');
      const audit = await queryRows(t.db.db, sql`SELECT 1 FROM audit_log WHERE action = 'lost_item.close' AND target_id = ${res.json().id}`);
      assert.equal(audit.length, 1);
    });

    test('ORD-15 an open lost-item request keeps the chat open past the contact window', async () => {
      const o = await fx.trip('customer', 'driver', 'completed');
      t.clock.advance(48 * HOUR);
      assert.equal((await as('customer', 'POST', `/v1/orders/${o.id}/messages`, { text: 'hi' })).statusCode, 409);
      assert.equal((await as('customer', 'POST', `/v1/orders/${o.id}/lost-item`, { description: 'my phone charger' })).statusCode, 201);
      assert.equal((await as('driver', 'POST', `/v1/orders/${o.id}/messages`, { text: 'I have it' })).statusCode, 201);
      assert.equal((await as('customer', 'POST', `/v1/orders/${o.id}/call`, {})).statusCode, 200);
    });

    test('ORD-15 only the customer of a completed trip reports a lost item, one open at a time, within the window', async () => {
      const running = await fx.trip('customer', 'driver', 'accepted');
      assert.equal((await as('customer', 'POST', `/v1/orders/${running.id}/lost-item`, { description: 'umbrella' })).json().error.code, 'LOST_ITEM_NOT_ALLOWED');
      const o = await fx.trip('customer', 'driver', 'completed');
      const before = await count('lost_item_requests');
      const byDriver = await as('driver', 'POST', `/v1/orders/${o.id}/lost-item`, { description: 'umbrella' });
      assert.equal(byDriver.statusCode, 403);
      assert.equal((await as('other', 'POST', `/v1/orders/${o.id}/lost-item`, { description: 'umbrella' })).statusCode, 404);
      assert.equal((await as('customer', 'POST', `/v1/orders/${o.id}/lost-item`, { description: 'x' })).statusCode, 400);
      assert.equal(await count('lost_item_requests'), before);
      const both = await Promise.all([1, 2].map(() => as('customer', 'POST', `/v1/orders/${o.id}/lost-item`, { description: 'umbrella' })));
      assert.deepEqual(both.map((r) => r.statusCode).sort(), [201, 409]);
      const late = await fx.trip('customer', 'driver', 'completed');
      t.clock.advance(7 * 24 * HOUR + 1000);
      assert.equal((await as('customer', 'POST', `/v1/orders/${late.id}/lost-item`, { description: 'umbrella' })).json().error.code, 'LOST_ITEM_WINDOW_PASSED');
    });
  });
}
