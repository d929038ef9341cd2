import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createTestApp, type TestApp } from './app.js';
import { testDbKinds } from './databases.js';
import { signInCallers, type Callers } from './authz.js';
import { apiRoutes, assertErrorShape, fuzzRoute, routerJunkUrls, tableSnapshot, FOUNDATION_TABLES, PATH_PARAM_VALUE, type ApiRoute, type Hints } from './fuzz.js';
import { withNationalIdCheckDigit } from '../../src/modules/identity/national-id.js';
import { localizeDigits } from '../../src/platform/i18n.js';
import { SETTINGS } from '../../src/modules/catalog/settings.definitions.js';

/** Runs per route and caller: enough to reach the services' checks, small enough for CI. */
const RUNS = Number(process.env.PEYK_FUZZ_RUNS ?? 30);

/** The SPEC rule each route family serves, for test names. */
const SPEC_BY_PREFIX: Array<[string, string]> = [
  ['/v1/auth/password-reset', 'ACC-4'], ['/v1/auth/login', 'ACC-4'], ['/v1/me/password', 'ACC-4'], ['/v1/auth', 'ACC-1'],
  ['/v1/me/guests', 'ACC-6'], ['/v1/me/payment-links', 'PAY-5'], ['/v1/me', 'ACC-1'], ['/v1/terms', 'ACC-9'], ['/v1/ops/terms', 'ACC-9'],
  ['/v1/ops/users', 'ACC-8'], ['/v1/ops/settings', 'OPS-2'], ['/v1/ops/audit', 'OPS-4'], ['/v1/ops/notifications', 'NTF-2'],
  ['/v1/demo', 'NTF-1'], ['/v1/cities', 'ORD-1'], ['/v1/services', 'ORD-1'], ['/v1/ops/promotions', 'PAY-4'], ['/v1/promotions', 'PAY-4'],
  ['/v1/ops/payment-links', 'PAY-5'], ['/v1/payment-links', 'PAY-5'], ['/v1/receipts', 'PAY-8'], ['/v1/ops/payments', 'PAY-1'],
  ['/v1/payments', 'PAY-1'], ['/v1/wallet', 'PAY-1'],
];
const specOf = (path: string) => SPEC_BY_PREFIX.find(([prefix]) => path.startsWith(prefix))?.[1] ?? 'ACC-7';

const subscriber = fc.stringMatching(/^9[0-9]{9}$/);
/** Mostly plausible values, sometimes junk, so requests get past validation into the services. */
const mostly = <T>(plausible: fc.Arbitrary<T>, junk: fc.Arbitrary<unknown> = fc.string({ maxLength: 40 })) =>
  fc.oneof({ weight: 3, arbitrary: plausible as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: junk });
const mobile = mostly(fc.oneof(
  fc.tuple(fc.constantFrom('0', '+98', '0098', '98', '+98 '), subscriber, fc.constantFrom('en' as const, 'fa' as const, 'ar' as const)).map(([p, s, l]) => localizeDigits(p + s, l)),
  fc.constantFrom('09140000101', '09140000102', '09120000001', '09140000103'),
), fc.string({ maxLength: 32 }));

/** Plausible values for the foundation's fields, so fuzzing reaches past schema validation. */
const HINTS: Hints = {
  mobile,
  referrerMobile: mobile,
  nationalId: fc.oneof(fc.stringMatching(/^[0-9]{9}$/).map(withNationalIdCheckDigit), fc.constantFrom('0499370899', '0499370898', '۰۴۹۹۳۷۰۸۹۹'), fc.string({ maxLength: 20 })),
  birthDate: fc.oneof(
    fc.date({ min: new Date('1890-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    fc.tuple(fc.integer({ min: 1200, max: 1500 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => `${y}/${m}/${d}`),
    fc.string({ maxLength: 20 }),
  ),
  code: mostly(fc.stringMatching(/^[0-9]{6}$/), fc.string({ maxLength: 8 })),
  email: fc.oneof(fc.constantFrom('a@example.com', 'A@Example.com', '', null), fc.emailAddress()),
  cityId: fc.oneof(fc.constantFrom('cty_tabriz', 'cty_nowhere'), fc.string({ maxLength: 40 })),
  scopeId: fc.constantFrom('', 'cty_tabriz', 'svc_car_ride', 'cty_nowhere'),
  version: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.double()),
  reason: fc.oneof(fc.string({ minLength: 3, maxLength: 40 }), fc.constantFrom('  ', 'ab', 'fraud suspected')),
  firstName: mostly(fc.constantFrom('سارا', 'Ali', 'علی رضا'), fc.oneof(fc.constantFrom('A', 'x\u0000y', 'Robert<script>'), fc.string({ maxLength: 100 }))),
  lastName: mostly(fc.constantFrom('رضایی', 'Smith', 'بن‌علی'), fc.string({ maxLength: 100 })),
  name: mostly(fc.constantFrom('مهمان', 'Guest Rider'), fc.oneof(fc.constant('G'), fc.string({ maxLength: 100 }))),
  newPassword: fc.oneof(fc.constantFrom('secret-pass-1', 'short1', 'noDigitsHere', 'رمز عبور ۱۲۳۴'), fc.string({ maxLength: 200 })),
  value: fc.oneof(fc.integer({ min: -5, max: 200 }), fc.boolean(), fc.constantFrom('150000', '-1', 'abc', null), fc.jsonValue({ maxDepth: 2 })),
};

/** Path parameters: real ids sometimes (not the callers' own, so fuzzing cannot change who they are). */
const PATH_VALUES = {
  id: fc.oneof(fc.constantFrom('usr_demo_customer_3', 'usr_demo_driver_1', 'usr_unknown', 'gst_unknown'), PATH_PARAM_VALUE),
  key: fc.oneof(fc.constantFrom(...Object.keys(SETTINGS)), fc.string({ minLength: 1, maxLength: 110 })),
};

/**
 * The route fuzzing suite, split over two test files (customer, ops admin) so each stays well
 * inside the per-file time limit as routes are added.
 */
export function fuzzSuite(opts: { callers: ReadonlyArray<'customerA' | 'opsAdmin'>; staticChecks: boolean; runs?: number }) {
  const runs = opts.runs ?? RUNS;
  for (const kind of testDbKinds()) {
    describe(`ACC-7 route fuzzing: 2xx or a 4xx JSON error, never 5xx, no writes when refused [${kind}${opts.staticChecks ? '' : `, ${opts.callers.join(', ')}`}]`, () => {
      let t: TestApp;
      let callers: Callers;
      let routes: ApiRoute[] = [];

      before(async () => {
        t = await createTestApp(kind);
        callers = await signInCallers(t);
        routes = apiRoutes((await t.call('GET', '/openapi.json')).json());
      });
      after(async () => { await t?.close(); });

      if (opts.staticChecks) test('ACC-7 the fuzzer sees every /v1 route of the OpenAPI document', () => {
        assert.ok(routes.filter((r) => r.path.startsWith('/v1/')).length >= 25, `only ${routes.length} routes`);
        assert.ok(routes.some((r) => r.method === 'PATCH' && r.path === '/v1/me' && r.body?.properties?.nationalId));
      });

      if (opts.staticChecks) test('OPS-4 the table fingerprint changes when a row changes (the no-partial-write check can see writes)', async () => {
        const before = await tableSnapshot(t.db.db, FOUNDATION_TABLES);
        const res = await t.call('PATCH', '/v1/me', { token: callers.customerA.token, body: { locale: 'en' } });
        assert.equal(res.statusCode, 200);
        assert.notDeepEqual(await tableSnapshot(t.db.db, FOUNDATION_TABLES), before);
      });

      if (opts.staticChecks) test('ACC-7 a URL the router refuses (broken UTF-8 escape, over-long parameter) still gets the JSON error shape', async () => {
        const failures: string[] = [];
        for (const route of routes) {
          for (const url of routerJunkUrls(route.path)) {
            const res = await t.app.http.inject({ method: route.method as 'GET', url, headers: { authorization: `Bearer ${callers.customerA.token}` } });
            try {
              assert.ok(res.statusCode >= 400 && res.statusCode < 500, `status ${res.statusCode}`);
              assertErrorShape(res, `${route.method} ${url.slice(0, 60)}`);
            } catch (err) {
              failures.push(`${route.method} ${url.slice(0, 60)} -> ${res.statusCode} ${res.body.slice(0, 120)}`);
            }
          }
        }
        assert.deepEqual(failures, [], 'wire frameworkErrorHandler (src/platform/http/errors.ts) as Fastify({ frameworkErrors }) in src/app.ts');
      });

      // One subtest per route and caller, from the OpenAPI document the app serves.
      for (const as of opts.callers) {
        test(`ACC-7 every route survives random input as ${as === 'opsAdmin' ? 'an ops admin' : 'a customer'} (${runs} runs per route)`, async (ctx) => {
          // Logging out ends the caller's session, and every later route would only see 401 (logout is tested on its own).
          for (const route of routes.filter((r) => r.path.includes(process.env.PEYK_FUZZ_ONLY ?? '') && !(r.method === 'POST' && r.path === '/v1/auth/logout'))) {
            await ctx.test(`${specOf(route.path)} fuzz ${route.method} ${route.path} as ${as}`, async (sub) => {
              const { statuses } = await fuzzRoute(t, route, { token: callers[as].token, callerLabel: as, runs, hints: HINTS, pathValues: PATH_VALUES });
              sub.diagnostic(`statuses ${JSON.stringify(statuses)}`);
            });
          }
        });
      }
    });
  }
}
