import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { caller } from '../../platform/http/auth.js';
import { actorOf } from '../identity/index.js';
import type { ShopService } from './shop.service.js';
import * as S from './shop.schemas.js';
import { detailJson, itemJson, opsDetailJson, opsOrderJson, orderJson } from './shop.views.js';

/** PRV-6 for providers: the catalogue, their orders, cancel before confirmation. */
export function registerShopRoutes(app: FastifyInstance, { shop }: { shop: ShopService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['shop'];
  const provider = app.guards.requireRoles('provider');

  r.get('/v1/provider/shop/items', { onRequest: provider, schema: { tags, summary: 'The equipment catalogue (active items)', response: { 200: z.array(S.itemView) } } },
    async () => (await shop.catalogue(true)).map(itemJson));

  r.post('/v1/provider/shop/orders', { onRequest: provider, schema: { tags, summary: 'Order equipment: several items at catalogue prices; ops confirm the price (PRV-6)', body: S.orderBody, response: { 201: S.orderDetail } } },
    async (req, reply) => reply.status(201).send(detailJson(await shop.place(caller(req).id, req.body.lines))));

  r.get('/v1/provider/shop/orders', { onRequest: provider, schema: { tags, summary: 'My equipment orders with their status, newest first', response: { 200: z.array(S.orderView) } } },
    async (req) => {
      const orders = await shop.mine(caller(req).id);
      const lines = await shop.linesOf(orders.map((o) => o.id));
      return orders.map((o) => orderJson(o, lines));
    });

  r.get('/v1/provider/shop/orders/:id', { onRequest: provider, schema: { tags, summary: 'One of my equipment orders with its timeline', params: S.idParam, response: { 200: S.orderDetail } } },
    async (req) => detailJson(await shop.getFor({ id: caller(req).id, staff: false }, req.params.id)));

  r.post('/v1/provider/shop/orders/:id/cancel', { onRequest: provider, schema: { tags, summary: 'Cancel an order ops have not confirmed yet', params: S.idParam, response: { 200: S.orderDetail } } },
    async (req) => detailJson(await shop.cancel(caller(req).id, req.params.id)));
}

/** PRV-6 for ops: catalogue editor, order confirmation, shipping and delivery (all audited). */
export function registerShopOpsRoutes(app: FastifyInstance, { shop }: { shop: ShopService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['ops'];
  const ops = app.guards.requireRoles('ops_agent', 'ops_admin');

  r.get('/v1/ops/shop/items', { onRequest: ops, schema: { tags, summary: 'The whole catalogue, inactive items too', response: { 200: z.array(S.itemView) } } },
    async () => (await shop.catalogue(false)).map(itemJson));

  r.post('/v1/ops/shop/items', { onRequest: ops, schema: { tags, summary: 'Add a catalogue item (audited)', body: S.itemBody, response: { 201: S.itemView } } },
    async (req, reply) => reply.status(201).send(itemJson(await shop.createItem(actorOf(req), { ...req.body, priceRials: BigInt(req.body.priceRials) }))));

  r.patch('/v1/ops/shop/items/:id', { onRequest: ops, schema: { tags, summary: 'Change a catalogue item: price, stock, active (audited)', params: S.idParam, body: S.itemPatch, response: { 200: S.itemView } } },
    async (req) => {
      const { priceRials, ...rest } = req.body;
      return itemJson(await shop.updateItem(actorOf(req), req.params.id, { ...rest, ...(priceRials ? { priceRials: BigInt(priceRials) } : {}) }));
    });

  r.get('/v1/ops/shop/orders', { onRequest: ops, schema: { tags, summary: 'Equipment orders by status (oldest first when filtered)', querystring: S.ordersQuery, response: { 200: z.array(S.opsOrderView) } } },
    async (req) => {
      const orders = await shop.list(req.query.status);
      const lines = await shop.linesOf(orders.map((o) => o.id));
      return orders.map((o) => opsOrderJson(o, lines));
    });

  r.get('/v1/ops/shop/orders/:id', { onRequest: ops, schema: { tags, summary: 'One equipment order with lines and timeline', params: S.idParam, response: { 200: S.opsOrderDetail } } },
    async (req) => opsDetailJson(await shop.getFor({ id: caller(req).id, staff: true }, req.params.id)));

  r.post('/v1/ops/shop/orders/:id/confirm', { onRequest: ops, schema: { tags, summary: 'Confirm the price and collect it from the wallet or by SMS payment link (audited)', params: S.idParam, body: S.confirmBody, response: { 200: S.opsOrderDetail } } },
    async (req) => opsDetailJson(await shop.confirm(actorOf(req), req.params.id, { ...req.body, totalRials: req.body.totalRials ? BigInt(req.body.totalRials) : null })));

  r.post('/v1/ops/shop/orders/:id/ship', { onRequest: ops, schema: { tags, summary: 'Ship a paid order by post with its tracking number (audited, SMS)', params: S.idParam, body: S.shipBody, response: { 200: S.opsOrderDetail } } },
    async (req) => opsDetailJson(await shop.ship(actorOf(req), req.params.id, req.body.trackingNumber)));

  r.post('/v1/ops/shop/orders/:id/deliver', { onRequest: ops, schema: { tags, summary: 'Mark a shipped order delivered; a box sets the dispatch-priority flag (PRV-7)', params: S.idParam, response: { 200: S.opsOrderDetail } } },
    async (req) => opsDetailJson(await shop.deliver(actorOf(req), req.params.id)));

  r.post('/v1/ops/shop/orders/:id/signup', { onRequest: ops, schema: { tags, summary: 'Flag an order as the equipment received at sign-up (PRV-5 charge base; audited)', params: S.idParam, body: S.signupBody, response: { 200: S.opsOrderDetail } } },
    async (req) => opsDetailJson(await shop.setAtSignup(actorOf(req), req.params.id, req.body.atSignup)));
}
