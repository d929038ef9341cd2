import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { caller } from '../../platform/http/auth.js';
import { actorOf, clientInfo } from '../identity/index.js';
import type { ProviderRequestsService } from './provider-requests.service.js';
import * as S from './provider-requests.schemas.js';
import { detailJson, requestJson } from './provider-requests.views.js';

/** PRV-4 for providers: ask for a change, follow its timeline, cancel it while open. */
export function registerProviderRequestRoutes(app: FastifyInstance, { requests }: { requests: ProviderRequestsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['provider-requests'];
  const provider = app.guards.requireRoles('provider');

  r.post('/v1/provider/change-requests/mobile-code', { onRequest: provider, config: { rateLimit: { max: 5, timeWindow: '1 minute' } }, schema: { tags, summary: 'Send a code to the new mobile number (step one of a mobile change; ACC-2 uniqueness)', body: S.mobileCodeBody, response: { 200: S.mobileCodeReply } } },
    async (req) => requests.sendMobileCode(caller(req).id, req.body.mobile, clientInfo(req)));

  r.post('/v1/provider/change-requests', { onRequest: provider, schema: { tags, summary: 'Ask for a change: mobile (with the code), fleet, vehicle or document completion (PRV-4)', body: S.submitBody, response: { 201: S.requestDetail } } },
    async (req, reply) => reply.status(201).send(detailJson(await requests.submit(caller(req).id, req.body), false)));

  r.get('/v1/provider/change-requests', { onRequest: provider, schema: { tags, summary: 'My change requests, newest first', response: { 200: z.array(S.requestView) } } },
    async (req) => (await requests.mine(caller(req).id)).map(requestJson));

  r.get('/v1/provider/change-requests/:id', { onRequest: provider, schema: { tags, summary: 'One of my change requests with its timeline', params: S.idParam, response: { 200: S.requestDetail } } },
    async (req) => detailJson(await requests.getFor({ id: caller(req).id, staff: false }, req.params.id), false));

  r.post('/v1/provider/change-requests/:id/cancel', { onRequest: provider, schema: { tags, summary: 'Withdraw an open change request', params: S.idParam, response: { 200: S.requestDetail } } },
    async (req) => detailJson(await requests.cancel(caller(req).id, req.params.id), false));
}

/** PRV-4 for ops: the queue, the detail with document statuses, approve (applies the change) or reject. */
export function registerProviderRequestOpsRoutes(app: FastifyInstance, { requests }: { requests: ProviderRequestsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['ops'];
  const ops = app.guards.requireRoles('ops_agent', 'ops_admin');

  r.get('/v1/ops/provider-requests', { onRequest: ops, schema: { tags, summary: 'Change requests by status (submitted: oldest first)', querystring: S.listQuery, response: { 200: z.array(S.requestView) } } },
    async (req) => (await requests.list(req.query.status)).map(requestJson));

  const detail = async (d: Awaited<ReturnType<ProviderRequestsService['getFor']>>) => ({
    ...detailJson(d, true), documents: (await requests.documentsOf(d.row.documentIds)).map((x) => ({ id: x.id, type: x.type, status: x.status, expiresOn: x.expiresOn ?? null })),
  });

  r.get('/v1/ops/provider-requests/:id', { onRequest: ops, schema: { tags, summary: 'One change request with its timeline and the attached documents', params: S.idParam, response: { 200: S.opsRequestDetail } } },
    async (req) => detail(await requests.getFor({ id: caller(req).id, staff: true }, req.params.id)));

  r.post('/v1/ops/provider-requests/:id/approve', { onRequest: ops, schema: { tags, summary: 'Approve and apply the change (attached documents must be approved; audited)', params: S.idParam, response: { 200: S.opsRequestDetail } } },
    async (req) => detail(await requests.approve(actorOf(req), req.params.id)));

  r.post('/v1/ops/provider-requests/:id/reject', { onRequest: ops, schema: { tags, summary: 'Reject a change request with a reason (audited, SMS)', params: S.idParam, body: S.rejectBody, response: { 200: S.opsRequestDetail } } },
    async (req) => detail(await requests.reject(actorOf(req), req.params.id, req.body.reason)));
}
