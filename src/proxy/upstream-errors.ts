import { PorticoError } from '../common/http-errors';

/** Raised by the forwarder's own timers, so a timeout is never mistaken for a reset. */
export class UpstreamTimeoutError extends Error {
  readonly code = 'PORTICO_UPSTREAM_TIMEOUT';
  constructor(readonly phase: 'connect' | 'read' | 'write') {
    super(`upstream ${phase} timeout`);
  }
}

/** An upstream answer Portico will not relay (a status outside 200–999, an unrequested 101, a head Node refuses to write). */
export class InvalidUpstreamResponseError extends Error {
  readonly code = 'PORTICO_INVALID_UPSTREAM_RESPONSE';
}

/** The client did not finish sending its body within the service's read_timeout. */
export class RequestBodyTimeoutError extends Error {
  readonly code = 'PORTICO_REQUEST_BODY_TIMEOUT';
  constructor() {
    super('request body timeout');
  }
}

const UNAVAILABLE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
/**
 * Connection failures: the upstream could not be reached, or dropped the connection before answering
 * (as nginx's `proxy_next_upstream error`). A reset also covers the keep-alive race where the upstream
 * closes an idle pooled socket just as it is reused. The caller only retries requests that were not
 * answered yet and are idempotent.
 */
const RETRYABLE_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ECONNRESET', 'EPIPE']);

export function isRetryableFailure(err: NodeJS.ErrnoException): boolean {
  return (err instanceof UpstreamTimeoutError && err.phase === 'connect') || RETRYABLE_FAILURES.has(err.code ?? '');
}

/** Kong's three upstream failure answers, and the 408 for a client too slow with its body. */
export function upstreamError(err: NodeJS.ErrnoException): PorticoError {
  if (err instanceof RequestBodyTimeoutError) return new PorticoError(408, { message: 'Request timeout' }, 'request_body_timeout');
  if (err instanceof UpstreamTimeoutError) {
    return new PorticoError(504, { message: 'The upstream server is timing out' }, `upstream_${err.phase}_timeout`);
  }
  if (UNAVAILABLE.has(err.code ?? '')) {
    return new PorticoError(503, { message: 'The upstream server is currently unavailable' }, 'upstream_unavailable');
  }
  return new PorticoError(502, { message: 'An invalid response was received from the upstream server' }, 'upstream_error');
}
