import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestApp, type TestApp } from './harness/app.js';

// The server hands out the built web app (a single-page app) next to the API: files by path,
// index.html for every client-side route, JSON errors for the API.

describe('ACC-1 the web app and the API docs are served by the same server', () => {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'peyk-web-dist-'));
  let t: TestApp;
  before(async () => {
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><html lang="fa" dir="rtl"><body>shell</body></html>');
    fs.writeFileSync(path.join(dist, 'assets', 'app-3f9a.js'), 'console.log(1)');
    fs.writeFileSync(path.join(dist, '.secret'), 'no');
    t = await createTestApp('pglite', { env: { PEYK_WEB_DIST: dist } });
  });
  after(async () => {
    await t.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  test('ACC-1 / and client-side routes get index.html, never cached', async () => {
    for (const url of ['/', '/orders/ord_123', '/ops/orders?status=offered', '/assets']) {
      const res = await t.call('GET', url);
      assert.equal(res.statusCode, 200, url);
      assert.match(res.headers['content-type'] as string, /^text\/html/, url);
      assert.equal(res.headers['cache-control'], 'no-cache', url);
      assert.match(res.body, /shell/, url);
    }
  });

  test('ACC-1 built files are served with their type and a cache lifetime', async () => {
    const res = await t.call('GET', '/assets/app-3f9a.js');
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /javascript/);
    assert.match(res.headers['cache-control'] as string, /max-age=3600/);
    assert.equal(res.body, 'console.log(1)');
  });

  test('ACC-1 unknown API paths are JSON 404s, and nothing outside the web app is reachable', async () => {
    const api = await t.call('GET', '/v1/no-such-route');
    assert.equal(api.statusCode, 404);
    assert.equal(api.json().error.code, 'ROUTE_NOT_FOUND');
    const post = await t.call('POST', '/orders/ord_123');
    assert.equal(post.statusCode, 404);
    for (const url of ['/..%2fpackage.json', '/assets/..%2f..%2fpackage.json', '/.secret']) {
      const res = await t.call('GET', url);
      assert.doesNotMatch(res.body, /"dependencies"/, url);
      assert.notEqual(res.body, 'no', url);
    }
  });

  test('ACC-1 the API docs page carries the Peyk logo', async () => {
    const page = await t.call('GET', '/docs/static/index.html');
    assert.ok([200, 302].includes(page.statusCode));
    const init = await t.call('GET', '/docs/static/swagger-initializer.js');
    assert.equal(init.statusCode, 200);
    const logo = /data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)/.exec(init.body)?.[1];
    assert.ok(logo, 'the initializer swaps in an inline logo');
    assert.match(Buffer.from(logo, 'base64').toString(), /Peyk API/);
  });
});
