import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, STATUS_BY_TYPE } from '../errors.js';

export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

const body = (code: string, message: string, details?: Record<string, unknown>): ErrorBody => ({ error: details ? { code, message, details } : { code, message } });

/** The one mapper from any thrown error to `{ error: { code, message, details } }`. */
export function errorHandler(err: FastifyError | AppError | Error, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof AppError) {
    if (err.retryAfterSeconds) reply.header('retry-after', String(err.retryAfterSeconds));
    return reply.status(STATUS_BY_TYPE[err.type]).send(body(err.code, err.message, err.details));
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const issues = err.validation.map((v) => ({
      path: [err.validationContext, ...String(v.instancePath ?? '').split('/').filter(Boolean)].join('.'),
      message: v.message,
    }));
    return reply.status(400).send(body('VALIDATION_FAILED', 'The request is not valid', { issues }));
  }
  if (isResponseSerializationError(err)) {
    req.log.error({ err, issues: err.cause?.issues }, 'response did not match its schema');
    return reply.status(500).send(body('INTERNAL', 'Something went wrong on our side'));
  }
  const fe = err as FastifyError;
  if (fe.statusCode === 429) {
    const retry = Number(reply.getHeader('retry-after') ?? 60);
    return reply.status(429).send(body('RATE_LIMITED', 'Too many requests; slow down', { retryAfterSeconds: retry }));
  }
  if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (err instanceof SyntaxError && fe.statusCode === 400)) {
    return reply.status(400).send(body('INVALID_JSON', 'The body is not valid JSON'));
  }
  if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return reply.status(400).send(body('INVALID_JSON', 'The body is empty'));
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.status(413).send(body('BODY_TOO_LARGE', 'The body is too large'));
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return reply.status(415).send(body('UNSUPPORTED_MEDIA_TYPE', 'Send JSON (application/json)'));
  if (fe.validation) return reply.status(400).send(body('VALIDATION_FAILED', fe.message));
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return reply.status(fe.statusCode).send(body(fe.code ?? 'BAD_REQUEST', fe.message));
  }
  if (isUnstorableText(err)) {
    // A NUL or a broken character in a text field: the client's input, not our bug.
    req.log.warn({ err }, 'input text the database cannot store');
    return reply.status(400).send(body('TEXT_NOT_STORABLE', 'The request contains characters that cannot be stored'));
  }
  req.log.error({ err }, 'unhandled error');
  return reply.status(500).send(body('INTERNAL', 'Something went wrong on our side'));
}

/** PostgreSQL's "character not in repertoire" (e.g. NUL in text) and "untranslatable character" (\u0000 in jsonb). */
const UNSTORABLE_TEXT_CODES = new Set(['22021', '22P05']);

function isUnstorableText(err: unknown): boolean {
  let cur = err as { code?: unknown; cause?: unknown } | undefined;
  for (let i = 0; i < 5 && cur; i++) {
    if (typeof cur.code === 'string' && UNSTORABLE_TEXT_CODES.has(cur.code)) return true;
    cur = cur.cause as typeof cur;
  }
  return false;
}

/**
 * Errors fastify's router raises before any route runs (a URL that is not valid percent-encoding,
 * a path parameter over maxParamLength). Pass as the `frameworkErrors` option of Fastify(), so
 * they get the same error shape as everything else.
 */
export function frameworkErrorHandler(err: FastifyError, _req: FastifyRequest, reply: FastifyReply) {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') return reply.status(414).send(body('URL_TOO_LONG', 'A part of the address is too long'));
  if (err.code === 'FST_ERR_BAD_URL') return reply.status(400).send(body('BAD_URL', 'The address is not valid'));
  return reply.status(err.statusCode && err.statusCode < 500 ? err.statusCode : 400).send(body('BAD_REQUEST', 'The request is not valid'));
}

export function notFoundHandler(req: FastifyRequest, reply: FastifyReply) {
  return reply.status(404).send(body('ROUTE_NOT_FOUND', `No route ${req.method} ${req.url.split('?')[0]}`));
}
