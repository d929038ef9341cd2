import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { caller } from '../../platform/http/auth.js';
import { actorOf } from '../identity/index.js';
import type { GuaranteeReturnsService } from './guarantees.service.js';
import * as S from './guarantees.schemas.js';
import { detailJson, returnJson } from './guarantees.views.js';

/** PRV-5 for providers: what quitting would cost, ask for the return, follow it. */
export function registerGuaranteeRoutes(app: FastifyInstance, { guarantees }: { guarantees: GuaranteeReturnsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['guarantees'];
  const provider = app.guards.requireRoles('provider');

  r.get('/v1/provider/guarantee-return/quote', { onRequest: provider, schema: { tags, summary: 'What a return would charge: the share of the equipment received at sign-up (PRV-5)', response: { 200: S.quoteView } } },
    async (req) => {
      const q = await guarantees.quote(caller(req).id);
      return { equipmentRials: String(q.equipmentRials), percent: q.percent, quitChargeRials: String(q.quitChargeRials), guaranteeHeld: q.guaranteeHeld };
    });

  r.get('/v1/provider/guarantee-returns', { onRequest: provider, schema: { tags, summary: 'My guarantee returns, newest first', response: { 200: z.array(S.returnView) } } },
    async (req) => (await guarantees.mine(caller(req).id)).map(returnJson));

  r.post('/v1/provider/guarantee-returns', { onRequest: provider, schema: { tags, summary: 'Ask for the guarantee back: continue (identity document) or quit (guarantee documents, charged)', body: S.requestBody, response: { 201: S.returnDetail } } },
    async (req, reply) => reply.status(201).send(detailJson(await guarantees.request(caller(req).id, req.body), false)));

  r.get('/v1/provider/guarantee-returns/:id', { onRequest: provider, schema: { tags, summary: 'One of my guarantee returns with its timeline', params: S.idParam, response: { 200: S.returnDetail } } },
    async (req) => detailJson(await guarantees.getFor({ id: caller(req).id, staff: false }, req.params.id), false));

  r.post('/v1/provider/guarantee-returns/:id/cancel', { onRequest: provider, schema: { tags, summary: 'Cancel a return ops have not reviewed yet', params: S.idParam, response: { 200: S.returnDetail } } },
    async (req) => detailJson(await guarantees.cancel(caller(req).id, req.params.id), false));
}

/** PRV-5 for ops: approve (collect the charge), reject, ship with a tracking number; all audited. */
export function registerGuaranteeOpsRoutes(app: FastifyInstance, { guarantees }: { guarantees: GuaranteeReturnsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['ops'];
  const ops = app.guards.requireRoles('ops_agent', 'ops_admin');

  r.get('/v1/ops/guarantee-returns', { onRequest: ops, schema: { tags, summary: 'Guarantee returns by status', querystring: S.listQuery, response: { 200: z.array(S.returnView) } } },
    async (req) => (await guarantees.list(req.query.status)).map(returnJson));

  r.get('/v1/ops/guarantee-returns/:id', { onRequest: ops, schema: { tags, summary: 'One guarantee return with its timeline', params: S.idParam, response: { 200: S.returnDetail } } },
    async (req) => detailJson(await guarantees.getFor({ id: caller(req).id, staff: true }, req.params.id), true));

  r.post('/v1/ops/guarantee-returns/:id/approve', { onRequest: ops, schema: { tags, summary: 'Approve: collect the charge from the wallet or by SMS link; "quit" deactivates the provider', params: S.idParam, body: S.approveBody, response: { 200: S.returnDetail } } },
    async (req) => detailJson(await guarantees.approve(actorOf(req), req.params.id, req.body.collect), true));

  r.post('/v1/ops/guarantee-returns/:id/reject', { onRequest: ops, schema: { tags, summary: 'Reject a guarantee return with a reason', params: S.idParam, body: S.rejectBody, response: { 200: S.returnDetail } } },
    async (req) => detailJson(await guarantees.reject(actorOf(req), req.params.id, req.body.reason), true));

  r.post('/v1/ops/guarantee-returns/:id/ship', { onRequest: ops, schema: { tags, summary: 'Post the documents with a tracking number (postage paid on delivery)', params: S.idParam, body: S.shipBody, response: { 200: S.returnDetail } } },
    async (req) => detailJson(await guarantees.ship(actorOf(req), req.params.id, req.body.trackingNumber), true));
}
