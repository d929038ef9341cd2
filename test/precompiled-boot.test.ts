import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, testDbKinds, type TestDatabase } from './harness/databases.js';

// `npm start` runs `node scripts/server.mjs`: a fresh precompiled bundle of the server runs without
// tsx; the first start goes through tsx, which builds it (src/precompiled.ts). The other tests build the app from the sources, so this one checks that the
// bundled program works too: it boots, serves the docs, and signs a user in end to end.

const ROOT = path.resolve(import.meta.dirname, '..');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

interface Server { url: string; output: () => string; stop(): Promise<number | null> }

async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['scripts/server.mjs'], {
    cwd: ROOT, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited:\n${out}`);
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`the server did not start:\n${out}`); }
    if (await fetch(`${url}/health`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url, output: () => out, stop: () => { child.kill('SIGTERM'); return exited; } };
}

async function signIn(url: string, mobile: string): Promise<string> {
  const post = (p: string, body: unknown) => fetch(url + p, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal((await post('/v1/auth/otp', { mobile })).status, 200);
  for (let i = 0; i < 100; i++) {
    const inbox = await (await fetch(`${url}/v1/demo/sms?mobile=${mobile}&limit=1`)).json();
    const code = /(\d{6})/.exec(inbox[0]?.body ?? '')?.[1];
    if (code) {
      const res = await post('/v1/auth/verify', { mobile, code });
      assert.equal(res.status, 200);
      return (await res.json()).accessToken;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no code arrived in the demo inbox');
}

// One bundle for every database kind: it is built by the first start and reused after.
const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'peyk-precompiled-cache-'));
after(() => fs.rmSync(cache, { recursive: true, force: true }));

for (const kind of testDbKinds()) {
  describe(`ACC-1 the server as npm start runs it (precompiled bundle) [${kind}]`, () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'peyk-precompiled-'));
    let db: TestDatabase | undefined;
    let env: Record<string, string>;
    before(async () => {
      db = kind === 'postgres' ? await createTestDatabase('postgres') : undefined;
      env = { PEYK_DATA_DIR: path.join(tmp, 'data'), PEYK_PRECOMPILE_CACHE: cache, ...(db ? { DATABASE_URL: db.url! } : {}) };
    });
    after(async () => {
      await db?.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    test('ACC-1 the bundled server boots, serves its API docs and signs a demo customer in by SMS code', async () => {
      const server = await startServer(env);
      try {
        const manifest = JSON.parse(fs.readFileSync(path.join(cache, 'server.cjs'), 'utf8').split('\n', 1)[0].slice(2));
        assert.equal(manifest.ok, true, manifest.reason);
        assert.equal(manifest.ascii, true, 'the bundle is all ASCII (read as latin1)');
        assert.match(server.output(), /precompiled\)/);
        const token = await signIn(server.url, '09140000101');
        const me = await fetch(`${server.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
        assert.equal(me.status, 200);
        assert.equal((await me.json()).mobile, '09140000101');
        const openapi = await (await fetch(`${server.url}/openapi.json`)).json();
        assert.ok(openapi.paths['/v1/me']);
        assert.equal((await fetch(`${server.url}/docs/`)).status, 200);
      } finally {
        assert.equal(await server.stop(), 0);
      }
    });

    test('ACC-1 a second start reuses the bundle and its code cache (no tsx), and still guards the API', async () => {
      const before = fs.statSync(path.join(cache, 'server.cjs')).mtimeMs;
      const codeCache = () => fs.readdirSync(cache).filter((f) => f.endsWith('.v8cache')).map((f) => `${f}@${fs.statSync(path.join(cache, f)).mtimeMs}`);
      const cacheBefore = codeCache();
      assert.equal(cacheBefore.length, 1);
      const server = await startServer(env);
      try {
        assert.match(server.output(), /precompiled\)/);
        assert.equal(fs.statSync(path.join(cache, 'server.cjs')).mtimeMs, before);
        // V8 accepted the code cache: a rejected one (other V8 flags, say) is written again after boot.
        await new Promise((r) => setTimeout(r, 300));
        assert.deepEqual(codeCache(), cacheBefore);
        assert.equal((await fetch(`${server.url}/v1/me`)).status, 401);
      } finally {
        assert.equal(await server.stop(), 0);
      }
    });
  });
}
