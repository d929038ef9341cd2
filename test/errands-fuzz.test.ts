import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './harness/app.js';
import { testDbKinds } from './harness/databases.js';
import { queryRows } from '../src/platform/db.js';

const MOBILES = { agent: '09120000002', c1: '09140000101', assistant: '09140000204' };
type Who = keyof typeof MOBILES;

for (const kind of testDbKinds()) {
  describe(`ERR errands fuzz [${kind}]`, () => {
    let t: TestApp;
    const tok = {} as Record<Who, string>;
    let errandId = '';

    before(async () => {
      t = await createTestApp(kind, { env: { ACCESS_TOKEN_TTL_SECONDS: '86400' } });
      for (const who of Object.keys(MOBILES) as Who[]) tok[who] = (await t.signIn(MOBILES[who])).token;
      const res = await t.call('POST', '/v1/errands', { token: tok.c1, body: { serviceCode: 'bill_payment', quantity: 1, description: 'fuzz', address: 'fuzz', wantedDate: '2026-11-25', documentDelivery: 'post' } });
      errandId = res.json().id;
    });
    after(() => t.close());

    test('ERR-2 ERR-3 ERR-4 ERR-7 CLM-3 malformed bodies get a 4xx with a stable code, never a 500, and move no money', async () => {
      const routes: Array<[Who, string]> = [
        ['c1', '/v1/errands'], ['c1', `/v1/errands/${errandId}/pay`], ['c1', `/v1/errands/${errandId}/cancel`], ['c1', `/v1/errands/${errandId}/rating`],
        ['c1', `/v1/errands/${errandId}/documents`], ['agent', '/v1/ops/errands'], ['agent', `/v1/ops/errands/${errandId}/feasibility`],
        ['agent', `/v1/ops/errands/${errandId}/quote`], ['agent', `/v1/ops/errands/${errandId}/assign`], ['agent', `/v1/ops/errands/${errandId}/failure-review`],
        ['assistant', `/v1/provider/errands/${errandId}/cost`], ['assistant', `/v1/provider/errands/${errandId}/fail`],
      ];
      const body = fc.oneof(
        fc.anything(),
        fc.record({ serviceCode: fc.string(), quantity: fc.oneof(fc.integer(), fc.double(), fc.string()), wantedDate: fc.string(), priceRials: fc.oneof(fc.string(), fc.bigInt().map(String)), method: fc.string(), reason: fc.string(), stars: fc.integer(), contentBase64: fc.string(), label: fc.string(), fileName: fc.string(), refundRials: fc.string(), assistantAtFault: fc.boolean(), costRials: fc.string() }, { requiredKeys: [] }),
      );
      await fc.assert(fc.asyncProperty(fc.constantFrom(...routes), body, async ([who, url], b) => {
        const res = await t.call('POST', url, { token: tok[who], body: b as never, headers: { 'content-type': 'application/json' } });
        assert.ok(res.statusCode < 500, `${url} -> ${res.statusCode} ${res.body}`);
        if (res.statusCode >= 400) assert.match(res.json().error.code, /^[A-Z][A-Z0-9_]+$/);
      }), { numRuns: 300 });
      const moved = await queryRows<{ n: number }>(t.db.db, sql`SELECT count(*)::int AS n FROM ledger_transfers WHERE reason IN ('errand.payment', 'errand.refund')`);
      assert.equal(moved[0].n, 0);
    });
  });
}
