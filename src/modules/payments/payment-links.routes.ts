import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { caller } from '../../platform/http/auth.js';
import type { UserCache } from '../identity/index.js';
import type { PaymentLinksService } from './payment-links.service.js';
import type { PaymentLinkRow } from './payments.tables.js';
import type { ReceiptsService } from './receipts.service.js';
import * as S from './payments.schemas.js';
import { linkOpsView, receiptView } from './views.js';

export interface LinkRouteDeps { links: PaymentLinksService; receipts: ReceiptsService; users: UserCache }

const PUBLIC_LIMIT = { rateLimit: { max: 30, timeWindow: '1 minute' } };

/** PAY-5: payment links, created and cancelled by ops/finance, opened and paid by anyone holding the code. */
export function registerPaymentLinkRoutes(app: FastifyInstance, deps: LinkRouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['payment links'];
  const staff = app.guards.requireRoles('ops_agent', 'ops_admin', 'finance');
  const finance = app.guards.requireRoles('ops_admin', 'finance');
  const actor = (req: Parameters<typeof caller>[0]) => ({ id: caller(req).id, roles: caller(req).roles, ip: req.ip });
  const opsView = (l: PaymentLinkRow) => linkOpsView(l, deps.links.statusOf(l), deps.links.url(l));
  const page = (items: PaymentLinkRow[], limit: number) => ({ items: items.map(opsView), nextBefore: items.length === limit ? items[items.length - 1].id : null });
  const pageReply = z.object({ items: z.array(S.linkOpsView), nextBefore: z.string().nullable() });

  r.post('/v1/ops/payment-links', {
    onRequest: staff,
    schema: { tags, summary: 'Charge a user: creates a payment link and sends it by SMS (PAY-5)', body: S.createLinkBody, response: { 201: S.linkOpsView } },
  }, async (req, reply) => {
    const link = await deps.links.create(actor(req), { ...req.body, amountRials: BigInt(req.body.amountRials) });
    return reply.status(201).send(opsView(link));
  });

  r.get('/v1/ops/payment-links', {
    onRequest: staff,
    schema: { tags, summary: 'Payment links, newest first', querystring: z.object({ userId: z.string().max(64).optional(), status: z.enum(['open', 'paid', 'cancelled']).optional(), ...S.pageQuery }).strict(), response: { 200: pageReply } },
  }, async (req) => page(await deps.links.list(req.query), req.query.limit));

  r.get('/v1/ops/payment-links/:id', { onRequest: staff, schema: { tags, summary: 'One payment link', params: S.linkIdParam, response: { 200: S.linkOpsView } } },
    async (req) => opsView(await deps.links.get(req.params.id)));

  r.post('/v1/ops/payment-links/:id/cancel', {
    onRequest: staff, schema: { tags, summary: 'Cancel an open payment link, with a reason (audited)', params: S.linkIdParam, body: S.reasonBody, response: { 200: S.linkOpsView } },
  }, async (req) => opsView(await deps.links.cancel(actor(req), req.params.id, req.body.reason)));

  r.post('/v1/ops/payment-links/:id/charge-balance', {
    onRequest: finance, schema: { tags, summary: 'Take the charge from the user\'s balance instead (PAY-5; the wallet may go negative)', params: S.linkIdParam, body: S.optionalReasonBody, response: { 200: S.chargeFromBalanceReply } },
  }, async (req) => {
    const { link, receipt } = await deps.links.chargeFromBalance(actor(req), req.params.id, req.body.reason);
    const user = await deps.users.get(receipt.userId);
    return { link: opsView(link), receipt: receiptView(receipt, { id: receipt.userId, firstName: user?.firstName ?? null, lastName: user?.lastName ?? null }, deps.receipts.printUrl(receipt.id)) };
  });

  r.get('/v1/me/payment-links', {
    onRequest: app.guards.authenticate,
    schema: { tags, summary: 'Charges addressed to me', querystring: z.object({ status: z.enum(['open', 'paid', 'cancelled']).optional(), ...S.pageQuery }).strict(), response: { 200: pageReply } },
  }, async (req) => page(await deps.links.list({ ...req.query, userId: caller(req).id }), req.query.limit));

  r.get('/v1/payment-links/:code', {
    config: PUBLIC_LIMIT,
    schema: { tags, summary: 'What a payment link charges (public; first name only)', security: [], params: S.linkCodeParam, response: { 200: S.linkPublicView } },
  }, async (req) => {
    const v = await deps.links.publicView(req.params.code);
    const p = v.lastPayment;
    return {
      code: v.link.code, firstName: v.firstName, amountRials: String(v.link.amountRials), reason: v.link.reason, description: v.link.description,
      status: v.status, expiresAt: v.link.expiresAt.toISOString(), paidAt: v.link.paidAt?.toISOString() ?? null,
      lastPayment: p ? { id: p.id, status: p.status, refId: p.refId, cardPanMasked: p.cardPanMasked, failureCode: p.failureCode } : null,
    };
  });

  r.post('/v1/payment-links/:code/pay', {
    config: PUBLIC_LIMIT,
    schema: { tags, summary: 'Start paying a payment link; send the browser to redirectUrl', security: [], params: S.linkCodeParam, response: { 201: S.startedReply } },
  }, async (req, reply) => {
    const started = await deps.links.startPayment(req.params.code);
    return reply.status(201).send({ ...started, amountRials: String(started.amountRials) });
  });
}
