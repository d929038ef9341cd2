/**
 * Route fuzzing with fast-check, driven by the app's own OpenAPI document, so every route a module
 * registers is fuzzed without listing it here. Later issues extend it by passing hints (how to build
 * plausible values for their fields) and the tables whose contents a rejected request must not touch.
 *
 * The bar every route must meet (issue 2): whatever the body, query or path, the answer is a 2xx or
 * a 4xx JSON error `{ error: { code, message } }`, never a 5xx, and a rejected request writes nothing.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { queryRows, type Db } from '../../src/platform/db.js';
import type { TestApp } from './app.js';

/** The subset of JSON Schema that zod-generated OpenAPI uses. */
export interface JsonSchema {
  type?: string;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  nullable?: boolean;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
}

export interface ApiRoute {
  method: string;
  /** OpenAPI style: /v1/me/guests/{id} */
  path: string;
  body?: JsonSchema;
  query: Record<string, JsonSchema>;
  requiredQuery: string[];
  /** Header parameters (e.g. Idempotency-Key), by lower-case name. */
  headers: Record<string, JsonSchema>;
  requiredHeaders: string[];
  pathParams: string[];
  pathSchemas: Record<string, JsonSchema>;
  /** Declared public in the document (`security: []`): callable without a token. */
  isPublic: boolean;
}

/** Field name -> a generator of plausible values (valid-looking ids, mobiles, dates ...). */
export type Hints = Record<string, fc.Arbitrary<unknown>>;

type OpenApiDoc = { paths: Record<string, Record<string, { security?: unknown[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> }; parameters?: Array<{ in: string; name: string; required?: boolean; schema: JsonSchema }> }>> };

/** Every operation of the OpenAPI document, with its body, query and path parameters. */
export function apiRoutes(openapi: OpenApiDoc): ApiRoute[] {
  const out: ApiRoute[] = [];
  for (const [path, operations] of Object.entries(openapi.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      const params = op.parameters ?? [];
      out.push({
        method: method.toUpperCase(),
        path,
        body: op.requestBody?.content?.['application/json']?.schema,
        query: Object.fromEntries(params.filter((p) => p.in === 'query').map((p) => [p.name, p.schema])),
        requiredQuery: params.filter((p) => p.in === 'query' && p.required).map((p) => p.name),
        headers: Object.fromEntries(params.filter((p) => p.in === 'header').map((p) => [p.name.toLowerCase(), p.schema])),
        requiredHeaders: params.filter((p) => p.in === 'header' && p.required).map((p) => p.name.toLowerCase()),
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        pathSchemas: Object.fromEntries(params.filter((p) => p.in === 'path').map((p) => [p.name, p.schema])),
        isPublic: Array.isArray(op.security) && op.security.length === 0,
      });
    }
  }
  return out;
}

export async function fetchApiRoutes(t: TestApp): Promise<ApiRoute[]> {
  const res = await t.call('GET', '/openapi.json');
  assert.equal(res.statusCode, 200);
  return apiRoutes(res.json());
}

// ---------- values ----------

const SAFE_TEXT = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), minLength: 0, maxLength: 24 });

/** Strings that break naive code: NUL, lone surrogates, bidi marks, SQL, huge digits, Persian text. */
export const NASTY_STRINGS = [
  '', ' ', '\u0000', 'ab\u0000cd', '\uD800', 'x\uDFFFy', '\u202Eabc', '\u200c\u200f', '🙂'.repeat(20), 'e\u0301'.repeat(10),
  "'; DROP TABLE users; --", '%00', '%', '_', '\\', '../../etc/passwd', '<script>alert(1)</script>', 'null', 'undefined',
  'NaN', '-1', '1e309', '9'.repeat(400), '۰۹۱۲۳۴۵۶۷۸۹', 'سلام دنیا', 'مرحبا', '\n\r\t', '{}', '[]', 'true',
];

const unicodeString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.constantFrom(...NASTY_STRINGS),
);

const hugeString = fc.tuple(fc.integer({ min: 10_000, max: 300_000 }), fc.constantFrom('a', '9', 'ی', '🙂', '\u0000', ' ')).map(([n, ch]) => ch.repeat(n));

/** Deeply nested arrays and objects. */
const nestedJunk: fc.Arbitrary<unknown> = fc.integer({ min: 5, max: 200 }).chain((depth) =>
  fc.constantFrom('array', 'object').map((kind) => {
    let v: unknown = 'x';
    for (let i = 0; i < depth; i++) v = kind === 'array' ? [v] : { a: v };
    return v;
  }));

/** Any JSON value, with the nasty strings and a few numbers at the edges. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  unicodeString,
  fc.constantFrom(0, -1, 1.5, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e308, null, true, false, [], {}),
  nestedJunk,
);

function schemaType(s: JsonSchema): string | undefined {
  if (s.type) return s.type;
  if (s.properties) return 'object';
  return undefined;
}

/** Values that pass the schema (as far as JSON Schema can say), using hints for named fields. */
export function validValue(schema: JsonSchema, hints: Hints = {}, name?: string): fc.Arbitrary<unknown> {
  if (name && hints[name]) return hints[name];
  const base = validBase(schema, hints);
  return schema.nullable ? fc.oneof(base, fc.constant(null)) : base;
}

function validBase(s: JsonSchema, hints: Hints): fc.Arbitrary<unknown> {
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  const branches = s.anyOf ?? s.oneOf;
  if (branches?.length) return fc.oneof(...branches.map((b) => validValue(b, hints)));
  switch (schemaType(s)) {
    case 'string': return validString(s);
    case 'integer': return fc.integer({ min: Math.max(s.minimum ?? -1000, Number.MIN_SAFE_INTEGER), max: Math.min(s.maximum ?? 1000, Number.MAX_SAFE_INTEGER) });
    case 'number': return fc.double({ min: s.minimum ?? -1000, max: s.maximum ?? 1000, noNaN: true, noDefaultInfinity: true });
    case 'boolean': return fc.boolean();
    case 'array': return fc.array(validValue(s.items ?? {}, hints), { minLength: s.minItems ?? 0, maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 4, 4)) });
    case 'object': {
      const props = s.properties ?? {};
      const record = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, validValue(v, hints, k)]));
      return fc.record(record, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
    }
    default: return anyJson;
  }
}

function validString(s: JsonSchema): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = Math.max(min, Math.min(s.maxLength ?? 40, 40));
  if (s.format === 'email') return fc.constantFrom('user@example.com', 'a.b+c@peyk.ir', 'X@Example.COM');
  if (s.pattern) return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length >= min && v.length <= (s.maxLength ?? Infinity));
  return fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), minLength: min, maxLength: max });
}

/** A value of a type the schema does not accept. */
function wrongType(s: JsonSchema): fc.Arbitrary<unknown> {
  const t = schemaType(s);
  const choices: fc.Arbitrary<unknown>[] = [fc.constant(null), fc.constant({}), fc.constant([]), nestedJunk];
  if (t !== 'string') choices.push(unicodeString, hugeString);
  if (t !== 'number' && t !== 'integer') choices.push(fc.integer(), fc.double());
  if (t !== 'boolean') choices.push(fc.boolean());
  if (t === 'integer') choices.push(fc.constantFrom(1.5, -0.5, 1e300, -1));
  return fc.oneof(...choices);
}

/** A JSON body to send: mostly shaped like the schema, with one or more fields broken in some way. */
export function bodyValue(schema: JsonSchema | undefined, hints: Hints = {}): fc.Arbitrary<unknown> {
  if (!schema || schemaType(schema) !== 'object' || !schema.properties) return anyJson;
  const props = schema.properties;
  const keys = Object.keys(props);
  const valid = validValue(schema, hints) as fc.Arbitrary<Record<string, unknown>>;
  const perField = (make: (s: JsonSchema, key: string) => fc.Arbitrary<unknown>) =>
    fc.record(Object.fromEntries(keys.map((k) => [k, make(props[k], k)])), { requiredKeys: [] });
  const oneField = fc.constantFrom(...keys).chain((k) => validValue(props[k], hints, k).map((v) => ({ [k]: v })));
  return fc.oneof(
    { weight: 3, arbitrary: valid },
    { weight: 2, arbitrary: oneField },
    { weight: 2, arbitrary: fc.tuple(valid, fc.constantFrom(...keys)).chain(([v, key]) => wrongType(props[key]).map((bad) => ({ ...v, [key]: bad }))) },
    { weight: 2, arbitrary: perField((s) => fc.oneof(wrongType(s), validValue(s, hints))) },
    { weight: 1, arbitrary: perField((s) => (schemaType(s) === 'string' || !schemaType(s) ? fc.oneof(hugeString, unicodeString) : validValue(s, hints))) },
    { weight: 1, arbitrary: perField((s, k) => fc.oneof(unicodeString, validValue(s, hints, k))) },
    { weight: 1, arbitrary: fc.tuple(valid, fc.string({ minLength: 1, maxLength: 12 }), anyJson).map(([v, k, x]) => ({ ...v, [k]: x })) },
    { weight: 1, arbitrary: anyJson },
  );
}

/** What goes over the wire: JSON (most of the time), or bytes that are not JSON at all. */
export type Payload = { kind: 'json'; value: unknown } | { kind: 'raw'; text: string; contentType: string };

export function payloadArbitrary(schema: JsonSchema | undefined, hints: Hints = {}): fc.Arbitrary<Payload> {
  return fc.oneof(
    { weight: 9, arbitrary: bodyValue(schema, hints).map((value): Payload => ({ kind: 'json', value })) },
    {
      weight: 1,
      arbitrary: fc.record({
        text: fc.oneof(fc.constantFrom('{', '{"a":', '[1,2', 'null null', '\u0000', '{"mobile":"0912"}'), fc.string({ maxLength: 50 })),
        contentType: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x'),
      }).map((r): Payload => ({ kind: 'raw', ...r })),
    },
  );
}

/** A query string from the route's parameters, valid or not, sometimes with unknown or repeated keys. */
export function queryArbitrary(params: Record<string, JsonSchema>, hints: Hints = {}): fc.Arbitrary<string> {
  const names = Object.keys(params);
  const value = (name: string) => fc.oneof(
    validValue(params[name], hints, name).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))),
    unicodeString,
    fc.constant('9'.repeat(50)),
  );
  const pairs = names.length
    ? fc.array(fc.constantFrom(...names).chain((n) => value(n).map((v) => [n, v] as const)), { maxLength: 4 })
    : fc.constant([] as Array<readonly [string, string]>);
  return fc.tuple(pairs, fc.option(fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), unicodeString), { freq: 5 })).map(([ps, extra]) => {
    const q = new URLSearchParams();
    for (const [k, v] of ps) q.append(k, v);
    if (extra) q.append(extra[0], extra[1]);
    const text = q.toString();
    return text ? `?${text}` : '';
  });
}

// ---------- checks ----------

/** A 4xx answer is JSON `{ error: { code: UPPER_SNAKE, message } }`. */
export function assertErrorShape(res: LightMyRequestResponse, label: string): void {
  assert.match(String(res.headers['content-type'] ?? ''), /application\/json/, `${label}: error is not JSON: ${res.body.slice(0, 200)}`);
  const body = JSON.parse(res.body) as { error?: { code?: unknown; message?: unknown } };
  assert.ok(body.error && typeof body.error === 'object', `${label}: no error object: ${res.body.slice(0, 200)}`);
  assert.match(String(body.error.code), /^[A-Z][A-Z0-9_]*$/, `${label}: bad error code: ${res.body.slice(0, 200)}`);
  assert.equal(typeof body.error.message, 'string', `${label}: no error message`);
}

/**
 * Tables a rejected request must leave alone: `count` compares row counts, `content` a digest of
 * every row (for tables a rejected request could otherwise half-update).
 */
export interface WatchedTables { count: string[]; content: string[] }

export const FOUNDATION_TABLES: WatchedTables = {
  count: ['otp_codes', 'refresh_tokens', 'password_resets', 'notification_outbox', 'user_devices'],
  content: ['users', 'settings', 'audit_log', 'guest_riders', 'terms_versions', 'terms_acceptances'],
};

const TABLE_NAME = /^[a-z_][a-z0-9_]*$/;

/** One query that fingerprints the watched tables. */
export async function tableSnapshot(db: Db, tables: WatchedTables): Promise<Record<string, string>> {
  const parts: string[] = [];
  for (const name of [...tables.count, ...tables.content]) assert.match(name, TABLE_NAME);
  for (const name of tables.count) parts.push(`(SELECT count(*)::text FROM ${name}) AS "${name}"`);
  for (const name of tables.content) parts.push(`(SELECT count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM ${name} t) AS "${name}"`);
  const [row] = await queryRows<Record<string, string>>(db, sql.raw(`SELECT ${parts.join(', ')}`));
  return row;
}

export interface FuzzOptions {
  /** Bearer token of the caller, or undefined for anonymous. */
  token?: string;
  callerLabel: string;
  runs: number;
  hints?: Hints;
  /** Values for path parameters by name (default: random strings). */
  pathValues?: Record<string, fc.Arbitrary<string>>;
  tables?: WatchedTables;
  seed?: number;
}

/**
 * Path values that reach the route: well-formed and within fastify's maxParamLength (100). Broken
 * percent-encoding and over-long values are answered by the router itself (see routerJunkUrls).
 */
export const PATH_PARAM_VALUE: fc.Arbitrary<string> = fc.oneof(
  fc.string({ minLength: 1, maxLength: 70 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }),
  fc.constantFrom(...NASTY_STRINGS.filter((v) => v && v.length <= 100 && !/[\uD800-\uDFFF]/.test(v.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '')))),
);

/** URLs the router must refuse in the API's error shape: a broken UTF-8 escape, an over-long parameter. */
export function routerJunkUrls(path: string): string[] {
  if (!path.includes('{')) return [`${path}/%ED%A0%80`];
  return [path.replace(/\{\w+\}/g, 'x%ED%A0%80y'), path.replace(/\{\w+\}/g, '9'.repeat(101))];
}

let fuzzIp = 0;
const nextIp = () => `172.${16 + ((fuzzIp >> 16) & 15)}.${(fuzzIp >> 8) & 255}.${fuzzIp++ & 255}`;

/** Fuzzes one route: status never 5xx, 4xx well-formed, and nothing written when rejected. */
export async function fuzzRoute(t: TestApp, route: ApiRoute, opts: FuzzOptions): Promise<{ statuses: Record<number, number> }> {
  const hints = opts.hints ?? {};
  const tables = opts.tables ?? FOUNDATION_TABLES;
  const statuses: Record<number, number> = {};
  const pathArb = fc.record(Object.fromEntries(route.pathParams.map((p) => [p, opts.pathValues?.[p] ?? PATH_PARAM_VALUE])));
  const sendsBody = route.method !== 'GET' && route.method !== 'HEAD';
  const headerArb = fc.record(Object.fromEntries(Object.entries(route.headers).map(([h, schema]) => [h, validValue(schema, hints).map(String)])), { requiredKeys: [] });
  const request = fc.record({
    path: pathArb,
    extraHeaders: fc.option(headerArb, { freq: 4 }),
    query: queryArbitrary(route.query, hints),
    payload: sendsBody ? fc.option(payloadArbitrary(route.body, hints), { freq: 10 }) : fc.constant(null),
  });
  await fc.assert(fc.asyncProperty(request, async ({ path, extraHeaders, query, payload }) => {
    const url = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodePathValue(String(path[name] ?? ''))) + query;
    const label = `${opts.callerLabel} ${route.method} ${url.slice(0, 200)} body=${describe(payload)}`;
    const before = await tableSnapshot(t.db.db, tables);
    const headers: Record<string, string> = Object.fromEntries(Object.entries(extraHeaders ?? {}).filter((e): e is [string, string] => e[1] !== undefined));
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (payload?.kind === 'json') { body = JSON.stringify(payload.value) ?? 'null'; headers['content-type'] = 'application/json'; }
    if (payload?.kind === 'raw') { body = payload.text; headers['content-type'] = payload.contentType; }
    const res = await t.app.http.inject({ method: route.method as 'GET', url, headers, payload: body, remoteAddress: nextIp() });
    statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
    assert.ok(res.statusCode < 500, `${label} -> ${res.statusCode} ${res.body.slice(0, 300)}`);
    if (res.statusCode >= 400) {
      assertErrorShape(res, label);
      assert.deepEqual(await tableSnapshot(t.db.db, tables), before, `${label} -> ${res.statusCode} changed data: ${res.body.slice(0, 200)}`);
    }
  }), { numRuns: opts.runs, seed: opts.seed, endOnFailure: true, includeErrorInReport: true });
  return { statuses };
}

/** Percent-encodes a path value; a lone UTF-16 half is sent as the (invalid) UTF-8 bytes it would make. */
function encodePathValue(value: string): string {
  return [...value].map((ch) => {
    const unit = ch.charCodeAt(0);
    if (ch.length === 1 && unit >= 0xd800 && unit <= 0xdfff) {
      return `%${(0xe0 | (unit >> 12)).toString(16)}%${(0x80 | ((unit >> 6) & 0x3f)).toString(16)}%${(0x80 | (unit & 0x3f)).toString(16)}`.toUpperCase();
    }
    return encodeURIComponent(ch);
  }).join('');
}

function describe(payload: Payload | null): string {
  if (!payload) return '(none)';
  const text = payload.kind === 'json' ? JSON.stringify(payload.value) ?? 'undefined' : `${payload.contentType}:${JSON.stringify(payload.text)}`;
  return text.length > 300 ? `${text.slice(0, 300)}... (${text.length} chars)` : text;
}
