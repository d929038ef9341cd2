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
  req.log.error({ err }, 'unhandled error');
  return reply.status(500).send(body('INTERNAL', 'Something went wrong on our side'));
}

export function notFoundHandler(req: FastifyRequest, reply: FastifyReply) {
  return reply.status(404).send(body('ROUTE_NOT_FOUND', `No route ${req.method} ${req.url.split('?')[0]}`));
}
