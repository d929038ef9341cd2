import { randomInt } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import type { Platform } from '../../platform/context.js';
import { inTransaction } from '../../platform/context.js';
import { AppError, rateLimited, unauthenticated, validation, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { Locale } from '../../platform/i18n.js';
import type { SettingsService } from '../catalog/settings.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import { IdentityErrors as E } from './identity.errors.js';
import { identityRepo as repo, type UserRow } from './identity.repo.js';
import { normalizeMobile } from './mobile.js';
import { AccessTokens, hashCode, newRefreshSecret, sameDigest, sha256 } from './tokens.js';
import type { UserCache } from './user-cache.js';
import { SessionCache } from './session-cache.js';

export interface SessionTokens {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
}

export interface ClientInfo { ip?: string; userAgent?: string; deviceId?: string; locale?: Locale }

/** ACC-1 / ACC-4: sign-in by SMS code (OWASP ASVS 2.7) or password; rotating refresh tokens. */
export class AuthService {
  readonly access: AccessTokens;

  constructor(
    private readonly p: Platform,
    private readonly settings: SettingsService,
    private readonly notifications: NotificationsService,
    private readonly users: UserCache,
    /** Open sessions, so that logout and revocation also end the access tokens already issued. */
    readonly sessions: SessionCache = SessionCache.of(p.db),
  ) {
    this.access = new AccessTokens(p.config.jwtSecret, p.config.accessTokenTtlSeconds, () => p.clock.now().getTime());
  }

  parseMobile(input: string): string {
    const mobile = normalizeMobile(input);
    if (!mobile) throw validation(E.MOBILE_INVALID, 'Enter an Iranian mobile number such as 09121234567', { field: 'mobile' });
    return mobile;
  }

  /** Sends a 6-digit code; limits: one per resend gap and N per hour per mobile, M per hour per IP. */
  async requestOtp(mobileInput: string, client: ClientInfo, purpose: 'login' | 'password_reset' = 'login'): Promise<{ mobile: string; expiresInSeconds: number; resendInSeconds: number }> {
    const mobile = this.parseMobile(mobileInput);
    const ttl = this.settings.get('otp.ttlSeconds');
    const gap = this.settings.get('otp.resendSeconds');
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    await inTransaction(this.p, async (tx, after) => {
      // One sender per mobile at a time, so two requests racing cannot both pass the limits.
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${'otp:' + mobile}))`);
      const now = this.p.clock.now();
      const hourAgo = new Date(now.getTime() - 3_600_000);
      const stats = await repo.otpSendStats(tx, mobile, client.ip ?? null, hourAgo);
      if (stats.last) {
        const waited = (now.getTime() - stats.last.getTime()) / 1000;
        if (waited < gap) throw rateLimited(E.RATE_LIMITED, 'A code was sent a moment ago; wait before asking again', Math.ceil(gap - waited), { scope: 'mobile' });
      }
      if (stats.perMobile >= this.settings.get('otp.maxPerHour')) {
        const retry = stats.oldestInWindow ? Math.ceil((stats.oldestInWindow.getTime() + 3_600_000 - now.getTime()) / 1000) : 3600;
        throw rateLimited(E.RATE_LIMITED, 'Too many codes were sent to this number; try again later', Math.max(1, retry), { scope: 'mobile_hour' });
      }
      if (client.ip && stats.perIp >= this.settings.get('otp.maxPerIpPerHour')) {
        throw rateLimited(E.RATE_LIMITED, 'Too many codes were requested from this network; try again later', 3600, { scope: 'ip' });
      }
      await repo.retireOtps(tx, mobile, purpose, now);
      await repo.insertOtp(tx, {
        id: newId('otp'), mobile, purpose, codeHash: hashCode(this.p.config.jwtSecret, `${purpose}:${mobile}`, code), ip: client.ip ?? null,
        attempts: 0, expiresAt: new Date(now.getTime() + ttl * 1000), createdAt: now,
      });
      const user = await repo.userByMobile(tx, mobile);
      await this.notifications.enqueue(tx, {
        channel: 'sms', to: mobile, userId: user?.id, template: purpose === 'login' ? 'auth.otp' : 'auth.passwordReset',
        locale: (user?.locale ?? client.locale ?? 'fa') as Locale, params: { code },
      }, after);
    });
    return { mobile, expiresInSeconds: ttl, resendInSeconds: gap };
  }

  /** Checks a code: single use, expiry, at most N tries (each reserved before comparing, so wrong ones count even though the call fails). */
  async checkOtp(mobile: string, code: string, purpose: 'login' | 'password_reset'): Promise<void> {
    const otp = await repo.latestOtp(this.p.db, mobile, purpose);
    const now = this.p.clock.now();
    if (!otp || otp.consumedAt) throw validation(E.OTP_NOT_FOUND, 'No active code for this number; ask for a new one');
    const max = this.settings.get('otp.maxAttempts');
    if (otp.attempts >= max) throw new AppError('validation', E.OTP_TOO_MANY_ATTEMPTS, 'Too many wrong tries; ask for a new code');
    if (otp.expiresAt.getTime() <= now.getTime()) throw validation(E.OTP_EXPIRED, 'The code has expired; ask for a new one');
    const attempts = await repo.reserveOtpAttempt(this.p.db, otp.id, max);
    if (attempts === undefined) throw new AppError('validation', E.OTP_TOO_MANY_ATTEMPTS, 'Too many wrong tries; ask for a new code');
    const given = hashCode(this.p.config.jwtSecret, `${purpose}:${mobile}`, code);
    if (!sameDigest(given, otp.codeHash)) {
      throw validation(E.OTP_INVALID, 'The code is not correct', { attemptsLeft: Math.max(0, max - attempts) });
    }
    if (!(await repo.consumeOtp(this.p.db, otp.id, now))) throw validation(E.OTP_NOT_FOUND, 'This code was already used; ask for a new one');
  }

  /** ACC-1: verifies the code, creates the account on first sign-in, returns tokens. */
  async verifyOtp(mobileInput: string, codeInput: string, client: ClientInfo) {
    const mobile = this.parseMobile(mobileInput);
    const code = codeInput;
    await this.checkOtp(mobile, code, 'login');
    const now = this.p.clock.now();
    const existing = await repo.userByMobile(this.p.db, mobile);
    const user = existing ?? (await repo.insertUserIfAbsent(this.p.db, {
      id: newId('usr'), mobile, roles: ['customer'], locale: client.locale ?? 'fa', createdAt: now, updatedAt: now,
    }));
    if (client.deviceId) await repo.touchDevice(this.p.db, user.id, client.deviceId, now);
    const tokens = await this.startSession(user, client);
    return { user, tokens, isNewUser: !existing };
  }

  async startSession(user: UserRow, client: ClientInfo): Promise<SessionTokens> {
    return this.issue(user.id, newId('rtk'), client);
  }

  private async issue(userId: string, familyId: string, client: ClientInfo): Promise<SessionTokens> {
    const now = this.p.clock.now();
    const id = newId('rtk');
    const secret = newRefreshSecret();
    const token = `${id}.${secret}`;
    const expiresAt = new Date(now.getTime() + this.p.config.refreshTokenTtlDays * 86_400_000);
    await repo.insertRefresh(this.p.db, { id, userId, familyId, tokenHash: sha256(token), expiresAt, createdAt: now, userAgent: client.userAgent?.slice(0, 300) ?? null });
    const access = await this.access.issue({ sub: userId, sid: familyId });
    return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt.toISOString(), refreshToken: token, refreshTokenExpiresAt: expiresAt.toISOString() };
  }

  /** Rotates a refresh token. Presenting a token that was already rotated revokes its whole family. */
  async refresh(token: string, client: ClientInfo): Promise<SessionTokens> {
    const row = await repo.refreshByHash(this.p.db, sha256(token));
    const now = this.p.clock.now();
    if (!row || row.revokedAt) throw unauthenticated(E.REFRESH_TOKEN_INVALID, 'Sign in again');
    if (row.rotatedAt || !(await repo.rotateRefresh(this.p.db, row.id, now))) {
      await repo.revokeFamily(this.p.db, row.familyId, now);
      this.sessions.closed(row.familyId);
      throw unauthenticated(E.REFRESH_TOKEN_REUSED, 'This sign-in was used elsewhere; sign in again');
    }
    if (row.expiresAt.getTime() <= now.getTime()) throw unauthenticated(E.REFRESH_TOKEN_INVALID, 'The session has expired; sign in again');
    return this.issue(row.userId, row.familyId, client);
  }

  /** Ends one session (the refresh-token family). */
  async logout(userId: string, familyId: string): Promise<void> {
    await repo.revokeFamily(this.p.db, familyId, this.p.clock.now());
    this.sessions.closed(familyId);
    void userId;
  }

  // ---- ACC-4: passwords ----

  private checkStrength(password: string) {
    const min = this.settings.get('account.passwordMinLength');
    if (password.length < min || !/[A-Za-z\u0600-\u06FF]/.test(password) || !/\d|[۰-۹]/.test(password)) {
      throw validation(E.PASSWORD_TOO_WEAK, `Use at least ${min} characters with letters and digits`, { minLength: min });
    }
  }

  async setPassword(userId: string, current: string | undefined, next: string): Promise<void> {
    const user = await repo.userById(this.p.db, userId);
    if (!user) throw notFound(E.USER_NOT_FOUND, 'No such account');
    if (user.passwordHash) {
      if (!current || !(await argonVerify(user.passwordHash, current))) throw validation(E.PASSWORD_WRONG, 'The current password is not correct');
    }
    this.checkStrength(next);
    await repo.updateUser(this.p.db, userId, { passwordHash: await argonHash(next), updatedAt: this.p.clock.now() });
    this.users.invalidate(userId);
  }

  /** Password sign-in; failures share one code so they do not reveal which accounts exist. */
  async passwordLogin(mobileInput: string, password: string, client: ClientInfo) {
    const mobile = this.parseMobile(mobileInput);
    const key = `pwd:${mobile}`;
    const policy = { limit: this.settings.get('account.passwordMaxFailures'), windowMs: this.settings.get('account.passwordLockoutSeconds') * 1000 };
    this.failures.check(key, this.p.clock.now().getTime(), policy);
    const user = await repo.userByMobile(this.p.db, mobile);
    const ok = user?.passwordHash ? await argonVerify(user.passwordHash, password) : false;
    if (!user || !ok) {
      this.failures.fail(key, this.p.clock.now().getTime(), policy);
      throw unauthenticated(E.CREDENTIALS_INVALID, 'The mobile number or password is not correct');
    }
    this.failures.clear(key);
    if (client.deviceId) await repo.touchDevice(this.p.db, user.id, client.deviceId, this.p.clock.now());
    return { user, tokens: await this.startSession(user, client) };
  }

  private readonly failures = new FailureWindow();

  /** Starts a reset: a code by SMS, or a link by email to the address on the account. */
  async requestPasswordReset(mobileInput: string, channel: 'sms' | 'email', client: ClientInfo): Promise<{ channel: 'sms' | 'email' }> {
    const mobile = this.parseMobile(mobileInput);
    if (channel === 'sms') {
      await this.requestOtp(mobile, client, 'password_reset');
      return { channel };
    }
    const user = await repo.userByMobile(this.p.db, mobile);
    // Unknown account or no email: answer the same way, so the call does not reveal accounts.
    if (!user?.email) return { channel };
    const latest = await repo.latestReset(this.p.db, user.id);
    const now = this.p.clock.now();
    if (latest && now.getTime() - latest.createdAt.getTime() < this.settings.get('otp.resendSeconds') * 1000) {
      throw rateLimited(E.RATE_LIMITED, 'A link was sent a moment ago', this.settings.get('otp.resendSeconds'));
    }
    const token = newRefreshSecret();
    const ttl = this.settings.get('account.passwordResetTtlSeconds');
    await inTransaction(this.p, async (tx, after) => {
      await repo.insertReset(tx, { id: newId('pwr'), userId: user.id, channel: 'email', tokenHash: sha256(token), expiresAt: new Date(now.getTime() + ttl * 1000), createdAt: now });
      await this.notifications.enqueue(tx, {
        channel: 'email', to: user.email!, userId: user.id, template: 'auth.passwordReset', locale: user.locale,
        params: { link: `${this.p.config.publicUrl}/reset-password?token=${token}`, minutes: Math.round(ttl / 60) },
      }, after);
    });
    return { channel };
  }

  /** Completes a reset with the SMS code (mobile + code) or the email link token; ends every session. */
  async confirmPasswordReset(input: { mobile?: string; code?: string; token?: string; newPassword: string }): Promise<void> {
    this.checkStrength(input.newPassword);
    let userId: string;
    const now = this.p.clock.now();
    if (input.token) {
      const row = await repo.resetByHash(this.p.db, sha256(input.token));
      if (!row || row.usedAt || row.expiresAt.getTime() <= now.getTime()) throw validation(E.RESET_INVALID, 'This reset link is not valid any more; ask for a new one');
      if (!(await repo.useReset(this.p.db, row.id, now))) throw validation(E.RESET_INVALID, 'This reset link was already used');
      userId = row.userId;
    } else if (input.mobile && input.code) {
      const mobile = this.parseMobile(input.mobile);
      await this.checkOtp(mobile, input.code, 'password_reset');
      const user = await repo.userByMobile(this.p.db, mobile);
      if (!user) throw validation(E.RESET_INVALID, 'No account with this mobile number');
      userId = user.id;
    } else {
      throw validation(E.RESET_INVALID, 'Give the SMS code with the mobile number, or the link token');
    }
    await repo.updateUser(this.p.db, userId, { passwordHash: await argonHash(input.newPassword), updatedAt: now });
    await repo.revokeAllOfUser(this.p.db, userId, now);
    this.sessions.closedAllOf(userId);
    this.users.invalidate(userId);
  }
}

/** Counts failures per key in a sliding window; over the limit, further tries are refused until it passes. */
export class FailureWindow {
  private readonly map = new Map<string, number[]>();
  check(key: string, now: number, policy: { limit: number; windowMs: number }): void {
    const times = (this.map.get(key) ?? []).filter((t) => now - t < policy.windowMs);
    this.map.set(key, times);
    if (times.length >= policy.limit) {
      const oldestCounted = times[times.length - policy.limit];
      throw rateLimited(E.RATE_LIMITED, 'Too many failed sign-ins; try again later', Math.max(1, Math.ceil((oldestCounted + policy.windowMs - now) / 1000)), { scope: 'password' });
    }
  }
  fail(key: string, now: number, policy: { limit: number; windowMs: number }): void {
    // Keep only the newest `limit` failures still in the window, so one key's list stays bounded.
    const times = [...(this.map.get(key) ?? []).filter((t) => now - t < policy.windowMs), now].slice(-policy.limit);
    this.map.set(key, times);
    if (this.map.size > 100_000) this.map.clear();
  }
  clear(key: string): void {
    this.map.delete(key);
  }
}
