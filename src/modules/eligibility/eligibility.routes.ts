import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../identity/index.js';
import type { EligibilityService } from './eligibility.service.js';
import type { EligibilityRuleRow } from './eligibility.tables.js';
import * as S from './eligibility.schemas.js';

const tags = ['ops'];
const view = (r: EligibilityRuleRow) => ({
  id: r.id, serviceCode: r.serviceCode, cityId: r.cityId, subject: r.subject, conditions: r.conditions, effect: r.effect,
  code: r.code, messages: r.messages, active: r.active, version: r.version, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
});

/** ORD-11 for ops: eligibility rules (create, read, change, delete; audited) and per-user attributes. */
export function registerEligibilityOpsRoutes(app: FastifyInstance, deps: { eligibility: EligibilityService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ops = app.guards.requireRoles('ops_agent', 'ops_admin');
  const admin = app.guards.requireRoles('ops_admin');
  const e = deps.eligibility;

  r.get('/v1/ops/eligibility-rules', { onRequest: ops, schema: { tags, summary: 'Eligibility rules (ORD-11)', response: { 200: z.array(S.ruleReply) } } },
    async () => (await e.list()).map(view));
  r.post('/v1/ops/eligibility-rules', { onRequest: admin, schema: { tags, summary: 'Create an eligibility rule (inactive unless said; audited)', body: S.ruleCreateBody, response: { 201: S.ruleReply } } },
    async (req, reply) => reply.status(201).send(view(await e.create(actorOf(req), req.body))));
  r.get('/v1/ops/eligibility-rules/:id', { onRequest: ops, schema: { tags, summary: 'One eligibility rule', params: S.idParam, response: { 200: S.ruleReply } } },
    async (req) => view(await e.get(req.params.id)));
  r.patch('/v1/ops/eligibility-rules/:id', { onRequest: admin, schema: { tags, summary: 'Change or (de)activate a rule (audited)', params: S.idParam, body: S.ruleUpdateBody, response: { 200: S.ruleReply } } },
    async (req) => view(await e.update(actorOf(req), req.params.id, req.body)));
  r.delete('/v1/ops/eligibility-rules/:id', { onRequest: admin, schema: { tags, summary: 'Delete a rule (audited)', params: S.idParam, body: S.ruleDeleteBody, response: { 204: z.null() } } },
    async (req, reply) => {
      await e.remove(actorOf(req), req.params.id, req.body.reason);
      return reply.status(204).send(null);
    });

  r.get('/v1/ops/eligibility-attributes/:userId', { onRequest: ops, schema: { tags, summary: 'Attributes recorded for a user beyond the account (e.g. gender)', params: S.userIdParam, response: { 200: S.attributesReply } } },
    async (req) => ({ userId: req.params.userId, attributes: await e.storedAttributes(req.params.userId) }));
  r.put('/v1/ops/eligibility-attributes/:userId', { onRequest: admin, schema: { tags, summary: 'Record attributes for a user (replaces them; audited)', params: S.userIdParam, body: S.attributesBody, response: { 200: S.attributesReply } } },
    async (req) => ({ userId: req.params.userId, attributes: await e.setAttributes(actorOf(req), req.params.userId, req.body.attributes, req.body.reason) }));
}
