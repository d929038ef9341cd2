import type { FastifyReply, FastifyRequest } from 'fastify';
import { forbidden, unauthenticated } from '../errors.js';

/** The caller as every route sees it after the guard. */
export interface AuthUser {
  id: string;
  roles: string[];
  status: 'active' | 'blocked';
  sessionId: string;
  locale: 'fa' | 'ar' | 'en';
}

declare module 'fastify' {
  interface FastifyRequest {
    user?: AuthUser;
  }
  interface FastifyInstance {
    guards: Guards;
  }
}

export interface Authenticator {
  /** Resolves a bearer token to the caller, or throws AppError(unauthenticated). */
  authenticate(token: string): Promise<AuthUser>;
}

/** Reads the bearer token and attaches `req.user`; used by every non-public route. */
export function makeGuards(auth: Authenticator) {
  const authenticate = async (req: FastifyRequest, _reply: FastifyReply) => {
    const header = req.headers.authorization;
    if (!header || !header.startsWith('Bearer ')) throw unauthenticated('AUTH_REQUIRED', 'Sign in first');
    req.user = await auth.authenticate(header.slice(7).trim());
  };
  /** Allows the request when the caller has any of the roles. */
  const requireRoles = (...roles: string[]) => async (req: FastifyRequest, reply: FastifyReply) => {
    await authenticate(req, reply);
    if (!req.user!.roles.some((r) => roles.includes(r))) {
      throw forbidden('ROLE_REQUIRED', 'You do not have access to this', { anyOf: roles });
    }
  };
  return { authenticate, requireRoles };
}

export type Guards = ReturnType<typeof makeGuards>;

/** The caller, for routes behind the guard. */
export function caller(req: FastifyRequest): AuthUser {
  if (!req.user) throw unauthenticated('AUTH_REQUIRED', 'Sign in first');
  return req.user;
}
