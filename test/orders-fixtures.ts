/**
 * Shared setup of the orders and dispatch tests: a full app with the demo seed, customers who
 * accepted the terms, providers (the demo ones plus extra ones made here), and HTTP helpers.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './harness/app.js';
import { queryRows, type DbKind } from '../src/platform/db.js';
import { insertProviders } from '../src/modules/providers/index.js';
import { userAccount, platformAccount, type AccountRef } from '../src/modules/wallet/index.js';

export const ENV = { ACCESS_TOKEN_TTL_SECONDS: '86400' };
// Tabriz (demo seed): a pickup in El Goli and a drop-off to the west, both inside the service area.
export const PICKUP = { lat: 38.02, lng: 46.35 };
export const DROPOFF = { lat: 38.05, lng: 46.2 };
export const near = (km: number) => ({ lat: PICKUP.lat + km / 111, lng: PICKUP.lng });

export const MOBILES = {
  c1: '09140000101', c2: '09140000102', c3: '09140000103',
  driver: '09140000201', courier: '09140000202', van: '09140000203', admin: '09120000001', agent: '09120000002',
} as const;
export type Who = keyof typeof MOBILES | string;

export interface Fx {
  t: TestApp;
  tok: Record<string, string>;
  uid: Record<string, string>;
  call(who: Who, method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH', url: string, body?: unknown, headers?: Record<string, string>): ReturnType<TestApp['call']>;
  quote(who: Who, body?: Record<string, unknown>): Promise<string>;
  order(who: Who, body: Record<string, unknown>, headers?: Record<string, string>): ReturnType<TestApp['call']>;
  online(who: Who, at?: { lat: number; lng: number }): Promise<void>;
  offerOf(who: Who): Promise<{ id: string; orderId: string; kind: string } | null>;
  addProvider(name: string, p: { fleetType?: 'car' | 'motorcycle' | 'van'; serviceCodes?: string[]; hasBox?: boolean; priority?: number; seats?: number }): Promise<string>;
  balance(ref: AccountRef): Promise<bigint>;
  count(table: 'orders' | 'order_events' | 'order_offers' | 'jobs' | 'quotes_used'): Promise<number>;
  runJobs(): Promise<number>;
  /** Signs everyone in again (after moving the clock past the token lifetime). */
  renew(): Promise<void>;
  setting(key: string, value: unknown): Promise<void>;
  close(): Promise<void>;
}

let mobileSeq = 0;

export async function orderFixture(kind: DbKind): Promise<Fx> {
  // Signatures (ORD-9) are files: give the app a data directory of its own.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'peyk-orders-'));
  const t = await createTestApp(kind, { env: { ...ENV, PEYK_DATA_DIR: dataDir } });
  const tok: Record<string, string> = {};
  const uid: Record<string, string> = {};
  const mobiles: Record<string, string> = { ...MOBILES };
  for (const [who, mobile] of Object.entries(MOBILES)) {
    const s = await t.signIn(mobile);
    tok[who] = s.token;
    uid[who] = s.userId;
    if (who.startsWith('c')) assert.equal((await t.call('POST', '/v1/terms/accept', { token: s.token, body: { version: 1 } })).statusCode, 204);
  }
  const call: Fx['call'] = (who, method, url, body, headers) => t.call(method, url, { token: tok[who], body, headers });
  const fx: Fx = {
    t, tok, uid, call,
    async quote(who, body = {}) {
      const res = await call(who, 'POST', '/v1/quotes', { serviceCode: 'car_ride', origin: PICKUP, destination: DROPOFF, ...body });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().id;
    },
    order: (who, body, headers) => call(who, 'POST', '/v1/orders', { paymentMethod: 'wallet', ...body }, headers),
    async online(who, at = PICKUP) {
      const res = await call(who, 'POST', '/v1/provider/online', at);
      assert.equal(res.statusCode, 200, res.body);
    },
    async offerOf(who) {
      const res = await call(who, 'GET', '/v1/provider/offers');
      assert.equal(res.statusCode, 200, res.body);
      return res.json().offer;
    },
    async addProvider(name, p) {
      const mobile = `0935${String(1_000_000 + mobileSeq++).slice(-7)}`;
      const s = await t.signIn(mobile);
      await t.db.db.execute(sql`UPDATE users SET roles = ARRAY['customer', 'provider']::text[], provider_kind = 'driver', first_name = ${name} WHERE id = ${s.userId}`);
      t.app.modules.users.invalidate(s.userId);
      await insertProviders(t.db.db, [{
        userId: s.userId, cityId: 'cty_tabriz', fleetType: p.fleetType ?? 'car', serviceCodes: p.serviceCodes ?? ['car_ride'],
        vehicle: { make: 'Saipa', model: 'Pride', year: 2015, plate: '11 ب 111', colour: 'white', capacitySeats: p.seats ?? 4 },
        hasBox: p.hasBox ?? false, priority: p.priority ?? 0, createdAt: t.clock.now(),
      }]);
      tok[name] = s.token;
      uid[name] = s.userId;
      mobiles[name] = mobile;
      return s.userId;
    },
    balance: async (ref) => (await t.app.modules.ledger.balance(t.db.db, ref)).balanceRials,
    async count(table) {
      const q = table === 'quotes_used' ? sql`SELECT count(*)::int AS n FROM quotes WHERE used_at IS NOT NULL` : sql.raw(`SELECT count(*)::int AS n FROM ${table}`);
      return (await queryRows<{ n: number }>(t.db.db, q))[0].n;
    },
    runJobs: () => t.app.platform.jobs.runDue(),
    async renew() {
      for (const [who, mobile] of Object.entries(mobiles)) tok[who] = (await t.signIn(mobile)).token;
    },
    async setting(key, value) {
      await t.app.modules.settings.set({ id: uid.admin, roles: ['ops_admin'] }, key, 'global', '', value, 'test');
    },
    async close() {
      await t.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return fx;
}

export const wallet = (userId: string) => userAccount(userId, 'customer_wallet');
export const providerWallet = (userId: string) => userAccount(userId, 'provider_wallet');
export const revenue = platformAccount('platform_revenue');
