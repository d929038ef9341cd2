import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDbKinds } from './harness/databases.js';
import { checkLedger } from '../src/modules/wallet/index.js';
import { TrackingService } from '../src/modules/tracking/index.js';
import { DROPOFF, PICKUP, orderFixture, providerWallet, revenue, wallet, type Fx } from './orders-fixtures.js';

const PARCEL = {
  category: 'documents', contents: 'contract papers', contentsVisible: false, declaredValueRials: '10000000',
  recipient: { name: 'Reza Recipient', mobile: '09141112233', address: 'Valiasr St. 12, Tabriz' },
};
const PNG = 'data:image/png;base64,' + Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]).toString('base64');

for (const kind of testDbKinds()) {
  describe(`orders lifecycle [${kind}]`, () => {
    let fx: Fx;
    before(async () => {
      fx = await orderFixture(kind);
      await fx.online('driver');
      await fx.online('courier');
    });
    after(async () => { await fx?.close(); });

    /** Drives an offered order through accept -> arrived -> start as `who`. */
    async function acceptAndStart(who: string, orderId: string) {
      const offer = await fx.offerOf(who);
      assert.equal(offer?.orderId, orderId);
      const acc = await fx.call(who, 'POST', `/v1/provider/offers/${offer!.id}/accept`);
      assert.equal(acc.statusCode, 200, acc.body);
      for (const step of ['arrived', 'start']) {
        const res = await fx.call(who, 'POST', `/v1/provider/orders/${orderId}/${step}`);
        assert.equal(res.statusCode, 200, res.body);
      }
    }

    test('ORD-1 a car ride goes requested -> offered -> accepted -> arrived -> in_progress -> completed over HTTP, paid from the wallet', async () => {
      const c1 = fx.uid.c1;
      const driver = fx.uid.driver;
      const [w0, p0, r0] = [await fx.balance(wallet(c1)), await fx.balance(providerWallet(driver)), await fx.balance(revenue)];
      const res = await fx.order('c1', { quoteId: await fx.quote('c1'), passengers: 2 });
      assert.equal(res.statusCode, 201, res.body);
      const o = res.json();
      assert.equal(o.status, 'offered');
      assert.equal(o.kind, 'ride');
      assert.equal(o.passengers, 2);
      const offer = await fx.offerOf('driver');
      assert.equal(offer?.kind, 'passenger', 'ORD-12 the offer says it is a passenger job');
      // ORD-18: before accepting, the provider sees no customer; after, a first name and a masked mobile.
      assert.equal((await fx.call('driver', 'GET', `/v1/orders/${o.id}`)).statusCode, 404);
      await acceptAndStart('driver', o.id);
      const seen = (await fx.call('driver', 'GET', `/v1/orders/${o.id}`)).json();
      assert.match(seen.customer.maskedMobile, /^0914\*{5}\d\d$/);
      const done = await fx.call('driver', 'POST', `/v1/provider/orders/${o.id}/complete`, {});
      assert.equal(done.statusCode, 200, done.body);
      assert.equal(done.json().status, 'completed');
      assert.ok(done.json().receiptId);
      const price = BigInt(o.priceRials);
      const commission = (price * 1500n) / 10_000n;
      assert.equal(await fx.balance(wallet(c1)), w0 - price, 'PAY-2 the wallet pays (and may go negative)');
      assert.equal(await fx.balance(providerWallet(driver)), p0 + price - commission);
      assert.equal(await fx.balance(revenue), r0 + commission, 'PAY-3 commission per service');
      assert.ok((await checkLedger(fx.t.db.db)).ok);
      const mine = (await fx.call('c1', 'GET', `/v1/orders/${o.id}`)).json();
      assert.equal(mine.provider.id, driver);
      const ops = (await fx.call('agent', 'GET', `/v1/ops/orders/${o.id}`)).json();
      assert.deepEqual(ops.history.filter((h: { from: string; to: string }) => h.from !== h.to).map((h: { to: string }) => h.to),
        ['requested', 'offered', 'accepted', 'arrived', 'in_progress', 'completed']);
      assert.equal((await fx.call('driver', 'GET', '/v1/provider/orders/current')).json().order, null, 'the provider is free again');
    });

    test('PRV-12 a provider holding a job is still busy after a restart (tracking takes it from the orders), and free after it ends', async () => {
      const app = fx.t.app;
      const restarted = async () => {
        const fresh = new TrackingService({ platform: app.platform, settings: app.modules.settings, providers: app.modules.providers, assertCanWork: async () => {} });
        await fresh.restore(() => app.modules.orders.activeJobs());
        return fresh;
      };
      const o = (await fx.order('c1', { quoteId: await fx.quote('c1') })).json();
      await acceptAndStart('driver', o.id);
      const during = await restarted();
      assert.equal(during.activeOrder(fx.uid.driver), o.id);
      assert.equal(during.view(fx.uid.driver, 'cty_tabriz').state, 'busy');
      assert.ok(!during.candidates({ cityId: 'cty_tabriz', lat: PICKUP.lat, lng: PICKUP.lng, serviceCode: 'car_ride', k: 5 }).some((c) => c.providerId === fx.uid.driver));
      assert.equal((await fx.call('driver', 'POST', `/v1/provider/orders/${o.id}/complete`, {})).statusCode, 200);
      const after = await restarted();
      assert.equal(after.activeOrder(fx.uid.driver), null);
      assert.equal(after.view(fx.uid.driver, 'cty_tabriz').state, 'idle');
    });

    test('PAY-7 the fare of a completed ride is not refunded: neither the customer nor ops can cancel it, and no money moves', async () => {
      const o = (await fx.order('c2', { quoteId: await fx.quote('c2') })).json();
      await acceptAndStart('driver', o.id);
      assert.equal((await fx.call('driver', 'POST', `/v1/provider/orders/${o.id}/complete`, {})).statusCode, 200);
      const before = [await fx.balance(wallet(fx.uid.c2)), await fx.balance(providerWallet(fx.uid.driver)), await fx.balance(revenue)];
      const mine = await fx.call('c2', 'POST', `/v1/orders/${o.id}/cancel`, { reason: 'I want my money back' });
      assert.equal(mine.statusCode, 409, mine.body);
      const ops = await fx.call('agent', 'POST', `/v1/ops/orders/${o.id}/cancel`, { reason: 'customer asked for a refund' });
      assert.equal(ops.statusCode, 409, ops.body);
      assert.deepEqual([await fx.balance(wallet(fx.uid.c2)), await fx.balance(providerWallet(fx.uid.driver)), await fx.balance(revenue)], before);
      assert.equal((await fx.call('c2', 'GET', `/v1/orders/${o.id}`)).json().status, 'completed');
    });

    test('PAY-4 a quoted discount is redeemed with the order, funded from promotion expense at completion, and given back on cancellation', async () => {
      const promo = await fx.call('admin', 'POST', '/v1/ops/promotions', {
        code: 'RIDE50', audience: 'public', benefit: { type: 'fixed', amountRials: '50000' }, perUserLimit: null,
        title: { fa: 'تخفیف', ar: 'خصم', en: 'Discount' },
      });
      assert.equal(promo.statusCode, 201, promo.body);
      const expense = { ownerType: 'platform' as const, ownerId: 'platform', kind: 'promotion_expense' as const };
      const [e0, p0, w0] = [await fx.balance(expense), await fx.balance(providerWallet(fx.uid.driver)), await fx.balance(wallet(fx.uid.c1))];
      const o = (await fx.order('c1', { quoteId: await fx.quote('c1', { promoCode: 'RIDE50' }) })).json();
      assert.equal(o.discountRials, '50000');
      const stats = async () => (await fx.call('admin', 'GET', `/v1/ops/promotions/${promo.json().id}`)).json().usedCount;
      assert.equal(await stats(), 1);
      await acceptAndStart('driver', o.id);
      assert.equal((await fx.call('driver', 'POST', `/v1/provider/orders/${o.id}/complete`, {})).statusCode, 200);
      const gross = BigInt(o.priceRials) + 50_000n;
      assert.equal(await fx.balance(wallet(fx.uid.c1)), w0 - BigInt(o.priceRials), 'the customer pays the discounted price');
      assert.equal(await fx.balance(expense), e0 - 50_000n, 'the platform funds the discount');
      assert.equal(await fx.balance(providerWallet(fx.uid.driver)), p0 + gross - (gross * 1500n) / 10_000n, 'the provider earns on the full fare');
      const c = (await fx.order('c1', { quoteId: await fx.quote('c1', { promoCode: 'RIDE50' }) })).json();
      assert.equal(await stats(), 2);
      await fx.call('c1', 'POST', `/v1/orders/${c.id}/cancel`, { reason: 'changed my mind' });
      assert.equal(await stats(), 1, 'a cancelled order gives its use back');
      assert.ok((await checkLedger(fx.t.db.db)).ok);
    });

    test('ORD-9 a parcel is delivered against the delivery code SMSed to its recipient', async () => {
      const res = await fx.order('c1', { quoteId: await fx.quote('c1', { serviceCode: 'moto_parcel' }), parcel: PARCEL });
      assert.equal(res.statusCode, 201, res.body);
      const o = res.json();
      assert.equal(o.passengers, 0);
      assert.equal((await fx.offerOf('courier'))?.kind, 'parcel', 'ORD-12 the offer says it is a parcel job');
      await acceptAndStart('courier', o.id);
      const noPod = await fx.call('courier', 'POST', `/v1/provider/orders/${o.id}/complete`, {});
      assert.equal(noPod.json().error.code, 'POD_REQUIRED');
      const sent = await fx.call('courier', 'POST', `/v1/provider/orders/${o.id}/delivery-code`);
      assert.equal(sent.statusCode, 200, sent.body);
      const code = /(\d{6})/.exec((await fx.t.lastSms(PARCEL.recipient.mobile)) ?? '')![1];
      const wrong = await fx.call('courier', 'POST', `/v1/provider/orders/${o.id}/complete`, { pod: { method: 'code', code: code === '000000' ? '111111' : '000000' } });
      assert.equal(wrong.json().error.code, 'DELIVERY_CODE_INVALID');
      const ok = await fx.call('courier', 'POST', `/v1/provider/orders/${o.id}/complete`, { pod: { method: 'code', code } });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().pod.method, 'code');
      assert.ok((await checkLedger(fx.t.db.db)).ok);
    });

    test('ORD-9 PAY-3 a cash parcel is signed for (damage declared before signing); the provider owes the commission', async () => {
      const courier = fx.uid.courier;
      const p0 = await fx.balance(providerWallet(courier));
      const w0 = await fx.balance(wallet(fx.uid.c2));
      const res = await fx.order('c2', { quoteId: await fx.quote('c2', { serviceCode: 'moto_parcel' }), parcel: PARCEL, paymentMethod: 'cash' });
      assert.equal(res.statusCode, 201, res.body);
      const o = res.json();
      await acceptAndStart('courier', o.id);
      const bad = await fx.call('courier', 'POST', `/v1/provider/orders/${o.id}/complete`, { pod: { method: 'signature', signaturePng: 'data:image/png;base64,AAAA' } });
      assert.equal(bad.json().error.code, 'POD_INVALID');
      const ok = await fx.call('courier', 'POST', `/v1/provider/orders/${o.id}/complete`, { pod: { method: 'signature', signaturePng: PNG, signerName: 'Reza', damage: 'corner of the box crushed' } });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().pod.damage, 'corner of the box crushed');
      assert.ok(await fx.t.app.platform.files.get(`pod/${o.id.toLowerCase()}-signature`));
      const commission = (BigInt(o.priceRials) * 1500n) / 10_000n;
      assert.equal(await fx.balance(providerWallet(courier)), p0 - commission, 'PAY-3 cash: only the commission moves, off the provider wallet');
      assert.equal(await fx.balance(wallet(fx.uid.c2)), w0, 'the customer paid cash');
      await assert.rejects(fx.t.app.modules.orders.assertDamageClaimAllowed(o.id), /signed/);
    });

    test('ORD-7 a recipient who does not pay cash leaves the fare to the sender\'s wallet', async () => {
      const w0 = await fx.balance(wallet(fx.uid.c1));
      const res = await fx.order('c1', { quoteId: await fx.quote('c1', { serviceCode: 'moto_parcel' }), parcel: { ...PARCEL, payer: 'recipient' }, paymentMethod: 'cash' });
      assert.equal(res.statusCode, 201, res.body);
      const o = res.json();
      assert.equal(o.payer, 'recipient');
      await acceptAndStart('courier', o.id);
      const ok = await fx.call('courier', 'POST', `/v1/provider/orders/${o.id}/complete`, { pod: { method: 'signature', signaturePng: PNG, recipientPaid: false } });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(await fx.balance(wallet(fx.uid.c1)), w0 - BigInt(o.priceRials));
    });

    test('ORD-10 a refused parcel returns to its sender at the sender\'s cost; refused again it is held, then goes to the central office', async () => {
      for (const outcome of ['delivered_to_sender', 'sender_refused'] as const) {
        const w0 = await fx.balance(wallet(fx.uid.c1));
        const o = (await fx.order('c1', { quoteId: await fx.quote('c1', { serviceCode: 'moto_parcel' }), parcel: PARCEL })).json();
        await acceptAndStart('courier', o.id);
        const back = await fx.call('courier', 'POST', `/v1/provider/orders/${o.id}/return`, { reason: 'recipient_refused' });
        assert.equal(back.statusCode, 200, back.body);
        assert.equal(back.json().status, 'returning');
        assert.equal(back.json().reason.code, 'RECIPIENT_REFUSED');
        const returnPrice = BigInt(back.json().returnPriceRials);
        assert.ok(returnPrice > 0n);
        const res = await fx.call('courier', 'POST', `/v1/provider/orders/${o.id}/returned`, { outcome });
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.json().status, 'returned');
        assert.equal(await fx.balance(wallet(fx.uid.c1)), w0 - BigInt(o.priceRials) - returnPrice);
        if (outcome === 'sender_refused') {
          assert.equal(res.json().returnStage, 'held');
          fx.t.clock.advance(7 * 86_400_000 + 1000);
          await fx.runJobs();
          await fx.renew();
          assert.equal((await fx.call('c1', 'GET', `/v1/orders/${o.id}`)).json().returnStage, 'central_office');
        }
      }
      assert.ok((await checkLedger(fx.t.db.db)).ok);
    });

    test('ORD-6 cancelling before acceptance is free; after acceptance the fee goes to the provider', async () => {
      const free = (await fx.order('c2', { quoteId: await fx.quote('c2') })).json();
      const w0 = await fx.balance(wallet(fx.uid.c2));
      const c = await fx.call('c2', 'POST', `/v1/orders/${free.id}/cancel`, { reason: 'changed my mind' });
      assert.equal(c.statusCode, 200, c.body);
      assert.equal(c.json().feeRials, '0');
      assert.equal(await fx.balance(wallet(fx.uid.c2)), w0);
      assert.equal(await fx.offerOf('driver'), null, 'the offer was withdrawn');

      const o = (await fx.order('c2', { quoteId: await fx.quote('c2') })).json();
      const offer = await fx.offerOf('driver');
      assert.equal((await fx.call('driver', 'POST', `/v1/provider/offers/${offer!.id}/accept`)).statusCode, 200);
      const p0 = await fx.balance(providerWallet(fx.uid.driver));
      const paid = await fx.call('c2', 'POST', `/v1/orders/${o.id}/cancel`, { reason: 'too slow' });
      assert.equal(paid.statusCode, 200, paid.body);
      assert.equal(paid.json().feeRials, '150000');
      assert.equal(await fx.balance(wallet(fx.uid.c2)), w0 - 150_000n);
      assert.equal(await fx.balance(providerWallet(fx.uid.driver)), p0 + 150_000n - 22_500n);
      assert.ok((await checkLedger(fx.t.db.db)).ok);
    });

    test('ORD-5 the provider may end a no-show only after the free wait, and the fee applies', async () => {
      const o = (await fx.order('c2', { quoteId: await fx.quote('c2') })).json();
      const offer = await fx.offerOf('driver');
      await fx.call('driver', 'POST', `/v1/provider/offers/${offer!.id}/accept`);
      assert.equal((await fx.call('driver', 'POST', `/v1/provider/orders/${o.id}/arrived`)).statusCode, 200);
      const early = await fx.call('driver', 'POST', `/v1/provider/orders/${o.id}/no-show`);
      assert.equal(early.statusCode, 409);
      assert.equal(early.json().error.code, 'WAIT_NOT_OVER');
      fx.t.clock.advance(5 * 60_000 + 1000);
      const ns = await fx.call('driver', 'POST', `/v1/provider/orders/${o.id}/no-show`);
      assert.equal(ns.statusCode, 200, ns.body);
      assert.equal(ns.json().status, 'no_show');
      assert.equal(ns.json().feeRials, '150000');
    });

    test('ORD-5 ORD-3 paid waiting and a new destination are re-quoted and apply only when the customer confirms', async () => {
      const o = (await fx.order('c3', { quoteId: await fx.quote('c3') })).json();
      assert.equal((await fx.call('c3', 'POST', `/v1/orders/${o.id}/waiting`, { minutes: 5 })).json().error.code, 'CHANGE_NOT_ALLOWED', 'not before acceptance');
      const offer = await fx.offerOf('driver');
      await fx.call('driver', 'POST', `/v1/provider/offers/${offer!.id}/accept`);
      const arrived = (await fx.call('driver', 'POST', `/v1/provider/orders/${o.id}/arrived`)).json();
      const q = await fx.call('c3', 'POST', `/v1/orders/${o.id}/waiting`, { minutes: 5 });
      assert.equal(q.statusCode, 201, q.body);
      assert.equal((await fx.call('c3', 'GET', `/v1/orders/${o.id}`)).json().priceRials, o.priceRials, 'nothing applies before confirmation');
      const ok = await fx.call('c3', 'POST', `/v1/orders/${o.id}/changes/${q.json().id}/confirm`);
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().priceRials, q.json().priceRials);
      assert.equal(ok.json().paidWaitMinutes, 5);
      assert.equal(new Date(ok.json().freeWaitUntil).getTime(), new Date(arrived.freeWaitUntil).getTime() + 5 * 60_000);
      const again = await fx.call('c3', 'POST', `/v1/orders/${o.id}/changes/${q.json().id}/confirm`);
      assert.equal(again.statusCode, 409, 'a change quote applies once');
      const farther = await fx.call('c3', 'POST', `/v1/orders/${o.id}/changes`, { newDestination: { lat: 38.1, lng: 46.2 } });
      assert.equal(farther.statusCode, 201, farther.body);
      const applied = (await fx.call('c3', 'POST', `/v1/orders/${o.id}/changes/${farther.json().id}/confirm`)).json();
      assert.deepEqual(applied.destination, { lat: 38.1, lng: 46.2 });
      assert.equal(applied.priceRials, farther.json().priceRials);
      await fx.call('c3', 'POST', `/v1/orders/${o.id}/cancel`, { reason: 'done testing' });
    });

    test('ORD-2 the same Idempotency-Key gives the same order; another user cannot see it (404)', async () => {
      const quoteId = await fx.quote('c1');
      const key = { 'idempotency-key': 'order-key-0001' };
      const a = await fx.order('c1', { quoteId }, key);
      assert.equal(a.statusCode, 201, a.body);
      const b = await fx.order('c1', { quoteId }, key);
      assert.equal(b.statusCode, 200, b.body);
      assert.equal(b.json().id, a.json().id);
      const other = await fx.order('c1', { quoteId: await fx.quote('c1') }, key);
      assert.equal(other.statusCode, 409);
      assert.equal(other.json().error.code, 'IDEMPOTENCY_KEY_REUSED');
      assert.equal((await fx.call('c2', 'GET', `/v1/orders/${a.json().id}`)).statusCode, 404);
      assert.equal((await fx.call('c2', 'POST', `/v1/orders/${a.json().id}/cancel`, { reason: 'not mine' })).statusCode, 404);
      assert.equal((await fx.call('c1', 'POST', `/v1/orders/${a.json().id}/cancel`, { reason: 'cleanup' })).statusCode, 200);
    });

    test('PAY-2 a wallet with too little money goes negative at completion', async () => {
      const c3 = fx.uid.c3;
      const w0 = await fx.balance(wallet(c3));
      assert.ok(w0 <= 0n);
      const o = (await fx.order('c3', { quoteId: await fx.quote('c3') })).json();
      await acceptAndStart('driver', o.id);
      assert.equal((await fx.call('driver', 'POST', `/v1/provider/orders/${o.id}/complete`, {})).statusCode, 200);
      assert.equal(await fx.balance(wallet(c3)), w0 - BigInt(o.priceRials));
      assert.ok((await fx.balance(wallet(c3))) < 0n);
    });

    test('ACC-6 a customer orders a ride for a guest; another customer\'s guest is not found', async () => {
      const g = await fx.call('c1', 'POST', '/v1/me/guests', { name: 'Guest Rider', mobile: '09141230000' });
      assert.equal(g.statusCode, 201, g.body);
      const foreign = await fx.order('c2', { quoteId: await fx.quote('c2'), guestId: g.json().id });
      assert.equal(foreign.statusCode, 404);
      assert.equal(foreign.json().error.code, 'GUEST_NOT_FOUND');
      const res = await fx.order('c1', { quoteId: await fx.quote('c1'), guestId: g.json().id });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().guest.name, 'Guest Rider');
      await fx.call('c1', 'POST', `/v1/orders/${res.json().id}/cancel`, { reason: 'cleanup' });
    });

    test('ORD-17 a scheduled ride waits, then dispatch starts the lead time before it', async () => {
      const at = new Date(fx.t.clock.now().getTime() + 60 * 60_000);
      const res = await fx.order('c2', { quoteId: await fx.quote('c2'), scheduledAt: at.toISOString() });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().status, 'scheduled');
      assert.equal(await fx.offerOf('driver'), null);
      fx.t.clock.advance(44 * 60_000);
      await fx.runJobs();
      assert.equal((await fx.call('c2', 'GET', `/v1/orders/${res.json().id}`)).json().status, 'scheduled');
      fx.t.clock.advance(60_000 + 1000);
      await fx.runJobs();
      assert.equal((await fx.call('c2', 'GET', `/v1/orders/${res.json().id}`)).json().status, 'offered');
      await fx.call('c2', 'POST', `/v1/orders/${res.json().id}/cancel`, { reason: 'cleanup' });
      const tooSoon = await fx.order('c2', { quoteId: await fx.quote('c2'), scheduledAt: new Date(fx.t.clock.now().getTime() + 60_000).toISOString() });
      assert.equal(tooSoon.json().error.code, 'SCHEDULE_INVALID');
    });
  });
}
