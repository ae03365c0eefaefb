import { HttpException } from '@nestjs/common';
import { Errors, JSON_CONTENT_TYPE, PorticoError } from './http-errors';
import { logger } from './logger';
import { isDatabaseUnavailable } from './database-unavailable';

export interface ErrorResponse {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

/**
 * One translation from anything thrown to the JSON error a client sees, shared by every listener's
 * exception filter and Fastify error handler. Unknown errors become a bare 500: the stack goes to the
 * log, never to the client.
 */
export function toErrorResponse(err: unknown): ErrorResponse {
  const known = toPorticoError(err);
  return { status: known.status, body: known.body, headers: { 'content-type': JSON_CONTENT_TYPE, ...known.headers } };
}

function toPorticoError(err: unknown): PorticoError {
  if (err instanceof PorticoError) return err;
  if (isDatabaseUnavailable(err)) {
    logger().warn({ reason: 'database_unavailable', code: (err as { code?: string }).code }, 'the database is unavailable');
    return Errors.databaseUnavailable();
  }
  if (err instanceof HttpException) return fromStatus(err.getStatus(), err.message);
  const status = (err as { statusCode?: unknown })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return fromStatus(status, (err as Error).message);
  }
  logger().error({ err }, 'unexpected error');
  return Errors.internal();
}

function fromStatus(status: number, message: string): PorticoError {
  switch (status) {
    case 404:
      return Errors.notFound();
    case 401:
      return Errors.unauthorized();
    case 405:
      return Errors.methodNotAllowed();
    case 413:
      return new PorticoError(413, { message: 'Request body too large' }, 'body_too_large');
    case 415:
      return Errors.unsupportedMediaType();
    case 400:
      return Errors.badRequest(/JSON/i.test(message) ? 'Cannot parse JSON body' : 'Bad request');
    default:
      return status >= 500 ? Errors.internal() : new PorticoError(status, { message }, 'client_error');
  }
}
