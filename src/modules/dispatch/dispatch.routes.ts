import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { caller } from '../../platform/http/auth.js';
import { OrderSchemas as S, type OrdersService } from '../orders/index.js';
import type { DispatchService } from './dispatch.service.js';

/** Provider routes for offers (ORD-12: each says whether it is a passenger or a parcel job). */
export function registerDispatchRoutes(app: FastifyInstance, deps: { dispatch: DispatchService; orders: OrdersService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pre = app.guards.requireRoles('provider');
  const tags = ['provider'];

  r.get('/v1/provider/offers', { onRequest: pre, schema: { tags, summary: 'My current offer, if any', response: { 200: z.object({ offer: S.offerReply.nullable() }) } } },
    async (req) => ({ offer: await deps.dispatch.currentOffer(caller(req).id) }));

  r.post('/v1/provider/offers/:offerId/accept', { onRequest: pre, schema: { tags, summary: 'Accept an offer (the first acceptance wins; 409 otherwise)', params: S.offerParam, response: { 200: S.orderReply } } },
    async (req) => deps.orders.log.view(await deps.dispatch.accept(caller(req).id, req.params.offerId), 'provider'));

  r.post('/v1/provider/offers/:offerId/reject', { onRequest: pre, schema: { tags, summary: 'Reject an offer (the order goes to the next provider)', params: S.offerParam, response: { 200: z.object({ rejected: z.literal(true) }) } } },
    async (req) => {
      await deps.dispatch.reject(caller(req).id, req.params.offerId);
      return { rejected: true as const };
    });
}
