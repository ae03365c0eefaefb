import { type IncomingMessage, type OutgoingHttpHeaders, STATUS_CODES, type Server, type ServerOptions, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { JSON_CONTENT_TYPE, PorticoError } from './http-errors';

/*
 * Errors raised before any route runs (by Node's parser and timers, or by Fastify's router) answered
 * in Portico's JSON shape on every listener, instead of Node's bare status lines or Fastify's
 * `{"error":…,"code":"FST_ERR_…"}` objects. Nothing the client sent is echoed back.
 */

/** SPEC §5: a request line longer than 8 KB gets 414 (the rest of the head may take up to Node's 16 KB). */
export const MAX_REQUEST_TARGET = 8192;

export const ClientErrors = {
  malformed: () => new PorticoError(400, { message: 'Bad request' }, 'malformed_request'),
  timeout: () => new PorticoError(408, { message: 'Request timeout' }, 'request_timeout'),
  uriTooLong: () => new PorticoError(414, { message: 'URI too long' }, 'uri_too_long'),
  expectationFailed: () => new PorticoError(417, { message: 'Expectation failed' }, 'expectation_failed'),
  headersTooLarge: () => new PorticoError(431, { message: 'Request header or cookie too large' }, 'headers_too_large'),
};

/** A request answered here before any route ran, as far as it was read (never its target or headers). */
export interface RefusedRequest {
  socket: Socket;
  error: PorticoError;
  /** The request line's method when it could be read, else ''. */
  method: string;
}

/**
 * Told of each request Node refused on a listener that counts and logs its requests (the proxy);
 * returns the request id the answer carries in X-Portico-Request-Id.
 */
export type ClientErrorWitness = (refused: RefusedRequest) => string;

const REQUEST_ID_HEADER = 'X-Portico-Request-Id';

/** The Fastify options every listener shares. */
export function clientErrorFastifyOptions(headersTimeoutMs: number, witness?: ClientErrorWitness): Partial<FastifyServerOptions> {
  const options: Partial<FastifyServerOptions> & { http: ServerOptions } = {
    clientErrorHandler: (err: ClientError, socket: Socket) => answerClientError(err, socket, witness),
    frameworkErrors: answerFrameworkError,
    // Only the 8 KB request-target limit applies to path segments too.
    routerOptions: { maxParamLength: MAX_REQUEST_TARGET },
    // A request that reaches a listener while it drains (pipelined, or on a busy keep-alive connection)
    // is served with `Connection: close`, as nginx does, instead of Fastify's own 503 object.
    return503OnClosing: false,
    http: {
      // A client that has not sent its whole head in time gets 408. Node checks on an interval
      // (30 s by default), which would let a 60 s limit stretch to 90 s.
      headersTimeout: headersTimeoutMs,
      connectionsCheckingInterval: Math.max(10, Math.min(30_000, Math.floor(headersTimeoutMs / 4))),
    },
  };
  return options;
}

/** Request targets over the limit get 414 before routing looks at them (the proxy checks in its first stage). */
export function limitRequestTarget(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    if ((request.raw.url?.length ?? 0) > MAX_REQUEST_TARGET) sendError(reply, ClientErrors.uriTooLong());
    else done();
  });
}

/**
 * A response sent before the client's body was read (a denied upload, a 415 before parsing) closes the
 * connection, rather than reading and discarding the rest of the body to keep it. Only answers Fastify
 * sends run this; proxied responses are the forwarder's.
 */
export function closeWhenBodyUnread(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (!request.raw.complete) reply.header('connection', 'close');
    done(null, payload);
  });
}

/** Node answers an `Expect` other than 100-continue with a bare 417 unless someone listens. */
export function answerUnmetExpectations(server: Server, witness?: ClientErrorWitness): void {
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    const error = ClientErrors.expectationFailed();
    const body = JSON.stringify(error.body);
    const headers: OutgoingHttpHeaders = { 'content-type': JSON_CONTENT_TYPE, 'content-length': Buffer.byteLength(body), connection: 'close' };
    if (witness) headers[REQUEST_ID_HEADER] = witness({ socket: req.socket, error, method: req.method ?? '' });
    res.writeHead(417, headers);
    res.end(body);
  });
}

type ClientError = { code?: string; rawPacket?: unknown };

function answerClientError(err: ClientError, socket: Socket, witness: ClientErrorWitness | undefined): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  // As Node's own handler does: never write into a response whose first bytes already went out
  // (a malformed pipelined request behind one still being answered).
  const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    const error = clientErrorFor(err);
    const requestId = witness?.({ socket, error, method: requestMethod(err.rawPacket) });
    socket.write(rawAnswer(error, requestId));
  }
  socket.destroy();
}

/** The answer to an error Node raised on a connection. */
export function clientErrorFor(err: ClientError): PorticoError {
  switch (err.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return ClientErrors.timeout();
    case 'HPE_HEADER_OVERFLOW':
      return requestLineTooLong(err.rawPacket) ? ClientErrors.uriTooLong() : ClientErrors.headersTooLarge();
    default:
      return ClientErrors.malformed();
  }
}

const REQUEST_LINE_START = /^[A-Za-z]+ /;

/** Node's limit covers the whole head; the request line alone being over 8 KB makes it a 414. */
function requestLineTooLong(packet: unknown): boolean {
  if (!Buffer.isBuffer(packet) || !REQUEST_LINE_START.test(packet.toString('latin1', 0, 32))) return false;
  const eol = packet.indexOf(0x0a);
  return (eol === -1 ? packet.length : eol) > MAX_REQUEST_TARGET;
}

/** The request line's method, when the packet starts with one (at most 16 letters); never more of it. */
export function requestMethod(packet: unknown): string {
  if (!Buffer.isBuffer(packet)) return '';
  return /^([A-Z]{1,16}) /.exec(packet.toString('latin1', 0, 17))?.[1] ?? '';
}

function rawAnswer(error: PorticoError, requestId?: string): string {
  const body = JSON.stringify(error.body);
  const id = requestId ? `${REQUEST_ID_HEADER}: ${requestId}\r\n` : '';
  return (
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status]}\r\n` +
    `Content-Type: ${JSON_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${id}Connection: close\r\n\r\n${body}`
  );
}

function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  sendError(reply, error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? ClientErrors.uriTooLong() : ClientErrors.malformed());
}

function sendError(reply: FastifyReply, error: PorticoError): void {
  reply.code(error.status).header('content-type', JSON_CONTENT_TYPE).send(JSON.stringify(error.body));
}
