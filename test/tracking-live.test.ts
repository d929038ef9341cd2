import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import WebSocket from 'ws';
import { createTestApp, type TestApp } from './harness/app.js';
import { testDbKinds } from './harness/databases.js';
import { LiveHub, type LiveSocket } from '../src/modules/tracking/index.js';
import type { AuthUser } from '../src/platform/http/auth.js';

/** A socket double that records what the hub sends. */
class FakeSocket implements LiveSocket {
  readyState = 1;
  sent: any[] = [];
  private handlers: Record<string, Array<(d?: unknown) => void>> = {};
  send(data: string) { this.sent.push(JSON.parse(data)); }
  close() { this.readyState = 3; for (const h of this.handlers.close ?? []) h(); }
  on(event: string, fn: (d?: unknown) => void) { (this.handlers[event] ??= []).push(fn); return this; }
  async receive(msg: object) {
    for (const h of this.handlers.message ?? []) h(Buffer.from(JSON.stringify(msg)));
    await new Promise((r) => setImmediate(r));
  }
  last() { return this.sent[this.sent.length - 1]; }
}

const user = (id: string, roles = ['customer']): AuthUser => ({ id, roles, status: 'active', sessionId: 'rtk_x', locale: 'fa' });

describe('LiveHub channel authorization (unit)', () => {
  test('ORD-13 another customer cannot subscribe to my order channel once orders sets the authorizer', async () => {
    const hub = new LiveHub();
    const mine = new FakeSocket();
    const theirs = new FakeSocket();
    hub.attach(mine, user('usr_a'));
    hub.attach(theirs, user('usr_b'));
    // Without an authorizer nobody follows an order.
    await mine.receive({ type: 'subscribe', channel: 'order:ord_1' });
    assert.equal(mine.last().code, 'LIVE_CHANNEL_FORBIDDEN');
    hub.setAuthorizer(async (u, channel) => channel === 'order:ord_1' && u.id === 'usr_a');
    await mine.receive({ type: 'subscribe', channel: 'order:ord_1', id: 7 });
    assert.deepEqual(mine.last(), { type: 'subscribed', channel: 'order:ord_1', id: 7 });
    await theirs.receive({ type: 'subscribe', channel: 'order:ord_1' });
    assert.equal(theirs.last().type, 'error');
    assert.equal(theirs.last().code, 'LIVE_CHANNEL_FORBIDDEN');
    hub.publish('order:ord_1', { type: 'provider.position', lat: 38, lng: 46 });
    assert.deepEqual(mine.last(), { type: 'provider.position', lat: 38, lng: 46, channel: 'order:ord_1' });
    assert.ok(!theirs.sent.some((m) => m.type === 'provider.position'));
  });

  test('ORD-13 provider channels are their owner\'s, ops channels are staff\'s; a throwing authorizer refuses', async () => {
    const hub = new LiveHub();
    hub.setAuthorizer(async () => { throw new Error('boom'); });
    const p = new FakeSocket();
    const ops = new FakeSocket();
    hub.attach(p, user('usr_p', ['provider']));
    hub.attach(ops, user('usr_o', ['ops_agent']));
    await p.receive({ type: 'subscribe', channel: 'provider:usr_p' });
    assert.equal(p.last().type, 'subscribed');
    await p.receive({ type: 'subscribe', channel: 'provider:usr_other' });
    assert.equal(p.last().code, 'LIVE_CHANNEL_FORBIDDEN');
    await p.receive({ type: 'subscribe', channel: 'ops:cty_tabriz' });
    assert.equal(p.last().code, 'LIVE_CHANNEL_FORBIDDEN');
    await ops.receive({ type: 'subscribe', channel: 'ops:cty_tabriz' });
    assert.equal(ops.last().type, 'subscribed');
    await ops.receive({ type: 'subscribe', channel: 'order:ord_1' });
    assert.equal(ops.last().code, 'LIVE_CHANNEL_FORBIDDEN');
  });

  test('ORD-13 bad messages get an error, not a crash; closed sockets get nothing; unsubscribe stops delivery', async () => {
    const hub = new LiveHub();
    const s = new FakeSocket();
    hub.attach(s, user('usr_p', ['provider']));
    for (const raw of [{ type: 'nope' }, { type: 'subscribe', channel: 'orders:x' }, { type: 'subscribe', channel: 'order:../../x' }, { type: 'locations', points: [] }]) {
      await s.receive(raw);
      assert.equal(s.last().type, 'error', JSON.stringify(raw));
    }
    await s.receive({ type: 'subscribe', channel: 'provider:usr_p' });
    await s.receive({ type: 'unsubscribe', channel: 'provider:usr_p' });
    hub.publish('provider:usr_p', { type: 'offer' });
    assert.notEqual(s.last().type, 'offer');
    assert.equal(hub.hasSubscribers('provider:usr_p'), false);
    await s.receive({ type: 'subscribe', channel: 'provider:usr_p' });
    s.close();
    assert.equal(hub.hasSubscribers('provider:usr_p'), false);
    assert.equal(hub.connectionCount, 0);
  });
});

/** A ws client that collects messages and can wait for one matching a predicate. */
async function connect(base: string, token?: string) {
  const ws = new WebSocket(`${base}/v1/live${token ? `?token=${encodeURIComponent(token)}` : ''}`);
  const inbox: any[] = [];
  const waiters: Array<{ pred: (m: any) => boolean; resolve: (m: any) => void }> = [];
  ws.on('message', (d) => {
    const m = JSON.parse(String(d));
    inbox.push(m);
    for (const w of [...waiters]) if (w.pred(m)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(m); }
  });
  await new Promise<void>((resolve, reject) => { ws.on('open', () => resolve()); ws.on('error', reject); });
  const next = (pred: (m: any) => boolean, ms = 5000) => {
    const found = inbox.find(pred);
    if (found) { inbox.splice(inbox.indexOf(found), 1); return Promise.resolve(found); }
    return new Promise<any>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching message')), ms);
      waiters.push({ pred, resolve: (m) => { clearTimeout(timer); inbox.splice(inbox.indexOf(m), 1); resolve(m); } });
    });
  };
  const send = (m: object) => ws.send(JSON.stringify(m));
  return { ws, inbox, next, send };
}

for (const kind of testDbKinds()) {
  describe(`GET /v1/live over a real socket [${kind}]`, () => {
    let t: TestApp;
    let base: string;
    const tok: Record<string, string> = {};
    const ids: Record<string, string> = {};

    before(async () => {
      t = await createTestApp(kind);
      for (const [name, mobile] of Object.entries({ driver: '09140000201', a: '09140000101', b: '09140000102' })) {
        const s = await t.signIn(mobile);
        tok[name] = s.token;
        ids[name] = s.userId;
      }
      await t.app.http.listen({ port: 0, host: '127.0.0.1' });
      base = `ws://127.0.0.1:${(t.app.http.server.address() as AddressInfo).port}`;
    });
    after(async () => { await t?.close(); });

    test('ORD-13 the live socket refuses a missing or forged token, and plain HTTP gets 426', async () => {
      await assert.rejects(connect(base), /401/);
      await assert.rejects(connect(base, 'eyJhbGciOiJIUzI1NiJ9.e30.forged'), /401/);
      const res = await t.call('GET', '/v1/live', { token: tok.a });
      assert.equal(res.statusCode, 426);
    });

    test('ORD-13 a connected live socket keeps nothing of its upgrade request (its memory is the socket\'s own)', async () => {
      // 10,000 providers online keep 10,000 sockets: the request, response, reply and logger of each
      // upgrade were held for the connection's life (~3 KB each) until the route let them go.
      v8.setFlagsFromString('--expose-gc');
      const gc = vm.runInNewContext('gc') as () => void;
      let upgrade: WeakRef<object> | undefined;
      t.app.http.server.once('upgrade', (req: object) => { upgrade = new WeakRef(req); });
      const c = await connect(base, tok.a);
      c.send({ type: 'ping', id: 1 });
      assert.deepEqual(await c.next((m) => m.type === 'pong'), { type: 'pong', id: 1 });
      assert.ok(upgrade, 'the upgrade request was seen');
      for (let i = 0; i < 10 && upgrade.deref(); i++) {
        await new Promise((r) => setImmediate(r));
        gc();
      }
      assert.equal(upgrade.deref(), undefined, 'the upgrade request is still reachable');
      c.send({ type: 'ping', id: 2 });
      assert.deepEqual(await c.next((m) => m.type === 'pong'), { type: 'pong', id: 2 });
      // A protocol error (a frame with a reserved opcode) closes that socket, and only that one: the
      // route replaced the error listener, and a WebSocket error without one would crash the server.
      const other = await connect(base, tok.b);
      const raw = c.ws as unknown as { once(e: 'close', fn: (code: number) => void): void; _socket: { write(b: Buffer): void } };
      const closed = new Promise<number>((resolve) => raw.once('close', resolve));
      raw._socket.write(Buffer.from([0x83, 0x80, 0, 0, 0, 0]));
      assert.equal(await closed, 1002);
      other.send({ type: 'ping', id: 3 });
      assert.deepEqual(await other.next((m) => m.type === 'pong'), { type: 'pong', id: 3 });
      other.ws.close();
    });

    test('ORD-13 a provider\'s WebSocket location batches reach the customer following the order; another customer is refused', async () => {
      const orderId = 'ord_live_test';
      t.app.modules.tracking.live.setAuthorizer(async (u, channel) => channel === `order:${orderId}` && u.id === ids.a);
      assert.equal((await t.call('POST', '/v1/provider/online', { token: tok.driver, body: { lat: 38.08, lng: 46.29 } })).statusCode, 200);
      const driver = await connect(base, tok.driver);
      const a = await connect(base, tok.a);
      const b = await connect(base, tok.b);
      a.send({ type: 'subscribe', channel: `order:${orderId}` });
      assert.equal((await a.next((m) => m.type === 'subscribed')).channel, `order:${orderId}`);
      b.send({ type: 'subscribe', channel: `order:${orderId}` });
      assert.equal((await b.next((m) => m.type === 'error')).code, 'LIVE_CHANNEL_FORBIDDEN');

      t.app.modules.tracking.setBusy(ids.driver, orderId);
      // setBusy shows the provider's current position at once.
      assert.equal((await a.next((m) => m.type === 'provider.position')).lat, 38.08);
      const at = (ms: number) => new Date(t.clock.now().getTime() + ms).toISOString();
      t.clock.advance(5000);
      driver.send({ type: 'locations', id: 'b1', points: [{ lat: 38.0801, lng: 46.2901, at: at(-2000) }, { lat: 38.0802, lng: 46.2902, at: at(0) }] });
      assert.deepEqual(await driver.next((m) => m.type === 'locations.ack'), { type: 'locations.ack', accepted: 2, rejected: 0, id: 'b1' });
      const pos = await a.next((m) => m.type === 'provider.position');
      assert.deepEqual([pos.lat, pos.lng, pos.providerId, pos.channel], [38.0802, 46.2902, ids.driver, `order:${orderId}`]);
      assert.ok(!b.inbox.some((m) => m.type === 'provider.position'));

      // Without an id a good fix gets no answer (one write saved per fix); a refused one is answered.
      t.clock.advance(5000);
      driver.send({ type: 'locations', points: [{ lat: 38.0803, lng: 46.2903, at: at(0) }] });
      driver.send({ type: 'locations', points: [{ lat: 39.5, lng: 46.2903, at: at(1000) }] });
      assert.deepEqual(await driver.next((m) => m.type === 'locations.ack'), { type: 'locations.ack', accepted: 0, rejected: 1 });
      assert.equal((await a.next((m) => m.type === 'provider.position')).lat, 38.0803);

      // A customer cannot send locations; garbage is answered with an error.
      a.send({ type: 'locations', points: [{ lat: 1, lng: 1, at: at(0) }] });
      assert.equal((await a.next((m) => m.type === 'error')).code, 'LIVE_NOT_A_PROVIDER');
      driver.send({ type: 'locations', points: 'nope' });
      assert.equal((await driver.next((m) => m.type === 'error')).code, 'LOCATIONS_INVALID');
      t.app.modules.tracking.setBusy(ids.driver, null);
      for (const c of [driver, a, b]) c.ws.close();
    });
  });
}
