import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../platform/db.js';
import { validation } from '../../platform/errors.js';
import { caller } from '../../platform/http/auth.js';
import { normalizeMobile } from '../identity/mobile.js';
import type { NotificationsService } from './notifications.service.js';

const smsItem = z.object({ id: z.string(), to: z.string(), body: z.string(), template: z.string(), status: z.string(), createdAt: z.string(), sentAt: z.string().nullable() });

/** The demo SMS inbox exists only in demo mode, so a new user can sign in without an SMS gateway. */
export function registerDemoRoutes(app: FastifyInstance, deps: { db: Db; notifications: NotificationsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/v1/demo/sms', {
    schema: {
      tags: ['demo'], summary: 'Demo SMS inbox: messages the platform sent (demo mode only)', security: [],
      querystring: z.object({ mobile: z.string().max(32).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }).strict(),
      response: { 200: z.array(smsItem) },
    },
  }, async (req) => {
    let to: string | undefined;
    if (req.query.mobile) {
      to = normalizeMobile(req.query.mobile) ?? undefined;
      if (!to) throw validation('MOBILE_INVALID', 'Enter an Iranian mobile number', { field: 'mobile' });
    }
    return deps.notifications.demoInbox(deps.db, { to, limit: req.query.limit });
  });
}

export function registerNotificationOpsRoutes(app: FastifyInstance, deps: { db: Db; notifications: NotificationsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ops = app.guards.requireRoles('ops_admin');
  r.get('/v1/ops/notifications', {
    preValidation: ops,
    schema: {
      tags: ['ops'], summary: 'Outbox messages by status (NTF-2)',
      querystring: z.object({ status: z.enum(['pending', 'sending', 'sent', 'dead']).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }).strict(),
      response: { 200: z.array(z.object({ id: z.string(), channel: z.string(), recipient: z.string(), template: z.string(), status: z.string(), attempts: z.number(), lastError: z.string().nullable(), nextAttemptAt: z.string(), createdAt: z.string() })) },
    },
  }, async (req) => (await deps.notifications.list(deps.db, { status: req.query.status ? [req.query.status] : undefined, limit: req.query.limit }))
    .map((n) => ({ id: n.id, channel: n.channel, recipient: n.recipient, template: n.template, status: n.status, attempts: n.attempts, lastError: n.lastError, nextAttemptAt: n.nextAttemptAt.toISOString(), createdAt: n.createdAt.toISOString() })));
  r.post('/v1/ops/notifications/retry', {
    // The role check runs before body validation, so a caller without access learns nothing about the body.
    preValidation: ops,
    schema: {
      tags: ['ops'], summary: 'Retry now: requeue given-up messages and bring waiting ones forward (NTF-2, audited)',
      // No body (null) retries everything; `ids` limits the retry to those messages.
      body: z.object({ ids: z.array(z.string().min(1).max(64)).min(1).max(200).optional() }).strict().nullish(),
      response: { 200: z.object({ requeued: z.number() }) },
    },
  }, async (req) => {
    const u = caller(req);
    return { requeued: await deps.notifications.retryNow({ id: u.id, roles: u.roles, ip: req.ip }, { ids: req.body?.ids }) };
  });
}
