/** The closed set of error kinds; the HTTP mapper turns each into one status code. */
export type ErrorType =
  | 'validation'
  | 'not_found'
  | 'forbidden'
  | 'conflict'
  | 'unauthenticated'
  | 'rate_limited'
  | 'unavailable';

export const STATUS_BY_TYPE: Record<ErrorType, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
};

/** The one error services throw: a kind, a stable domain code, a message and details. */
export class AppError extends Error {
  constructor(
    readonly type: ErrorType,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const validation = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError('validation', code, message, details);
export const notFound = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError('not_found', code, message, details);
export const forbidden = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError('forbidden', code, message, details);
export const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError('conflict', code, message, details);
export const unauthenticated = (code: string, message: string) => new AppError('unauthenticated', code, message);
export const rateLimited = (code: string, message: string, retryAfterSeconds: number, details?: Record<string, unknown>) =>
  new AppError('rate_limited', code, message, { ...details, retryAfterSeconds }, retryAfterSeconds);

/** Asserts an invariant that must hold whatever the input; a failure is a bug, not bad input. */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Invariant violated: ${message}`);
}
