import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { caller } from '../../platform/http/auth.js';
import { actorOf, type UserCache } from '../identity/index.js';
import type { PromotionsService } from './promotions.service.js';
import * as S from './promotions.schemas.js';
import { grantView, opsView, termsView } from './promotions.views.js';

// Code guessing is limited per session, not per IP: mobile carriers put many customers behind one address.
const CODE_LIMIT = { rateLimit: { max: 60, timeWindow: '1 minute', keyGenerator: (req: FastifyRequest) => String(req.headers.authorization ?? req.ip) } };
const tags = ['promotions'];

/** PAY-4 for customers: preview a discount, claim gift credit, see my offers. */
export function registerPromotionRoutes(app: FastifyInstance, deps: { promotions: PromotionsService; users: UserCache }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pre = app.guards.authenticate;

  r.post('/v1/promotions/apply', { onRequest: pre, config: CODE_LIMIT, schema: { tags, summary: 'Preview the discount on an amount (nothing is used up)', body: S.applyBody, response: { 200: S.applyReply } } },
    async (req) => {
      const u = caller(req);
      const cityId = req.body.cityId ?? (await deps.users.get(u.id))?.cityId ?? null;
      const adj = await deps.promotions.applyToQuote({ userId: u.id, serviceCode: req.body.serviceCode, cityId, amountRials: BigInt(req.body.amountRials), code: req.body.code, quantity: req.body.quantity });
      return {
        amountRials: adj.amountRials.toString(), discountRials: adj.discountRials.toString(), finalRials: adj.finalRials.toString(),
        promotionId: adj.promotionId, promotion: adj.promotion ? termsView(adj.promotion) : null,
      };
    });

  r.post('/v1/promotions/claim', {
    onRequest: pre, config: CODE_LIMIT,
    schema: { tags, summary: 'Claim gift credit into my gift account (once per offer; Idempotency-Key honoured)', body: S.claimBody, response: { 201: S.giftGrantReply } },
  }, async (req, reply) => {
    const key = req.headers['idempotency-key'];
    const { grant, replayed } = await deps.promotions.claim(caller(req).id, req.body, typeof key === 'string' ? key : undefined);
    return reply.status(201).header('idempotent-replayed', String(replayed)).send(grantView(grant));
  });

  r.get('/v1/promotions/mine', { onRequest: pre, schema: { tags, summary: 'My personal packages, open campaigns and gift credit', response: { 200: z.object({ offers: z.array(S.offerReply), giftCredits: z.array(S.giftGrantReply) }) } } },
    async (req) => {
      const { offers, grants } = await deps.promotions.offersFor(caller(req).id);
      return { offers: offers.map((o) => ({ ...termsView(o.promotion), state: o.state, usesLeft: o.usesLeft })), giftCredits: grants.map(grantView) };
    });
}

/** OPS-2 / PAY-4 for ops: list, create, change, suspend, resume, cancel, usage stats (audited). */
export function registerOpsPromotionRoutes(app: FastifyInstance, deps: { promotions: PromotionsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ops = app.guards.requireRoles('ops_agent', 'ops_admin', 'finance');
  const admin = app.guards.requireRoles('ops_admin');
  const opsTags = ['ops'];
  const detail = async (id: string) => {
    const d = await deps.promotions.detail(id);
    return { ...opsView(d.promotion), userIds: d.userIds, userCount: d.userCount };
  };

  r.get('/v1/ops/promotions', { onRequest: ops, schema: { tags: opsTags, summary: 'Search promotions', querystring: S.promotionSearchQuery, response: { 200: z.object({ total: z.number(), items: z.array(S.promotionOpsReply) }) } } },
    async (req) => {
      const { q, ...rest } = req.query;
      const { rows, total } = await deps.promotions.list({ ...rest, text: q });
      return { total, items: rows.map(opsView) };
    });

  r.post('/v1/ops/promotions', { onRequest: admin, schema: { tags: opsTags, summary: 'Create a promo code or campaign (audited)', body: S.promotionCreateBody, response: { 201: S.promotionDetailReply } } },
    async (req, reply) => reply.status(201).send(await detail((await deps.promotions.create(actorOf(req), req.body)).id)));

  r.get('/v1/ops/promotions/:id', { onRequest: ops, schema: { tags: opsTags, summary: 'One promotion with its owners', params: S.idParam, response: { 200: S.promotionDetailReply } } },
    async (req) => detail(req.params.id));

  r.patch('/v1/ops/promotions/:id', { onRequest: admin, schema: { tags: opsTags, summary: 'Change a promotion\'s terms (audited)', params: S.idParam, body: S.promotionUpdateBody, response: { 200: S.promotionDetailReply } } },
    async (req) => detail((await deps.promotions.update(actorOf(req), req.params.id, req.body)).id));

  for (const action of ['suspend', 'resume', 'cancel'] as const) {
    r.post(`/v1/ops/promotions/:id/${action}`, { onRequest: admin, schema: { tags: opsTags, summary: `${action[0].toUpperCase()}${action.slice(1)} a promotion (audited)`, params: S.idParam, body: S.statusChangeBody, response: { 200: S.promotionOpsReply } } },
      async (req) => opsView(await deps.promotions.changeStatus(actorOf(req), req.params.id, action, req.body.reason)));
  }

  r.get('/v1/ops/promotions/:id/stats', { onRequest: ops, schema: { tags: opsTags, summary: 'Usage of a promotion', params: S.idParam, response: { 200: S.statsReply } } },
    async (req) => deps.promotions.stats(req.params.id));
}
