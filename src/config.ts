import { z } from 'zod';
import path from 'node:path';

/** The JWT secret used in demo mode; production refuses to start with it. */
export const DEMO_JWT_SECRET = 'peyk-demo-secret-change-me-in-production-0000';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const envSchema = z.object({
  PEYK_MODE: z.enum(['demo', 'production']).default('demo'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z.string().url().optional(),
  PEYK_DATA_DIR: z.string().default('./.peyk'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEMO_JWT_SECRET),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86400).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  SMS_ADAPTER: z.enum(['demo', 'console', 'kavenegar']).default('demo'),
  KAVENEGAR_API_KEY: z.string().optional(),
  KAVENEGAR_BASE_URL: z.string().url().default('https://api.kavenegar.com'),
  KAVENEGAR_SENDER: z.string().optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// URL').optional(),
  EMAIL_FROM: z.string().default('Peyk <no-reply@peyk.local>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PEYK_SEED: bool.default(true),
  PEYK_WEB_DIST: z.string().default('web/dist'),
  TRUST_PROXY: bool.default(false),
  PAYMENT_GATEWAY: z.enum(['sandbox', 'zarinpal']).optional(),
  ZARINPAL_MERCHANT_ID: z.string().regex(/^[0-9a-fA-F-]{36}$/, 'must be the 36-character merchant id').optional(),
  ZARINPAL_BASE_URL: z.string().url().default('https://payment.zarinpal.com'),
  ZARINPAL_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  OSRM_URL: z.string().url().optional(),
  OSRM_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(1_500),
  PEYK_XPO_KEYS: z.string().regex(/^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=_-]{40,}(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=_-]{40,})*$/, 'must be id:base64key[,id:base64key...] (32-byte keys; the first seals)').optional(),
});

export type Config = Readonly<{
  mode: 'demo' | 'production';
  demo: boolean;
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  databaseUrl?: string;
  redisUrl?: string;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  sms: { adapter: 'demo' | 'console' | 'kavenegar'; kavenegarApiKey?: string; kavenegarBaseUrl: string; kavenegarSender?: string };
  email: { smtpUrl?: string; from: string };
  logLevel: string;
  seed: boolean;
  webDist: string;
  trustProxy: boolean;
  /** PAY-1: which payment gateway takes card payments; the sandbox is demo-only. */
  payments: { gateway: 'sandbox' | 'zarinpal'; zarinpalMerchantId?: string; zarinpalBaseUrl: string; zarinpalTimeoutMs: number };
  /** ORD-2: an OSRM server for road distances and durations; without it, great-circle x road factor. */
  routing: { osrmUrl?: string; osrmTimeoutMs: number };
  /** XPO-2: AES-256-GCM keys for payment-order credentials (`id:base64`, first seals); demo mode derives one. */
  paymentOrders: { vaultKeys?: string };
}>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Rules that depend on the mode: production refuses demo defaults; kavenegar needs its key. */
function modeProblems(raw: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  const adapter = raw.SMS_ADAPTER ?? 'demo';
  if (raw.PEYK_MODE === 'production') {
    if ((raw.JWT_SECRET ?? DEMO_JWT_SECRET) === DEMO_JWT_SECRET) problems.push('JWT_SECRET: production mode needs a secret of your own');
    if (adapter !== 'kavenegar') problems.push('SMS_ADAPTER: production mode needs a real SMS adapter (kavenegar)');
    if (!raw.PEYK_XPO_KEYS) problems.push('PEYK_XPO_KEYS: production mode needs the key(s) that encrypt payment-order credentials');
  }
  if (adapter === 'kavenegar' && !raw.KAVENEGAR_API_KEY) problems.push('KAVENEGAR_API_KEY: required by SMS_ADAPTER=kavenegar');
  const gateway = paymentGatewayOf(raw);
  if (raw.PEYK_MODE === 'production' && gateway === 'sandbox') problems.push('PAYMENT_GATEWAY: the sandbox gateway is for demo mode only');
  if (gateway === 'zarinpal' && !raw.ZARINPAL_MERCHANT_ID) problems.push('ZARINPAL_MERCHANT_ID: required by PAYMENT_GATEWAY=zarinpal');
  return problems;
}

/** PAY-1: the sandbox gateway in demo mode, Zarinpal in production, unless PAYMENT_GATEWAY says otherwise. */
function paymentGatewayOf(raw: Record<string, string | undefined>): 'sandbox' | 'zarinpal' {
  if (raw.PAYMENT_GATEWAY === 'sandbox' || raw.PAYMENT_GATEWAY === 'zarinpal') return raw.PAYMENT_GATEWAY;
  return raw.PEYK_MODE === 'production' ? 'zarinpal' : 'sandbox';
}

/** Parses the environment once; lists every bad variable at once; the result is frozen. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  // Mode rules read the raw values too, so one run lists every bad variable, not just the first kind.
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)),
    ...modeProblems(cleaned),
  ];
  if (problems.length || !parsed.success) throw new ConfigError(problems);
  const e = parsed.data;
  const paymentGateway = paymentGatewayOf(cleaned);
  return Object.freeze({
    mode: e.PEYK_MODE,
    demo: e.PEYK_MODE === 'demo',
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    dataDir: path.resolve(e.PEYK_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    jwtSecret: e.JWT_SECRET,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
    sms: Object.freeze({ adapter: e.SMS_ADAPTER, kavenegarApiKey: e.KAVENEGAR_API_KEY, kavenegarBaseUrl: e.KAVENEGAR_BASE_URL, kavenegarSender: e.KAVENEGAR_SENDER }),
    email: Object.freeze({ smtpUrl: e.SMTP_URL, from: e.EMAIL_FROM }),
    logLevel: e.LOG_LEVEL,
    seed: e.PEYK_SEED,
    webDist: path.resolve(e.PEYK_WEB_DIST),
    trustProxy: e.TRUST_PROXY,
    payments: Object.freeze({ gateway: paymentGateway, zarinpalMerchantId: e.ZARINPAL_MERCHANT_ID, zarinpalBaseUrl: e.ZARINPAL_BASE_URL.replace(/\/+$/, ''), zarinpalTimeoutMs: e.ZARINPAL_TIMEOUT_MS }),
    routing: Object.freeze({ osrmUrl: e.OSRM_URL?.replace(/\/+$/, ''), osrmTimeoutMs: e.OSRM_TIMEOUT_MS }),
    paymentOrders: Object.freeze({ vaultKeys: e.PEYK_XPO_KEYS }),
  });
}
