import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { latLngToCell } from 'h3-js';
import { createTestApp, type TestApp } from './harness/app.js';
import { testDbKinds } from './harness/databases.js';
import { queryRows } from '../src/platform/db.js';
import { TrackingService } from '../src/modules/tracking/index.js';
import { distanceKm } from '../src/platform/geo/geometry.js';

const DRIVER = '09140000201';
const MOTO = '09140000202';
const VAN = '09140000203';
const CUSTOMER = '09140000101';
const OPS = '09120000001';
const CITY = 'cty_tabriz';
// Near the Tabriz bazaar.
const HERE = { lat: 38.08, lng: 46.29 };

for (const kind of testDbKinds()) {
  describe(`tracking over HTTP [${kind}]`, () => {
    let t: TestApp;
    const tok: Record<string, string> = {};
    const ids: Record<string, string> = {};
    const iso = (offsetMs = 0) => new Date(t.clock.now().getTime() + offsetMs).toISOString();

    before(async () => {
      t = await createTestApp(kind);
      for (const [name, mobile] of Object.entries({ driver: DRIVER, moto: MOTO, van: VAN, customer: CUSTOMER, ops: OPS })) {
        const s = await t.signIn(mobile);
        tok[name] = s.token;
        ids[name] = s.userId;
      }
    });
    after(async () => { await t?.close(); });

    const online = (name: string, at = HERE) => t.call('POST', '/v1/provider/online', { token: tok[name], body: at });

    test('PRV-11 a provider goes online, sees its profile and state, and becomes a candidate for its services only', async () => {
      const res = await online('driver');
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().state, 'idle');
      assert.equal(res.json().cityId, CITY);
      const me = (await t.call('GET', '/v1/provider/me', { token: tok.driver })).json();
      assert.equal(me.profile.fleetType, 'car');
      assert.equal(me.profile.vehicle.capacitySeats, 4);
      assert.equal(me.presence.state, 'idle');
      const tracking = t.app.modules.tracking;
      const cars = tracking.candidates({ cityId: CITY, lat: 38.081, lng: 46.291, serviceCode: 'car_ride', k: 5 });
      assert.deepEqual(cars.map((c) => c.providerId), [ids.driver]);
      assert.ok(cars[0].distanceKm > 0.1 && cars[0].distanceKm < 0.2);
      assert.ok(cars[0].etaSeconds > 0);
      assert.equal(cars[0].capacitySeats, 4);
      assert.deepEqual(tracking.candidates({ cityId: CITY, lat: 38.081, lng: 46.291, serviceCode: 'moto_parcel', k: 5 }), []);
      assert.deepEqual(tracking.candidates({ cityId: CITY, lat: 38.081, lng: 46.291, serviceCode: 'car_ride', k: 5, exclude: [ids.driver] }), []);
      assert.deepEqual(tracking.candidates({ cityId: CITY, lat: 38.3, lng: 46.29, serviceCode: 'car_ride', k: 5, maxKm: 5 }), []);
    });

    test('PRV-7 the box flag travels with the candidates: the box courier is marked for parcels, the van is not a moto candidate', async () => {
      assert.equal((await online('moto', { lat: 38.0805, lng: 46.2905 })).statusCode, 200);
      assert.equal((await online('van', { lat: 38.0802, lng: 46.2902 })).statusCode, 200);
      const tracking = t.app.modules.tracking;
      const moto = tracking.candidates({ cityId: CITY, lat: 38.08, lng: 46.29, serviceCode: 'moto_parcel', k: 5 });
      assert.deepEqual(moto.map((c) => [c.providerId, c.hasBox, c.fleetType]), [[ids.moto, true, 'motorcycle']]);
      const van = tracking.candidates({ cityId: CITY, lat: 38.08, lng: 46.29, serviceCode: 'van_parcel', k: 5 });
      assert.deepEqual(van.map((c) => [c.providerId, c.hasBox]), [[ids.van, false]]);
      assert.deepEqual(tracking.candidates({ cityId: CITY, lat: 38.08, lng: 46.29, serviceCode: 'moto_ride', k: 5 }).map((c) => c.providerId), [ids.moto]);
    });

    test('RWD-8 a tier change moves an online provider\'s dispatch priority at once, in every service it offers, busy or not', async () => {
      const tracking = t.app.modules.tracking;
      const priorityIn = (serviceCode: string) => tracking.candidates({ cityId: CITY, lat: 38.08, lng: 46.29, serviceCode, k: 5 }).find((c) => c.providerId === ids.moto)?.priority;
      assert.deepEqual([priorityIn('moto_parcel'), priorityIn('moto_ride')], [0, 0]);
      tracking.setPriority(ids.moto, 3);
      assert.deepEqual([priorityIn('moto_parcel'), priorityIn('moto_ride')], [3, 3]);
      tracking.setBusy(ids.moto, 'ord_test_tier');
      tracking.setPriority(ids.moto, 2);
      tracking.setBusy(ids.moto, null);
      assert.deepEqual([priorityIn('moto_parcel'), priorityIn('moto_ride')], [2, 2]);
      tracking.setPriority(ids.moto, 0);
      const [moto] = tracking.candidates({ cityId: CITY, lat: 38.08, lng: 46.29, serviceCode: 'moto_parcel', k: 1 });
      assert.deepEqual([moto.priority, moto.hasBox, moto.fleetType], [0, true, 'motorcycle']);
    });

    test('PRV-11 location batches over HTTP move the provider; candidates come nearest first', async () => {
      t.clock.advance(1000);
      const res = await t.call('POST', '/v1/provider/locations', { token: tok.van, body: { points: [{ lat: 38.0803, lng: 46.2903, at: iso(-500) }, { lat: 38.0804, lng: 46.2904, at: iso() }] } });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), { accepted: 2, rejected: 0 });
      assert.deepEqual(t.app.modules.tracking.position(ids.van), { lat: 38.0804, lng: 46.2904, at: t.clock.now() });
      // The same fixes again are stale: rejected, nothing moves.
      const again = await t.call('POST', '/v1/provider/locations', { token: tok.van, body: { points: [{ lat: 38.0803, lng: 46.2903, at: iso(-500) }] } });
      assert.deepEqual(again.json(), { accepted: 0, rejected: 1 });
    });

    test('PRV-11 an implausible jump (> 200 km/h) is rejected and flagged for ops; the position stays', async () => {
      const events: unknown[] = [];
      const off = t.app.platform.events.subscribe('tracking.location_rejected', (e) => { events.push(e); });
      t.clock.advance(10_000);
      // ~5.5 km in 10 s is ~2,000 km/h; the second fix, 10 m further after 10 s, is fine.
      const res = await t.call('POST', '/v1/provider/locations', { token: tok.moto, body: { points: [{ lat: 38.13, lng: 46.2905, at: iso(-5000) }, { lat: 38.0806, lng: 46.2905, at: iso() }] } });
      off();
      assert.deepEqual(res.json(), { accepted: 1, rejected: 1 });
      assert.deepEqual(t.app.modules.tracking.position(ids.moto)?.lat, 38.0806);
      await t.app.modules.tracking.flush(); // rejections are written with the periodic position flush
      const rows = await queryRows<{ provider_id: string; to_lat: number; speed_kmh: number }>(t.db.db, sql`SELECT provider_id, to_lat, speed_kmh FROM location_rejections`);
      assert.equal(rows.length, 1);
      assert.equal(rows[0].provider_id, ids.moto);
      assert.equal(rows[0].to_lat, 38.13);
      assert.ok(rows[0].speed_kmh > 1000);
      assert.equal(events.length, 1);
    });

    test('PRV-11 a flood of implausible fixes is counted but stored at most 5 times per provider per flush window', async () => {
      const events: Array<{ count: number }> = [];
      const off = t.app.platform.events.subscribe('tracking.location_rejected', (e) => { events.push(e); });
      const before = (await queryRows(t.db.db, sql`SELECT 1 FROM location_rejections`)).length;
      for (let i = 0; i < 12; i++) {
        t.clock.advance(1000);
        const res = await t.call('POST', '/v1/provider/locations', { token: tok.moto, body: { points: [{ lat: 38.2 + i / 100, lng: 46.2905, at: iso() }] } });
        assert.deepEqual(res.json(), { accepted: 0, rejected: 1 });
      }
      off();
      await t.app.modules.tracking.flush();
      assert.equal(events.length, 12, 'every rejected batch still raises the ops event');
      assert.equal((await queryRows(t.db.db, sql`SELECT 1 FROM location_rejections`)).length - before, 5);
    });

    test('PRV-11 bad input: out-of-range coordinates, empty or huge batches, locations while offline -> 4xx, nothing changes', async () => {
      for (const body of [{ lat: 91, lng: 46 }, { lat: 38, lng: 181 }, { lat: 38 }, { lat: 38, lng: 46, extra: 1 }]) {
        const res = await t.call('POST', '/v1/provider/online', { token: tok.driver, body });
        assert.equal(res.statusCode, 400, JSON.stringify(body));
      }
      const tooMany = Array.from({ length: 501 }, (_, i) => ({ lat: 38.08, lng: 46.29, at: iso(i) }));
      for (const points of [[], tooMany, [{ lat: 38.08, lng: 46.29, at: 'yesterday' }]]) {
        assert.equal((await t.call('POST', '/v1/provider/locations', { token: tok.driver, body: { points } })).statusCode, 400);
      }
      assert.equal(t.app.modules.tracking.position(ids.driver)?.lat, HERE.lat);
      const customer = await t.call('POST', '/v1/provider/online', { token: tok.customer, body: HERE });
      assert.equal(customer.statusCode, 403);
      assert.equal(customer.json().error.code, 'ROLE_REQUIRED');
      await assert.rejects(t.app.modules.tracking.ingest('usr_nobody', [{ lat: 38, lng: 46, at: iso() }]), /Go online/);
    });

    test('PRV-12 a busy provider is not a candidate and cannot go offline; idle again after the job', async () => {
      const tracking = t.app.modules.tracking;
      tracking.setBusy(ids.driver, 'ord_test_busy');
      assert.deepEqual(tracking.candidates({ cityId: CITY, lat: 38.08, lng: 46.29, serviceCode: 'car_ride', k: 5 }), []);
      const off = await t.call('POST', '/v1/provider/offline', { token: tok.driver });
      assert.equal(off.statusCode, 409);
      assert.equal(off.json().error.code, 'PROVIDER_HAS_ACTIVE_JOB');
      assert.equal((await t.call('GET', '/v1/provider/me', { token: tok.driver })).json().presence.state, 'busy');
      // It drives on during the job; idle again, it is found where it is now, not where it took the job.
      t.clock.advance(60_000);
      const moved = await t.call('POST', '/v1/provider/locations', { token: tok.driver, body: { points: [{ lat: 38.09, lng: 46.3, at: iso() }] } });
      assert.deepEqual(moved.json(), { accepted: 1, rejected: 0 });
      assert.deepEqual(tracking.candidates({ cityId: CITY, lat: 38.08, lng: 46.29, serviceCode: 'car_ride', k: 5 }), []);
      tracking.setBusy(ids.driver, null);
      const found = tracking.candidates({ cityId: CITY, lat: 38.09, lng: 46.3, serviceCode: 'car_ride', k: 5 });
      assert.deepEqual(found.map((c) => [c.providerId, c.lat, c.lng, c.distanceKm]), [[ids.driver, 38.09, 46.3, 0]]);
      // And back where the next tests expect it.
      t.clock.advance(60_000);
      await t.call('POST', '/v1/provider/locations', { token: tok.driver, body: { points: [{ ...HERE, at: iso() }] } });
      assert.deepEqual(tracking.candidates({ cityId: CITY, lat: 38.09, lng: 46.3, serviceCode: 'car_ride', k: 1 })[0].distanceKm, distanceKm({ lat: 38.09, lng: 46.3 }, HERE));
    });

    test('PRV-11 going online again with other services: a candidate for the new ones only', async () => {
      const tracking = t.app.modules.tracking;
      // As an approved vehicle change writes it (the profile cache is dropped after the write).
      const codes = async (list: string[]) => {
        await t.app.platform.db.execute(sql`UPDATE providers SET service_codes = ${sql.param(list)}::text[] WHERE user_id = ${ids.moto}`);
        t.app.modules.providers.invalidate(ids.moto);
      };
      const motoFor = (serviceCode: string) => tracking.candidates({ cityId: CITY, lat: 38.08, lng: 46.29, serviceCode, k: 5 }).map((c) => c.providerId);
      await codes(['moto_ride']);
      assert.equal((await online('moto', { lat: 38.0805, lng: 46.2905 })).statusCode, 200);
      assert.deepEqual(motoFor('moto_parcel'), []);
      assert.deepEqual(motoFor('moto_ride'), [ids.moto]);
      await codes(['moto_parcel', 'moto_ride']);
      assert.equal((await online('moto', { lat: 38.0805, lng: 46.2905 })).statusCode, 200);
      assert.deepEqual(motoFor('moto_parcel'), [ids.moto]);
      assert.deepEqual(motoFor('moto_ride'), [ids.moto]);
    });

    test('ORD-2 idle providers are counted per H3 cell for the demand multiplier', () => {
      const tracking = t.app.modules.tracking;
      const cell = latLngToCell(HERE.lat, HERE.lng, 8);
      assert.equal(tracking.idleCount(CITY, [cell]), 3);
      tracking.setBusy(ids.van, 'ord_test_idle');
      assert.equal(tracking.idleCount(CITY, [cell, cell]), 2);
      tracking.setBusy(ids.van, null);
      assert.equal(tracking.idleCount(CITY, [latLngToCell(38.0, 46.2, 8)]), 0);
      assert.equal(tracking.idleCount('cty_nowhere', [cell]), 0);
    });

    test('PRV-11 ops see the live map; customers and providers do not', async () => {
      const res = await t.call('GET', `/v1/ops/live?cityId=${CITY}`, { token: tok.ops });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().online, 3);
      assert.ok(res.json().providers.some((p: { providerId: string; hasBox: boolean }) => p.providerId === ids.moto && p.hasBox));
      assert.equal((await t.call('GET', `/v1/ops/live?cityId=${CITY}`, { token: tok.driver })).statusCode, 403);
    });

    test('PRV-11 presence survives a restart: a new tracking service restores who is online and where', async () => {
      // Written in slices smaller than the fleet, as a big city's flush is.
      t.app.modules.tracking.flushSliceRows = 2;
      await t.app.modules.tracking.flush();
      t.app.modules.tracking.flushSliceRows = 500;
      const fresh = new TrackingService({ platform: t.app.platform, settings: t.app.modules.settings, providers: t.app.modules.providers, assertCanWork: async () => {} });
      assert.equal(await fresh.restore(() => t.app.modules.orders.activeJobs()), 3);
      assert.equal(fresh.position(ids.van)?.lat, 38.0804);
      assert.equal(fresh.candidates({ cityId: CITY, lat: 38.08, lng: 46.29, serviceCode: 'moto_parcel', k: 5 })[0].hasBox, true);
    });

    test('PRV-11 positions reach the database in turns: each flush tick writes one slot of the fleet, a round of ticks writes all', async () => {
      const tracking = t.app.modules.tracking;
      await tracking.flush();
      const names = ['driver', 'moto', 'van'];
      t.clock.advance(60_000);
      for (const [i, name] of names.entries()) {
        const res = await t.call('POST', '/v1/provider/locations', { token: tok[name], body: { points: [{ lat: 38.0811 + i / 10_000, lng: 46.2911, at: iso() }] } });
        assert.deepEqual(res.json(), { accepted: 1, rejected: 0 }, name);
      }
      const written = async () => (await queryRows<{ n: number }>(t.db.db, sql`SELECT count(*)::int AS n FROM provider_presence WHERE lng = 46.2911`))[0].n;
      assert.equal(await written(), 0, 'nothing is written before a tick');
      const seen: number[] = [];
      for (let tick = 0; tick < 10; tick++) {
        await tracking.flushTurn();
        seen.push(await written());
      }
      // Three providers went online one after another: three different slots of the ten.
      assert.deepEqual(seen.map((n, i) => n - (seen[i - 1] ?? 0)).filter((d) => d > 0), [1, 1, 1]);
      assert.equal(seen[9], 3);
    });

    test('PRV-11 going offline leaves dispatch (and stays offline after a restart)', async () => {
      const res = await t.call('POST', '/v1/provider/offline', { token: tok.van });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().state, 'offline');
      assert.deepEqual(t.app.modules.tracking.candidates({ cityId: CITY, lat: 38.08, lng: 46.29, serviceCode: 'van_parcel', k: 5 }), []);
      const fresh = new TrackingService({ platform: t.app.platform, settings: t.app.modules.settings, providers: t.app.modules.providers, assertCanWork: async () => {} });
      assert.equal(await fresh.restore(() => t.app.modules.orders.activeJobs()), 2);
      assert.equal(fresh.position(ids.van), null);
    });

    test('ACC-8 a blocked provider is taken out of dispatch and cannot go online again', async () => {
      const block = await t.call('POST', `/v1/ops/users/${ids.moto}/block`, { token: tok.ops, body: { reason: 'fraud check' } });
      assert.equal(block.statusCode, 200, block.body);
      assert.equal(t.app.modules.tracking.isOnline(ids.moto), false);
      assert.deepEqual(t.app.modules.tracking.candidates({ cityId: CITY, lat: 38.08, lng: 46.29, serviceCode: 'moto_parcel', k: 5 }), []);
      assert.deepEqual(t.app.modules.tracking.candidates({ cityId: CITY, lat: 38.08, lng: 46.29, serviceCode: 'moto_ride', k: 5 }), []);
      await assert.rejects(t.app.modules.tracking.goOnline(ids.moto, HERE), (err: { code?: string }) => err.code === 'ACCOUNT_BLOCKED');
      assert.equal(t.app.modules.tracking.isOnline(ids.moto), false);
    });
  });
}
