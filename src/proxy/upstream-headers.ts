import type { IncomingHttpHeaders } from 'node:http';
import type { BlockList } from 'node:net';
import { isTrustedSocket, peerAddress } from '../common/trusted-proxies';
import type { ProxyContext } from './proxy-context';

/**
 * X-Forwarded-* and X-Real-IP: believed from the client only when its address is in
 * PORTICO_TRUSTED_IPS (another proxy in front of us); otherwise replaced with what we saw.
 */
export function setForwardedHeaders(ctx: ProxyContext, trusted: BlockList): void {
  const { req } = ctx;
  const headers = req.headers;
  const peer = peerAddress(req.socket);
  const trust = isTrustedSocket(req.socket, trusted);

  const forwardedFor = headers['x-forwarded-for'];
  headers['x-forwarded-for'] = trust && forwardedFor ? `${forwardedFor}, ${peer}` : peer;
  keep(headers, trust, 'x-real-ip', peer);
  keep(headers, trust, 'x-forwarded-proto', 'http');
  const host = headers.host ?? '';
  keep(headers, trust, 'x-forwarded-host', host.replace(/:\d+$/, ''));
  keep(headers, trust, 'x-forwarded-port', String(req.socket.localPort ?? ''));
  keep(headers, trust, 'x-forwarded-path', ctx.rawPath);
  if (ctx.route.strip_path && ctx.matchedPrefix && ctx.matchedPrefix !== '/') {
    keep(headers, trust, 'x-forwarded-prefix', ctx.matchedPrefix);
  } else if (!trust) {
    delete headers['x-forwarded-prefix'];
  }
}

/** A trusted peer's own non-empty value stands; anyone else's is replaced with ours. */
function keep(headers: IncomingHttpHeaders, trust: boolean, name: string, ours: string): void {
  const theirs = headers[name];
  headers[name] = trust && typeof theirs === 'string' && theirs !== '' ? theirs : ours;
}

/** The consumer the pipeline mapped, as headers the upstream can trust (clients' copies were stripped). */
export function setIdentityHeaders(ctx: ProxyContext): void {
  const consumer = ctx.consumer;
  if (!consumer) return;
  const headers = ctx.req.headers;
  headers['x-consumer-id'] = consumer.id;
  if (consumer.custom_id !== null) headers['x-consumer-custom-id'] = consumer.custom_id;
  if (consumer.username !== null) headers['x-consumer-username'] = consumer.username;
  if (consumer.groups.length && !ctx.hideGroups) headers['x-consumer-groups'] = consumer.groups.join(', ');
  if (ctx.applicationId) headers['x-application-id'] = ctx.applicationId;
}
