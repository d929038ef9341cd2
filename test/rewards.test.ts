import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { queryRows } from '../src/platform/db.js';
import { testDbKinds } from './harness/databases.js';
import { tripFixture, type TripFx } from './trips-fixtures.js';
import { RewardsService } from '../src/modules/rewards/index.js';
import { rewardsRepo } from '../src/modules/rewards/rewards.repo.js';

const SYSTEM_ACTOR = { id: null, roles: ['system'] };
// The fixture's clock starts on Sunday 2026-11-22 08:00 UTC = 11:30 in Tabriz (off-peak).
const TEHRAN = (local: string) => new Date(`${local}+03:30`);

/** A rewards service on the app's database whose ratings the test sets (gates without 100 rated trips). */
function withRatings(fx: TripFx) {
  const ratings = new Map<string, number | null>();
  const app = fx.t.app;
  const svc = new RewardsService({
    platform: app.platform, settings: app.modules.settings, audit: app.modules.audit, orders: app.modules.orders, providers: app.modules.providers,
    ratings: { providerRating: async (id) => ({ average: ratings.get(id) ?? null, count: ratings.has(id) ? 20 : 0 }) },
    timeZoneOf: async () => 'Asia/Tehran',
  });
  return { svc, ratings };
}

const count = async (fx: TripFx, q: ReturnType<typeof sql>) => Number((await queryRows<{ n: number }>(fx.t.db.db, q))[0].n);

for (const kind of testDbKinds()) {
  describe(`RWD provider rewards program [${kind}]`, () => {
    let fx: TripFx;
    before(async () => { fx = await tripFixture(kind); });
    after(async () => { await fx?.close(); });

    const progress = async (who: 'driver' | 'courier' = 'driver') => {
      const res = await fx.as(who, 'GET', '/v1/provider/rewards');
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    };

    test('RWD-3 a completed trip earns 1 point off-peak and 4 when it started in a peak window (local time at start)', async () => {
      fx.t.clock.set(TEHRAN('2026-11-22T11:30:00'));
      const offPeak = await fx.trip('customer', 'driver');
      let p = await progress();
      assert.equal(p.points, 1);
      assert.equal(p.trips, 1);
      // Started Monday 06:30 in Tabriz (03:00 UTC), completed after the window: still a peak trip.
      fx.t.clock.set(TEHRAN('2026-11-23T06:30:00'));
      const peak = await fx.trip('customer', 'driver', 'in_progress');
      fx.t.clock.set(TEHRAN('2026-11-23T09:30:00'));
      assert.equal((await fx.as('driver', 'POST', `/v1/provider/orders/${peak.id}/complete`, {})).statusCode, 200);
      p = await progress();
      assert.equal(p.points, 5);
      assert.equal(p.peakTrips, 1);
      assert.equal(p.season.id, '2026-11');
      assert.equal(p.season.startsOnJalali, '1405/08/10');
      const row = await rewardsRepo.trip(fx.t.db.db, peak.id);
      assert.equal(row?.peak, true);
      assert.equal((await rewardsRepo.trip(fx.t.db.db, offPeak.id))?.points, 1);
    });

    test('RWD-3 order.completed carries the trip\'s accept, start and completion times, so counting the trip reads no order back', async () => {
      const seen: Array<{ orderId: string; acceptedAt: string | null; startedAt: string | null; completedAt: string | null }> = [];
      const stop = fx.t.app.platform.events.subscribe('order.completed', async (e) => { seen.push(e); });
      const done = await fx.trip('customer', 'driver');
      stop();
      const o = (await fx.t.app.modules.orders.get(done.id))!;
      const e = seen.find((x) => x.orderId === o.id);
      assert.ok(e, 'the completion was announced');
      assert.equal(e.acceptedAt, o.acceptedAt!.toISOString());
      assert.equal(e.startedAt, o.startedAt!.toISOString());
      assert.equal(e.completedAt, o.completedAt!.toISOString());
      assert.equal((await rewardsRepo.trip(fx.t.db.db, o.id))?.startedAt?.toISOString(), o.startedAt!.toISOString());
    });

    test('RWD-3 an order.completed event delivered twice or late counts once (idempotent by order id)', async () => {
      const [row] = await queryRows<{ id: string }>(fx.t.db.db, sql`SELECT id FROM orders WHERE status = 'completed' ORDER BY completed_at LIMIT 1`);
      const o = (await fx.t.app.modules.orders.get(row.id))!;
      const before = (await progress()).points;
      const payload = {
        orderId: o.id, kind: o.kind, serviceCode: o.serviceCode, cityId: o.cityId, customerId: o.customerId, providerId: o.providerId, status: o.status, previousStatus: 'in_progress' as const,
        priceRials: o.priceRials.toString(), at: o.completedAt!.toISOString(), origin: o.origin,
        acceptedAt: o.acceptedAt?.toISOString() ?? null, startedAt: o.startedAt?.toISOString() ?? null, completedAt: o.completedAt!.toISOString(),
      };
      await fx.t.app.platform.events.publish('order.completed', payload);
      await fx.t.app.platform.events.publish('order.completed', payload);
      assert.equal((await progress()).points, before);
      assert.equal((await fx.t.app.modules.rewards.verify('2026-11')).equal, true);
    });

    test('RWD-4 no points for using the platform as a customer, and points never touch the ledger', async () => {
      const customer = await fx.as('customer', 'GET', '/v1/provider/rewards');
      assert.equal(customer.statusCode, 403);
      assert.equal(await count(fx, sql`SELECT count(*)::int AS n FROM reward_standings WHERE provider_id = ${fx.ids.customer}`), 0);
      assert.equal(await count(fx, sql`SELECT count(*)::int AS n FROM ledger_transfers WHERE reason ILIKE '%reward%' OR memo ILIKE '%reward%'`), 0);
      const wallet = await fx.as('driver', 'GET', '/v1/wallet');
      assert.ok(!wallet.body.includes('points'));
    });

    test('RWD-1 a driver may opt out (no points, Blue, no benefits) and rejoin; nothing else changes', async () => {
      assert.equal((await fx.as('driver', 'POST', '/v1/provider/rewards/opt-out')).json().optedOut, true);
      const before = await progress();
      assert.equal(before.optedOut, true);
      assert.equal(before.tier, 'blue');
      fx.t.clock.set(TEHRAN('2026-11-24T12:00:00'));
      const t = await fx.trip('customer', 'driver');
      assert.equal((await rewardsRepo.trip(fx.t.db.db, t.id))?.points, 0, 'recorded, with no points');
      assert.equal((await progress()).points, before.points);
      assert.equal((await fx.as('driver', 'POST', '/v1/provider/rewards/opt-in')).json().optedOut, false);
      await fx.trip('customer', 'driver');
      assert.equal((await progress()).points, before.points + 1);
    });

    test('RWD-5 gold needs rating >= 4.8; RWD-7 promotion at once, and falling below the gate drops to Blue and stops the benefits', async () => {
      const { svc, ratings } = withRatings(fx);
      const P = 'usr_demo_courier_2';
      fx.t.clock.set(TEHRAN('2026-11-25T12:00:00'));
      ratings.set(P, 4.79);
      await svc.adjust(SYSTEM_ACTOR, { providerId: P, points: 99, reason: 'test: near gold' });
      await svc.onTripCompleted({ orderId: 'ord_rwd5_a', kind: 'parcel', cityId: 'cty_tabriz', providerId: P, at: fx.t.clock.now().toISOString() });
      assert.equal((await rewardsRepo.standing(fx.t.db.db, P, '2026-11'))?.tier, 'blue', '100 points but rating 4.79');
      ratings.set(P, 4.8);
      await svc.refresh(P);
      assert.equal((await rewardsRepo.standing(fx.t.db.db, P, '2026-11'))?.tier, 'gold', 'promoted at once');
      assert.equal(svc.priorityOf(P), 1);
      assert.equal((await fx.t.app.modules.providers.get(P))?.priority, 1, 'providers.priority follows the tier (dispatch)');
      assert.equal(await svc.commissionDiscountPercent(P, fx.t.clock.now()), 1);
      ratings.set(P, 4.6);
      await svc.refresh(P);
      assert.equal((await rewardsRepo.standing(fx.t.db.db, P, '2026-11'))?.tier, 'blue');
      assert.equal(svc.priorityOf(P), 0);
      assert.equal((await fx.t.app.modules.providers.get(P))?.priority, 0);
      assert.equal(await svc.commissionDiscountPercent(P, fx.t.clock.now()), 0);
      const history = await rewardsRepo.history(fx.t.db.db, P, '2026-11', 10);
      assert.deepEqual(history.map((h) => `${h.fromTier}>${h.toTier}:${h.reason}`), ['gold>blue:quality_lost', 'blue>gold:quality']);
    });

    test('RWD-5 gold needs a cancellation rate <= 4%; RWD-6 over the last 30 days only', async () => {
      const { svc, ratings } = withRatings(fx);
      const P = 'usr_demo_courier_1';
      const now = fx.t.clock.now();
      ratings.set(P, 5);
      for (let i = 0; i < 100; i++) await rewardsRepo.recordActivity(fx.t.db.db, { orderId: `ord_c${i}`, providerId: P, kind: 'accepted', at: now });
      for (let i = 0; i < 4; i++) await rewardsRepo.recordActivity(fx.t.db.db, { orderId: `ord_c${i}`, providerId: P, kind: 'cancelled', at: now });
      await svc.adjust(SYSTEM_ACTOR, { providerId: P, points: 150, reason: 'test: gold points' });
      assert.equal((await rewardsRepo.standing(fx.t.db.db, P, '2026-11'))?.tier, 'gold', '4% is allowed');
      await rewardsRepo.recordActivity(fx.t.db.db, { orderId: 'ord_c50', providerId: P, kind: 'cancelled', at: now });
      await svc.refresh(P);
      assert.equal((await rewardsRepo.standing(fx.t.db.db, P, '2026-11'))?.tier, 'blue', '5% is too many');
      // 31 days later those cancellations (and acceptances) are outside the window.
      fx.t.clock.set(new Date(now.getTime() + 31 * 86_400_000));
      const q = await svc.evaluateQuality(P);
      assert.deepEqual([q.accepted, q.cancelled, q.cancellationPercent], [0, 0, 0]);
      fx.t.clock.set(now);
    });

    test('RWD-8 benefits are configurable per tier (dispatch priority, commission discount)', async () => {
      const { svc, ratings } = withRatings(fx);
      const P = 'usr_demo_courier_2';
      ratings.set(P, 4.9);
      await svc.adjust(SYSTEM_ACTOR, { providerId: P, points: 400, reason: 'test: platinum' });
      assert.equal((await rewardsRepo.standing(fx.t.db.db, P, '2026-11'))?.tier, 'platinum');
      const benefits = { blue: { dispatchPriority: 0, commissionDiscountPercent: 0 }, gold: { dispatchPriority: 2, commissionDiscountPercent: 1 }, platinum: { dispatchPriority: 7, commissionDiscountPercent: 4.5 }, diamond: { dispatchPriority: 9, commissionDiscountPercent: 6 } };
      const set = await fx.as('admin', 'PUT', '/v1/ops/settings/rewards.tierBenefits', { value: benefits, reason: 'test: richer tiers' });
      assert.equal(set.statusCode, 200, set.body);
      assert.equal(svc.priorityOf(P), 7);
      assert.equal(await svc.commissionDiscountPercent(P, fx.t.clock.now()), 4.5);
      await fx.as('admin', 'PUT', '/v1/ops/settings/rewards.tierBenefits', { reason: 'test: back to default' });
    });

    test('RWD-9 ops adjust and revoke points with a reason, audited; bad input writes nothing', async () => {
      const driver = fx.ids.driver;
      const adjusts = () => count(fx, sql`SELECT count(*)::int AS n FROM reward_adjustments`);
      const n0 = await adjusts();
      const noReason = await fx.as('ops', 'POST', '/v1/ops/rewards/adjustments', { providerId: driver, points: 5 });
      assert.equal(noReason.statusCode, 400);
      const byDriver = await fx.as('driver', 'POST', '/v1/ops/rewards/adjustments', { providerId: driver, points: 5, reason: 'self-service' });
      assert.equal(byDriver.statusCode, 403);
      const tooMuch = await fx.as('ops', 'POST', '/v1/ops/rewards/adjustments', { providerId: driver, points: -100_000, reason: 'fraud: fake trips' });
      assert.equal(tooMuch.statusCode, 400);
      assert.equal(tooMuch.json().error.code, 'REWARDS_POINTS_NEGATIVE');
      const stranger = await fx.as('ops', 'POST', '/v1/ops/rewards/adjustments', { providerId: fx.ids.customer, points: 5, reason: 'not a provider' });
      assert.equal(stranger.statusCode, 404);
      assert.equal(await adjusts(), n0, 'nothing written');

      const before = (await progress()).points;
      const ok = await fx.as('ops', 'POST', '/v1/ops/rewards/adjustments', { providerId: driver, points: 10, reason: 'make-up for a lost trip' });
      assert.equal(ok.statusCode, 201, ok.body);
      assert.equal((await progress()).points, before + 10);
      const [firstTrip] = await queryRows<{ order_id: string; points: number }>(fx.t.db.db, sql`SELECT order_id, points FROM reward_trips WHERE provider_id = ${driver} AND points > 0 ORDER BY completed_at LIMIT 1`);
      const revoke = await fx.as('ops', 'POST', '/v1/ops/rewards/revocations', { orderId: firstTrip.order_id, reason: 'fraud: self-dealing trip' });
      assert.equal(revoke.statusCode, 201, revoke.body);
      assert.equal(revoke.json().points, -firstTrip.points);
      const again = await fx.as('ops', 'POST', '/v1/ops/rewards/revocations', { orderId: firstTrip.order_id, reason: 'fraud: twice' });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.code, 'REWARDS_ALREADY_REVOKED');
      assert.equal((await fx.as('ops', 'POST', '/v1/ops/rewards/revocations', { orderId: 'ord_unknown', reason: 'nothing there' })).statusCode, 404);
      assert.equal((await progress()).points, before + 10 - firstTrip.points);
      const audit = await queryRows<{ action: string; reason: string }>(fx.t.db.db, sql`SELECT action, reason FROM audit_log WHERE target_id = ${driver} AND action LIKE 'rewards.%' ORDER BY created_at`);
      assert.deepEqual(audit.map((a) => `${a.action}:${a.reason}`), ['rewards.adjust:make-up for a lost trip', 'rewards.revoke:fraud: self-dealing trip']);
      const list = await fx.as('ops', 'GET', `/v1/ops/rewards/adjustments?providerId=${driver}`);
      assert.equal(list.json().length, 2);
    });

    test('RWD-7 ops see standings (paged), one provider\'s history, and the recompute equals the incremental standings', async () => {
      const page = await fx.as('ops', 'GET', '/v1/ops/rewards/standings?limit=1');
      assert.equal(page.statusCode, 200, page.body);
      assert.equal(page.json().items.length, 1);
      assert.ok(page.json().total >= 3);
      const next = await fx.as('ops', 'GET', '/v1/ops/rewards/standings?limit=1&offset=1');
      assert.ok(next.json().items[0].points <= page.json().items[0].points);
      const detail = await fx.as('ops', 'GET', '/v1/ops/rewards/providers/usr_demo_courier_2');
      assert.equal(detail.statusCode, 200, detail.body);
      assert.ok(detail.json().history.length >= 2);
      const program = await fx.as('ops', 'GET', '/v1/ops/rewards/program');
      assert.equal(program.json().currentSeason.id, '2026-11');
      assert.equal((await fx.as('ops', 'POST', '/v1/ops/rewards/recompute', { seasonId: '2026-11', reason: 'check' })).statusCode, 403, 'admins only');
      const re = await fx.as('admin', 'POST', '/v1/ops/rewards/recompute', { seasonId: '2026-11', reason: 'nightly check' });
      assert.equal(re.statusCode, 200, re.body);
      assert.equal(re.json().equalBefore, true);
      assert.equal(re.json().changed, 0);
      assert.equal((await fx.as('admin', 'POST', '/v1/ops/rewards/recompute', { seasonId: '2026-12', reason: 'bad season' })).statusCode, 400);
    });

    test('RWD-2 the driver sees the season, next tier, gates with distance and the peak calendar in Jalali', async () => {
      const p = await progress();
      assert.equal(p.tier, 'blue');
      assert.equal(p.nextTier.tier, 'gold');
      assert.equal(p.nextTier.pointsMissing, 100 - p.points);
      assert.equal(p.gates.rating.required, 4.8);
      assert.equal(p.gates.cancellation.maxPercent, 4);
      assert.equal(p.gates.cancellationWindowDays, 30);
      assert.equal(p.peakCalendar.length, 7);
      assert.match(p.peakCalendar[0].jalali, /^1405\/09\/\d\d$/);
      const past = await fx.as('driver', 'GET', '/v1/provider/rewards?seasonId=2026-08');
      assert.equal(past.json().points, 0, 'points do not carry over');
      assert.equal((await fx.as('driver', 'GET', '/v1/provider/rewards?seasonId=2026-09')).statusCode, 400);
    });
  });
}
