import type { IncomingHttpHeaders, ServerResponse } from 'node:http';

/** RFC 9110 §7.6.1 hop-by-hop headers, plus the non-standard ones proxies are expected to drop. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade'];
const HOP_BY_HOP_SET = new Set(HOP_BY_HOP);
/** `name` in lower case. */
export const isHopByHop = (name: string) => HOP_BY_HOP_SET.has(name);

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
 * Copies the upstream's response headers onto the client's response, leaving out its hop-by-hop
 * headers (and those its `Connection` header names): they are about its connection to us, not ours to
 * the client. Transfer-Encoding goes too: Node frames the body itself (Content-Length when the upstream
 * gave one, else chunked for HTTP/1.1 or close-delimited for HTTP/1.0), so the client never sees two
 * framing headers and Connection reflects the client's own request. setHeader validates every value;
 * the caller turns a throw into a 502.
 */
export function copyUpstreamResponseHeaders(headers: IncomingHttpHeaders, res: ServerResponse): void {
  const connection = headers.connection;
  const listed = typeof connection === 'string' && connection !== 'close' && connection !== 'keep-alive' ? connectionTokens(connection) : null;
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || HOP_BY_HOP_SET.has(name) || listed?.has(name)) continue;
    res.setHeader(name, value);
  }
}

function connectionTokens(connection: string): Set<string> {
  const tokens = new Set<string>();
  for (const token of connection.split(',')) tokens.add(token.trim().toLowerCase());
  return tokens;
}
