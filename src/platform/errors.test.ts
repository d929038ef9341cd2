import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError, STATUS_BY_TYPE, conflict, forbidden, invariant, notFound, rateLimited, unauthenticated, validation } from './errors.js';

test('ACC-1 every error kind maps to one 4xx/5xx status', () => {
  assert.deepEqual(STATUS_BY_TYPE, { validation: 400, unauthenticated: 401, forbidden: 403, not_found: 404, conflict: 409, rate_limited: 429, unavailable: 503 });
});

test('ACC-1 RATE_LIMITED carries its retry-after both as a field and in details.retryAfterSeconds', () => {
  const e = rateLimited('RATE_LIMITED', 'wait', 42, { scope: 'mobile' });
  assert.ok(e instanceof AppError);
  assert.equal(e.type, 'rate_limited');
  assert.equal(e.retryAfterSeconds, 42);
  assert.deepEqual(e.details, { scope: 'mobile', retryAfterSeconds: 42 });
});

test('ACC-2 helpers build AppErrors with a stable code, a message and details', () => {
  const cases: Array<[AppError, string]> = [
    [validation('NATIONAL_ID_INVALID', 'm', { field: 'nationalId' }), 'validation'],
    [notFound('USER_NOT_FOUND', 'm'), 'not_found'],
    [forbidden('ROLE_REQUIRED', 'm'), 'forbidden'],
    [conflict('NATIONAL_ID_TAKEN', 'm'), 'conflict'],
    [unauthenticated('TOKEN_EXPIRED', 'm'), 'unauthenticated'],
  ];
  for (const [err, type] of cases) {
    assert.equal(err.type, type);
    assert.equal(err.name, 'AppError');
    assert.match(err.code, /^[A-Z][A-Z0-9_]*$/);
    assert.equal(err.message, 'm');
  }
  assert.deepEqual(cases[0][0].details, { field: 'nationalId' });
});

test('OPS-4 a broken invariant is a plain Error (a bug, answered 500), not an AppError', () => {
  assert.doesNotThrow(() => invariant(true, 'fine'));
  assert.throws(() => invariant(false, 'ledger unbalanced'), (err: Error) => !(err instanceof AppError) && /Invariant violated: ledger unbalanced/.test(err.message));
});
