import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { caller } from '../../platform/http/auth.js';
import { actorOf } from '../identity/index.js';
import type { PaymentOrdersService } from './payment-orders.service.js';
import type { FulfilmentService } from './fulfilment.service.js';
import { orderView, opsOrderView, rateView } from './payment-orders.views.js';
import * as S from './payment-orders.schemas.js';

export interface PaymentOrderRouteDeps { paymentOrders: PaymentOrdersService; fulfilment: FulfilmentService }

const ADVICE = 'Do not store or share these; they are erased when the order ends. The customer is told to change the password.';

/** XPO-1..XPO-4: categories, rates, quotes, the cart and checkout, my orders and their receipts. */
export function registerPaymentOrderRoutes(app: FastifyInstance, deps: PaymentOrderRouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['payment-orders'];
  const signedIn = app.guards.authenticate;
  const { paymentOrders: po, fulfilment } = deps;

  r.get('/v1/payment-orders/categories', { onRequest: signedIn, schema: { tags, summary: 'The four categories and whether each needs the target-site login (XPO-1, XPO-2)', response: { 200: S.categoriesReply } } },
    async () => po.categories());
  r.get('/v1/payment-orders/rates', { onRequest: signedIn, schema: { tags, summary: 'Current exchange rates per currency (XPO-3)', response: { 200: z.array(rateView.schema) } } },
    async () => (await po.currentRates()).map(rateView.of));
  r.post('/v1/payment-orders/quote', { onRequest: signedIn, schema: { tags, summary: 'Price an order before it goes into the cart: amount x rate + fee - discount, in Rials (XPO-3, XPO-7)', body: S.quoteBody, response: { 200: S.quoteReply } } },
    async (req) => po.quote(caller(req).id, req.body));
  r.post('/v1/payment-orders', { onRequest: signedIn, schema: { tags, summary: 'Put an order into the cart at its signed quote (XPO-2, XPO-4)', body: S.newOrderBody, response: { 201: orderView.schema } } },
    async (req, reply) => reply.status(201).send(orderView.of(await po.addToCart(caller(req).id, req.body))));
  r.get('/v1/payment-orders', { onRequest: signedIn, schema: { tags, summary: 'My payment orders, the cart included (status in_cart)', querystring: S.statusQuery, response: { 200: z.array(orderView.schema) } } },
    async (req) => (await po.mine(caller(req).id, req.query.status)).map(orderView.of));
  r.post('/v1/payment-orders/checkout', { onRequest: signedIn, schema: { tags, summary: 'Pay for the cart in one payment, by gateway (redirectUrl) or wallet (XPO-4)', body: S.checkoutBody, response: { 200: S.checkoutReply } } },
    async (req) => {
      const res = await po.checkout(caller(req).id, req.body);
      return { checkoutId: res.checkoutId, status: res.status, totalRials: String(res.totalRials), redirectUrl: res.redirectUrl, orders: res.orders.map(orderView.of) };
    });
  r.get('/v1/payment-orders/:id', { onRequest: signedIn, schema: { tags, summary: 'One of my payment orders', params: S.idParam, response: { 200: orderView.schema } } },
    async (req) => orderView.of(await po.getOwn(caller(req).id, req.params.id)));
  r.delete('/v1/payment-orders/:id', { onRequest: signedIn, schema: { tags, summary: 'Take an order out of the cart', params: S.idParam, response: { 200: orderView.schema } } },
    async (req) => orderView.of(await po.remove(caller(req).id, req.params.id)));
  r.get('/v1/payment-orders/:id/receipt', { onRequest: signedIn, schema: { tags, summary: 'The receipt from the target site (the order\'s owner, or staff) (XPO-6)', params: S.idParam } },
    async (req, reply) => {
      const { file, bytes } = await fulfilment.receipt(caller(req), req.params.id);
      return reply.type(file.contentType).header('content-disposition', `inline; filename="${file.id}"`).header('cache-control', 'private, no-store').send(Buffer.from(bytes));
    });
  r.get('/payment-order-receipts/:token', { schema: { hide: true, params: S.tokenParam } }, async (req, reply) => {
    const { file, bytes } = await fulfilment.receiptByToken(req.params.token);
    return reply.type(file.contentType).header('content-disposition', `inline; filename="${file.id}"`).header('cache-control', 'private, no-store').send(Buffer.from(bytes));
  });
}

/** XPO-3, XPO-5, XPO-8: rates, the fulfilment queue, credentials for the assigned operator, receipt, refund. */
export function registerOpsPaymentOrderRoutes(app: FastifyInstance, deps: PaymentOrderRouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['ops'];
  const staff = app.guards.requireRoles('ops_agent', 'ops_admin', 'finance');
  const agents = app.guards.requireRoles('ops_agent', 'ops_admin');
  const rateSetters = app.guards.requireRoles('ops_admin', 'finance');
  const { fulfilment } = deps;
  const now = () => fulfilment.now();

  r.get('/v1/ops/fx-rates', { onRequest: staff, schema: { tags, summary: 'Exchange rates, newest first (XPO-3)', response: { 200: z.array(rateView.schema) } } },
    async () => (await fulfilment.rates()).map(rateView.of));
  r.post('/v1/ops/fx-rates', { onRequest: rateSetters, schema: { tags, summary: 'Set a currency\'s rate with its validity window (audited) (XPO-3)', body: S.rateBody, response: { 201: rateView.schema } } },
    async (req, reply) => reply.status(201).send(rateView.of(await fulfilment.setRate(actorOf(req), req.body))));
  r.get('/v1/ops/payment-orders', { onRequest: staff, schema: { tags, summary: 'The fulfilment queue, earliest deadline first; status=open for everything paid and not done (XPO-5)', querystring: S.opsQueueQuery, response: { 200: z.array(opsOrderView.schema) } } },
    async (req) => {
      const s = req.query.status ?? 'open';
      const rows = await fulfilment.queue(s === 'open' ? ['awaiting_verification', 'queued', 'in_progress'] : [s]);
      return rows.map((o) => opsOrderView.of(o, now()));
    });
  r.get('/v1/ops/payment-orders/:id', { onRequest: staff, schema: { tags, summary: 'One payment order (never its credentials)', params: S.idParam, response: { 200: opsOrderView.schema } } },
    async (req) => opsOrderView.of(await fulfilment.get(req.params.id), now()));
  r.post('/v1/ops/payment-orders/:id/claim', { onRequest: agents, schema: { tags, summary: 'Take a queued order (XPO-5)', params: S.idParam, response: { 200: opsOrderView.schema } } },
    async (req) => opsOrderView.of(await fulfilment.claim(actorOf(req), req.params.id), now()));
  r.post('/v1/ops/payment-orders/:id/release', { onRequest: agents, schema: { tags, summary: 'Put an order back in the queue (the assigned operator or an ops admin)', params: S.idParam, body: S.reasonBody, response: { 200: opsOrderView.schema } } },
    async (req) => opsOrderView.of(await fulfilment.release(actorOf(req), req.params.id, req.body.reason), now()));
  r.post('/v1/ops/payment-orders/:id/credentials', { onRequest: agents, schema: { tags, summary: 'Read the target-site login: the assigned operator only; audited (XPO-2)', params: S.idParam, response: { 200: S.credentialsReply } } },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return { ...(await fulfilment.revealCredentials(actorOf(req), req.params.id)), advice: ADVICE };
    });
  r.post('/v1/ops/payment-orders/:id/fulfil', { onRequest: agents, bodyLimit: 8 * 1024 * 1024, schema: { tags, summary: 'Attach the target site\'s receipt and complete the order (XPO-5, XPO-6)', params: S.idParam, body: S.fulfilBody, response: { 200: opsOrderView.schema } } },
    async (req) => opsOrderView.of(await fulfilment.fulfil(actorOf(req), req.params.id, req.body), now()));
  r.post('/v1/ops/payment-orders/:id/refund', { onRequest: staff, schema: { tags, summary: 'Refund an order that cannot be fulfilled, in full, to the wallet (XPO-8)', params: S.idParam, body: S.reasonBody, response: { 200: opsOrderView.schema } } },
    async (req) => opsOrderView.of(await fulfilment.refund(actorOf(req), req.params.id, req.body.reason), now()));
}
