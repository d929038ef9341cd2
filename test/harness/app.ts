import pino from 'pino';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../../src/config.js';
import { buildApp, type App, type AppOptions } from '../../src/app.js';
import type { DbKind } from '../../src/platform/db.js';
import { ManualClock } from '../../src/platform/time.js';
import { seedDemo } from '../../src/seed/demo-seed.js';
import { createTestDatabase, type TestDatabase } from './databases.js';

export interface TestApp {
  app: App;
  db: TestDatabase;
  clock: ManualClock;
  config: Config;
  /** Calls the API in-process; `token` becomes the bearer header. */
  call(method: InjectOptions['method'], url: string, opts?: { body?: unknown; token?: string; headers?: Record<string, string> }): Promise<LightMyRequestResponse & { json<T = any>(): T }>;
  /** Signs in through the real OTP flow (demo inbox) and returns the tokens and user. */
  signIn(mobile: string, opts?: { ip?: string; deviceId?: string }): Promise<{ token: string; refreshToken: string; userId: string; isNewUser: boolean }>;
  /** The latest SMS text sent to a mobile. */
  lastSms(mobile: string): Promise<string | undefined>;
  close(): Promise<void>;
}

let ipCounter = 1;

/** A full app on a fresh database of `kind`, with a hand-moved clock and (by default) the demo seed. */
export async function createTestApp(kind: DbKind, opts: {
  seed?: boolean; env?: Record<string, string>; app?: Partial<AppOptions>; start?: Date;
  /** Where the SMS text really arrived, when a real adapter (which scrubs codes from the outbox) is used. */
  smsReader?: (mobile: string) => string | undefined;
} = {}): Promise<TestApp> {
  const db = await createTestDatabase(kind);
  if (opts.seed !== false) await seedDemo(db.db);
  const config = loadConfig({ PEYK_DATA_DIR: '/nonexistent-peyk-test', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', PEYK_WEB_DIST: '/nonexistent', ...opts.env });
  const clock = new ManualClock(opts.start ?? new Date('2026-11-22T08:00:00Z'));
  const app = await buildApp({ config, database: db, clock, logger: pino({ level: process.env.PEYK_TEST_LOG ?? 'silent' }), workers: false, ...opts.app });
  await app.http.ready();

  const call: TestApp['call'] = async (method, url, o = {}) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    const res = await app.http.inject({ method, url, payload: o.body as InjectOptions['payload'], headers });
    return res as LightMyRequestResponse & { json<T = any>(): T };
  };

  const lastSms = async (mobile: string) => {
    await app.modules.notifications.drain();
    if (opts.smsReader) return opts.smsReader(mobile);
    const inbox = await app.modules.notifications.demoInbox(db.db, { to: mobile, limit: 1 });
    return inbox[0]?.body;
  };

  const signIn: TestApp['signIn'] = async (mobile, o = {}) => {
    const ip = o.ip ?? `10.0.${Math.floor(ipCounter / 250)}.${ipCounter++ % 250}`;
    const sent = await app.http.inject({ method: 'POST', url: '/v1/auth/otp', payload: { mobile }, remoteAddress: ip });
    if (sent.statusCode !== 200) throw new Error(`otp failed: ${sent.body}`);
    const text = await lastSms(sent.json().mobile);
    const code = /(\d{6})/.exec(text ?? '')?.[1];
    if (!code) throw new Error(`no code in SMS: ${text}`);
    const headers: Record<string, string> = o.deviceId ? { 'x-device-id': o.deviceId } : {};
    const res = await app.http.inject({ method: 'POST', url: '/v1/auth/verify', payload: { mobile, code }, remoteAddress: ip, headers });
    if (res.statusCode !== 200) throw new Error(`verify failed: ${res.body}`);
    const body = res.json();
    // Move past the resend gap so the next sign-in of the same number is not rate limited.
    clock.advance(61_000);
    return { token: body.accessToken, refreshToken: body.refreshToken, userId: body.user.id, isNewUser: body.isNewUser };
  };

  return {
    app, db, clock, config, call, signIn, lastSms,
    async close() {
      await app.close();
      await db.close();
    },
  };
}
