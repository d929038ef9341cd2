import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { unauthenticated } from '../../platform/errors.js';
import { IdentityErrors } from './identity.errors.js';

export interface AccessClaims {
  sub: string;
  /** refresh-token family (the sign-in session) */
  sid: string;
}

/** Issues and verifies short-lived access JWTs (HS256). Verified tokens are cached briefly. */
export class AccessTokens {
  private readonly key: Uint8Array;
  private readonly cache = new Map<string, { claims: AccessClaims; expMs: number }>();

  constructor(secret: string, private readonly ttlSeconds: number, private readonly nowMs: () => number) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(claims: AccessClaims): Promise<{ token: string; expiresAt: Date }> {
    const iat = Math.floor(this.nowMs() / 1000);
    const exp = iat + this.ttlSeconds;
    const token = await new SignJWT({ sid: claims.sid })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.sub).setIssuedAt(iat).setExpirationTime(exp).setIssuer('peyk').setAudience('peyk')
      .sign(this.key);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  async verify(token: string): Promise<AccessClaims> {
    const now = this.nowMs();
    const hit = this.cache.get(token);
    if (hit) {
      if (hit.expMs > now) return hit.claims;
      this.cache.delete(token);
    }
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'], issuer: 'peyk', audience: 'peyk', currentDate: new Date(now),
      });
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || typeof payload.exp !== 'number') {
        throw unauthenticated(IdentityErrors.TOKEN_INVALID, 'The access token is not valid');
      }
      const claims = { sub: payload.sub, sid: payload.sid };
      if (this.cache.size > 50_000) this.cache.clear();
      this.cache.set(token, { claims, expMs: payload.exp * 1000 });
      return claims;
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw unauthenticated(IdentityErrors.TOKEN_EXPIRED, 'The access token has expired; refresh it');
      if (err instanceof Error && err.name === 'AppError') throw err;
      throw unauthenticated(IdentityErrors.TOKEN_INVALID, 'The access token is not valid');
    }
  }
}

/** An opaque refresh token: `<id>.<secret>`; only its SHA-256 is stored. */
export function newRefreshSecret(): string {
  return randomBytes(32).toString('base64url');
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Hashes a one-time code bound to its mobile with a server key (a 6-digit code alone is brute-forceable offline). */
export function hashCode(secret: string, subject: string, code: string): string {
  return createHmac('sha256', secret).update(`${subject}:${code}`).digest('hex');
}

/** Constant-time comparison of two hex digests. */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
