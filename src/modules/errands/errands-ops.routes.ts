import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../identity/index.js';
import { errandView } from './errands.service.js';
import { serviceJson, timelineJson, documentJson, sendFile, type ErrandRouteDeps } from './errands.routes.js';
import * as S from './errands.schemas.js';

/** ERR-1..ERR-7, CLM-3, PRV-10: the ops side (every action audited in the service). */
export function registerOpsErrandRoutes(app: FastifyInstance, { errands, work, documents }: ErrandRouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['ops'];
  const ops = app.guards.requireRoles('ops_agent', 'ops_admin');
  const admin = app.guards.requireRoles('ops_admin');

  r.get('/v1/ops/errands', { onRequest: ops, schema: { tags, summary: 'Errand queue, oldest first', querystring: S.listQuery, response: { 200: z.array(S.errandReply) } } },
    async (req) => (await errands.list(req.query.status ? [req.query.status] : undefined)).map(errandView));
  r.get('/v1/ops/errands/phone-hours', { onRequest: ops, schema: { tags, summary: 'Whether the phone channel is staffed now (ERR-2)', querystring: S.cityQuery, response: { 200: S.hoursReply } } },
    async (req) => errands.phoneHours(req.query.cityId ?? null));
  r.post('/v1/ops/errands', { onRequest: ops, schema: { tags, summary: 'Record a phone caller\'s errand request (channel phone, ERR-2)', body: S.phoneRequestBody, response: { 201: S.phoneReply } } },
    async (req, reply) => {
      const { customerMobile, ...input } = req.body;
      const res = await errands.requestByPhone(actorOf(req), customerMobile, input);
      return reply.status(201).send({ errand: errandView(res.errand), withinHours: res.withinHours });
    });
  r.get('/v1/ops/errands/:id', { onRequest: ops, schema: { tags, summary: 'An errand with its timeline, documents and custody', params: S.idParam, response: { 200: S.timelineReply } } },
    async (req) => timelineJson(await errands.timeline(await errands.forOps(req.params.id))));
  r.post('/v1/ops/errands/:id/feasibility', { onRequest: ops, schema: { tags, summary: 'Feasible (rule price quotes at once) or infeasible with a reason (ERR-3)', params: S.idParam, body: S.feasibilityBody, response: { 200: S.errandReply } } },
    async (req) => errandView(await errands.decideFeasibility(actorOf(req), req.params.id, { ...req.body, priceRials: req.body.priceRials ? BigInt(req.body.priceRials) : null })));
  r.post('/v1/ops/errands/:id/quote', { onRequest: ops, schema: { tags, summary: 'Quote a feasible errand; without a price the rule computes it (ERR-3, ERR-6)', params: S.idParam, body: S.quoteBody, response: { 200: S.errandReply } } },
    async (req) => errandView(await errands.quote(actorOf(req), req.params.id, req.body.priceRials ? BigInt(req.body.priceRials) : null)));
  r.get('/v1/ops/errands/:id/suggestions', { onRequest: ops, schema: { tags, summary: 'Assistants with the skill, least loaded then best rated first', params: S.idParam, response: { 200: z.array(S.candidateReply) } } },
    async (req) => work.suggestions(req.params.id));
  r.post('/v1/ops/errands/:id/assign', { onRequest: ops, schema: { tags, summary: 'Assign (or reassign before dispatch) to an assistant with the skill', params: S.idParam, body: S.assignBody, response: { 200: S.errandReply } } },
    async (req) => errandView(await work.assign(actorOf(req), req.params.id, req.body.assistantId)));
  r.post('/v1/ops/errands/:id/cancel', { onRequest: ops, schema: { tags, summary: 'Cancel on the customer\'s behalf (ERR-7 split applies)', params: S.idParam, body: S.reasonBody, response: { 200: S.errandReply } } },
    async (req) => errandView(await errands.opsCancel(actorOf(req), req.params.id, req.body.reason)));
  r.post('/v1/ops/errands/:id/failure-review', { onRequest: ops, schema: { tags, summary: 'CLM-3: decide a failed errand; partial refund when the assistant caused it', params: S.idParam, body: S.failureReviewBody, response: { 200: S.errandReply } } },
    async (req) => errandView(await errands.reviewFailure(actorOf(req), req.params.id, { ...req.body, refundRials: BigInt(req.body.refundRials) })));
  r.post('/v1/ops/errands/:id/documents/:docId/custody', { onRequest: ops, schema: { tags, summary: 'Original received / handed to the assistant / returned (ERR-4)', params: S.docParam, body: S.custodyBody, response: { 200: S.documentReply } } },
    async (req) => documentJson(await documents.custody(await errands.forOps(req.params.id), actorOf(req), 'ops', req.params.docId, req.body.action, req.body.note)));
  r.get('/v1/ops/errands/:id/documents/:docId/file', { onRequest: ops, schema: { tags, summary: 'An uploaded errand document', params: S.docParam } },
    async (req, reply) => sendFile(reply, await documents.file(await errands.forOps(req.params.id), req.params.docId)));

  r.get('/v1/ops/errand-services', { onRequest: ops, schema: { tags, summary: 'The whole errand catalogue, inactive too', response: { 200: z.array(S.serviceReply) } } },
    async () => (await errands.listServices(true)).map(serviceJson));
  r.put('/v1/ops/errand-services/:code', { onRequest: admin, schema: { tags, summary: 'Create or change an errand service (ERR-1, ERR-6)', params: S.codeParam, body: S.serviceBody, response: { 200: S.serviceReply } } },
    async (req) => serviceJson(await errands.upsertService(actorOf(req), req.params.code, { ...req.body, baseRials: BigInt(req.body.baseRials), perItemRials: BigInt(req.body.perItemRials) })));
  r.get('/v1/ops/errand-assistants', { onRequest: ops, schema: { tags, summary: 'Assistants and their skills (PRV-10)', response: { 200: z.array(S.assistantReply) } } },
    async () => (await work.listAssistants()).map((a) => ({ ...a, updatedAt: a.updatedAt.toISOString() })));
  r.put('/v1/ops/errand-assistants/:userId', { onRequest: ops, schema: { tags, summary: 'Set an assistant\'s skills (errand categories, PRV-10)', params: S.userParam, body: S.skillsBody, response: { 200: S.assistantReply } } },
    async (req) => {
      const row = await work.setSkills(actorOf(req), req.params.userId, req.body.categories, req.body.active);
      return { ...row, updatedAt: row.updatedAt.toISOString() };
    });
}
