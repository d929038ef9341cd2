import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../identity/index.js';
import type { ReviewItemView, ReviewsService } from './reviews.service.js';
import * as S from './reviews.schemas.js';

const tags = ['ops'];
const view = ({ item, ageSeconds, slaMinutes, slaState, claimLive }: ReviewItemView): z.infer<typeof S.itemReply> => ({
  id: item.id, kind: item.kind, subjectId: item.subjectId, subjectUserId: item.subjectUserId, cityId: item.cityId, title: item.title,
  link: item.link, status: item.status, claimedBy: claimLive ? item.claimedBy : null, claimerName: claimLive ? item.claimerName : null,
  outcome: item.outcome, resolvedBy: item.resolvedBy, resolvedAt: item.resolvedAt?.toISOString() ?? null, createdAt: item.createdAt.toISOString(),
  ageSeconds, slaMinutes, slaState,
});

/** OPS-1 review queues: oldest first, counts per kind, claim and release. */
export function registerReviewRoutes(app: FastifyInstance, deps: { reviews: ReviewsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const staff = app.guards.requireRoles('ops_agent', 'ops_admin', 'finance');
  const { reviews } = deps;

  r.get('/v1/ops/reviews', { onRequest: staff, schema: { tags, summary: 'Items waiting for an ops decision, oldest first (OPS-1)', querystring: S.listQuery, response: { 200: z.array(S.itemReply) } } },
    async (req) => (await reviews.list(actorOf(req), req.query)).map(view));
  r.get('/v1/ops/reviews/counts', { onRequest: staff, schema: { tags, summary: 'Open items per queue, with the oldest one\'s age', querystring: S.countsQuery, response: { 200: S.countsReply } } },
    async (req) => reviews.counts(req.query.cityId));
  r.post('/v1/ops/reviews/:id/claim', { onRequest: staff, schema: { tags, summary: 'Claim an item so no other agent reviews it at the same time', params: S.idParam, response: { 200: S.itemReply } } },
    async (req) => view(await reviews.claim(actorOf(req), req.params.id)));
  r.post('/v1/ops/reviews/:id/release', { onRequest: staff, schema: { tags, summary: 'Release a claim (the holder, or an ops admin)', params: S.idParam, response: { 200: S.itemReply } } },
    async (req) => view(await reviews.release(actorOf(req), req.params.id)));
}
