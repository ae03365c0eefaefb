import type { IncomingMessage } from 'node:http';
import { isIP, type BlockList, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';

/** The peer's address as PORTICO_TRUSTED_IPS is written: dual-stack sockets report IPv4 peers as ::ffff:a.b.c.d. */
export function peerAddress(socket: Socket): string {
  const address = socket.remoteAddress ?? '';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/** A proxy in front of us (PORTICO_TRUSTED_IPS), whose X-Forwarded-* headers are believed. */
export function isTrustedPeer(address: string, trusted: BlockList): boolean {
  return address !== '' && trusted.check(address, address.includes(':') ? 'ipv6' : 'ipv4');
}

const TRUSTED = Symbol('portico.trustedPeer');

/**
 * isTrustedPeer for a connection, decided once per socket: a keep-alive connection's peer never
 * changes, and BlockList.check builds a SocketAddress on every call (measured ~6 µs per request).
 * Every caller passes the one list built from PORTICO_TRUSTED_IPS.
 */
export function isTrustedSocket(socket: Socket, trusted: BlockList): boolean {
  const marked = socket as Socket & { [TRUSTED]?: boolean };
  return (marked[TRUSTED] ??= isTrustedPeer(peerAddress(socket), trusted));
}

/** TLS on our own socket, or a trusted proxy in front that terminated it and says so in X-Forwarded-Proto. */
export function cameOverHttps(req: IncomingMessage, trusted: BlockList): boolean {
  if ((req.socket as TLSSocket).encrypted) return true;
  return isTrustedSocket(req.socket, trusted) && req.headers['x-forwarded-proto'] === 'https';
}

/**
 * SPEC §5's "client address": the peer, or when the peer is a trusted proxy, the first address not in
 * PORTICO_TRUSTED_IPS walking X-Forwarded-For from the right (the left part is the client's to forge).
 */
export function clientAddress(req: IncomingMessage, trusted: BlockList): string {
  const peer = peerAddress(req.socket);
  const forwardedFor = req.headers['x-forwarded-for'];
  if (!forwardedFor || !isTrustedSocket(req.socket, trusted)) return peer;
  const hops = String(forwardedFor).split(',');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i].trim();
    if (hop && !(isIP(hop) && isTrustedPeer(hop, trusted))) return hop;
  }
  return peer;
}
