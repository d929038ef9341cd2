import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../platform/db.js';
import type { AuditService } from './audit.service.js';

const auditEntry = z.object({
  id: z.string(), actorId: z.string().nullable(), actorRoles: z.array(z.string()), action: z.string(), targetType: z.string(), targetId: z.string(),
  before: z.unknown(), after: z.unknown(), reason: z.string().nullable(), ip: z.string().nullable(), createdAt: z.string(),
});

/** OPS-4: the audit log, searchable by ops (read only: there is no route that changes it). */
export function registerOpsRoutes(app: FastifyInstance, deps: { db: Db; audit: AuditService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ops = app.guards.requireRoles('ops_agent', 'ops_admin', 'finance');
  r.get('/v1/ops/audit', {
    onRequest: ops,
    schema: {
      tags: ['ops'], summary: 'Search the audit log, newest first',
      querystring: z.object({
        actorId: z.string().max(64).optional(), targetType: z.string().max(64).optional(), targetId: z.string().max(200).optional(),
        action: z.string().max(100).optional(), before: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(200).default(50),
      }).strict(),
      response: { 200: z.object({ items: z.array(auditEntry), nextBefore: z.string().nullable() }) },
    },
  }, async (req) => {
    const items = await deps.audit.search(deps.db, req.query);
    return { items, nextBefore: items.length === req.query.limit ? items[items.length - 1].id : null };
  });
}
