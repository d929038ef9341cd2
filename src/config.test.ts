import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, DEMO_JWT_SECRET, loadConfig } from './config.js';

const OWN_SECRET = 'a-production-secret-of-at-least-32-characters';
const MERCHANT_ID = '00000000-1111-2222-3333-444444444444';
const PRODUCTION_OK = { PEYK_MODE: 'production', JWT_SECRET: OWN_SECRET, SMS_ADAPTER: 'kavenegar', KAVENEGAR_API_KEY: 'key-123', ZARINPAL_MERCHANT_ID: MERCHANT_ID, PEYK_XPO_KEYS: 'k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' };
const names = (problems: string[]) => problems.map((p) => p.split(':')[0]).sort();

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err.problems;
  }
  return [];
}

test('ACC-1 demo mode is the default and starts with no variables at all', () => {
  const c = loadConfig({});
  assert.equal(c.mode, 'demo');
  assert.equal(c.demo, true);
  assert.equal(c.port, 3000);
  assert.equal(c.jwtSecret, DEMO_JWT_SECRET);
  assert.equal(c.sms.adapter, 'demo');
  assert.equal(c.publicUrl, 'http://localhost:3000');
});

test('ACC-1 production mode refuses the default JWT secret and the demo SMS adapter, listing both at once', () => {
  const problems = problemsOf({ PEYK_MODE: 'production', ZARINPAL_MERCHANT_ID: MERCHANT_ID });
  assert.deepEqual(names(problems), ['JWT_SECRET', 'PEYK_XPO_KEYS', 'SMS_ADAPTER']);
});

test('ACC-1 production mode refuses the console SMS adapter and an explicit copy of the demo secret', () => {
  const problems = problemsOf({ PEYK_MODE: 'production', SMS_ADAPTER: 'console', JWT_SECRET: DEMO_JWT_SECRET, ZARINPAL_MERCHANT_ID: MERCHANT_ID, PEYK_XPO_KEYS: 'k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' });
  assert.deepEqual(names(problems), ['JWT_SECRET', 'SMS_ADAPTER']);
});

test('ACC-1 every bad variable is listed at once, format errors and production rules together', () => {
  const problems = problemsOf({ PEYK_MODE: 'production', PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', SMS_ADAPTER: 'kavenegar', ZARINPAL_MERCHANT_ID: MERCHANT_ID });
  assert.deepEqual(names(problems), ['DATABASE_URL', 'JWT_SECRET', 'KAVENEGAR_API_KEY', 'LOG_LEVEL', 'PEYK_XPO_KEYS', 'PORT']);
  assert.match(new ConfigError(problems).message, /Invalid configuration:\n {2}- /);
});

test('ACC-1 a kavenegar adapter needs its API key in demo mode too', () => {
  assert.deepEqual(names(problemsOf({ SMS_ADAPTER: 'kavenegar' })), ['KAVENEGAR_API_KEY']);
});

test('ACC-1 a short JWT secret is refused', () => {
  assert.deepEqual(names(problemsOf({ JWT_SECRET: 'short' })), ['JWT_SECRET']);
});

test('ACC-1 a complete production configuration loads, frozen', () => {
  const c = loadConfig({ ...PRODUCTION_OK, PORT: '8080', TRUST_PROXY: 'true', PEYK_SEED: '0', ACCESS_TOKEN_TTL_SECONDS: '600' });
  assert.equal(c.mode, 'production');
  assert.equal(c.demo, false);
  assert.equal(c.port, 8080);
  assert.equal(c.trustProxy, true);
  assert.equal(c.seed, false);
  assert.equal(c.accessTokenTtlSeconds, 600);
  assert.equal(c.sms.kavenegarApiKey, 'key-123');
  assert.ok(Object.isFrozen(c));
  assert.ok(Object.isFrozen(c.sms));
  assert.throws(() => { (c as { port: number }).port = 1; }, TypeError);
});

test('ACC-1 empty variables count as unset', () => {
  const c = loadConfig({ PORT: '', JWT_SECRET: '', DATABASE_URL: '' });
  assert.equal(c.port, 3000);
  assert.equal(c.databaseUrl, undefined);
});
