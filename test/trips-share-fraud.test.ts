import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import type { TestApp } from './harness/app.js';
import { testDbKinds } from './harness/databases.js';
import { queryRows } from '../src/platform/db.js';
import { checkLedger, platformAccount, userAccount } from '../src/modules/wallet/index.js';
import type { AuthUser } from '../src/platform/http/auth.js';
import { insertProviders } from '../src/modules/providers/index.js';
import { MOBILES, PICKUP, tripFixture, type TripFx, type Who } from './trips-fixtures.js';

const SURNAMES = ['رضایی', 'محمدی', 'حسینی', 'جعفری', 'صادقی'];

/** A socket on the real LiveHub, in-process: collects what the hub sends. */
function liveSocket(t: TestApp, user: { id: string; roles: string[] }) {
  const inbox: Array<Record<string, unknown>> = [];
  const handlers: Record<string, (d?: unknown) => void> = {};
  const socket = { readyState: 1, send: (d: string) => { inbox.push(JSON.parse(d)); }, close: () => undefined, on: (e: string, fn: (d?: unknown) => void) => { handlers[e] = fn; } };
  const auth: AuthUser = { id: user.id, roles: user.roles, status: 'active', sessionId: 'test', locale: 'fa' };
  t.app.modules.tracking.live.attach(socket, auth);
  return {
    inbox,
    async subscribe(channel: string) {
      handlers.message(JSON.stringify({ type: 'subscribe', channel }));
      for (let i = 0; i < 50 && !inbox.some((m) => m.channel === channel); i++) await new Promise((r) => setTimeout(r, 10));
    },
  };
}

for (const kind of testDbKinds()) {
  describe(`trips: share links and self-dealing [${kind}]`, () => {
    let fx: TripFx;
    let t: TestApp;
    let ids: Record<Who, string>;
    const as = (who: Who, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown) => fx.as(who, method, url, body);
    const pub = (url: string) => t.call('GET', url);
    const balance = async (ref: Parameters<TestApp['app']['modules']['ledger']['balance']>[1]) => (await t.app.modules.ledger.balance(t.db.db, ref)).balanceRials;
    const flagOf = async (orderId: string) => (await as('ops', 'GET', '/v1/ops/fraud-flags?limit=200')).json().items.find((f: { orderId: string }) => f.orderId === orderId);
    const finish = async (provider: Who, orderId: string) => {
      for (const step of ['arrived', 'start', 'complete']) {
        const res = await as(provider, 'POST', `/v1/provider/orders/${orderId}/${step}`, step === 'complete' ? {} : undefined);
        assert.equal(res.statusCode, 200, `${step}: ${res.body}`);
      }
    };

    before(async () => {
      fx = await tripFixture(kind);
      t = fx.t;
      ids = fx.ids;
    });
    after(async () => {
      if (t) assert.deepEqual((await checkLedger(t.db.db)).violations, [], 'the ledger balances after the tests');
      await fx?.close();
    });

    // ---------- ORD-13 ----------
    test('ORD-13 the customer shares a running trip; the public link shows status, provider first name, vehicle, position and ETA, and no phone number or surname', async () => {
      const o = await fx.trip('customer', 'driver', 'accepted');
      const res = await as('customer', 'POST', `/v1/orders/${o.id}/share`, {});
      assert.equal(res.statusCode, 201, res.body);
      const { url, token } = res.json();
      assert.ok(url.endsWith(`/share/${token}`));
      const seen = await pub(`/v1/share/${token}`);
      assert.equal(seen.statusCode, 200, seen.body);
      const v = seen.json();
      assert.equal(v.status, 'accepted');
      assert.equal(v.provider.firstName, 'حسن');
      assert.equal(v.provider.vehicle.model, 'سمند');
      assert.equal(v.customer.firstName, 'سارا');
      assert.ok(v.position && typeof v.position.lat === 'number', 'the provider\'s position');
      assert.equal(v.eta.target, 'pickup');
      assert.ok(v.eta.seconds >= 0);
      for (const m of Object.values(MOBILES)) assert.ok(!seen.body.includes(m.slice(1)), `no mobile (${m})`);
      for (const s of SURNAMES) assert.ok(!seen.body.includes(s), `no surname (${s})`);
      for (const id of Object.values(ids)) assert.ok(!seen.body.includes(id), 'no user ids');
    });

    test('ORD-13 the share route is declared public in the OpenAPI document', async () => {
      const doc = (await pub('/openapi.json')).json();
      assert.deepEqual(doc.paths['/v1/share/{token}'].get.security, []);
      assert.notDeepEqual(doc.paths['/v1/orders/{id}/share'].post.security, []);
    });

    test('ORD-13 a share link stops working shortly after the trip ends', async () => {
      const o = await fx.trip('customer', 'driver', 'accepted');
      const { token } = (await as('customer', 'POST', `/v1/orders/${o.id}/share`, {})).json();
      await finish('driver', o.id);
      const just = await pub(`/v1/share/${token}`);
      assert.equal(just.statusCode, 200);
      assert.equal(just.json().status, 'completed');
      assert.equal(just.json().position, null, 'no position once the trip is over');
      t.clock.advance(301_000);
      const late = await pub(`/v1/share/${token}`);
      assert.equal(late.statusCode, 404);
      assert.equal(late.json().error.code, 'SHARE_EXPIRED');
    });

    test('ORD-13 only the customer shares, only a running trip; unknown tokens get 404', async () => {
      const o = await fx.trip('customer', 'driver', 'accepted');
      const before = Number((await queryRows<{ n: string }>(t.db.db, sql`SELECT count(*) AS n FROM share_links`))[0].n);
      const byDriver = await as('driver', 'POST', `/v1/orders/${o.id}/share`, {});
      assert.equal(byDriver.statusCode, 403);
      assert.equal(byDriver.json().error.code, 'SHARE_NOT_ALLOWED');
      assert.equal((await as('other', 'POST', `/v1/orders/${o.id}/share`, {})).statusCode, 404);
      const done = await fx.trip('customer', 'driver', 'completed');
      assert.equal((await as('customer', 'POST', `/v1/orders/${done.id}/share`, {})).json().error.code, 'SHARE_NOT_ALLOWED');
      assert.equal(Number((await queryRows<{ n: string }>(t.db.db, sql`SELECT count(*) AS n FROM share_links`))[0].n), before);
      for (const bad of ['x', 'A'.repeat(32), 'not-a-token-at-all-but-long-enough!']) {
        const res = await pub(`/v1/share/${encodeURIComponent(bad)}`);
        assert.equal(res.statusCode, 404, bad);
      }
    });

    test('ORD-18 chat messages reach the other party live on the order\'s channel', async () => {
      const o = await fx.trip('customer', 'driver', 'accepted');
      const driverLive = liveSocket(t, { id: ids.driver, roles: ['provider', 'customer'] });
      await driverLive.subscribe(`order:${o.id}`);
      assert.ok(driverLive.inbox.some((m) => m.type === 'subscribed'), JSON.stringify(driverLive.inbox));
      assert.equal((await as('customer', 'POST', `/v1/orders/${o.id}/messages`, { text: 'I am at the gate, 0912 123 4567' })).statusCode, 201);
      const got = driverLive.inbox.find((m) => m.type === 'chat.message') as { message: { text: string; from: string } } | undefined;
      assert.equal(got?.message.from, 'customer');
      assert.equal(got?.message.text, 'I am at the gate, ***');
      const stranger = liveSocket(t, { id: ids.other, roles: ['customer'] });
      await stranger.subscribe(`order:${o.id}`);
      assert.ok(!stranger.inbox.some((m) => m.type === 'subscribed'), 'another customer cannot follow the order');
    });

    // ---------- FRD-1 ----------
    test('FRD-1 the same person (one account, one national ID) as customer and provider: flagged at acceptance, ops told, and at completion the provider pays 4x the fare to penalty_revenue', async () => {
      // National IDs are unique per account (users_national_id_unique), so the same national ID on
      // both sides is the same account: a provider ordering a ride and taking it himself.
      assert.equal((await as('driver', 'POST', '/v1/terms/accept', { version: 1 })).statusCode, 204);
      const told: string[] = [];
      const stop = t.app.platform.events.subscribe('fraud.flagged', (e) => { told.push(e.orderId); });
      const opsLive = liveSocket(t, { id: ids.ops, roles: ['ops_agent'] });
      await opsLive.subscribe('ops:cty_tabriz');
      const o = await fx.trip('driver', 'driver', 'accepted');
      stop();
      const flag = await flagOf(o.id);
      assert.equal(flag?.status, 'open');
      assert.deepEqual(flag.reasons, [{ type: 'same_account' }]);
      assert.deepEqual(told, [o.id]);
      assert.ok(opsLive.inbox.some((m) => m.type === 'fraud.flagged'), 'ops see it on their live channel');
      const [penalty0, wallet0] = [await balance(platformAccount('penalty_revenue')), await balance(userAccount(ids.driver, 'provider_wallet'))];
      await finish('driver', o.id);
      const charged = await flagOf(o.id);
      assert.equal(charged.status, 'charged');
      assert.equal(charged.multiplier, 4);
      assert.equal(BigInt(charged.penaltyRials), 4n * o.priceRials);
      assert.equal(await balance(platformAccount('penalty_revenue')), penalty0 + 4n * o.priceRials);
      const earned = o.priceRials - (o.priceRials * 15n) / 100n;
      assert.equal(await balance(userAccount(ids.driver, 'provider_wallet')), wallet0 + earned - 4n * o.priceRials);
      // The completion event again (a retry): the ledger key lets nothing more through.
      const row = (await t.app.modules.orders.get(o.id))!;
      await t.app.platform.events.publish('order.completed', {
        orderId: o.id, kind: row.kind, serviceCode: row.serviceCode, cityId: row.cityId, customerId: row.customerId, providerId: row.providerId,
        status: 'completed', previousStatus: 'in_progress', priceRials: row.priceRials.toString(), at: t.clock.now().toISOString(), origin: row.origin,
        acceptedAt: row.acceptedAt?.toISOString() ?? null, startedAt: row.startedAt?.toISOString() ?? null, completedAt: row.completedAt?.toISOString() ?? null,
      });
      assert.equal(await balance(platformAccount('penalty_revenue')), penalty0 + 4n * o.priceRials);
    });

    test('FRD-1 a device both accounts signed in from flags the order and the fare multiple is charged', async () => {
      await t.signIn(MOBILES.other, { deviceId: 'device-shared-frd1' });
      await t.signIn(MOBILES.courier, { deviceId: 'device-shared-frd1' });
      const penalty0 = await balance(platformAccount('penalty_revenue'));
      const o = await fx.trip('other', 'courier', 'completed');
      const flag = await flagOf(o.id);
      assert.deepEqual(flag.reasons, [{ type: 'device', deviceId: 'device-shared-frd1' }]);
      assert.equal(flag.status, 'charged');
      assert.equal(await balance(platformAccount('penalty_revenue')), penalty0 + 4n * o.priceRials);
      const transfer = await queryRows<{ reason: string }>(t.db.db, sql`SELECT reason FROM ledger_transfers WHERE id = ${flag.ledgerTransferId}`);
      assert.equal(transfer[0]?.reason, 'fraud.self_dealing');
    });

    test('FRD-1 accounts ops link as relatives count as one person; links are audited and can be removed', async () => {
      const link = await as('ops', 'POST', '/v1/ops/account-links', { userIds: [ids.driver, ids.customer], reason: 'brothers acting together' });
      assert.equal(link.statusCode, 201, link.body);
      assert.deepEqual(link.json().userIds, [ids.customer, ids.driver].sort());
      const dup = await as('ops', 'POST', '/v1/ops/account-links', { userIds: [ids.customer, ids.driver], reason: 'again' });
      assert.equal(dup.json().error.code, 'ACCOUNT_LINK_EXISTS');
      assert.equal((await as('ops', 'POST', '/v1/ops/account-links', { userIds: [ids.customer, ids.customer], reason: 'self link' })).json().error.code, 'ACCOUNT_LINK_SELF');
      assert.equal((await as('ops', 'POST', '/v1/ops/account-links', { userIds: [ids.customer, 'usr_nobody'], reason: 'unknown' })).statusCode, 404);
      assert.equal((await as('customer', 'POST', '/v1/ops/account-links', { userIds: [ids.other, ids.courier], reason: 'not ops' })).statusCode, 403);
      const o = await fx.trip('customer', 'driver', 'accepted');
      assert.deepEqual((await flagOf(o.id)).reasons, [{ type: 'account_link', linkId: link.json().id }]);
      const removed = await as('ops', 'DELETE', `/v1/ops/account-links/${link.json().id}`, { reason: 'not related after all' });
      assert.equal(removed.statusCode, 200, removed.body);
      assert.ok(removed.json().removedAt);
      assert.equal((await as('ops', 'DELETE', `/v1/ops/account-links/${link.json().id}`, { reason: 'twice' })).statusCode, 404);
      const audit = await queryRows<{ action: string }>(t.db.db, sql`SELECT action FROM audit_log WHERE target_id = ${link.json().id} ORDER BY created_at`);
      assert.deepEqual(audit.map((a) => a.action), ['account_link.create', 'account_link.remove']);
      const clean = await fx.trip('customer', 'driver', 'completed');
      assert.equal(await flagOf(clean.id), undefined, 'no flag once the link is removed');
    });

    test('FRD-1 a flag ops dismiss before completion is not charged; a cancelled flagged order charges nothing', async () => {
      const link = (await as('ops', 'POST', '/v1/ops/account-links', { userIds: [ids.other, ids.driver], reason: 'cousins' })).json();
      const penalty0 = await balance(platformAccount('penalty_revenue'));
      const cancelled = await fx.trip('other', 'driver', 'cancelled');
      assert.equal((await flagOf(cancelled.id)).status, 'open');
      const o = await fx.trip('other', 'driver', 'accepted');
      const flag = await flagOf(o.id);
      assert.equal((await as('admin', 'POST', `/v1/ops/fraud-flags/${flag.id}/dismiss`, { reason: 'x' })).statusCode, 400);
      assert.equal((await as('ops', 'POST', `/v1/ops/fraud-flags/${flag.id}/dismiss`, { reason: 'reviewed: separate people' })).statusCode, 403, 'ops_admin only');
      const dismissed = await as('admin', 'POST', `/v1/ops/fraud-flags/${flag.id}/dismiss`, { reason: 'reviewed: separate people' });
      assert.equal(dismissed.statusCode, 200, dismissed.body);
      assert.equal(dismissed.json().status, 'dismissed');
      await finish('driver', o.id);
      assert.equal((await flagOf(o.id)).status, 'dismissed');
      assert.equal(await balance(platformAccount('penalty_revenue')), penalty0);
      assert.equal((await as('admin', 'POST', `/v1/ops/fraud-flags/${flag.id}/dismiss`, { reason: 'again please' })).json().error.code, 'FRAUD_FLAG_RESOLVED');
      await as('ops', 'DELETE', `/v1/ops/account-links/${link.id}`, { reason: 'test done' });
    });

    test('FRD-1 after an ops hand-over (PRV-12) the flag follows the provider now on the order, and a clean one is not charged', async () => {
      const link = (await as('ops', 'POST', '/v1/ops/account-links', { userIds: [ids.third, ids.driver], reason: 'father and son' })).json();
      const o = await fx.trip('third', 'driver', 'accepted');
      assert.equal((await flagOf(o.id)).providerId, ids.driver);
      // A second car driver, unrelated to the customer, takes the job over.
      const s = await t.signIn('09351230001');
      await t.db.db.execute(sql`UPDATE users SET roles = ARRAY['customer', 'provider']::text[], provider_kind = 'driver', first_name = 'Karim' WHERE id = ${s.userId}`);
      t.app.modules.users.invalidate(s.userId);
      await insertProviders(t.db.db, [{
        userId: s.userId, cityId: 'cty_tabriz', fleetType: 'car', serviceCodes: ['car_ride'], hasBox: false, priority: 0, createdAt: t.clock.now(),
        vehicle: { make: 'Saipa', model: 'Pride', year: 2015, plate: '11 ب 111', colour: 'white', capacitySeats: 4 },
      }]);
      assert.equal((await t.call('POST', '/v1/provider/online', { token: s.token, body: PICKUP })).statusCode, 200);
      const handed = await as('ops', 'POST', `/v1/ops/orders/${o.id}/reassign`, { reason: 'driver unwell', providerId: s.userId });
      assert.equal(handed.statusCode, 200, handed.body);
      const penalty0 = await balance(platformAccount('penalty_revenue'));
      for (const step of ['arrived', 'start', 'complete']) {
        const res = await t.call('POST', `/v1/provider/orders/${o.id}/${step}`, { token: s.token, body: step === 'complete' ? {} : undefined });
        assert.equal(res.statusCode, 200, `${step}: ${res.body}`);
      }
      const flag = await flagOf(o.id);
      assert.equal(flag.status, 'dismissed');
      assert.match(flag.resolveReason, /PRV-12/);
      assert.equal(await balance(platformAccount('penalty_revenue')), penalty0);
      await as('ops', 'DELETE', `/v1/ops/account-links/${link.id}`, { reason: 'test done' });
      await t.call('POST', '/v1/provider/offline', { token: s.token });
    });
  });
}
