import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { isResponseSerializationError, serializerCompiler as zodEncodeSerializer } from 'fastify-type-provider-zod';
import { describesDataOnly, serializerCompiler } from './serializer.js';

const route = (schema: z.ZodType) => ({ schema, method: 'GET', url: '/v1/me', httpStatus: '200' });
const compile = (schema: z.ZodType) => serializerCompiler(route(schema) as never);
const reference = (schema: z.ZodType) => zodEncodeSerializer(route(schema) as never);

const userLike = z.object({
  id: z.string(), firstName: z.string().nullable(), roles: z.array(z.string()), status: z.enum(['active', 'blocked']),
  email: z.email().nullable().optional(), tags: z.record(z.string(), z.number()), hasPassword: z.boolean(),
});
const user = { id: 'usr_1', firstName: 'سارا', roles: ['customer'], status: 'active', email: null, tags: { a: 1 }, hasPassword: false };

test('ACC-1 a reply on the fast path is the same JSON as fastify-type-provider-zod gives, and fields outside the schema are dropped', () => {
  assert.equal(describesDataOnly(userLike), true);
  const withSecret = { ...user, passwordHash: '$argon2id$secret' };
  const out = compile(userLike)(withSecret);
  assert.equal(out, reference(userLike)(withSecret));
  assert.doesNotMatch(out, /passwordHash|argon2/);
});

test('ACC-1 a reply that breaks its schema is refused on the fast path too', () => {
  assert.throws(() => compile(userLike)({ ...user, status: 'deleted' }), (err: Error) => isResponseSerializationError(err));
  assert.throws(() => compile(userLike)({ ...user, roles: undefined }), (err: Error) => isResponseSerializationError(err));
});

test('ACC-1 schemas with codecs, transforms or defaults keep zod encode semantics', () => {
  const amount = z.codec(z.string().regex(/^\d+$/), z.bigint(), { decode: (s) => BigInt(s), encode: (b) => b.toString() });
  const cases: z.ZodType[] = [
    z.object({ amount }),
    z.object({ name: z.string().default('x') }),
    z.object({ name: z.string().transform((s) => s.toUpperCase()) }),
    z.object({ items: z.array(z.object({ amount })) }),
  ];
  for (const schema of cases) assert.equal(describesDataOnly(schema), false);
  const wallet = z.object({ amount });
  assert.equal(compile(wallet)({ amount: 120_000n }), '{"amount":"120000"}');
});
