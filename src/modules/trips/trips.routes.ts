import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { caller } from '../../platform/http/auth.js';
import { actorOf } from '../identity/index.js';
import { flagView } from './self-dealing.service.js';
import type { TripExtrasService } from './trips.service.js';
import * as S from './trips.schemas.js';
import { accountLinkView, lostItemOpsView, lostItemView, ratingView } from './trips.views.js';

const tags = ['trips'];
// Chat and calls per session: enough for a conversation, not for flooding the other side.
const CHAT_LIMIT = { rateLimit: { max: 30, timeWindow: '1 minute', keyGenerator: (req: { headers: Record<string, unknown>; ip: string }) => String(req.headers.authorization ?? req.ip) } };
const PUBLIC_LIMIT = { rateLimit: { max: 60, timeWindow: '1 minute' } };

/** ORD-13/14/15/18 for the order's customer and provider, and the public share page's data. */
export function registerTripRoutes(app: FastifyInstance, deps: { trips: TripExtrasService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pre = app.guards.authenticate;
  const { trips } = deps;

  r.post('/v1/orders/:id/rating', { onRequest: pre, schema: { tags, summary: 'Rate the other side of a completed trip, once (ORD-14)', params: S.orderIdParam, body: S.ratingBody, response: { 201: S.ratingReply } } },
    async (req, reply) => reply.status(201).send(ratingView(await trips.ratings.rate(caller(req), req.params.id, req.body))));

  r.get('/v1/orders/:id/rating', { onRequest: pre, schema: { tags, summary: 'My rating of this trip, the one I received, and whether I may rate', params: S.orderIdParam, response: { 200: S.orderRatingsReply } } },
    async (req) => {
      const o = await trips.ratings.ofOrder(caller(req), req.params.id);
      return { mine: o.mine && ratingView(o.mine), received: o.received && ratingView(o.received), canRate: o.canRate };
    });

  r.get('/v1/me/ratings', { onRequest: pre, schema: { tags, summary: 'My rating as a customer and, for providers, as a provider (mean of the last N)', response: { 200: S.myRatingsReply } } },
    async (req) => {
      const u = caller(req);
      const [asCustomer, asProvider] = await Promise.all([trips.ratings.customerRating(u.id), u.roles.includes('provider') ? trips.ratings.providerRating(u.id) : null]);
      return { asCustomer, asProvider };
    });

  r.get('/v1/orders/:id/messages', { onRequest: pre, schema: { tags, summary: 'The trip\'s chat (ORD-18); ops may read it', params: S.orderIdParam, querystring: S.messagesQuery, response: { 200: S.messagesReply } } },
    async (req) => ({ items: await trips.chat.list(caller(req), req.params.id, req.query) }));

  r.post('/v1/orders/:id/messages', { onRequest: pre, config: CHAT_LIMIT, schema: { tags, summary: 'Send a chat message to the other side; phone numbers are removed (ORD-18)', params: S.orderIdParam, body: S.messageBody, response: { 201: S.messageReply } } },
    async (req, reply) => reply.status(201).send(await trips.chat.send(caller(req), req.params.id, req.body.text)));

  r.post('/v1/orders/:id/call', { onRequest: pre, config: CHAT_LIMIT, schema: { tags, summary: 'A relay number that connects me to the other side without showing numbers (ORD-18)', params: S.orderIdParam, response: { 200: S.callReply } } },
    async (req) => {
      const s = await trips.chat.call(caller(req), req.params.id);
      return { relayNumber: s.relayNumber, expiresAt: s.expiresAt.toISOString() };
    });

  r.post('/v1/orders/:id/lost-item', { onRequest: pre, schema: { tags, summary: 'Report an item left behind; the provider is told and answers in the chat (ORD-15)', params: S.orderIdParam, body: S.lostItemBody, response: { 201: S.lostItemFiledReply } } },
    async (req, reply) => {
      const { request, message } = await trips.lostItems.report(caller(req), req.params.id, req.body.description);
      return reply.status(201).send({ ...lostItemView(request), message });
    });

  r.post('/v1/orders/:id/share', { onRequest: pre, schema: { tags, summary: 'A link anyone can open to follow this running trip (ORD-13)', params: S.orderIdParam, response: { 201: S.shareReply } } },
    async (req, reply) => {
      const s = await trips.share.create(caller(req), req.params.id);
      return reply.status(201).send({ url: s.url, token: s.token, expiresAt: s.expiresAt.toISOString() });
    });

  r.get('/v1/share/:token', { config: PUBLIC_LIMIT, schema: { tags, summary: 'A shared trip: status, provider first name and vehicle, position, ETA; no phone numbers (ORD-13)', security: [], params: S.tokenParam, response: { 200: S.sharedTripReply } } },
    async (req) => trips.share.view(req.params.token));
}

/** FRD-1 and ORD-15 for ops: fraud flags, account links of relatives, lost-item requests. */
export function registerOpsTripRoutes(app: FastifyInstance, deps: { trips: TripExtrasService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ops = app.guards.requireRoles('ops_agent', 'ops_admin');
  const opsRead = app.guards.requireRoles('ops_agent', 'ops_admin', 'finance');
  const admin = app.guards.requireRoles('ops_admin');
  const opsTags = ['ops'];
  const { trips } = deps;

  r.get('/v1/ops/fraud-flags', { onRequest: opsRead, schema: { tags: opsTags, summary: 'Self-dealing flags (FRD-1)', querystring: S.fraudFlagsQuery, response: { 200: S.fraudFlagsReply } } },
    async (req) => ({ items: (await trips.selfDealing.flags(req.query)).map(flagView) }));

  r.post('/v1/ops/fraud-flags/:id/dismiss', { onRequest: admin, schema: { tags: opsTags, summary: 'Clear a flag before it is charged (audited)', params: S.idParam, body: S.dismissBody, response: { 200: S.fraudFlagReply } } },
    async (req) => flagView(await trips.selfDealing.dismiss(actorOf(req), req.params.id, req.body.reason)));

  r.get('/v1/ops/account-links', { onRequest: opsRead, schema: { tags: opsTags, summary: 'Accounts linked as one person (FRD-1)', querystring: S.accountLinksQuery, response: { 200: S.accountLinksReply } } },
    async (req) => ({ items: (await trips.selfDealing.links(req.query)).map(accountLinkView) }));

  r.post('/v1/ops/account-links', { onRequest: ops, schema: { tags: opsTags, summary: 'Link two accounts (relatives acting together) so self-dealing between them is flagged (audited)', body: S.accountLinkBody, response: { 201: S.accountLinkReply } } },
    async (req, reply) => reply.status(201).send(accountLinkView(await trips.selfDealing.link(actorOf(req), req.body))));

  r.delete('/v1/ops/account-links/:id', { onRequest: ops, schema: { tags: opsTags, summary: 'Remove an account link (audited)', params: S.idParam, body: S.accountLinkRemoveBody, response: { 200: S.accountLinkReply } } },
    async (req) => accountLinkView(await trips.selfDealing.unlink(actorOf(req), req.params.id, req.body.reason)));

  r.get('/v1/ops/lost-items', { onRequest: ops, schema: { tags: opsTags, summary: 'Lost-item requests (ORD-15)', querystring: S.lostItemsQuery, response: { 200: S.lostItemsReply } } },
    async (req) => ({ items: (await trips.lostItems.list(req.query)).map(lostItemOpsView) }));

  r.post('/v1/ops/lost-items/:id/close', { onRequest: ops, schema: { tags: opsTags, summary: 'Close a lost-item request (audited)', params: S.idParam, body: S.lostItemCloseBody, response: { 200: S.lostItemOpsReply } } },
    async (req) => lostItemOpsView(await trips.lostItems.close(actorOf(req), req.params.id, req.body)));
}
