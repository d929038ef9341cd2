import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fs from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { serializerCompiler, validatorCompiler, jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import type { Database } from './platform/db.js';
import type { Platform } from './platform/context.js';
import { EventBus } from './platform/events.js';
import { Jobs } from './platform/jobs.js';
import { DiskFileStore, MemoryFileStore } from './platform/files.js';
import { systemClock, type Clock } from './platform/time.js';
import { errorHandler, notFoundHandler } from './platform/http/errors.js';
import { makeGuards, type AuthUser } from './platform/http/auth.js';
import { unauthenticated } from './platform/errors.js';
import { AuditService } from './modules/ops/audit.service.js';
import { registerOpsRoutes } from './modules/ops/ops.routes.js';
import { SettingsService } from './modules/catalog/settings.service.js';
import { CatalogService } from './modules/catalog/catalog.service.js';
import { registerCatalogRoutes } from './modules/catalog/catalog.routes.js';
import { NotificationsService } from './modules/notifications/notifications.service.js';
import { ConsoleSmsAdapter, DemoEmailAdapter, DemoSmsAdapter, KavenegarSmsAdapter, SmtpEmailAdapter, type EmailAdapter, type SmsAdapter } from './modules/notifications/adapters.js';
import { registerDemoRoutes, registerNotificationOpsRoutes } from './modules/notifications/notifications.routes.js';
import { AuthService, AccountsService, UserCache, registerAuthRoutes, registerAccountRoutes, registerOpsAccountRoutes, type SimOwnershipChecker } from './modules/identity/index.js';

export interface AppOptions {
  config: Config;
  database: Database;
  clock?: Clock;
  logger?: Logger;
  sms?: SmsAdapter;
  email?: EmailAdapter;
  sim?: SimOwnershipChecker;
  /** Start background workers (outbox delivery). Tests drain by hand. */
  workers?: boolean;
}

export interface Modules {
  audit: AuditService;
  settings: SettingsService;
  catalog: CatalogService;
  notifications: NotificationsService;
  users: UserCache;
  auth: AuthService;
  accounts: AccountsService;
}

export interface App {
  http: FastifyInstance;
  platform: Platform;
  modules: Modules;
  close(): Promise<void>;
}

function smsAdapter(config: Config, log: Logger): SmsAdapter {
  switch (config.sms.adapter) {
    case 'kavenegar': return new KavenegarSmsAdapter({ baseUrl: config.sms.kavenegarBaseUrl, apiKey: config.sms.kavenegarApiKey!, sender: config.sms.kavenegarSender });
    case 'console': return new ConsoleSmsAdapter(log);
    default: return new DemoSmsAdapter();
  }
}

/** Wires the platform and every module, and builds the HTTP app (not yet listening). */
export async function buildApp(opts: AppOptions): Promise<App> {
  const { config, database } = opts;
  const log = opts.logger ?? pino({ level: config.logLevel, redact: { paths: ['req.headers.authorization', '*.password', '*.newPassword', '*.code', '*.refreshToken'], censor: '[redacted]' } });
  const clock = opts.clock ?? systemClock;
  const events = new EventBus(log);
  const files = database.kind === 'pglite' && !fs.existsSync(config.dataDir) ? new MemoryFileStore() : new DiskFileStore(path.join(config.dataDir, 'files'));
  const jobs = new Jobs(database.db, clock, log);
  const platform: Platform = { config, database, db: database.db, clock, events, log, files, jobs };

  const audit = new AuditService(clock);
  const settings = new SettingsService(database.db, audit, clock);
  await settings.load();
  const catalog = new CatalogService(database.db);
  const notifications = new NotificationsService(database.db, clock, log, {
    sms: opts.sms ?? smsAdapter(config, log),
    email: opts.email ?? (config.email.smtpUrl ? new SmtpEmailAdapter({ url: config.email.smtpUrl, from: config.email.from }) : new DemoEmailAdapter()),
  });
  const users = new UserCache(database.db);
  const auth = new AuthService(platform, settings, notifications, users);
  const accounts = new AccountsService(platform, settings, audit, notifications, users, opts.sim);
  const modules: Modules = { audit, settings, catalog, notifications, users, auth, accounts };

  const http: FastifyInstance = Fastify({
    loggerInstance: log.child({}, { level: config.logLevel === 'info' ? 'warn' : config.logLevel }) as unknown as FastifyBaseLogger,
    trustProxy: config.trustProxy,
    bodyLimit: 1_048_576,
    genReqId: () => Math.random().toString(36).slice(2, 10),
  });
  http.setValidatorCompiler(validatorCompiler);
  http.setSerializerCompiler(serializerCompiler);
  http.setErrorHandler(errorHandler);

  http.decorate('guards', makeGuards({
    authenticate: async (token): Promise<AuthUser> => {
      const claims = await auth.access.verify(token);
      const user = await users.get(claims.sub);
      if (!user) throw unauthenticated('TOKEN_INVALID', 'The account no longer exists');
      return { id: user.id, roles: user.roles, status: user.status, sessionId: claims.sid, locale: user.locale };
    },
  }));

  await http.register(import('@fastify/rate-limit'), { global: false });
  await http.register(import('@fastify/swagger'), {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Peyk API', version: '0.1.0', description: 'On-demand services platform: rides, parcels, moving, errands, cross-border payments.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await http.register(import('@fastify/swagger-ui'), { routePrefix: '/docs' });

  http.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok', database: database.kind, mode: config.mode, time: clock.now().toISOString() }));
  http.get('/openapi.json', { schema: { hide: true } }, async () => http.swagger());

  const deps = { auth, accounts, guards: http.guards };
  registerAuthRoutes(http, deps);
  registerAccountRoutes(http, deps);
  registerOpsAccountRoutes(http, deps);
  registerCatalogRoutes(http, { catalog, settings });
  registerOpsRoutes(http, { db: database.db, audit });
  registerNotificationOpsRoutes(http, { db: database.db, notifications });
  if (config.demo) registerDemoRoutes(http, { db: database.db, notifications });

  await registerWeb(http, config);

  if (opts.workers !== false) {
    notifications.start();
    jobs.start();
  }

  return {
    http, platform, modules,
    async close() {
      await notifications.stop();
      await jobs.stop();
      await http.close();
    },
  };
}

/** Serves the built web app; unknown non-API GETs fall back to index.html (client-side routes). */
async function registerWeb(http: FastifyInstance, config: Config) {
  const index = path.join(config.webDist, 'index.html');
  const hasWeb = fs.existsSync(index);
  if (hasWeb) {
    await http.register(import('@fastify/static'), { root: config.webDist, prefix: '/', wildcard: false, index: false, maxAge: '1h', immutable: false });
  }
  const indexHtml = hasWeb ? fs.readFileSync(index, 'utf8') : null;
  http.setNotFoundHandler((req, reply) => {
    const isApi = req.url.startsWith('/v1/') || req.url === '/v1' || req.url.startsWith('/docs') || req.url.startsWith('/health');
    if (!isApi && req.method === 'GET' && indexHtml) {
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
    }
    return notFoundHandler(req, reply);
  });
}
