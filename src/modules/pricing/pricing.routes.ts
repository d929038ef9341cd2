import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { caller } from '../../platform/http/auth.js';
import { actorOf } from '../identity/index.js';
import { breakdownJson } from './pricing.rules.js';
import type { PricingService, Quote } from './pricing.service.js';
import * as S from './pricing.schemas.js';

const tags = ['pricing'];

/** A quote as the API shows it: Rials as strings, no internal hold. */
export function quoteView(q: Quote) {
  return {
    id: q.id, serviceCode: q.serviceCode, serviceKind: q.serviceKind, cityId: q.cityId, origin: q.origin, destination: q.destination, stops: q.stops,
    distanceMeters: q.distanceMeters, durationSeconds: q.durationSeconds, breakdown: breakdownJson(q.breakdown), priceRials: q.priceRials.toString(),
    expiresAt: q.expiresAt.toISOString(), scheduledAt: q.scheduledAt?.toISOString() ?? null, waitingMinutes: q.waitingMinutes,
    promotion: q.promotion, usedAt: q.usedAt?.toISOString() ?? null, changeOfOrderId: q.changeOfOrderId,
  };
}

/** ORD-2 for customers: ask for a quote, read it back. */
export function registerQuoteRoutes(app: FastifyInstance, deps: { pricing: PricingService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const customer = app.guards.requireRoles('customer');
  r.post('/v1/quotes', { onRequest: customer, schema: { tags, summary: 'Price a job (ORD-2): distance, time, zones, hour, weekday, demand, promotions', body: S.quoteBody, response: { 201: S.quoteReply } } },
    async (req, reply) => {
      const u = caller(req);
      return reply.status(201).send(quoteView(await deps.pricing.quote(u.id, req.body, u.locale)));
    });
  r.get('/v1/quotes/:id', { onRequest: app.guards.authenticate, schema: { tags, summary: 'One of my quotes', params: S.quoteIdParam, response: { 200: S.quoteReply } } },
    async (req) => quoteView(await deps.pricing.get(caller(req).id, req.params.id)));
}

/** ORD-2 for ops: tariffs per city and service (audited through the settings store) and the demand map. */
export function registerPricingOpsRoutes(app: FastifyInstance, deps: { pricing: PricingService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ops = app.guards.requireRoles('ops_agent', 'ops_admin', 'finance');
  const admin = app.guards.requireRoles('ops_admin');
  const opsTags = ['ops'];
  r.get('/v1/ops/pricing/demand', { onRequest: ops, schema: { tags: opsTags, summary: 'Demand multiplier per H3 cell (open requests vs idle providers)', querystring: S.demandQuery, response: { 200: S.demandReply } } },
    async (req) => {
      const cells = await deps.pricing.demandSnapshot(req.query.cityId);
      const p = deps.pricing.demandParams(req.query.cityId);
      return { cityId: req.query.cityId, resolution: p.resolution, kRing: p.kRing, cap: p.cap, signals: deps.pricing.hasDemandSignals(), cells };
    });
  r.get('/v1/ops/pricing/:cityId/:serviceCode', { onRequest: ops, schema: { tags: opsTags, summary: 'The tariff of a service in a city', params: S.tariffParams, response: { 200: S.tariffReply } } },
    async (req) => deps.pricing.tariffView(req.params.cityId, req.params.serviceCode));
  r.put('/v1/ops/pricing/:cityId/:serviceCode', { onRequest: admin, schema: { tags: opsTags, summary: 'Set the tariff of a service in a city (audited)', params: S.tariffParams, body: S.tariffBody, response: { 200: S.tariffReply } } },
    async (req) => deps.pricing.setTariff(actorOf(req), req.params.cityId, req.params.serviceCode, req.body.tariff, req.body.reason));
}
