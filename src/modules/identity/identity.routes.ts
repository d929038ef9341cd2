import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { caller, type Guards } from '../../platform/http/auth.js';
import { isLocale, type Locale } from '../../platform/i18n.js';
import type { AuthService, ClientInfo } from './auth.service.js';
import type { AccountsService } from './accounts.service.js';
import * as S from './identity.schemas.js';
import { opsView, selfView } from './user-view.js';

export interface IdentityRouteDeps { auth: AuthService; accounts: AccountsService; guards: Guards }

const AUTH_LIMIT = { rateLimit: { max: 30, timeWindow: '1 minute' } };
/** OpenAPI: this route needs no token (the document's default is bearer auth). */
const PUBLIC: Array<Record<string, string[]>> = [];

export function clientInfo(req: FastifyRequest): ClientInfo {
  const lang = String(req.headers['accept-language'] ?? '').slice(0, 2);
  const device = req.headers['x-device-id'];
  return {
    ip: req.ip,
    userAgent: String(req.headers['user-agent'] ?? ''),
    deviceId: typeof device === 'string' && /^[\w-]{8,100}$/.test(device) ? device : undefined,
    locale: isLocale(lang) ? (lang as Locale) : undefined,
  };
}

export function actorOf(req: FastifyRequest) {
  const u = caller(req);
  return { id: u.id, roles: u.roles, ip: req.ip };
}

/** ACC-1, ACC-4: sign-in, tokens and passwords. */
export function registerAuthRoutes(app: FastifyInstance, { auth }: IdentityRouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['auth'];

  r.post('/v1/auth/otp', { config: AUTH_LIMIT, schema: { tags, security: PUBLIC, summary: 'Send a 6-digit sign-in code by SMS', body: S.otpRequestBody, response: { 200: S.otpRequestReply } } },
    async (req) => auth.requestOtp(req.body.mobile, clientInfo(req)));

  r.post('/v1/auth/verify', { config: AUTH_LIMIT, schema: { tags, security: PUBLIC, summary: 'Verify the code; returns tokens (creates the account on first sign-in)', body: S.otpVerifyBody, response: { 200: S.sessionReply } } },
    async (req) => {
      const { user, tokens, isNewUser } = await auth.verifyOtp(req.body.mobile, req.body.code, clientInfo(req));
      return { ...tokens, user: selfView(user), isNewUser };
    });

  r.post('/v1/auth/refresh', { config: AUTH_LIMIT, schema: { tags, security: PUBLIC, summary: 'Rotate a refresh token', body: S.refreshBody, response: { 200: S.tokensReply } } },
    async (req) => auth.refresh(req.body.refreshToken, clientInfo(req)));

  r.post('/v1/auth/logout', { onRequest: app.guards.authenticate, schema: { tags, summary: 'End this session', response: { 204: z.null() } } },
    async (req, reply) => {
      const u = caller(req);
      await auth.logout(u.id, u.sessionId);
      return reply.status(204).send(null);
    });

  r.post('/v1/auth/login', { config: AUTH_LIMIT, schema: { tags, security: PUBLIC, summary: 'Sign in with mobile and password (ACC-4)', body: S.passwordLoginBody, response: { 200: S.sessionReply } } },
    async (req) => {
      const { user, tokens } = await auth.passwordLogin(req.body.mobile, req.body.password, clientInfo(req));
      return { ...tokens, user: selfView(user), isNewUser: false };
    });

  r.put('/v1/me/password', { onRequest: app.guards.authenticate, schema: { tags, summary: 'Set or change the password', body: S.passwordSetBody, response: { 204: z.null() } } },
    async (req, reply) => {
      await auth.setPassword(caller(req).id, req.body.currentPassword, req.body.newPassword);
      return reply.status(204).send(null);
    });

  r.post('/v1/auth/password-reset', { config: AUTH_LIMIT, schema: { tags, security: PUBLIC, summary: 'Send a reset code by SMS or a link by email', body: S.passwordResetBody, response: { 202: z.object({ channel: z.enum(['sms', 'email']) }) } } },
    async (req, reply) => reply.status(202).send(await auth.requestPasswordReset(req.body.mobile, req.body.channel, clientInfo(req))));

  r.post('/v1/auth/password-reset/confirm', { config: AUTH_LIMIT, schema: { tags, security: PUBLIC, summary: 'Set a new password with the code or link token', body: S.passwordResetConfirmBody, response: { 204: z.null() } } },
    async (req, reply) => {
      await auth.confirmPasswordReset(req.body);
      return reply.status(204).send(null);
    });
}

/** ACC-1, ACC-2, ACC-6, ACC-9: the caller's own account. */
export function registerAccountRoutes(app: FastifyInstance, { accounts }: IdentityRouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['account'];
  const pre = app.guards.authenticate;

  r.get('/v1/me', { onRequest: pre, schema: { tags, summary: 'My account', response: { 200: S.userSelf } } },
    async (req) => selfView(await accounts.get(caller(req).id)));

  r.patch('/v1/me', { onRequest: pre, schema: { tags, summary: 'Update my profile', body: S.profilePatchBody, response: { 200: S.userSelf } } },
    async (req) => selfView(await accounts.updateProfile(caller(req).id, req.body)));

  r.get('/v1/me/eligibility', { onRequest: pre, schema: { tags, summary: 'Can I place an order now, and if not why', response: { 200: S.eligibilityReply } } },
    async (req) => {
      try {
        await accounts.assertCanOrder(caller(req).id);
        return { canOrder: true, reasons: [] };
      } catch (err) {
        if (err instanceof Error && 'code' in err) return { canOrder: false, reasons: [String((err as { code: string }).code)] };
        throw err;
      }
    });

  r.get('/v1/me/guests', { onRequest: pre, schema: { tags, summary: 'My saved guest riders (ACC-6)', response: { 200: z.array(S.guestReply) } } },
    async (req) => (await accounts.listGuests(caller(req).id)).map((g) => ({ id: g.id, name: g.name, mobile: g.mobile, createdAt: g.createdAt.toISOString() })));

  r.post('/v1/me/guests', { onRequest: pre, schema: { tags, summary: 'Save a guest rider', body: S.guestBody, response: { 201: S.guestReply } } },
    async (req, reply) => {
      const g = await accounts.addGuest(caller(req).id, req.body.name, req.body.mobile);
      return reply.status(201).send({ id: g.id, name: g.name, mobile: g.mobile, createdAt: g.createdAt.toISOString() });
    });

  r.delete('/v1/me/guests/:id', { onRequest: pre, schema: { tags, summary: 'Remove a guest rider', params: S.idParam, response: { 204: z.null() } } },
    async (req, reply) => {
      await accounts.removeGuest(caller(req).id, req.params.id);
      return reply.status(204).send(null);
    });

  r.get('/v1/terms/current', { onRequest: pre, schema: { tags, summary: 'The current terms in my language, and whether I accepted them', querystring: z.object({ lang: S.localeSchema.optional() }).strict(), response: { 200: S.termsReply } } },
    async (req) => {
      const u = caller(req);
      const { current, accepted } = await accounts.termsStatus(u.id);
      const locale = req.query.lang ?? u.locale;
      return { version: current?.version ?? null, text: current ? current.texts[locale] : null, publishedAt: current?.publishedAt.toISOString() ?? null, accepted };
    });

  r.post('/v1/terms/accept', { onRequest: pre, schema: { tags, summary: 'Accept a terms version', body: S.termsAcceptBody, response: { 204: z.null() } } },
    async (req, reply) => {
      await accounts.acceptTerms(caller(req).id, req.body.version);
      return reply.status(204).send(null);
    });
}

/** ACC-7, ACC-8, ACC-9: ops actions on accounts, each audited. */
export function registerOpsAccountRoutes(app: FastifyInstance, { accounts }: IdentityRouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['ops'];
  const ops = app.guards.requireRoles('ops_agent', 'ops_admin');
  // Finance looks people up (ledger accounts, payouts) but cannot act on accounts.
  const staffRead = app.guards.requireRoles('ops_agent', 'ops_admin', 'finance');
  const admin = app.guards.requireRoles('ops_admin');

  r.get('/v1/ops/users', { onRequest: staffRead, schema: { tags, summary: 'Search accounts', querystring: S.userSearchQuery, response: { 200: z.object({ total: z.number(), items: z.array(S.userOps) }) } } },
    async (req) => {
      const { rows, total } = await accounts.search({ text: req.query.q, role: req.query.role, status: req.query.status, limit: req.query.limit, offset: req.query.offset });
      return { total, items: rows.map(opsView) };
    });

  r.get('/v1/ops/users/:id', { onRequest: staffRead, schema: { tags, summary: 'One account', params: S.idParam, response: { 200: S.userOps } } },
    async (req) => opsView(await accounts.get(req.params.id)));

  r.post('/v1/ops/users/:id/block', { onRequest: ops, schema: { tags, summary: 'Block an account with a reason (ACC-8)', params: S.idParam, body: S.reasonBody, response: { 200: S.userOps } } },
    async (req) => opsView(await accounts.block(actorOf(req), req.params.id, req.body.reason)));

  r.post('/v1/ops/users/:id/unblock', { onRequest: ops, schema: { tags, summary: 'Unblock an account with a reason (ACC-8)', params: S.idParam, body: S.reasonBody, response: { 200: S.userOps } } },
    async (req) => opsView(await accounts.unblock(actorOf(req), req.params.id, req.body.reason)));

  r.put('/v1/ops/users/:id/roles', { onRequest: admin, schema: { tags, summary: 'Set roles (ACC-7)', params: S.idParam, body: S.rolesBody, response: { 200: S.userOps } } },
    async (req) => opsView(await accounts.setRoles(actorOf(req), req.params.id, req.body.roles, req.body.providerKind, req.body.reason)));

  r.post('/v1/ops/terms', { onRequest: admin, schema: { tags, summary: 'Publish a new terms version (ACC-9)', body: S.termsPublishBody, response: { 201: z.object({ version: z.number() }) } } },
    async (req, reply) => reply.status(201).send({ version: await accounts.publishTerms(actorOf(req), req.body.texts, req.body.announce) }));
}
