/**
 * The authorization matrix: routes x callers -> expected allow / deny. Later issues add rows for
 * their routes to test/authz-matrix.test.ts; the route list itself comes from the running app, so
 * a new route that forgets its guard, or takes an object id without a row here, fails the tests.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { TestApp } from './app.js';
import { validValue, type ApiRoute, type Hints, type JsonSchema } from './fuzz.js';

export const CALLER_NAMES = ['anonymous', 'customerA', 'customerB', 'provider', 'opsAgent', 'opsAdmin', 'finance'] as const;
export type CallerName = (typeof CALLER_NAMES)[number];

/** Demo-seed accounts (src/seed/demo-seed.ts) that play each caller. */
export const CALLER_MOBILES: Record<Exclude<CallerName, 'anonymous'>, string> = {
  customerA: '09140000101',
  customerB: '09140000102',
  provider: '09140000201',
  opsAgent: '09120000002',
  opsAdmin: '09120000001',
  finance: '09120000003',
};

export interface Caller { name: CallerName; token?: string; refreshToken?: string; userId?: string; mobile?: string }
export type Callers = Record<CallerName, Caller>;

/** Signs every caller in through the real OTP flow. */
export async function signInCallers(t: TestApp): Promise<Callers> {
  const callers = { anonymous: { name: 'anonymous' } } as Callers;
  for (const [name, mobile] of Object.entries(CALLER_MOBILES) as Array<[Exclude<CallerName, 'anonymous'>, string]>) {
    const s = await t.signIn(mobile);
    callers[name] = { name, token: s.token, refreshToken: s.refreshToken, userId: s.userId, mobile };
  }
  return callers;
}

/** Renews every caller's access token (tests that move the clock a lot outlive the 15-minute tokens). */
export async function renewCallers(t: TestApp, callers: Callers): Promise<void> {
  for (const caller of Object.values(callers)) {
    if (!caller.refreshToken) continue;
    const res = await t.app.http.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: caller.refreshToken }, remoteAddress: `192.0.2.${CALLER_NAMES.indexOf(caller.name)}` });
    assert.equal(res.statusCode, 200, `renewing ${caller.name}: ${res.body}`);
    caller.token = res.json().accessToken;
    caller.refreshToken = res.json().refreshToken;
  }
}

// ---------- the routes of the app ----------

export interface RouteEntry { method: string; /** as registered: /v1/me/guests/:id */ path: string }

export const routeKey = (r: RouteEntry) => `${r.method} ${r.path}`;

/**
 * Every route the app registered (HEAD excluded), read from fastify's route tree, so routes hidden
 * from the OpenAPI document are included too.
 */
export function registeredRoutes(http: FastifyInstance): RouteEntry[] {
  const stack: string[] = [];
  const out: RouteEntry[] = [];
  for (const line of http.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^((?:│ {3}| {4})*)(?:├── |└── )(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 4;
    stack.length = depth;
    const path = (depth ? stack[depth - 1] : '') + m[2];
    stack.push(path);
    for (const method of (m[3] ?? '').split(', ').filter(Boolean)) {
      if (method !== 'HEAD') out.push({ method, path });
    }
  }
  return out;
}

/** /v1/me/guests/:id -> /v1/me/guests/{id} */
export const toOpenApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

export function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/:(\w+)/g, (_m, name: string) => {
    assert.ok(name in params, `no value for :${name} in ${path}`);
    return encodeURIComponent(params[name]);
  });
}

/**
 * Requests (url + body) that pass the route's path, query and body schemas as far as JSON Schema can
 * say, so the guard, not validation, answers. Several samples, because refinements the schema cannot
 * express (e.g. "give a or b") make some of them invalid. Deterministic (fixed seed).
 */
export interface ProbeRequest { url: string; body: unknown; headers: Record<string, string> }

export function probeRequests(route: RouteEntry, api: ApiRoute | undefined, samples = 12, hints: Hints = {}): ProbeRequest[] {
  const paramNames = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
  const paramSchemas = api?.pathSchemas ?? {};
  const asText = (schema: JsonSchema) => validValue(schema, hints).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  const required = (names: string[], schemas: Record<string, JsonSchema>) => fc.record(Object.fromEntries(names.filter((n) => schemas[n]).map((n) => [n, asText(schemas[n])])));
  const arb = fc.record({
    params: fc.record(Object.fromEntries(paramNames.map((n) => [n, paramSchemas[n] ? asText(paramSchemas[n]) : fc.constant('usr_probe')]))),
    query: required(api?.requiredQuery ?? [], api?.query ?? {}),
    headers: required(api?.requiredHeaders ?? [], api?.headers ?? {}),
    body: api?.body ? validValue(api.body, hints) : fc.constant(undefined),
  });
  return fc.sample(arb, { numRuns: samples, seed: 42 }).map(({ params, query, headers, body }) => {
    const q = new URLSearchParams(query as Record<string, string>).toString();
    return { url: fillPath(route.path, params as Record<string, string>) + (q ? `?${q}` : ''), body, headers: headers as Record<string, string> };
  });
}

// ---------- the matrix ----------

/**
 * allow: the guard let the caller in (any answer but a guard's 401/403 or a 5xx: a domain 4xx is fine);
 * deny: 401 for anonymous, 403 for a signed-in caller; hidden: 404, the caller may not learn the
 * object exists; a number: exactly that status.
 */
export type Expectation = 'allow' | 'deny' | 'hidden' | number;

export interface MatrixContext {
  t: TestApp;
  callers: Callers;
  /** The OpenAPI operations by 'METHOD /openapi/{path}', for schema-valid probe requests. */
  api: Map<string, ApiRoute>;
}

export const apiKey = (r: RouteEntry) => `${r.method} ${toOpenApiPath(r.path)}`;

const isValidationFailure = (res: LightMyRequestResponse) => res.statusCode === 400 && res.body.includes('VALIDATION_FAILED');

/**
 * What a route answers a caller. Schema validation runs before preHandler guards, so requests
 * built from the route's schemas are tried until one is not refused as invalid.
 */
export async function guardAnswer(ctx: MatrixContext, caller: Caller, route: RouteEntry): Promise<LightMyRequestResponse> {
  let res: LightMyRequestResponse | undefined;
  for (const p of probeRequests(route, ctx.api.get(apiKey(route)))) {
    res = await callAs(ctx, caller, route.method, p.url, p.body, p.headers);
    if (!isValidationFailure(res)) return res;
  }
  return res!;
}

export interface MatrixRow {
  /** 'METHOD /path/:param' exactly as registered. */
  route: string;
  /**
   * Path parameters; may create a fresh object per caller (e.g. a guest owned by customer A).
   * Without params and body, requests are built from the route's schemas (role-level rows).
   */
  params?: (ctx: MatrixContext, caller: Caller) => Promise<Record<string, string>> | Record<string, string>;
  body?: (ctx: MatrixContext, caller: Caller) => unknown;
  query?: string;
  expect: Partial<Record<CallerName, Expectation>>;
  /** For callers not named in `expect`. */
  others: Expectation;
  /** Extra checks after each call, e.g. that the owner's object is still there. */
  verify?: (ctx: MatrixContext, caller: Caller, res: LightMyRequestResponse, params: Record<string, string>) => Promise<void>;
}

let matrixIp = 0;

function meets(expectation: Expectation, caller: Caller, res: LightMyRequestResponse): boolean {
  const code = res.statusCode;
  if (code >= 500) return false;
  switch (expectation) {
    case 'allow': return !isGuardRefusal(res) && !isRouteMissing(res);
    case 'deny': return code === (caller.name === 'anonymous' ? 401 : 403) && isGuardRefusal(res);
    case 'hidden': return code === 404 && !isRouteMissing(res);
    default: return code === expectation;
  }
}

/** Codes with which authentication and role checks refuse; other 401/403s are domain answers past the guard. */
export const GUARD_CODES = new Set(['AUTH_REQUIRED', 'TOKEN_INVALID', 'TOKEN_EXPIRED', 'ROLE_REQUIRED', 'ROLE_FORBIDDEN']);

function isGuardRefusal(res: LightMyRequestResponse): boolean {
  if (res.statusCode !== 401 && res.statusCode !== 403) return false;
  try {
    return GUARD_CODES.has(JSON.parse(res.body).error?.code);
  } catch {
    return true;
  }
}

const isRouteMissing = (res: LightMyRequestResponse) => res.statusCode === 404 && res.body.includes('ROUTE_NOT_FOUND');

/** Calls a route as a caller, from its own IP so per-IP limits do not interfere. */
export async function callAs(ctx: MatrixContext, caller: Caller, method: string, url: string, body?: unknown, extraHeaders: Record<string, string> = {}) {
  const headers: Record<string, string> = { ...extraHeaders };
  if (caller.token) headers.authorization = `Bearer ${caller.token}`;
  return ctx.t.app.http.inject({ method: method as 'GET', url, headers, payload: body as string | undefined, remoteAddress: `192.168.${(matrixIp >> 8) & 255}.${matrixIp++ & 255}` });
}

/**
 * Runs every row for every caller; deny and hidden callers go first, so an allowed call that
 * changes data cannot hide a missing check. Returns a list of failures (empty when all hold).
 */
export async function runMatrix(ctx: MatrixContext, rows: MatrixRow[]): Promise<string[]> {
  const failures: string[] = [];
  for (const row of rows) {
    const [method, path] = row.route.split(' ');
    const order = [...CALLER_NAMES].sort((a, b) => rank(row.expect[a] ?? row.others) - rank(row.expect[b] ?? row.others));
    for (const name of order) {
      const caller = ctx.callers[name];
      const expectation = row.expect[name] ?? row.others;
      const params = (await row.params?.(ctx, caller)) ?? {};
      const res = row.params || row.body
        ? await callAs(ctx, caller, method, fillPath(path, params) + (row.query ?? ''), row.body?.(ctx, caller))
        : await guardAnswer(ctx, caller, { method, path });
      if (!meets(expectation, caller, res)) failures.push(`${row.route} as ${name}: expected ${expectation}, got ${res.statusCode} ${res.body.slice(0, 160)}`);
      await row.verify?.(ctx, caller, res, params);
    }
  }
  return failures;
}

const rank = (e: Expectation) => (e === 'allow' ? 1 : 0);
