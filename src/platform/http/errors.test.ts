import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance, type InjectOptions } from 'fastify';
import { z } from 'zod';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { rateLimited, validation } from '../errors.js';
import { errorHandler, frameworkErrorHandler, notFoundHandler } from './errors.js';

let app: FastifyInstance;

before(async () => {
  app = Fastify({ logger: false, bodyLimit: 1000, frameworkErrors: frameworkErrorHandler });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/v1/echo/:id', { schema: { params: z.object({ id: z.string() }), body: z.object({ mobile: z.string().min(3) }).strict() } }, async (req) => req.body);
  r.get('/v1/app-error', async () => { throw validation('NATIONAL_ID_INVALID', 'The national ID is not valid', { field: 'nationalId' }); });
  r.get('/v1/rate-limited', async () => { throw rateLimited('RATE_LIMITED', 'wait', 37, { scope: 'mobile' }); });
  r.get('/v1/nul', async () => { throw Object.assign(new Error('db failed'), { cause: Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' }) }); });
  r.get('/v1/bug', async () => { throw new Error('secret internals: connection string postgres://u:p@h'); });
  await app.ready();
});
after(async () => { await app.close(); });

function errorOf(res: { statusCode: number; body: string; headers: Record<string, unknown> }) {
  assert.match(String(res.headers['content-type']), /application\/json/);
  const body = JSON.parse(res.body);
  assert.deepEqual(Object.keys(body), ['error']);
  assert.match(body.error.code, /^[A-Z][A-Z0-9_]*$/);
  assert.equal(typeof body.error.message, 'string');
  return body.error as { code: string; message: string; details?: Record<string, unknown> };
}

test('ACC-1 an AppError becomes { error: { code, message, details } } with its status', async () => {
  const res = await app.inject({ method: 'GET', url: '/v1/app-error' });
  assert.equal(res.statusCode, 400);
  assert.deepEqual(errorOf(res), { code: 'NATIONAL_ID_INVALID', message: 'The national ID is not valid', details: { field: 'nationalId' } });
});

test('ACC-1 RATE_LIMITED answers 429 with a retry-after header and details.retryAfterSeconds', async () => {
  const res = await app.inject({ method: 'GET', url: '/v1/rate-limited' });
  assert.equal(res.statusCode, 429);
  assert.equal(res.headers['retry-after'], '37');
  assert.deepEqual(errorOf(res).details, { scope: 'mobile', retryAfterSeconds: 37 });
});

test('ACC-1 schema failures, bad JSON, wrong media types and huge bodies are 4xx errors of the same shape', async () => {
  const cases: Array<[InjectOptions, number, string]> = [
    [{ method: 'POST', url: '/v1/echo/1', payload: { mobile: 'x' } }, 400, 'VALIDATION_FAILED'],
    [{ method: 'POST', url: '/v1/echo/1', payload: { mobile: '0912', extra: 1 } }, 400, 'VALIDATION_FAILED'],
    [{ method: 'POST', url: '/v1/echo/1', payload: '{"mobile":', headers: { 'content-type': 'application/json' } }, 400, 'INVALID_JSON'],
    [{ method: 'POST', url: '/v1/echo/1', payload: '', headers: { 'content-type': 'application/json' } }, 400, 'INVALID_JSON'],
    [{ method: 'POST', url: '/v1/echo/1', payload: '<a/>', headers: { 'content-type': 'application/xml' } }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [{ method: 'POST', url: '/v1/echo/1', payload: { mobile: 'x'.repeat(2000) } }, 413, 'BODY_TOO_LARGE'],
    [{ method: 'GET', url: '/v1/nowhere' }, 404, 'ROUTE_NOT_FOUND'],
  ];
  for (const [req, status, code] of cases) {
    const res = await app.inject(req);
    assert.equal(res.statusCode, status, `${JSON.stringify(req)}: ${res.body}`);
    assert.equal(errorOf(res).code, code);
  }
});

test('ACC-1 text the database cannot store (NUL) is the client\'s 400, not a 500', async () => {
  const res = await app.inject({ method: 'GET', url: '/v1/nul' });
  assert.equal(res.statusCode, 400);
  assert.equal(errorOf(res).code, 'TEXT_NOT_STORABLE');
});

test('ACC-1 an unexpected error is a 500 that reveals nothing of the internals', async () => {
  const res = await app.inject({ method: 'GET', url: '/v1/bug' });
  assert.equal(res.statusCode, 500);
  assert.equal(errorOf(res).code, 'INTERNAL');
  assert.ok(!res.body.includes('postgres://'));
});

test('ACC-1 router errors (bad percent-encoding, over-long path parameter) keep the error shape', async () => {
  const bad = await app.inject({ method: 'POST', url: '/v1/echo/x%ED%A0%80y', payload: { mobile: '0912' } });
  assert.equal(bad.statusCode, 400);
  assert.equal(errorOf(bad).code, 'BAD_URL');
  const long = await app.inject({ method: 'POST', url: `/v1/echo/${'9'.repeat(200)}`, payload: { mobile: '0912' } });
  assert.equal(long.statusCode, 414);
  assert.equal(errorOf(long).code, 'URL_TOO_LONG');
});
