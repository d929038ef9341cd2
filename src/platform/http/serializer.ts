import { ResponseSerializationError, serializerCompiler as zodEncodeSerializer } from 'fastify-type-provider-zod';
import type { FastifySerializerCompiler } from 'fastify';
import { z } from 'zod';

/**
 * The response serializer. Every reply is still checked against its zod schema, as with
 * fastify-type-provider-zod's compiler, but a schema that only describes data (no codec, transform,
 * default or catch, where zod's encode and parse directions could differ) is checked with
 * safeParse: zod compiles that to a fast path and it costs ~1 µs instead of ~4 µs for safeEncode.
 * Other schemas go to fastify-type-provider-zod unchanged.
 */
export const serializerCompiler: FastifySerializerCompiler<z.ZodType> = (route) => {
  const { schema, method, url } = route;
  if (!(schema instanceof z.ZodType) || !describesDataOnly(schema)) return zodEncodeSerializer(route as never);
  return (data) => {
    const result = schema.safeParse(data);
    if (!result.success) throw new ResponseSerializationError(method, url, { cause: result.error });
    return JSON.stringify(result.data);
  };
};

/** Schema kinds whose parse and encode give the same output; children listed by where they live. */
const DATA_ONLY: Record<string, (def: Record<string, unknown>) => unknown[]> = {
  string: () => [], number: () => [], boolean: () => [], null: () => [], literal: () => [], enum: () => [],
  date: () => [], bigint: () => [], any: () => [], unknown: () => [], never: () => [], undefined: () => [],
  nullable: (d) => [d.innerType], optional: (d) => [d.innerType], readonly: (d) => [d.innerType],
  array: (d) => [d.element], union: (d) => d.options as unknown[], record: (d) => [d.keyType, d.valueType],
  tuple: (d) => [...(d.items as unknown[]), d.rest],
  object: (d) => [...Object.values(d.shape as Record<string, unknown>), d.catchall],
};

export function describesDataOnly(schema: z.ZodType, depth = 0): boolean {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  const children = DATA_ONLY[def.type];
  if (!children || depth > 32) return false;
  return children(def).every((c) => c === undefined || c === null || describesDataOnly(c as z.ZodType, depth + 1));
}
