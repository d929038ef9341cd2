import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT } from 'jose';
import { AccessTokens, hashCode, newRefreshSecret, sameDigest, sha256 } from './tokens.js';

const SECRET = 'unit-test-secret-of-at-least-32-characters!!';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return (err as { code: string }).code;
  }
  return 'OK';
}

test('ACC-1 an access token verifies to its user and session until it expires, then TOKEN_EXPIRED', async () => {
  let now = Date.parse('2026-01-01T00:00:00Z');
  const tokens = new AccessTokens(SECRET, 900, () => now);
  const { token, expiresAt } = await tokens.issue({ sub: 'usr_a', sid: 'rtk_family' });
  assert.equal(expiresAt.getTime(), now + 900_000);
  assert.deepEqual(await tokens.verify(token), { sub: 'usr_a', sid: 'rtk_family' });
  now += 899_000;
  assert.deepEqual(await tokens.verify(token), { sub: 'usr_a', sid: 'rtk_family' });
  now += 2_000;
  assert.equal(await codeOf(tokens.verify(token)), 'TOKEN_EXPIRED');
});

test('ACC-1 a token signed with another key, another algorithm or for another audience is TOKEN_INVALID', async () => {
  const now = Date.now();
  const tokens = new AccessTokens(SECRET, 900, () => now);
  const other = new AccessTokens(`${SECRET}-other`, 900, () => now);
  assert.equal(await codeOf(tokens.verify((await other.issue({ sub: 'usr_a', sid: 's' })).token)), 'TOKEN_INVALID');
  const key = new TextEncoder().encode(SECRET);
  const wrongAudience = await new SignJWT({ sid: 's' }).setProtectedHeader({ alg: 'HS256' }).setSubject('usr_a').setIssuer('peyk').setAudience('elsewhere').setIssuedAt().setExpirationTime('5m').sign(key);
  assert.equal(await codeOf(tokens.verify(wrongAudience)), 'TOKEN_INVALID');
  const noSession = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('usr_a').setIssuer('peyk').setAudience('peyk').setIssuedAt().setExpirationTime('5m').sign(key);
  assert.equal(await codeOf(tokens.verify(noSession)), 'TOKEN_INVALID');
  const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
  const payload = Buffer.from(JSON.stringify({ sub: 'usr_a', sid: 's', iss: 'peyk', aud: 'peyk', exp: Math.floor(now / 1000) + 60 })).toString('base64url');
  assert.equal(await codeOf(tokens.verify(`${header}.${payload}.`)), 'TOKEN_INVALID');
  for (const junk of ['', 'abc', 'a.b.c', `${header}.${payload}.${'x'.repeat(43)}`]) assert.equal(await codeOf(tokens.verify(junk)), 'TOKEN_INVALID', junk);
});

test('ACC-1 codes are stored as a keyed hash bound to the mobile: same code, other mobile or key, other hash', () => {
  const h = hashCode(SECRET, 'login:09121234567', '123456');
  assert.match(h, /^[0-9a-f]{64}$/);
  assert.ok(!h.includes('123456'));
  assert.equal(hashCode(SECRET, 'login:09121234567', '123456'), h);
  assert.notEqual(hashCode(SECRET, 'login:09121234568', '123456'), h);
  assert.notEqual(hashCode(SECRET, 'password_reset:09121234567', '123456'), h);
  assert.notEqual(hashCode(`${SECRET}x`, 'login:09121234567', '123456'), h);
  assert.notEqual(h, sha256('123456'));
});

test('ACC-1 digests are compared in constant time and refuse different lengths', () => {
  const a = sha256('a');
  assert.equal(sameDigest(a, sha256('a')), true);
  assert.equal(sameDigest(a, sha256('b')), false);
  assert.equal(sameDigest(a, a.slice(0, 62)), false);
  assert.equal(sameDigest(a, ''), false);
});

test('ACC-1 refresh secrets are 256-bit random and URL-safe', () => {
  const secrets = new Set(Array.from({ length: 1000 }, () => newRefreshSecret()));
  assert.equal(secrets.size, 1000);
  for (const s of secrets) assert.match(s, /^[A-Za-z0-9_-]{43}$/);
});
