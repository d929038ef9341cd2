import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../identity/identity.routes.js';
import type { CatalogService } from './catalog.service.js';
import type { SettingsService } from './settings.service.js';

const localized = z.object({ fa: z.string(), ar: z.string(), en: z.string() });
const cityReply = z.object({ id: z.string(), code: z.string(), names: localized, timeZone: z.string(), center: z.object({ lat: z.number(), lng: z.number() }), zones: z.array(z.object({ id: z.string(), code: z.string(), names: localized, kind: z.string() })) });
const serviceReply = z.object({ id: z.string(), code: z.string(), kind: z.string(), vehicleType: z.string().nullable(), names: localized });
const settingReply = z.object({
  key: z.string(), description: z.string(), rules: z.array(z.string()), scopes: z.array(z.string()), default: z.unknown(),
  overrides: z.array(z.object({ scopeType: z.string(), scopeId: z.string(), value: z.unknown() })),
});
const settingBody = z.object({
  scopeType: z.enum(['global', 'city', 'service']).default('global'),
  scopeId: z.string().max(64).default(''),
  value: z.unknown().optional().describe('omit to remove the override and fall back'),
  reason: z.string().max(500).optional(),
}).strict();

export function registerCatalogRoutes(app: FastifyInstance, deps: { catalog: CatalogService; settings: SettingsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/v1/cities', { schema: { tags: ['catalog'], security: [], summary: 'Cities served, with their zones', response: { 200: z.array(cityReply) } } },
    async () => deps.catalog.cities());
  r.get('/v1/services', { schema: { tags: ['catalog'], security: [], summary: 'Services offered (ORD-1)', response: { 200: z.array(serviceReply) } } },
    async () => deps.catalog.services());

  const ops = app.guards.requireRoles('ops_agent', 'ops_admin', 'finance');
  const admin = app.guards.requireRoles('ops_admin');
  r.get('/v1/ops/settings', { onRequest: ops, schema: { tags: ['ops'], summary: 'Every policy setting with its default and overrides (OPS-2)', response: { 200: z.array(settingReply) } } },
    async () => deps.settings.list() as never);
  r.put('/v1/ops/settings/:key', { onRequest: admin, schema: { tags: ['ops'], summary: 'Set or clear a policy setting (audited)', params: z.object({ key: z.string().max(100) }).strict(), body: settingBody, response: { 200: settingReply } } },
    async (req) => {
      await deps.settings.set(actorOf(req), req.params.key, req.body.scopeType, req.body.scopeId, req.body.value, req.body.reason);
      return deps.settings.list().find((s) => s.key === req.params.key) as never;
    });
}
