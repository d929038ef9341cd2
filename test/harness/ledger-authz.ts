/**
 * Object-level rows of the authorization matrix for the wallet module's routes that take an id
 * (test/authz-matrix.test.ts can spread LEDGER_MATRIX_ROWS into its MATRIX in place of its
 * role-level rows): the provider's own settlement is visible to the provider and finance only;
 * settlement decisions and account statements are for staff.
 */
import assert from 'node:assert/strict';
import { callAs, type MatrixContext, type MatrixRow } from './authz.js';
import { accountIdOf, userAccount } from '../../src/modules/wallet/index.js';

let seq = 0;

/** A fresh settlement request of the matrix's provider (funded generously first: other rows may have charged the provider). */
export async function settlementOfProvider(ctx: MatrixContext): Promise<string> {
  const { t, callers } = ctx;
  const key = `matrix-${process.pid}-${seq++}`;
  const funded = await t.app.http.inject({
    method: 'POST', url: '/v1/ops/ledger/adjustments', headers: { authorization: `Bearer ${callers.finance.token}`, 'idempotency-key': `${key}-fund` },
    payload: { account: { ownerType: 'user', ownerId: callers.provider.userId, kind: 'provider_wallet' }, direction: 'credit', amountRials: '10000000', reason: 'matrix funding' },
  });
  assert.equal(funded.statusCode, 201, funded.body);
  const res = await t.app.http.inject({
    method: 'POST', url: '/v1/wallet/settlements', headers: { authorization: `Bearer ${callers.provider.token}`, 'idempotency-key': key }, payload: { amountRials: '1000' },
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id;
}

const finance = { finance: 'allow' as const };
const staff = { opsAgent: 'allow' as const, opsAdmin: 'allow' as const, finance: 'allow' as const };

export const LEDGER_MATRIX_ROWS: MatrixRow[] = [
  {
    route: 'GET /v1/wallet/settlements/:id', params: async (ctx) => ({ id: await settlementOfProvider(ctx) }),
    expect: { anonymous: 'deny', provider: 'allow', finance: 'allow' }, others: 'hidden',
  },
  {
    route: 'GET /v1/ops/ledger/accounts/:id/statement', params: (ctx) => ({ id: accountIdOf(userAccount(ctx.callers.customerA.userId!, 'customer_wallet')) }),
    expect: staff, others: 'deny',
  },
  {
    route: 'POST /v1/ops/settlements/:id/approve', params: async (ctx) => ({ id: await settlementOfProvider(ctx) }), expect: finance, others: 'deny',
    verify: async (ctx, caller, _res, params) => {
      if (caller.name === 'finance') return;
      const s = await callAs(ctx, ctx.callers.finance, 'GET', `/v1/wallet/settlements/${params.id}`);
      assert.equal(s.json().status, 'requested', `${caller.name} changed a settlement`);
    },
  },
  { route: 'POST /v1/ops/settlements/:id/reject', params: async (ctx) => ({ id: await settlementOfProvider(ctx) }), body: () => ({ reason: 'matrix: reject' }), expect: finance, others: 'deny' },
  { route: 'POST /v1/ops/settlements/:id/paid', params: async (ctx) => ({ id: await settlementOfProvider(ctx) }), body: () => ({ bankReference: 'MATRIX-1' }), expect: finance, others: 'deny' },
];
