import { STATUS_CODES, type IncomingMessage, type InformationEvent, type ServerResponse } from 'node:http';
import { JSON_CONTENT_TYPE, type PorticoError } from '../common/http-errors';
import { copyUpstreamResponseHeaders } from './header-hygiene';
import type { ProxyContext } from './proxy-context';

/*
 * The client's response on the proxy has one owner at a time. Until the upstream's head is relayed
 * (its first body byte, or its end, makes Node write the status line), a failure still gets a clean
 * 502; once the status line is on the wire, cutting the connection is the only honest signal left.
 * Nothing else ever writes to the response, so a late upstream error cannot write after its end.
 */

export const VIA = '1.1 portico';
/** What Node refuses in a status message (and in header values): control characters other than tab. */
const INVALID_REASON = /[^\t\x20-\x7e\x80-\xff]/;
const msSince = (start: bigint) => String(Number((process.hrtime.bigint() - start) / 1_000_000n));

/**
 * An interim (1xx) answer the upstream sends ahead of its final one. 103 Early Hints is passed on with
 * its Link headers (so a browser can start fetching what the page will need) and 102 Processing as it
 * is. 100 Continue was Portico's to send (the forwarder answers Expect itself), 101 is the upgrade
 * path's, and the rest have no meaning to pass on. Nothing goes to an HTTP/1.0 client, which does not
 * know 1xx (RFC 9110 §15.2), nor after the final head; Link values Node will not write are dropped.
 */
export function relayInterimAnswer(info: InformationEvent, req: IncomingMessage, res: ServerResponse): void {
  if (res.headersSent || req.httpVersionMajor !== 1 || req.httpVersionMinor < 1) return;
  try {
    // Node joins repeated Link headers with ", "; writeEarlyHints wants each link value on its own.
    const link = info.headers.link;
    if (info.statusCode === 103 && link !== undefined) res.writeEarlyHints({ link: [link].flat().flatMap((value) => value.split(/,\s*(?=<)/)) });
    else if (info.statusCode === 102) res.writeProcessing();
  } catch {
    // A Link value Node refuses as malformed: the hints are optional, the final answer still follows.
  }
}

/**
 * Sets the client response's status and headers from the upstream's, without writing anything yet.
 * False when that head cannot be relayed (a status a final response may not have, a header value Node
 * will not write): the response is left untouched and the caller answers 502.
 */
export function prepareRelayedHead(proxyRes: IncomingMessage, ctx: ProxyContext): boolean {
  const { res } = ctx;
  const status = proxyRes.statusCode ?? 0;
  // 1xx never reach here as final answers except an unrequested 101, handled before; 099 parses as 99.
  if (status < 200 || status > 999) return false;
  if (!relayableFraming(proxyRes)) return false;
  try {
    copyUpstreamResponseHeaders(proxyRes.headers, res);
    const via = proxyRes.headers.via;
    res.setHeader('via', via ? `${via}, ${VIA}` : VIA);
    res.setHeader('x-portico-upstream-latency', msSince(ctx.upstreamStartedAt));
    res.setHeader('x-portico-proxy-latency', String(Number((ctx.upstreamStartedAt - ctx.startedAt) / 1_000_000n)));
    for (const name in ctx.responseHeaders) {
      const value = ctx.responseHeaders[name];
      const existing = name === 'set-cookie' ? res.getHeader('set-cookie') : undefined;
      res.setHeader(name, existing ? [...[existing as string | string[]].flat(), ...[value].flat()] : value);
    }
  } catch {
    clearHead(ctx);
    return false;
  }
  res.statusCode = status;
  // The upstream's own reason phrase when Node can write it; otherwise Node's standard one.
  const reason = proxyRes.statusMessage;
  if (reason && !INVALID_REASON.test(reason)) res.statusMessage = reason;
  return true;
}

/**
 * Node decodes only the chunked transfer coding. A body sent with another one (`Transfer-Encoding:
 * gzip, chunked`) would reach the client still compressed but labelled as plain, since
 * Transfer-Encoding is a hop-by-hop header Portico does not pass on: 502 instead, as nginx answers an
 * upstream's unknown transfer coding.
 */
function relayableFraming(proxyRes: IncomingMessage): boolean {
  const codings = proxyRes.headers['transfer-encoding'];
  return codings === undefined || codings.trim().toLowerCase() === 'chunked';
}

/**
 * Answers a failed forward. Before the status line: a well-formed error (standard reason, one framing
 * header, the JSON body), closing the connection when part of the client's body is still unread. After
 * it: the connection is cut. Answering twice is a no-op.
 */
export function answerFailure(ctx: ProxyContext, failure: PorticoError): void {
  const { res } = ctx;
  if (res.writableEnded || res.destroyed) return;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const upstream = ctx.upstreamResponse;
  if (upstream) {
    // Its buffered body must never reach the client after the error answer.
    ctx.upstreamResponse = null;
    upstream.unpipe(res);
    upstream.destroy();
  }
  clearHead(ctx);
  const body = JSON.stringify(failure.body);
  const headers: Record<string, string | number> = { 'content-type': JSON_CONTENT_TYPE, 'content-length': Buffer.byteLength(body), via: VIA };
  if (!ctx.req.complete) headers.connection = 'close';
  res.writeHead(failure.status, STATUS_CODES[failure.status], headers);
  res.end(body);
}

function clearHead({ res }: ProxyContext): void {
  for (const name of res.getHeaderNames()) res.removeHeader(name);
  res.statusMessage = undefined as unknown as string;
}
