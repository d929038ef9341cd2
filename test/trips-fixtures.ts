/**
 * Real orders for the trip-extras tests, driven through the HTTP API of the orders and dispatch
 * modules: quote -> order -> offer -> accept -> arrived -> start -> complete.
 */
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from './harness/app.js';
import type { AppOptions } from '../src/app.js';
import type { DbKind } from '../src/platform/db.js';

// Tabriz (demo seed), inside the service area.
export const PICKUP = { lat: 38.02, lng: 46.35 };
export const DROPOFF = { lat: 38.05, lng: 46.2 };
export const MOBILES = {
  customer: '09140000101', other: '09140000102', third: '09140000103',
  driver: '09140000201', courier: '09140000202', ops: '09120000002', admin: '09120000001',
} as const;
export type Who = keyof typeof MOBILES;
type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
/** The service each demo provider drives. */
const SERVICE: Partial<Record<Who, string>> = { driver: 'car_ride', courier: 'moto_ride' };

export interface TripFx {
  t: TestApp;
  ids: Record<Who, string>;
  as(who: Who, method: Method, url: string, body?: unknown): ReturnType<TestApp['call']>;
  /** An order of `customer` served by `provider`, driven to `to`. */
  trip(customer: Who, provider: Who, to?: 'offered' | 'accepted' | 'in_progress' | 'completed' | 'cancelled'): Promise<{ id: string; priceRials: bigint }>;
  close(): Promise<void>;
}

export async function tripFixture(kind: DbKind, app: Partial<AppOptions> = {}): Promise<TripFx> {
  const t = await createTestApp(kind, { env: { ACCESS_TOKEN_TTL_SECONDS: '86400' }, app });
  const tokens = {} as Record<Who, string>;
  const ids = {} as Record<Who, string>;
  for (const who of Object.keys(MOBILES) as Who[]) {
    const s = await t.signIn(MOBILES[who]);
    tokens[who] = s.token;
    ids[who] = s.userId;
  }
  // The clock jumps days ahead in some tests: an expired access token is renewed by signing in again.
  const as: TripFx['as'] = async (who, method, url, body) => {
    const res = await t.call(method, url, { token: tokens[who], body });
    if (res.statusCode !== 401) return res;
    tokens[who] = (await t.signIn(MOBILES[who])).token;
    return t.call(method, url, { token: tokens[who], body });
  };
  const ok = async (who: Who, method: Method, url: string, body?: unknown, status = 200) => {
    const res = await as(who, method, url, body);
    assert.equal(res.statusCode, status, `${method} ${url}: ${res.body}`);
    return res.json();
  };
  for (const who of ['customer', 'other', 'third'] as const) await ok(who, 'POST', '/v1/terms/accept', { version: 1 }, 204).catch(() => undefined);

  // A provider holds one job (and one offer) at a time: the test's earlier running order is cancelled by its customer.
  const running = new Map<Who, { id: string; customer: Who }>();
  const trip: TripFx['trip'] = async (customer, provider, to = 'completed') => {
    const earlier = running.get(provider);
    running.delete(provider);
    if (earlier) await as(earlier.customer, 'POST', `/v1/orders/${earlier.id}/cancel`, { reason: 'test: next trip' });
    await ok(provider, 'POST', '/v1/provider/online', PICKUP);
    const quote = await ok(customer, 'POST', '/v1/quotes', { serviceCode: SERVICE[provider], origin: PICKUP, destination: DROPOFF }, 201);
    const order = await ok(customer, 'POST', '/v1/orders', { quoteId: quote.id, paymentMethod: 'wallet' }, 201);
    const result = { id: order.id as string, priceRials: BigInt(order.priceRials) };
    if (to === 'offered' || to === 'accepted' || to === 'in_progress') running.set(provider, { id: order.id, customer });
    if (to === 'offered') return result;
    const offer = (await ok(provider, 'GET', '/v1/provider/offers')).offer;
    assert.equal(offer?.orderId, order.id, 'the provider got the offer');
    await ok(provider, 'POST', `/v1/provider/offers/${offer.id}/accept`);
    if (to === 'accepted') return result;
    if (to === 'cancelled') {
      await ok(customer, 'POST', `/v1/orders/${order.id}/cancel`, { reason: 'changed my plans' });
      return result;
    }
    await ok(provider, 'POST', `/v1/provider/orders/${order.id}/arrived`);
    await ok(provider, 'POST', `/v1/provider/orders/${order.id}/start`);
    if (to === 'in_progress') return result;
    await ok(provider, 'POST', `/v1/provider/orders/${order.id}/complete`, {});
    return result;
  };
  return { t, ids, as, trip, close: () => t.close() };
}
