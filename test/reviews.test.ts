import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from './harness/app.js';
import { testDbKinds } from './harness/databases.js';

const ENV = { ACCESS_TOKEN_TTL_SECONDS: '86400' };
const MOBILES = { admin: '09120000001', agent: '09120000002', finance: '09120000003', c1: '09140000101', driver: '09140000201' };
type Who = keyof typeof MOBILES;

for (const kind of testDbKinds()) {
  describe(`OPS-1 review queues [${kind}]`, () => {
    let t: TestApp;
    const tok = {} as Record<Who, string>;
    const uid = {} as Record<Who, string>;
    const as = (who: Who, method: 'GET' | 'POST', url: string, body?: unknown) => t.call(method, url, { token: tok[who], body });
    const enqueue = (subjectId: string, k: 'kyc' | 'claim' = 'kyc', subjectUserId: string | null = null) =>
      t.app.platform.db.transaction((tx) => t.app.modules.reviews.enqueue(tx, { kind: k, subjectId, subjectUserId, title: `item ${subjectId}`, link: `/ops/x/${subjectId}` }));
    const mayReview = (subjectId: string, who: Who) =>
      t.app.platform.db.transaction((tx) => t.app.modules.reviews.assertMayReview(tx, 'kyc', subjectId, { id: uid[who] }));

    const signInAll = async () => {
      for (const who of Object.keys(MOBILES) as Who[]) {
        const s = await t.signIn(MOBILES[who]);
        tok[who] = s.token;
        uid[who] = s.userId;
      }
    };

    before(async () => {
      t = await createTestApp(kind, { env: ENV });
      await signInAll();
    });
    after(() => t.close());

    test('OPS-1 the queue lists open items oldest first, once per subject, with counts per kind', async () => {
      await enqueue('s1');
      t.clock.advance(60_000);
      await enqueue('s2');
      await enqueue('s1'); // a second enqueue of an open subject is a no-op
      await enqueue('c1', 'claim');
      const res = await as('agent', 'GET', '/v1/ops/reviews?kind=kyc');
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json().map((i: any) => i.subjectId), ['s1', 's2']);
      assert.equal(res.json()[0].ageSeconds, 60);
      const counts = (await as('agent', 'GET', '/v1/ops/reviews/counts')).json();
      assert.equal(counts.find((c: any) => c.kind === 'kyc').open, 2);
      assert.equal(counts.find((c: any) => c.kind === 'claim').open, 1);
      assert.equal(counts.find((c: any) => c.kind === 'errand').open, 0);
    });

    test('OPS-1 an item past its SLA shows as late (the SLA per kind is a setting)', async () => {
      t.clock.advance(25 * 3600_000);
      await signInAll(); // the access tokens have expired too
      const [first] = (await as('agent', 'GET', '/v1/ops/reviews?kind=kyc')).json();
      assert.equal(first.slaState, 'late');
      assert.equal(first.slaMinutes, 1440);
    });

    test('OPS-1 claim: a second agent cannot claim or decide an item another agent holds; release frees it', async () => {
      const [item] = (await as('agent', 'GET', '/v1/ops/reviews?kind=kyc')).json();
      const claimed = await as('agent', 'POST', `/v1/ops/reviews/${item.id}/claim`);
      assert.equal(claimed.statusCode, 200);
      assert.equal(claimed.json().claimedBy, uid.agent);
      assert.equal((await as('admin', 'POST', `/v1/ops/reviews/${item.id}/claim`)).json().error.code, 'REVIEW_CLAIMED');
      await assert.rejects(mayReview(item.subjectId, 'admin'), (e: any) => e.code === 'REVIEW_CLAIMED');
      await mayReview(item.subjectId, 'agent');
      assert.deepEqual((await as('agent', 'GET', '/v1/ops/reviews?kind=kyc&claim=mine')).json().map((i: any) => i.id), [item.id]);
      assert.ok(!(await as('admin', 'GET', '/v1/ops/reviews?kind=kyc&claim=free')).json().some((i: any) => i.id === item.id));
      assert.equal((await as('finance', 'POST', `/v1/ops/reviews/${item.id}/release`)).json().error.code, 'REVIEW_NOT_CLAIMED_BY_YOU');
      assert.equal((await as('agent', 'POST', `/v1/ops/reviews/${item.id}/release`)).statusCode, 200);
      assert.equal((await as('admin', 'POST', `/v1/ops/reviews/${item.id}/claim`)).statusCode, 200);
    });

    test('OPS-1 a forgotten claim lapses after reviews.claimTtlMinutes', async () => {
      const [item] = (await as('agent', 'GET', '/v1/ops/reviews?kind=kyc')).json();
      assert.equal(item.claimedBy, uid.admin);
      t.clock.advance(61 * 60_000);
      const again = (await as('agent', 'GET', '/v1/ops/reviews?kind=kyc')).json()[0];
      assert.equal(again.claimedBy, null);
      assert.equal((await as('agent', 'POST', `/v1/ops/reviews/${item.id}/claim`)).statusCode, 200);
    });

    test('OPS-1 an ops admin may release a colleague\'s claim, and that is audited', async () => {
      const [item] = (await as('agent', 'GET', '/v1/ops/reviews?kind=kyc&claim=mine')).json();
      assert.equal((await as('admin', 'POST', `/v1/ops/reviews/${item.id}/release`)).statusCode, 200);
      const audit = (await as('admin', 'GET', `/v1/ops/audit?targetId=${item.id}`)).json();
      assert.equal((audit.items ?? audit)[0].action, 'review.release');
    });

    test('OPS-1 an agent cannot review or claim an item of their own account', async () => {
      await enqueue('own1', 'kyc', uid.agent);
      await assert.rejects(mayReview('own1', 'agent'), (e: any) => e.code === 'REVIEW_OWN_ACCOUNT');
      await mayReview('own1', 'admin');
      const own = (await as('agent', 'GET', '/v1/ops/reviews?kind=kyc')).json().find((i: any) => i.subjectId === 'own1');
      assert.equal((await as('agent', 'POST', `/v1/ops/reviews/${own.id}/claim`)).json().error.code, 'REVIEW_OWN_ACCOUNT');
    });

    test('OPS-1 resolving closes the item; a decided item cannot be claimed; the resolved list shows the outcome', async () => {
      await t.app.platform.db.transaction((tx) => t.app.modules.reviews.resolve(tx, 'kyc', 's2', 'verified', { id: uid.admin }));
      assert.ok(!(await as('agent', 'GET', '/v1/ops/reviews?kind=kyc')).json().some((i: any) => i.subjectId === 's2'));
      const [done] = (await as('agent', 'GET', '/v1/ops/reviews?kind=kyc&status=resolved')).json();
      assert.equal(done.outcome, 'verified');
      assert.equal(done.resolvedBy, uid.admin);
      assert.equal((await as('agent', 'POST', `/v1/ops/reviews/${done.id}/claim`)).json().error.code, 'REVIEW_ITEM_CLOSED');
      await enqueue('s2'); // a new round of the same subject opens a new item
      assert.ok((await as('agent', 'GET', '/v1/ops/reviews?kind=kyc')).json().some((i: any) => i.subjectId === 's2'));
    });

    test('OPS-1 customers and providers cannot see the queues; bad filters get 400', async () => {
      assert.equal((await as('c1', 'GET', '/v1/ops/reviews')).statusCode, 403);
      assert.equal((await as('driver', 'POST', '/v1/ops/reviews/rev_x/claim')).statusCode, 403);
      assert.equal((await as('agent', 'GET', '/v1/ops/reviews?kind=nope')).statusCode, 400);
      assert.equal((await as('agent', 'POST', '/v1/ops/reviews/rev_missing/claim')).json().error.code, 'REVIEW_ITEM_NOT_FOUND');
    });
  });
}
