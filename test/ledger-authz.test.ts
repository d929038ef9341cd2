import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from './harness/app.js';
import { testDbKinds } from './harness/databases.js';
import { runMatrix, signInCallers, type MatrixContext } from './harness/authz.js';
import { LEDGER_MATRIX_ROWS } from './harness/ledger-authz.js';

// Object-level authorization of the wallet routes that take an id (the shared matrix in
// test/authz-matrix.test.ts checks them at role level).
for (const kind of testDbKinds()) {
  describe(`PAY-3 wallet routes that take an id check the caller [${kind}]`, () => {
    let t: TestApp;
    let ctx: MatrixContext;
    before(async () => {
      t = await createTestApp(kind, { env: { ACCESS_TOKEN_TTL_SECONDS: '86400' } });
      ctx = { t, callers: await signInCallers(t), api: new Map() };
    });
    after(async () => { await t?.close(); });

    test('PAY-3 a settlement is visible to its provider and finance only, decided by finance only; statements are for staff', async () => {
      assert.deepEqual(await runMatrix(ctx, LEDGER_MATRIX_ROWS), []);
    });
  });
}
