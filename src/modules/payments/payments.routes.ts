import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../platform/db.js';
import { caller } from '../../platform/http/auth.js';
import { withIdempotencyKey } from './idempotency.js';
import type { PaymentLinksService } from './payment-links.service.js';
import type { PaymentsService } from './payments.service.js';
import * as S from './payments.schemas.js';
import { paymentOpsView, paymentView } from './views.js';

export interface PaymentRouteDeps { db: Db; payments: PaymentsService; links: PaymentLinksService }

const START_LIMIT = { rateLimit: { max: 60, timeWindow: '1 minute' } };

/** PAY-1: wallet top-ups, the gateway callback and the payer's view of a payment. */
export function registerPaymentRoutes(app: FastifyInstance, deps: PaymentRouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['payments'];
  const signedIn = app.guards.authenticate;

  r.post('/v1/wallet/topups', {
    onRequest: signedIn, config: START_LIMIT,
    schema: { tags, summary: 'Start a wallet top-up through the payment gateway (PAY-1); send the browser to redirectUrl', body: S.topupBody, headers: z.object({ 'idempotency-key': z.string().max(100).optional() }), response: { 201: S.startedReply } },
  }, async (req, reply) => {
    const user = caller(req);
    const result = await withIdempotencyKey(deps.db, { userId: user.id, route: 'POST /v1/wallet/topups', key: req.headers['idempotency-key'], body: req.body }, async () => {
      const started = await deps.payments.startTopup(user.id, BigInt(req.body.amountRials), req.body.wallet);
      return { statusCode: 201, body: { ...started, amountRials: String(started.amountRials) } };
    });
    return reply.status(result.statusCode as 201).send(result.body as z.infer<typeof S.startedReply>);
  });

  r.get('/v1/wallet/topups/limits', {
    onRequest: signedIn,
    schema: { tags, summary: 'Smallest and largest top-up, and which gateway takes the payment', response: { 200: z.object({ minRials: S.rialsString, maxRials: S.rialsString, gateway: z.string() }) } },
  }, async () => deps.payments.topupLimits());

  r.get('/v1/payments/callback/:id', {
    schema: { tags, summary: 'Where the gateway sends the browser back (?Authority=&Status=OK|NOK); verifies, then redirects to the result page', security: [], params: S.paymentIdParam, querystring: S.callbackQuery },
  }, async (req, reply) => {
    const p = await deps.payments.handleCallback(req.params.id, { authority: req.query.Authority, status: req.query.Status, ip: req.ip });
    const target = p.linkId ? `/p/${(await deps.links.get(p.linkId)).code}?payment=${p.id}` : `/payments/${p.id}`;
    return reply.status(302).header('location', target).header('cache-control', 'no-store').send();
  });

  r.get('/v1/payments', {
    onRequest: signedIn,
    schema: { tags, summary: 'My payments, newest first', querystring: z.object({ status: S.paymentStatus.optional(), ...S.pageQuery }).strict(), response: { 200: z.object({ items: z.array(S.paymentView), nextBefore: z.string().nullable() }) } },
  }, async (req) => {
    const items = await deps.payments.list({ userId: caller(req).id, status: req.query.status, before: req.query.before, limit: req.query.limit });
    return { items: items.map(paymentView), nextBefore: items.length === req.query.limit ? items[items.length - 1].id : null };
  });

  r.get('/v1/payments/:id', {
    onRequest: signedIn,
    schema: { tags, summary: 'One of my payments: status, amount, gateway reference, masked card', params: S.paymentIdParam, response: { 200: S.paymentView } },
  }, async (req) => paymentView(await deps.payments.getFor(caller(req), req.params.id)));

  r.post('/v1/payments/:id/verify', {
    onRequest: signedIn, config: START_LIMIT,
    schema: { tags, summary: 'Ask the gateway again about a pending or failed payment', params: S.paymentIdParam, response: { 200: S.paymentView } },
  }, async (req) => paymentView(await deps.payments.verifyAgain(caller(req), req.params.id)));

  const staff = app.guards.requireRoles('ops_agent', 'ops_admin', 'finance');
  r.get('/v1/ops/payments', {
    onRequest: staff,
    schema: { tags: ['ops'], summary: 'Gateway payments, newest first', querystring: z.object({ userId: z.string().max(64).optional(), status: S.paymentStatus.optional(), ...S.pageQuery }).strict(), response: { 200: z.object({ items: z.array(S.paymentOpsView), nextBefore: z.string().nullable() }) } },
  }, async (req) => {
    const items = await deps.payments.list({ userId: req.query.userId, status: req.query.status, before: req.query.before, limit: req.query.limit });
    return { items: items.map(paymentOpsView), nextBefore: items.length === req.query.limit ? items[items.length - 1].id : null };
  });

  r.get('/v1/ops/payments/:id', {
    onRequest: staff,
    schema: { tags: ['ops'], summary: 'One payment with its trail of callbacks and verify replies', params: S.paymentIdParam, response: { 200: S.paymentOpsView.extend({ events: z.array(S.paymentEventView) }) } },
  }, async (req) => {
    const p = await deps.payments.getFor(caller(req), req.params.id);
    const events = await deps.payments.events(p.id);
    return { ...paymentOpsView(p), events: events.map((e) => ({ id: e.id, kind: e.kind, data: e.data, createdAt: e.createdAt.toISOString() })) };
  });
}
