import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket } from '@fastify/websocket';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { caller, type AuthUser } from '../../platform/http/auth.js';
import { notFound } from '../../platform/errors.js';
import { ProviderErrors, type ProvidersService } from '../providers/index.js';
import type { LiveSocket } from './live-hub.js';
import type { TrackingService } from './tracking.service.js';
import * as S from './tracking.schemas.js';

export interface TrackingRouteDeps { tracking: TrackingService; providers: ProvidersService }

const tags = ['tracking'];

/** PRV-11 for providers: go online / offline, report locations over HTTP, see my profile and state. */
export function registerProviderTrackingRoutes(app: FastifyInstance, deps: TrackingRouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const provider = app.guards.requireRoles('provider');

  r.post('/v1/provider/online', { onRequest: provider, schema: { tags, summary: 'Go online at a position (ACC-8: blocked accounts cannot)', body: S.latLng, response: { 200: S.presenceReply } } },
    async (req) => deps.tracking.goOnline(caller(req).id, req.body));

  r.post('/v1/provider/offline', { onRequest: provider, schema: { tags, summary: 'Go offline (refused while holding a job)', response: { 200: S.presenceReply } } },
    async (req) => {
      // Not requireActive: a provider deactivated while online must still be able to leave.
      const me = await deps.providers.get(caller(req).id);
      if (!me) throw notFound(ProviderErrors.PROVIDER_NOT_FOUND, 'You have no provider profile');
      await deps.tracking.goOffline(me.userId);
      return deps.tracking.view(me.userId, me.cityId);
    });

  r.post('/v1/provider/locations', { onRequest: provider, schema: { tags, summary: 'Report a batch of location fixes (the WebSocket does the same)', body: S.locationsBody, response: { 200: S.ingestReply } } },
    async (req) => deps.tracking.ingest(caller(req).id, req.body.points));

  r.get('/v1/provider/me', { onRequest: provider, schema: { tags, summary: 'My provider profile and online state', response: { 200: S.providerMeReply } } },
    async (req) => {
      const profile = await deps.providers.get(caller(req).id);
      if (!profile) throw notFound(ProviderErrors.PROVIDER_NOT_FOUND, 'You have no provider profile');
      const { createdAt: _c, ...rest } = profile;
      return { profile: rest, presence: deps.tracking.view(profile.userId, profile.cityId) };
    });
}

/** Ops live map: providers online in a city with positions and state. */
export function registerOpsLiveRoutes(app: FastifyInstance, deps: TrackingRouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ops = app.guards.requireRoles('ops_agent', 'ops_admin');
  r.get('/v1/ops/live', { onRequest: ops, schema: { tags: ['ops'], summary: 'Providers online in a city, with positions and state', querystring: S.opsLiveQuery, response: { 200: S.opsLiveReply } } },
    async (req) => {
      const providers = deps.tracking.online(req.query.cityId);
      const busy = providers.filter((p) => p.state === 'busy').length;
      return { cityId: req.query.cityId, online: providers.length, idle: providers.length - busy, busy, providers };
    });
}

/**
 * GET /v1/live?token=<access token>: the WebSocket (ORD-13). Browsers cannot set headers on a
 * WebSocket, so the token may come in the query; it is checked by the same guard as every route.
 * Registered in its own plugin scope so the websocket hooks touch no other route.
 */
export async function registerLiveRoute(app: FastifyInstance, deps: { tracking: TrackingService }) {
  await app.register(async (scope) => {
    await scope.register(import('@fastify/websocket'), { options: { maxPayload: 256 * 1024 } });
    const authenticate = async (req: FastifyRequest, reply: FastifyReply) => {
      const token = (req.query as { token?: unknown }).token;
      if (typeof token === 'string' && token && !req.headers.authorization) req.headers.authorization = `Bearer ${token}`;
      await app.guards.authenticate(req, reply);
    };
    scope.route({
      method: 'GET',
      url: '/v1/live',
      onRequest: authenticate,
      schema: { hide: true },
      handler: async (_req, reply) => reply.status(426).send({ error: { code: 'UPGRADE_REQUIRED', message: 'Connect with a WebSocket' } }),
      wsHandler: (socket, req) => {
        releaseUpgrade(socket, req, app.log);
        deps.tracking.live.attach(socket as unknown as LiveSocket, req.user as AuthUser);
      },
    });
  });
}

/**
 * Lets the upgrade request go once its socket is a WebSocket. @fastify/websocket routes the upgrade
 * through a ServerResponse it assigns to the TCP socket, and its error listener on the WebSocket
 * closes over the request and reply; both lived as long as the connection: the request with its
 * headers (the token twice), the response, the reply and the request's logger, ~3.3 KB a socket.
 * With 10,000 providers connected that was 33 of the server's 150 MB of live heap (bench/dispatch,
 * heap snapshots), all of it marked again by every full GC. Here the response is detached from the
 * socket and the error listener replaced by one that holds only the server's logger: it logs the
 * error and terminates the socket, as @fastify/websocket's own listener did with the request's.
 */
function releaseUpgrade(socket: WebSocket, req: FastifyRequest, log: FastifyBaseLogger): void {
  const tcp = req.raw.socket as Socket & { _httpMessage?: ServerResponse | null };
  const res = tcp?._httpMessage;
  if (res && typeof res.detachSocket === 'function') res.detachSocket(tcp);
  socket.removeAllListeners('error');
  socket.on('error', (err: Error) => {
    log.error(err);
    socket.terminate();
  });
}
