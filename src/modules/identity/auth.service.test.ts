import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../platform/errors.js';
import { FailureWindow } from './auth.service.js';

const POLICY = { limit: 5, windowMs: 15 * 60_000 };

function refusal(fn: () => void): AppError | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  return undefined;
}

test('ACC-4 five failed password sign-ins lock the mobile out for the rest of the window', () => {
  const w = new FailureWindow();
  const t0 = 1_000_000;
  for (let i = 0; i < 5; i++) {
    assert.equal(refusal(() => w.check('pwd:0912', t0 + i * 1000, POLICY)), undefined);
    w.fail('pwd:0912', t0 + i * 1000, POLICY);
  }
  const locked = refusal(() => w.check('pwd:0912', t0 + 10_000, POLICY));
  assert.equal(locked?.code, 'RATE_LIMITED');
  assert.equal(locked?.retryAfterSeconds, 890);
  assert.equal(locked?.details?.retryAfterSeconds, 890);
  assert.equal(refusal(() => w.check('pwd:0913', t0 + 10_000, POLICY)), undefined, 'another mobile is not affected');
  assert.equal(refusal(() => w.check('pwd:0912', t0 + POLICY.windowMs + 1, POLICY)), undefined, 'the oldest failure left the window');
});

test('ACC-4 a successful sign-in clears the failures; the list per key stays bounded', () => {
  const w = new FailureWindow();
  for (let i = 0; i < 4; i++) w.fail('k', i, POLICY);
  w.clear('k');
  for (let i = 0; i < 4; i++) w.fail('k', 10 + i, POLICY);
  assert.equal(refusal(() => w.check('k', 20, POLICY)), undefined);
  for (let i = 0; i < 1000; i++) w.fail('k', 100 + i, POLICY);
  const locked = refusal(() => w.check('k', 2000, POLICY));
  assert.equal(locked?.retryAfterSeconds, Math.ceil((1095 + POLICY.windowMs - 2000) / 1000));
});

test('ACC-4 the limit and window come from the policy passed in (settings)', () => {
  const w = new FailureWindow();
  const strict = { limit: 1, windowMs: 60_000 };
  w.fail('k', 0, strict);
  assert.equal(refusal(() => w.check('k', 1, strict))?.code, 'RATE_LIMITED');
  assert.equal(refusal(() => w.check('k', 60_000, strict)), undefined);
});
