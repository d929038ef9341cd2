import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { testDbKinds } from './harness/databases.js';
import { queryRows } from '../src/platform/db.js';
import { orderFixture, providerWallet, revenue, type Fx } from './orders-fixtures.js';

const BOX = 'shi_demo_box';
const HELMET = 'shi_demo_helmet';
const JACKET = 'shi_demo_jacket';

const count = async (fx: Fx, table: string) => (await queryRows<{ n: number }>(fx.t.db.db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0].n;

for (const kind of testDbKinds()) {
  test(`PRV-6 equipment shop (${kind})`, async (t) => {
    const fx = await orderFixture(kind);
    t.after(() => fx.close());
    const pa = await fx.addProvider('pa', { fleetType: 'motorcycle', serviceCodes: ['moto_parcel'] });
    await fx.addProvider('pb', { fleetType: 'motorcycle', serviceCodes: ['moto_parcel'] });

    await t.test('PRV-6 the catalogue shows the demo items in Persian', async () => {
      const res = await fx.call('pa', 'GET', '/v1/provider/shop/items');
      assert.equal(res.statusCode, 200, res.body);
      const items = res.json();
      assert.deepEqual(items.map((i: any) => i.code), ['box', 'jacket', 'helmet']);
      assert.equal(items[0].nameFa, 'باکس حمل مرسوله');
    });

    let orderId = '';
    await t.test('PRV-6 a provider orders several items; ops confirm and charge the wallet in one balanced transfer', async () => {
      const placed = await fx.call('pa', 'POST', '/v1/provider/shop/orders', { lines: [{ itemId: BOX, quantity: 1 }, { itemId: HELMET, quantity: 2 }] });
      assert.equal(placed.statusCode, 201, placed.body);
      orderId = placed.json().id;
      assert.equal(placed.json().status, 'placed');
      assert.equal(placed.json().listTotalRials, String(25_000_000 + 2 * 12_000_000));
      const walletBefore = await fx.balance(providerWallet(pa));
      const revenueBefore = await fx.balance(revenue);
      const confirmed = await fx.call('agent', 'POST', `/v1/ops/shop/orders/${orderId}/confirm`, { collect: 'wallet', atSignup: true });
      assert.equal(confirmed.statusCode, 200, confirmed.body);
      assert.equal(confirmed.json().status, 'paid');
      assert.equal(await fx.balance(providerWallet(pa)), walletBefore - 49_000_000n);
      assert.equal(await fx.balance(revenue), revenueBefore + 49_000_000n);
      // A second confirmation loses cleanly and charges nothing more.
      const again = await fx.call('agent', 'POST', `/v1/ops/shop/orders/${orderId}/confirm`, { collect: 'wallet' });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.code, 'SHOP_ORDER_WRONG_STATUS');
      assert.equal(await fx.balance(providerWallet(pa)), walletBefore - 49_000_000n);
    });

    await t.test('PRV-7 shipping shows the tracking number; delivering a box sets the dispatch-priority flag', async () => {
      const shipped = await fx.call('agent', 'POST', `/v1/ops/shop/orders/${orderId}/ship`, { trackingNumber: 'IR1234567890' });
      assert.equal(shipped.statusCode, 200, shipped.body);
      const mine = (await fx.call('pa', 'GET', `/v1/provider/shop/orders/${orderId}`)).json();
      assert.equal(mine.status, 'shipped');
      assert.equal(mine.trackingNumber, 'IR1234567890');
      assert.deepEqual(mine.events.map((e: any) => e.status), ['placed', 'confirmed', 'paid', 'shipped']);
      assert.match((await fx.t.lastSms((await fx.t.app.modules.users.get(pa))!.mobile)) ?? '', /IR۱۲۳۴۵۶۷۸۹۰/);
      assert.equal((await fx.t.app.modules.providers.get(pa))!.hasBox, false);
      const delivered = await fx.call('agent', 'POST', `/v1/ops/shop/orders/${orderId}/deliver`);
      assert.equal(delivered.statusCode, 200, delivered.body);
      assert.equal((await fx.t.app.modules.providers.get(pa))!.hasBox, true);
      const audit = await queryRows<{ action: string }>(fx.t.db.db, sql`SELECT action FROM audit_log WHERE target_id = ${orderId} ORDER BY id`);
      assert.deepEqual(audit.map((a) => a.action), ['shop.order.confirm', 'shop.order.ship', 'shop.order.deliver']);
    });

    await t.test('PRV-5 equipment flagged at sign-up is the guarantee-return base', async () => {
      assert.equal(await fx.t.app.modules.shop.equipmentReceivedAtSignupRials(fx.t.db.db, pa), 49_000_000n);
    });

    await t.test('PRV-6 cancel before confirmation only; another provider gets 404', async () => {
      const placed = (await fx.call('pa', 'POST', '/v1/provider/shop/orders', { lines: [{ itemId: JACKET, quantity: 1 }] })).json();
      assert.equal((await fx.call('pb', 'GET', `/v1/provider/shop/orders/${placed.id}`)).statusCode, 404);
      assert.equal((await fx.call('pb', 'POST', `/v1/provider/shop/orders/${placed.id}/cancel`)).statusCode, 404);
      const cancelled = await fx.call('pa', 'POST', `/v1/provider/shop/orders/${placed.id}/cancel`);
      assert.equal(cancelled.json().status, 'cancelled');
      assert.equal((await fx.call('pa', 'POST', `/v1/provider/shop/orders/${orderId}/cancel`)).json().error.code, 'SHOP_ORDER_WRONG_STATUS');
    });

    await t.test('PRV-6 bad orders are refused with a code and nothing is written', async () => {
      const before = await count(fx, 'shop_orders');
      const cases: Array<[unknown, number, string]> = [
        [{ lines: [] }, 400, 'VALIDATION_FAILED'],
        [{ lines: [{ itemId: BOX, quantity: 1 }, { itemId: BOX, quantity: 1 }] }, 400, 'SHOP_ORDER_DUPLICATE_ITEM'],
        [{ lines: [{ itemId: 'shi_nope', quantity: 1 }] }, 404, 'SHOP_ITEM_NOT_FOUND'],
        [{ lines: [{ itemId: BOX, quantity: 0 }] }, 400, 'VALIDATION_FAILED'],
      ];
      for (const [body, status, code] of cases) {
        const res = await fx.call('pa', 'POST', '/v1/provider/shop/orders', body);
        assert.equal(res.statusCode, status, res.body);
        if (code !== 'VALIDATION_FAILED') assert.equal(res.json().error.code, code);
      }
      const off = await fx.call('agent', 'PATCH', `/v1/ops/shop/items/${JACKET}`, { inStock: false });
      assert.equal(off.statusCode, 200, off.body);
      const res = await fx.call('pa', 'POST', '/v1/provider/shop/orders', { lines: [{ itemId: JACKET, quantity: 1 }] });
      assert.equal(res.json().error.code, 'SHOP_ITEM_UNAVAILABLE');
      assert.equal(await count(fx, 'shop_orders'), before);
      // A customer is not a provider: the route itself refuses.
      assert.equal((await fx.call('c1', 'POST', '/v1/provider/shop/orders', { lines: [{ itemId: BOX, quantity: 1 }] })).statusCode, 403);
      assert.equal((await fx.call('pa', 'GET', '/v1/ops/shop/orders')).statusCode, 403);
    });

    await t.test('PRV-6 ops may send a payment link instead; paying it marks the order paid', async () => {
      const placed = (await fx.call('pa', 'POST', '/v1/provider/shop/orders', { lines: [{ itemId: HELMET, quantity: 1 }] })).json();
      const res = await fx.call('agent', 'POST', `/v1/ops/shop/orders/${placed.id}/confirm`, { collect: 'link', totalRials: '11000000' });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().status, 'awaiting_payment');
      assert.ok(res.json().linkId);
      assert.equal(res.json().totalRials, '11000000');
      await fx.t.app.modules.shop.onLinkPaid(res.json().linkId);
      assert.equal((await fx.call('pa', 'GET', `/v1/provider/shop/orders/${placed.id}`)).json().status, 'paid');
    });

    await t.test('PRV-6 two agents confirming at once: one wins, the wallet is charged once', async () => {
      const placed = (await fx.call('pa', 'POST', '/v1/provider/shop/orders', { lines: [{ itemId: HELMET, quantity: 1 }] })).json();
      const before = await fx.balance(providerWallet(pa));
      const answers = await Promise.all([
        fx.call('agent', 'POST', `/v1/ops/shop/orders/${placed.id}/confirm`, { collect: 'wallet' }),
        fx.call('admin', 'POST', `/v1/ops/shop/orders/${placed.id}/confirm`, { collect: 'wallet' }),
      ]);
      assert.deepEqual(answers.map((a) => a.statusCode).sort(), [200, 409]);
      assert.equal(await fx.balance(providerWallet(pa)), before - 12_000_000n);
    });

    await t.test('PRV-6 ops manage the catalogue (audited)', async () => {
      const res = await fx.call('agent', 'POST', '/v1/ops/shop/items', { code: 'gloves', nameFa: 'دستکش', nameEn: 'Gloves', priceRials: '3000000' });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal((await fx.call('agent', 'POST', '/v1/ops/shop/items', { code: 'gloves', nameFa: 'دستکش', nameEn: 'Gloves', priceRials: '3000000' })).json().error.code, 'SHOP_ITEM_CODE_TAKEN');
      const audit = await queryRows<{ n: number }>(fx.t.db.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'shop.item.create'`);
      assert.equal(audit[0].n, 1);
    });
  });
}
