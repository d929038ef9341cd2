import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify';
import fs from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { validatorCompiler, jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import type { Database } from './platform/db.js';
import type { Platform } from './platform/context.js';
import { EventBus } from './platform/events.js';
import { Jobs } from './platform/jobs.js';
import { DiskFileStore, MemoryFileStore } from './platform/files.js';
import { DEFAULT_TIME_ZONE, systemClock, type Clock } from './platform/time.js';
import { errorHandler, frameworkErrorHandler, notFoundHandler } from './platform/http/errors.js';
import { serializerCompiler } from './platform/http/serializer.js';
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
import { AuthService, AccountsService, UserCache, SessionCache, registerAuthRoutes, registerAccountRoutes, registerOpsAccountRoutes, type SimOwnershipChecker } from './modules/identity/index.js';
import { LedgerService, WalletService, SettlementService, registerWalletRoutes, registerLedgerOpsRoutes, registerSettlementOpsRoutes } from './modules/wallet/index.js';
import { createPaymentsModule, registerPaymentsRoutes, type PaymentGateway, type PaymentsModule } from './modules/payments/index.js';
import { PromotionsService, registerPromotionRoutes, registerOpsPromotionRoutes } from './modules/promotions/index.js';
import { ProvidersService } from './modules/providers/index.js';
import { TrackingService, registerProviderTrackingRoutes, registerOpsLiveRoutes, registerLiveRoute } from './modules/tracking/index.js';
import { PricingService, registerQuoteRoutes, registerPricingOpsRoutes } from './modules/pricing/index.js';
import { EligibilityService, registerEligibilityOpsRoutes } from './modules/eligibility/index.js';
import { TripExtrasService, DemoMaskedCallProvider, registerTripRoutes, registerOpsTripRoutes, type MaskedCallProvider } from './modules/trips/index.js';
import { OrdersService, TripsService, OpenOrders, orderChannelAuthorizer, registerOrderRoutes, registerProviderOrderRoutes, registerOpsOrderRoutes, type OrdersDeps } from './modules/orders/index.js';
import { DispatchService, registerDispatchRoutes } from './modules/dispatch/index.js';
import { RewardsService, registerProviderRewardsRoutes, registerOpsRewardsRoutes } from './modules/rewards/index.js';
import { ReviewsService, registerReviewRoutes } from './modules/reviews/index.js';
import { OnboardingService, registerOnboardingRoutes, registerOpsOnboardingRoutes } from './modules/onboarding/index.js';
import { createErrandsModule, registerErrandsRoutes, type ErrandsModule } from './modules/errands/index.js';
import { KycService, registerKycRoutes, registerKycOpsRoutes } from './modules/kyc/index.js';
import { createPaymentOrdersModule, registerPaymentOrderRoutes, registerOpsPaymentOrderRoutes, XPO_LOG_REDACT_PATHS, type PaymentOrdersModule } from './modules/payment-orders/index.js';
import { CompaniesService, CompanyWalletService, companiesModule, registerCompanyRoutes, registerCompanyOpsRoutes, type CompaniesModule } from './modules/companies/index.js';
import { createClaimsModule, registerClaimsRoutes, registerClaimsOpsRoutes, type ClaimsModule } from './modules/claims/index.js';
import { ShopService, registerShopRoutes, registerShopOpsRoutes } from './modules/shop/index.js';
import { GuaranteeReturnsService, registerGuaranteeRoutes, registerGuaranteeOpsRoutes } from './modules/guarantees/index.js';
import { ProviderRequestsService, registerProviderRequestRoutes, registerProviderRequestOpsRoutes } from './modules/provider-requests/index.js';

export interface AppOptions {
  config: Config;
  database: Database;
  clock?: Clock;
  logger?: Logger;
  sms?: SmsAdapter;
  email?: EmailAdapter;
  sim?: SimOwnershipChecker;
  /** The card payment gateway; by default PAYMENT_GATEWAY decides (tests may pass their own). */
  paymentGateway?: PaymentGateway;
  /** ORD-18 number masking for calls between the parties; the demo relay by default. */
  maskedCalls?: MaskedCallProvider;
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
  /** The double-entry ledger every movement of money posts to (issue 3). */
  ledger: LedgerService;
  wallet: WalletService;
  settlements: SettlementService;
  /** Card payments, top-ups, payment links and receipts (PAY-1, PAY-5, PAY-8). */
  payments: PaymentsModule;
  /** Promo codes, campaigns and gift credit (PAY-4); pricing calls applyToQuote / redeem / release. */
  promotions: PromotionsService;
  /** Provider profiles (PRV-7, PRV-11; issue 5 extends them). */
  providers: ProvidersService;
  /** Presence, positions, candidates for dispatch, live WebSocket fan-out (PRV-11, ORD-13). */
  tracking: TrackingService;
  /** ORD-11 eligibility rules per service and jurisdiction. */
  eligibility: EligibilityService;
  /** ORD-2 / ORD-3 quotes and tariffs; orders consume quotes. */
  pricing: PricingService;
  /** ORD-13/14/15/18 and FRD-1: share links, ratings, chat relay and masked calls, lost items, self-dealing. */
  tripExtras: TripExtrasService;
  /** Orders of every kind with their history (ORD-1..ORD-12, ORD-17, ACC-6). */
  orders: OrdersService;
  /** The provider's side of a job: arrive, start, no-show, proof of delivery, returns, hand-over (PRV-12). */
  trips: TripsService;
  /** The offer loop: one provider at a time, timeouts, exactly one winner. */
  dispatch: DispatchService;
  /** RWD-1..RWD-9 provider rewards: points from completed trips, tiers, dispatch priority and commission discount. */
  rewards: RewardsService;
  /** OPS-1 review queues every module enqueues into (applications, documents, KYC, claims, ...). */
  reviews: ReviewsService;
  /** PRV-1..PRV-3, PRV-8..PRV-10: provider applications, documents, guarantees, activation, vehicle eligibility. */
  onboarding: OnboardingService;
  /** ERR-1..ERR-7, CLM-3, PRV-10 errands by assistants: requests, quotes, payment, assignment, documents, refunds. */
  errands: ErrandsModule;
  /** ACC-5 identity verification: kyc.isVerified(userId), kyc.status(userId); events kyc.verified / kyc.rejected. */
  kyc: KycService;
  /** XPO-1..XPO-8 cross-border payment orders: quotes, cart, checkout, fulfilment queue, credentials vault, refunds. */
  paymentOrders: PaymentOrdersModule;
  /** ACC-3 company accounts: membership(userId), walletAccountFor(companyId), members, wallet, statement. */
  companies: CompaniesModule;
  /** CLM-1 parcel damage claims, CLM-2 complaints, PAY-6 penalties: claims.penalize(tx, actor, providerId, amountRials, reason). */
  claims: ClaimsModule;
  /** PRV-6 equipment shop: catalogue, orders, payment, shipping; equipmentReceivedAtSignupRials(tx, userId). */
  shop: ShopService;
  /** PRV-5 guarantee returns: continue / quit, the equipment charge, shipping the documents. */
  guarantees: GuaranteeReturnsService;
  /** PRV-4 provider change requests: mobile, fleet, vehicle, documents. */
  providerRequests: ProviderRequestsService;
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

/** Request ids for log lines: unique within the process, and cheaper per request than a random string. */
function requestIds(): () => string {
  const prefix = Math.random().toString(36).slice(2, 6);
  let n = 0;
  return () => `${prefix}${(++n).toString(36)}`;
}

/** Zod compiles every schema, so fastify need not load ajv and fast-json-stringify at boot (its types assume ajv). */
const zodCompilers = { buildValidator: () => validatorCompiler, buildSerializer: () => serializerCompiler } as unknown as
  NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;

/** Wires the platform and every module, and builds the HTTP app (not yet listening). */
export async function buildApp(opts: AppOptions): Promise<App> {
  const { config, database } = opts;
  const log = opts.logger ?? pino({ level: config.logLevel, redact: { paths: ['req.headers.authorization', '*.password', '*.newPassword', '*.code', '*.refreshToken', ...XPO_LOG_REDACT_PATHS], censor: '[redacted]' } });
  const clock = opts.clock ?? systemClock;
  const events = new EventBus(log);
  const files = database.kind === 'pglite' && !fs.existsSync(config.dataDir) ? new MemoryFileStore() : new DiskFileStore(path.join(config.dataDir, 'files'));
  const jobs = new Jobs(database.db, clock, log);
  const platform: Platform = { config, database, db: database.db, clock, events, log, files, jobs };

  const audit = new AuditService(clock);
  const settings = new SettingsService(database.db, audit, clock);
  await settings.load();
  const reviews = new ReviewsService(platform, settings, audit);
  const catalog = new CatalogService(database.db);
  const notifications = new NotificationsService(database.db, clock, log, {
    sms: opts.sms ?? smsAdapter(config, log),
    email: opts.email ?? (config.email.smtpUrl ? new SmtpEmailAdapter({ url: config.email.smtpUrl, from: config.email.from }) : new DemoEmailAdapter()),
  });
  const users = new UserCache(database.db);
  const sessions = SessionCache.of(database.db);
  const auth = new AuthService(platform, settings, notifications, users, sessions);
  const accounts = new AccountsService(platform, settings, audit, notifications, users, opts.sim, sessions);
  const ledger = new LedgerService(clock);
  const wallet = new WalletService(database.db, ledger, audit, async (id) => Boolean(await users.get(id)));
  const settlements = new SettlementService(database.db, ledger, audit, clock);
  const promotions = new PromotionsService({ platform, ledger, audit, settings, notifications, users, catalog });
  const payments = createPaymentsModule({ platform, settings, ledger, users, notifications, audit, gateway: opts.paymentGateway });
  const providers = new ProvidersService(database.db);
  const tracking = new TrackingService({ platform, settings, providers, assertCanWork: (id) => accounts.assertCanWork(id) });
  const eligibility = new EligibilityService({ platform, audit, users });
  const pricing = new PricingService({ platform, settings, promotions, accounts, eligibility });
  await pricing.load();
  const orderDeps: OrdersDeps = { platform, settings, catalog, users, accounts, ledger, promotions, receipts: payments.receipts, notifications, pricing, providers, tracking, eligibility };
  const orders = new OrdersService(orderDeps);
  const online = await tracking.restore(() => orders.activeJobs());
  if (online) log.info({ online }, 'providers online again after the restart (positions from provider_presence)');
  const trips = new TripsService(orderDeps, orders);
  const dispatch = new DispatchService(orderDeps, orders);
  const tripExtras = new TripExtrasService({
    platform, settings, users, ledger, audit, notifications, orders,
    calls: opts.maskedCalls ?? new DemoMaskedCallProvider(undefined, () => clock.now()),
    links: { live: tracking.live, positions: tracking, vehicles: providers },
  });
  tracking.live.setAuthorizer(orderChannelAuthorizer(orders));
  const openOrders = new OpenOrders(orders);
  await openOrders.load(events);
  if (!pricing.hasDemandSignals()) pricing.setDemandSignals({ open: (c, cells) => openOrders.count(c, cells), idle: (c, cells) => tracking.idleCount(c, cells) });
  const rewards = new RewardsService({
    platform, settings, audit, orders, ratings: tripExtras.ratings, providers,
    timeZoneOf: async (cityId) => (await catalog.city(cityId).catch(() => null))?.timeZone ?? DEFAULT_TIME_ZONE,
  });
  rewards.subscribe();
  await rewards.load();
  orderDeps.commissionDiscountPercent = (providerId, at, cityId) => rewards.commissionDiscountPercent(providerId, at, cityId);
  events.subscribe('rewards.tier_changed', (e) => {
    providers.invalidate(e.providerId);
    tracking.setPriority(e.providerId, e.priority);
  });
  const kyc = new KycService({ platform, settings, audit, reviews, notifications, users, accounts });
  const companyService = new CompaniesService({ platform, settings, audit, reviews, notifications, users });
  const companyWallet = new CompanyWalletService({ platform, ledger, payments: payments.payments, catalog, companies: companyService });
  events.subscribe('payment.succeeded', (e) => companyWallet.onPaymentSucceeded(e.paymentId));
  const companies = companiesModule(companyService, companyWallet);
  orderDeps.companies = companies; // ACC-3: members order on the company's account
  const paymentOrders = createPaymentOrdersModule({ platform, settings, audit, ledger, users, accounts, notifications, payments, promotions, reviews, kyc });
  const errands = createErrandsModule({ platform, settings, audit, catalog, notifications, users, ledger, payments: payments.payments, reviews });
  const onboarding = new OnboardingService({ platform, settings, catalog, audit, accounts, users, providers, reviews, notifications });
  const claims = createClaimsModule({ platform, settings, audit, reviews, notifications, users, ledger, orders, providers, links: payments.links });
  const selfService = { platform, settings, audit, reviews, notifications, ledger, providers, links: payments.links };
  const shop = new ShopService(selfService);
  const guarantees = new GuaranteeReturnsService({ ...selfService, onboarding, shop });
  const providerRequests = new ProviderRequestsService({ ...selfService, onboarding, auth, users });
  events.subscribe('payment.succeeded', async (e) => {
    if (!e.linkId) return;
    await shop.onLinkPaid(e.linkId);
    await guarantees.onLinkPaid(e.linkId);
  });
  const modules: Modules = { shop, guarantees, providerRequests, claims, onboarding, audit, settings, catalog, notifications, users, auth, accounts, ledger, wallet, settlements, promotions, payments, eligibility, pricing, tripExtras, providers, tracking, orders, trips, dispatch, rewards, reviews, kyc, companies, errands, paymentOrders };

  const http: FastifyInstance = Fastify({
    loggerInstance: log.child({}, { level: config.logLevel === 'info' ? 'warn' : config.logLevel }) as unknown as FastifyBaseLogger,
    trustProxy: config.trustProxy,
    bodyLimit: 1_048_576,
    frameworkErrors: frameworkErrorHandler,
    genReqId: requestIds(),
    schemaController: { compilersFactory: zodCompilers },
  });
  http.setValidatorCompiler(validatorCompiler);
  http.setSerializerCompiler(serializerCompiler);
  http.setErrorHandler(errorHandler);

  http.decorate('guards', makeGuards({
    authenticate: async (token): Promise<AuthUser> => {
      const claims = await auth.access.verify(token);
      const user = await users.get(claims.sub);
      if (!user) throw unauthenticated('TOKEN_INVALID', 'The account no longer exists');
      if (!(await sessions.isOpen(claims.sid, user.id))) throw unauthenticated('SESSION_ENDED', 'This sign-in has ended; sign in again');
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
  // Our own logo, given inline: the plugin's default is read with an async file read at boot, which
  // waits ~0.1 s behind V8's background WASM compilation (PGlite) on a two-core machine.
  await http.register(import('@fastify/swagger-ui'), { routePrefix: '/docs', logo: DOCS_LOGO });

  http.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok', database: database.kind, mode: config.mode, time: clock.now().toISOString() }));
  http.get('/openapi.json', { schema: { hide: true } }, async () => http.swagger());

  const deps = { auth, accounts, guards: http.guards };
  registerAuthRoutes(http, deps);
  registerAccountRoutes(http, deps);
  registerOpsAccountRoutes(http, deps);
  registerCatalogRoutes(http, { catalog, settings });
  registerOpsRoutes(http, { db: database.db, audit });
  registerWalletRoutes(http, { wallet, settlements });
  registerLedgerOpsRoutes(http, { wallet, settlements });
  registerSettlementOpsRoutes(http, { wallet, settlements });
  registerNotificationOpsRoutes(http, { db: database.db, notifications });
  registerPromotionRoutes(http, { promotions, users });
  registerOpsPromotionRoutes(http, { promotions });
  registerQuoteRoutes(http, { pricing });
  registerPricingOpsRoutes(http, { pricing });
  registerEligibilityOpsRoutes(http, { eligibility });
  registerTripRoutes(http, { trips: tripExtras });
  registerOpsTripRoutes(http, { trips: tripExtras });
  registerPaymentsRoutes(http, payments, { platform, users });
  registerProviderTrackingRoutes(http, { tracking, providers });
  registerOpsLiveRoutes(http, { tracking, providers });
  await registerLiveRoute(http, { tracking });
  registerOrderRoutes(http, { orders });
  registerProviderOrderRoutes(http, { orders, trips });
  registerOpsOrderRoutes(http, { orders, trips });
  registerDispatchRoutes(http, { dispatch, orders });
  registerProviderRewardsRoutes(http, { rewards });
  registerOpsRewardsRoutes(http, { rewards });
  registerReviewRoutes(http, { reviews });
  registerOnboardingRoutes(http, { onboarding });
  registerOpsOnboardingRoutes(http, { onboarding });
  registerErrandsRoutes(http, errands);
  registerPaymentOrderRoutes(http, { paymentOrders: paymentOrders.orders, fulfilment: paymentOrders.fulfilment });
  registerOpsPaymentOrderRoutes(http, { paymentOrders: paymentOrders.orders, fulfilment: paymentOrders.fulfilment });
  registerKycRoutes(http, { kyc });
  registerKycOpsRoutes(http, { kyc });
  registerCompanyRoutes(http, { companies: companyService, wallet: companyWallet });
  registerCompanyOpsRoutes(http, { companies: companyService, wallet: companyWallet });
  registerClaimsRoutes(http, claims);
  registerClaimsOpsRoutes(http, claims);
  registerShopRoutes(http, { shop });
  registerShopOpsRoutes(http, { shop });
  registerGuaranteeRoutes(http, { guarantees });
  registerGuaranteeOpsRoutes(http, { guarantees });
  registerProviderRequestRoutes(http, { requests: providerRequests });
  registerProviderRequestOpsRoutes(http, { requests: providerRequests });
  if (config.demo) registerDemoRoutes(http, { db: database.db, notifications });

  await registerWeb(http, config);

  if (opts.workers !== false) {
    notifications.start();
    tracking.start();
    jobs.start();
  }

  return {
    http, platform, modules,
    async close() {
      await notifications.stop();
      await tracking.stop();
      await jobs.stop();
      await http.close();
    },
  };
}

/** The API docs page's logo (swagger-ui's `logo` option). */
const DOCS_LOGO = {
  type: 'image/svg+xml',
  content: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="150" height="40" viewBox="0 0 150 40">'
    + '<rect width="40" height="40" rx="10" fill="#0f766e"/><path d="M11 27h14l5-9h-9l-3-6h-7z" fill="#fff"/>'
    + '<text x="50" y="27" font-family="sans-serif" font-size="20" font-weight="700" fill="#fff">Peyk API</text></svg>'),
};

/**
 * Serves the built web app; unknown non-API GETs fall back to index.html (client-side routes).
 * Files are served by one wildcard route, for paths with a file extension only; any other path (a
 * client-side route, a directory) and a missing file reach the not-found handler below. (A route
 * per file meant listing web/dist with an async directory walk on every start.)
 */
async function registerWeb(http: FastifyInstance, config: Config) {
  const index = path.join(config.webDist, 'index.html');
  const indexHtml = fs.existsSync(index) ? fs.readFileSync(index, 'utf8') : null;
  const sendIndex = (reply: FastifyReply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
  if (indexHtml !== null) {
    await http.register(import('@fastify/static'), {
      root: config.webDist, prefix: '/', wildcard: true, index: false, maxAge: '1h', immutable: false,
      allowedPath: (pathName) => path.posix.extname(pathName) !== '',
    });
    http.get('/', { schema: { hide: true } }, (_req, reply) => sendIndex(reply));
  }
  http.setNotFoundHandler((req, reply) => {
    const isApi = req.url.startsWith('/v1/') || req.url === '/v1' || req.url.startsWith('/docs') || req.url.startsWith('/health');
    if (!isApi && req.method === 'GET' && indexHtml !== null) return sendIndex(reply);
    return notFoundHandler(req, reply);
  });
}
