import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { validation } from '../../platform/errors.js';
import { caller } from '../../platform/http/auth.js';
import { actorOf } from '../identity/index.js';
import type { AccountKind, AccountRef } from './ledger.types.js';
import type { SettlementService } from './settlement.service.js';
import type { WalletService } from './wallet.service.js';
import * as S from './wallet.schemas.js';
import { WalletErrors } from './wallet.errors.js';
import { accountJson, balanceJson, settlementJson, statementLineJson } from './wallet.views.js';

export interface WalletRouteDeps { wallet: WalletService; settlements: SettlementService }

const MONEY_LIMIT = { rateLimit: { max: 60, timeWindow: '1 minute' } };

/** The Idempotency-Key a money-moving POST requires (checked after the role guard). */
function idempotencyKeyOf(headers: { 'idempotency-key'?: string }): string {
  const key = headers['idempotency-key'];
  if (!key) throw validation(WalletErrors.IDEMPOTENCY_KEY_REQUIRED, 'Send an Idempotency-Key header (8-100 letters, digits or - _ . :); a retry with the same key returns the first result');
  return key;
}

/** PAY-1, PAY-3: the caller's balances, statement and settlement requests. */
export function registerWalletRoutes(app: FastifyInstance, { wallet, settlements }: WalletRouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['wallet'];
  const signedIn = app.guards.authenticate;

  r.get('/v1/wallet', { onRequest: signedIn, schema: { tags, summary: 'My balances: wallet, gift credit, provider wallet (providers)', response: { 200: S.myWalletReply } } },
    async (req) => {
      const b = await wallet.myBalances(caller(req));
      return { wallet: balanceJson(b.wallet!), gift: balanceJson(b.gift!), ...(b.provider ? { provider: balanceJson(b.provider) } : {}) };
    });

  r.get('/v1/wallet/statement', { onRequest: signedIn, schema: { tags, summary: 'My statement, newest first (page with cursor)', querystring: S.statementQuery, response: { 200: S.statementReply } } },
    async (req) => {
      const page = await wallet.myStatement(caller(req), req.query.account, req.query.cursor, req.query.limit);
      return { items: page.items.map(statementLineJson), nextCursor: page.nextCursor };
    });

  r.post('/v1/wallet/settlements', {
    onRequest: app.guards.requireRoles('provider'), config: MONEY_LIMIT,
    schema: { tags, summary: 'Ask for payout of (part of) my positive provider balance; the amount is held (PAY-3)', headers: S.idempotencyHeaders, body: S.settlementBody, response: { 200: S.settlementView, 201: S.settlementView } },
  }, async (req, reply) => {
    const { settlement, replayed } = await settlements.request(caller(req), BigInt(req.body.amountRials), idempotencyKeyOf(req.headers));
    return reply.status(replayed ? 200 : 201).send(settlementJson(settlement));
  });

  r.get('/v1/wallet/settlements', { onRequest: app.guards.requireRoles('provider'), schema: { tags, summary: 'My settlement requests, newest first', querystring: S.settlementListQuery, response: { 200: S.settlementListReply } } },
    async (req) => {
      const items = await settlements.list({ providerId: caller(req).id, ...req.query });
      return { items: items.map(settlementJson), nextBefore: items.length === req.query.limit ? items[items.length - 1].id : null };
    });

  r.get('/v1/wallet/settlements/:id', { onRequest: signedIn, schema: { tags, summary: 'One of my settlement requests', params: S.idParam, response: { 200: S.settlementView } } },
    async (req) => settlementJson(await settlements.getFor(caller(req), req.params.id)));
}

/** Ops views of any account (read), and finance's manual adjustments (audited, FRD-3). */
export function registerLedgerOpsRoutes(app: FastifyInstance, { wallet }: WalletRouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['ops'];
  const staff = app.guards.requireRoles('ops_agent', 'ops_admin', 'finance');

  r.get('/v1/ops/ledger/accounts', { onRequest: staff, schema: { tags, summary: "An owner's ledger accounts (a user id, a company id or 'platform')", querystring: S.accountsQuery, response: { 200: S.accountView.array() } } },
    async (req) => (await wallet.accountsOf(req.query.ownerId)).map(accountJson));

  r.get('/v1/ops/ledger/accounts/:id/statement', { onRequest: staff, schema: { tags, summary: "Any account's statement, newest first", params: S.idParam, querystring: S.opsStatementQuery, response: { 200: S.accountStatementReply } } },
    async (req) => {
      const page = await wallet.accountStatement(req.params.id, req.query.cursor, req.query.limit);
      return { account: accountJson(page.account), items: page.items.map(statementLineJson), nextCursor: page.nextCursor };
    });

  r.post('/v1/ops/ledger/adjustments', {
    onRequest: app.guards.requireRoles('finance'),
    schema: { tags, summary: 'Finance: credit or debit an account against a platform account, with a reason (audited)', headers: S.idempotencyHeaders, body: S.adjustmentBody, response: { 200: S.adjustmentReply, 201: S.adjustmentReply } },
  }, async (req, reply) => {
    const b = req.body;
    const result = await wallet.adjust(actorOf(req), {
      account: b.account as AccountRef, direction: b.direction, amountRials: BigInt(b.amountRials), counterparty: b.counterparty as AccountKind, reason: b.reason,
    }, idempotencyKeyOf(req.headers));
    return reply.status(result.replayed ? 200 : 201).send({ ...result, account: accountJson(result.account) });
  });
}

/** PAY-3: finance's settlement queue and decisions (each audited). */
export function registerSettlementOpsRoutes(app: FastifyInstance, { settlements }: WalletRouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['ops'];
  const finance = app.guards.requireRoles('finance');

  r.get('/v1/ops/settlements', { onRequest: finance, schema: { tags, summary: 'Settlement requests, newest first', querystring: S.settlementListQuery, response: { 200: S.settlementListReply } } },
    async (req) => {
      const items = await settlements.list(req.query);
      return { items: items.map(settlementJson), nextBefore: items.length === req.query.limit ? items[items.length - 1].id : null };
    });

  r.post('/v1/ops/settlements/:id/approve', { onRequest: finance, schema: { tags, summary: 'Approve a requested settlement', params: S.idParam, headers: S.idempotencyHeaders, response: { 200: S.settlementView } } },
    async (req) => settlementJson(await settlements.approve(actorOf(req), req.params.id)));

  r.post('/v1/ops/settlements/:id/reject', { onRequest: finance, schema: { tags, summary: 'Reject with a reason; the held amount is released', params: S.idParam, headers: S.idempotencyHeaders, body: S.rejectBody, response: { 200: S.settlementView } } },
    async (req) => settlementJson(await settlements.reject(actorOf(req), req.params.id, req.body.reason)));

  r.post('/v1/ops/settlements/:id/paid', { onRequest: finance, schema: { tags, summary: 'Mark an approved settlement paid with the bank reference; the hold posts to the bank account', params: S.idParam, headers: S.idempotencyHeaders, body: S.paidBody, response: { 200: S.settlementView } } },
    async (req) => settlementJson(await settlements.markPaid(actorOf(req), req.params.id, req.body.bankReference)));
}
