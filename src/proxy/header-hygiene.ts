import type { IncomingHttpHeaders } from 'node:http';

/** RFC 9110 §7.6.1 hop-by-hop headers, plus the non-standard ones proxies are expected to drop. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade'];

/**
 * Identity headers only Portico may set. A client's copy is removed on every route, authenticated or
 * not, so an upstream can trust them.
 */
const IDENTITY_EXACT = new Set([
  'x-consumer-id',
  'x-consumer-custom-id',
  'x-consumer-username',
  'x-consumer-groups',
  'x-credential-identifier',
  'x-anonymous-consumer',
  'x-authenticated-groups',
]);
const isIdentityHeader = (name: string) => IDENTITY_EXACT.has(name) || name.startsWith('x-application-');

/**
 * Strips, in one place and in this order, what a client must not pass to the upstream: headers the
 * client's `Connection` header names (which could otherwise smuggle away headers Portico adds), the
 * hop-by-hop headers themselves, and spoofed identity headers. Portico's own headers are added after.
 */
export function stripClientHeaders(headers: IncomingHttpHeaders): void {
  const connection = headers.connection;
  if (connection) {
    for (const token of connection.split(',')) {
      const name = token.trim().toLowerCase();
      if (name) delete headers[name];
    }
  }
  for (const name of HOP_BY_HOP) {
    // Transfer-Encoding describes the body framing Node re-creates for the upstream connection.
    if (name !== 'transfer-encoding') delete headers[name];
  }
  for (const name in headers) {
    if (name.charCodeAt(0) === 0x78 /* x */ && isIdentityHeader(name)) delete headers[name];
  }
}

/**
 * The upstream's hop-by-hop response headers are about its connection to us, not ours to the client.
 * They are blanked rather than deleted: http-proxy skips undefined values when it copies the headers,
 * and `delete` would turn the object into a slow dictionary for every later lookup and copy.
 */
export function stripUpstreamResponseHeaders(headers: IncomingHttpHeaders): void {
  const connection = headers.connection;
  if (typeof connection === 'string') {
    for (const token of connection.split(',')) {
      const name = token.trim().toLowerCase();
      if (name && name !== 'close' && name !== 'keep-alive' && headers[name] !== undefined) headers[name] = undefined;
    }
  }
  for (const name of HOP_BY_HOP) {
    if (name !== 'transfer-encoding' && headers[name] !== undefined) headers[name] = undefined;
  }
}
