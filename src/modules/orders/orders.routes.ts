import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { caller } from '../../platform/http/auth.js';
import { notFound } from '../../platform/errors.js';
import { OrderErrors as E } from './orders.errors.js';
import type { OrdersService } from './orders.service.js';
import * as S from './orders.schemas.js';
import type { OrderRow } from './orders.tables.js';
import type { TripsService } from './trips.service.js';

const tags = ['orders'];

const changeQuoteView = (q: { id: string; priceRials: bigint; expiresAt: Date; destination: { lat: number; lng: number }; stops: Array<{ lat: number; lng: number }>; waitingMinutes?: number }, o: OrderRow) => ({
  id: q.id, orderId: o.id, priceRials: q.priceRials.toString(), previousPriceRials: o.priceRials.toString(), expiresAt: q.expiresAt.toISOString(),
  destination: q.destination, stops: q.stops, waitingMinutes: q.waitingMinutes ?? 0,
});

/** Customer routes: place, list, read, cancel, change (ORD-2..ORD-8, ORD-17, ACC-6). */
export function registerOrderRoutes(app: FastifyInstance, deps: { orders: OrdersService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pre = app.guards.authenticate;
  const { orders } = deps;
  const mine = (userId: string, o: OrderRow) => orders.log.view(o, 'customer');

  r.post('/v1/orders', { onRequest: pre, schema: { tags, summary: 'Order from a quote (Idempotency-Key honoured: the same key gives the same order)', body: S.createOrderBody, response: { 201: S.orderReply, 200: S.orderReply } } },
    async (req, reply) => {
      const u = caller(req);
      const key = req.headers['idempotency-key'];
      const { order, replayed } = await orders.create(u.id, req.body, typeof key === 'string' ? key : undefined);
      return reply.status(replayed ? 200 : 201).header('idempotent-replayed', String(replayed)).send(await mine(u.id, order));
    });

  r.get('/v1/orders', { onRequest: pre, schema: { tags, summary: 'My orders, newest first', querystring: S.listQuery, response: { 200: S.orderListReply } } },
    async (req) => orders.listMine(caller(req).id, req.query));

  r.get('/v1/orders/:id', { onRequest: pre, schema: { tags, summary: 'One order (its customer, its provider, or ops)', params: S.idParam, response: { 200: S.orderReply } } },
    async (req) => orders.getFor(caller(req), req.params.id));

  r.post('/v1/orders/:id/cancel', { onRequest: pre, schema: { tags, summary: 'Cancel my order (free before acceptance, a fee after: ORD-6)', params: S.idParam, body: S.reasonBody, response: { 200: S.orderReply } } },
    async (req) => mine(caller(req).id, await orders.cancelByCustomer(caller(req).id, req.params.id, req.body.reason)));

  r.post('/v1/orders/:id/waiting', { onRequest: pre, schema: { tags, summary: 'Ask the price of paid waiting time (ORD-5); confirm it through the changes route', params: S.idParam, body: S.waitingBody, response: { 201: S.quoteReply } } },
    async (req, reply) => {
      const { quote, order } = await orders.requestChange(caller(req).id, req.params.id, { waitingMinutes: req.body.minutes });
      return reply.status(201).send(changeQuoteView(quote, order));
    });

  r.post('/v1/orders/:id/changes', { onRequest: pre, schema: { tags, summary: 'Re-quote a change of my order (ORD-3); nothing applies until confirmed', params: S.idParam, body: S.changeBody, response: { 201: S.quoteReply } } },
    async (req, reply) => {
      const { quote, order } = await orders.requestChange(caller(req).id, req.params.id, req.body);
      return reply.status(201).send(changeQuoteView(quote, order));
    });

  r.post('/v1/orders/:id/changes/:quoteId/confirm', { onRequest: pre, schema: { tags, summary: 'Confirm a change quote: the new price applies', params: S.changeConfirmParam, response: { 200: S.orderReply } } },
    async (req) => mine(caller(req).id, await orders.confirmChange(caller(req).id, req.params.id, req.params.quoteId)));
}

/** Provider routes for the accepted job (ORD-5, ORD-9, ORD-10, PRV-12). */
export function registerProviderOrderRoutes(app: FastifyInstance, deps: { orders: OrdersService; trips: TripsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pre = app.guards.requireRoles('provider');
  const { orders, trips } = deps;
  const view = (o: OrderRow) => orders.log.view(o, 'provider');
  const ptags = ['provider'];

  r.get('/v1/provider/orders/current', { onRequest: pre, schema: { tags: ptags, summary: 'My active job, if any', response: { 200: z.object({ order: S.orderReply.nullable() }) } } },
    async (req) => {
      const o = await trips.current(caller(req).id);
      return { order: o ? await view(o) : null };
    });

  const simple = { arrived: 'I am at the pickup', start: 'The trip (or pickup) started', 'no-show': 'The customer did not come after the wait (ORD-5; the fee applies)' } as const;
  for (const [action, summary] of Object.entries(simple)) {
    r.post(`/v1/provider/orders/:id/${action}`, { onRequest: pre, schema: { tags: ptags, summary, params: S.idParam, response: { 200: S.orderReply } } },
      async (req) => {
        const me = caller(req).id;
        const id = req.params.id;
        const o = action === 'arrived' ? await trips.arrived(me, id) : action === 'start' ? await trips.start(me, id) : await trips.noShow(me, id);
        return view(o);
      });
  }

  r.post('/v1/provider/orders/:id/cancel', { onRequest: pre, schema: { tags: ptags, summary: 'Drop the job (it goes back to dispatch; undeclared cargo: cancelled with the fee)', params: S.idParam, body: S.providerCancelBody, response: { 200: S.orderReply } } },
    async (req) => view(await trips.cancel(caller(req).id, req.params.id, req.body.code, req.body.reason)));

  r.post('/v1/provider/orders/:id/complete', { onRequest: pre, schema: { tags: ptags, summary: 'Complete the trip; parcels need proof of delivery (ORD-9)', params: S.idParam, body: S.completeBody, response: { 200: S.orderReply } } },
    async (req) => view(await trips.complete(caller(req).id, req.params.id, req.body.pod)));

  r.post('/v1/provider/orders/:id/delivery-code', { onRequest: pre, schema: { tags: ptags, summary: 'SMS a delivery code to the parcel\'s recipient (ORD-9)', params: S.idParam, response: { 200: z.object({ sentTo: z.string(), expiresAt: z.string() }) } } },
    async (req) => trips.sendDeliveryCode(caller(req).id, req.params.id));

  r.post('/v1/provider/orders/:id/return', { onRequest: pre, schema: { tags: ptags, summary: 'The recipient refused or is absent: return the parcel to its sender (ORD-10)', params: S.idParam, body: S.returnBody, response: { 200: S.orderReply } } },
    async (req) => view(await trips.startReturn(caller(req).id, req.params.id, req.body.reason, req.body.note)));

  r.post('/v1/provider/orders/:id/returned', { onRequest: pre, schema: { tags: ptags, summary: 'Back at the sender: delivered, or refused (held, then the central office)', params: S.idParam, body: S.returnedBody, response: { 200: S.orderReply } } },
    async (req) => view(await trips.finishReturn(caller(req).id, req.params.id, req.body.outcome)));
}

/** Ops routes: search, details with history, hand-over (PRV-12), cancel. */
export function registerOpsOrderRoutes(app: FastifyInstance, deps: { orders: OrdersService; trips: TripsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ops = app.guards.requireRoles('ops_agent', 'ops_admin');
  const { orders, trips } = deps;
  const otags = ['ops'];
  const detail = async (id: string) => {
    const o = await orders.get(id);
    if (!o) throw notFound(E.ORDER_NOT_FOUND, 'No such order');
    return orders.getFor({ id: '', roles: ['ops_agent'] }, o.id);
  };

  r.get('/v1/ops/orders', { onRequest: ops, schema: { tags: otags, summary: 'Search orders', querystring: S.opsSearchQuery, response: { 200: S.orderListReply } } },
    async (req) => orders.search(req.query));

  r.get('/v1/ops/dashboard', { onRequest: ops, schema: { tags: otags, summary: 'How a city\'s orders went over the last days: outcomes, services, per hour or day (OPS-3)', querystring: S.dashboardQuery, response: { 200: S.dashboardReply } } },
    async (req) => orders.dashboard(req.query));

  r.get('/v1/ops/orders/:id', { onRequest: ops, schema: { tags: otags, summary: 'One order with its history', params: S.idParam, response: { 200: S.orderReply } } },
    async (req) => detail(req.params.id));

  r.post('/v1/ops/orders/:id/reassign', { onRequest: ops, schema: { tags: otags, summary: 'Hand the job over to another provider, or back to dispatch (PRV-12)', params: S.idParam, body: S.reassignBody, response: { 200: S.orderReply } } },
    async (req) => {
      await trips.handOver({ id: caller(req).id, role: 'ops' }, req.params.id, req.body.reason, req.body.providerId);
      return detail(req.params.id);
    });

  r.post('/v1/ops/orders/:id/cancel', { onRequest: ops, schema: { tags: otags, summary: 'Cancel an order (no fee)', params: S.idParam, body: S.reasonBody, response: { 200: S.orderReply } } },
    async (req) => {
      await orders.cancelByOps({ id: caller(req).id, role: 'ops' }, req.params.id, req.body.reason);
      return detail(req.params.id);
    });
}
