/**
 * The one door to the Peyk API: JSON in and out, the access token on every call, a single
 * refresh (rotating refresh token) when the server says TOKEN_EXPIRED, and typed helpers per route.
 */
import type { z } from 'zod';
import type * as S from '../../src/modules/identity/identity.schemas';

export type UserSelf = z.infer<typeof S.userSelf>;
export type UserOps = z.infer<typeof S.userOps>;
export type SessionReply = z.infer<typeof S.sessionReply>;
export type Tokens = z.infer<typeof S.tokensReply>;
export type OtpReply = z.infer<typeof S.otpRequestReply>;
export type Guest = z.infer<typeof S.guestReply>;
export type TermsReply = z.infer<typeof S.termsReply>;
export type Eligibility = z.infer<typeof S.eligibilityReply>;
export type ProfilePatch = z.infer<typeof S.profilePatchBody>;
export type Role = 'customer' | 'provider' | 'ops_agent' | 'ops_admin' | 'finance';
export type ProviderKind = 'driver' | 'courier' | 'mover_company' | 'assistant';
export type Localized = { fa: string; ar: string; en: string };
export interface Service { id: string; code: string; kind: string; vehicleType: string | null; names: Localized }
export interface City { id: string; code: string; names: Localized; timeZone: string }
export interface Setting {
  key: string; description: string; rules: string[]; scopes: Array<'global' | 'city' | 'service'>; default: unknown;
  overrides: Array<{ scopeType: 'global' | 'city' | 'service'; scopeId: string; value: unknown }>;
}
export interface AuditEntry {
  id: string; actorId: string | null; actorRoles: string[]; action: string; targetType: string; targetId: string;
  before: unknown; after: unknown; reason: string | null; ip: string | null; createdAt: string;
}
export interface DemoSms { id: string; to: string; body: string; template: string; status: string; createdAt: string; sentAt: string | null }

/** An error answer of the API, or NETWORK when the server could not be reached. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
  }
  /** The form field the server blamed, if any. */
  get field(): string | undefined {
    return typeof this.details.field === 'string' ? this.details.field : undefined;
  }
}

const SESSION_KEY = 'peyk.session';
const DEVICE_KEY = 'peyk.device';

export const tokenStore = {
  get(): Tokens | null {
    try {
      const raw = localStorage.getItem(SESSION_KEY);
      return raw ? (JSON.parse(raw) as Tokens) : null;
    } catch {
      return null;
    }
  },
  set(tokens: Tokens) {
    const { accessToken, accessTokenExpiresAt, refreshToken, refreshTokenExpiresAt } = tokens;
    localStorage.setItem(SESSION_KEY, JSON.stringify({ accessToken, accessTokenExpiresAt, refreshToken, refreshTokenExpiresAt }));
  },
  clear() {
    localStorage.removeItem(SESSION_KEY);
  },
};

/** A random id per browser, so the server can tell devices apart (fraud rules, FRD-1). */
function deviceId(): string {
  let id = localStorage.getItem(DEVICE_KEY);
  if (!id) {
    id = `web-${crypto.randomUUID()}`;
    localStorage.setItem(DEVICE_KEY, id);
  }
  return id;
}

let language = 'fa';
/** The UI language, sent so a new account and its SMS start in it. */
export function setApiLanguage(locale: string) {
  language = locale;
}

const signedOutListeners = new Set<() => void>();
/** Called when the session ends without the user asking (refresh refused, account gone). */
export function onSessionLost(fn: () => void): () => void {
  signedOutListeners.add(fn);
  return () => signedOutListeners.delete(fn);
}
function loseSession() {
  tokenStore.clear();
  signedOutListeners.forEach((fn) => fn());
}

type Query = Record<string, string | number | undefined | null>;
interface RequestOptions { body?: unknown; query?: Query; auth?: boolean; headers?: Record<string, string> }

function buildUrl(path: string, query?: Query): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

async function send(method: string, url: string, body: unknown, token?: string, extra: Record<string, string> = {}): Promise<Response> {
  const headers: Record<string, string> = { ...extra, accept: 'application/json', 'accept-language': language, 'x-device-id': deviceId() };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  try {
    return await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'NETWORK', 'The server could not be reached');
  }
}

async function errorOf(res: Response): Promise<ApiError> {
  const data = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null;
  const e = data?.error;
  const details = { ...(e?.details ?? {}) };
  const retry = res.headers.get('retry-after');
  if (retry && details.retryAfterSeconds === undefined) details.retryAfterSeconds = Number(retry);
  return new ApiError(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? res.statusText, details);
}

let refreshing: Promise<boolean> | null = null;

/** One refresh at a time: parallel calls that all saw TOKEN_EXPIRED wait for the same rotation. */
function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    const current = tokenStore.get();
    if (!current) return false;
    const res = await send('POST', '/v1/auth/refresh', { refreshToken: current.refreshToken });
    if (!res.ok) return false;
    tokenStore.set((await res.json()) as Tokens);
    return true;
  })().finally(() => { refreshing = null; });
  return refreshing;
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const url = buildUrl(path, opts.query);
  const auth = opts.auth !== false;
  let res = await send(method, url, opts.body, auth ? tokenStore.get()?.accessToken : undefined, opts.headers);
  if (auth && res.status === 401) {
    const err = await errorOf(res);
    if (err.code !== 'TOKEN_EXPIRED' || !(await refreshSession())) {
      loseSession();
      throw err;
    }
    res = await send(method, url, opts.body, tokenStore.get()?.accessToken, opts.headers);
    if (res.status === 401) {
      loseSession();
      throw await errorOf(res);
    }
  }
  if (!res.ok) throw await errorOf(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

const get = <T,>(path: string, query?: Query, auth = true) => request<T>('GET', path, { query, auth });
const post = <T,>(path: string, body?: unknown, auth = true) => request<T>('POST', path, { body, auth });
const put = <T,>(path: string, body: unknown) => request<T>('PUT', path, { body });

export const api = {
  auth: {
    requestOtp: (mobile: string) => post<OtpReply>('/v1/auth/otp', { mobile }, false),
    verifyOtp: (mobile: string, code: string) => post<SessionReply>('/v1/auth/verify', { mobile, code }, false),
    login: (mobile: string, password: string) => post<SessionReply>('/v1/auth/login', { mobile, password }, false),
    requestReset: (mobile: string, channel: 'sms' | 'email') => post<{ channel: 'sms' | 'email' }>('/v1/auth/password-reset', { mobile, channel }, false),
    confirmReset: (body: { mobile?: string; code?: string; token?: string; newPassword: string }) => post<void>('/v1/auth/password-reset/confirm', body, false),
    logout: () => post<void>('/v1/auth/logout'),
  },
  me: {
    get: () => get<UserSelf>('/v1/me'),
    update: (patch: ProfilePatch) => request<UserSelf>('PATCH', '/v1/me', { body: patch }),
    eligibility: () => get<Eligibility>('/v1/me/eligibility'),
    setPassword: (newPassword: string, currentPassword?: string) => put<void>('/v1/me/password', currentPassword ? { currentPassword, newPassword } : { newPassword }),
    guests: () => get<Guest[]>('/v1/me/guests'),
    addGuest: (name: string, mobile: string) => post<Guest>('/v1/me/guests', { name, mobile }),
    removeGuest: (id: string) => request<void>('DELETE', `/v1/me/guests/${encodeURIComponent(id)}`),
  },
  terms: {
    current: (lang: string) => get<TermsReply>('/v1/terms/current', { lang }),
    accept: (version: number) => post<void>('/v1/terms/accept', { version }),
  },
  catalog: {
    services: () => get<Service[]>('/v1/services', undefined, false),
    cities: () => get<City[]>('/v1/cities', undefined, false),
  },
  ops: {
    users: (q: { q?: string; role?: string; status?: string; limit?: number; offset?: number }) => get<{ total: number; items: UserOps[] }>('/v1/ops/users', q),
    user: (id: string) => get<UserOps>(`/v1/ops/users/${encodeURIComponent(id)}`),
    block: (id: string, reason: string) => post<UserOps>(`/v1/ops/users/${encodeURIComponent(id)}/block`, { reason }),
    unblock: (id: string, reason: string) => post<UserOps>(`/v1/ops/users/${encodeURIComponent(id)}/unblock`, { reason }),
    setRoles: (id: string, body: { roles: Role[]; providerKind: ProviderKind | null; reason: string }) => put<UserOps>(`/v1/ops/users/${encodeURIComponent(id)}/roles`, body),
    settings: () => get<Setting[]>('/v1/ops/settings'),
    setSetting: (key: string, body: { scopeType: string; scopeId: string; value?: unknown; reason?: string }) => put<Setting>(`/v1/ops/settings/${encodeURIComponent(key)}`, body),
    audit: (q: { actorId?: string; targetType?: string; targetId?: string; action?: string; before?: string; limit?: number }) => get<{ items: AuditEntry[]; nextBefore: string | null }>('/v1/ops/audit', q),
    publishTerms: (texts: Localized, announce: boolean) => post<{ version: number }>('/v1/ops/terms', { texts, announce }),
  },
  demo: {
    inbox: (mobile?: string, limit = 50) => get<DemoSms[]>('/v1/demo/sms', { mobile, limit }, false),
  },
};
