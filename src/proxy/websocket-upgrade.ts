import http, { IncomingMessage, ServerResponse, validateHeaderName, validateHeaderValue } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { VIA } from './client-response';
import { isHopByHop } from './header-hygiene';
import type { ProxyContext } from './proxy-context';

/** The client side of a WebSocket upgrade while the pipeline checks it. */
export interface PendingUpgrade {
  readonly socket: Duplex;
  /** Bytes the client sent after its request head (an early first frame). */
  readonly head: Buffer;
}

const PENDING = Symbol('portico.pendingUpgrade');
type UpgradingRequest = IncomingMessage & { [PENDING]?: PendingUpgrade };

export function upgradeOf(req: IncomingMessage): PendingUpgrade | undefined {
  return (req as UpgradingRequest)[PENDING];
}

const isWebSocket = (req: IncomingMessage) => req.method === 'GET' && req.headers.upgrade?.trim().toLowerCase() === 'websocket';

/**
 * Node hands requests with `Upgrade` to the server's 'upgrade' event, outside the request handler.
 * WebSocket upgrades are put through the same Fastify route, and so the same pipeline, with a response
 * bound to the socket: a denial (or an upstream's refusal) is written like any answer and the
 * connection then closes; a request that passes is tunnelled by the forwarder. Other protocols (h2c)
 * are served as plain HTTP/1.1, as they were before Portico took upgrades.
 *
 * Returns what closes every upgraded connection still open: Node's server.close() would otherwise wait
 * for each tunnel to end before shutdown could finish.
 */
export function routeUpgradesThroughPipeline(server: http.Server): () => void {
  const open = new Set<Socket>();
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    // Node leaves an upgraded socket without an error listener.
    socket.on('error', () => socket.destroy());
    if (!isWebSocket(req)) {
      serveWithoutUpgrade(server, req, socket, head);
      return;
    }
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    (req as UpgradingRequest)[PENDING] = { socket, head };
    const res = new ServerResponse(req);
    res.shouldKeepAlive = false;
    res.assignSocket(socket);
    res.once('finish', () => socket.end());
    server.emit('request', req, res);
  });
  return () => open.forEach((socket) => socket.destroy());
}

/**
 * Puts the request head back in front of the bytes not yet read, without its Upgrade header, and hands
 * the socket to the HTTP server as a fresh connection: it is parsed again, body included, as plain HTTP.
 */
function serveWithoutUpgrade(server: http.Server, req: IncomingMessage, socket: Socket, head: Buffer): void {
  let text = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`;
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i].toLowerCase() !== 'upgrade') text += `${raw[i]}: ${raw[i + 1]}\r\n`;
  }
  try {
    if (head.length) socket.unshift(head);
    socket.unshift(Buffer.from(`${text}\r\n`, 'latin1'));
  } catch {
    // The client already ended its side: there is nothing left to answer.
    socket.destroy();
    return;
  }
  server.emit('connection', socket);
}

/** The upgrade request to the upstream, on a connection of its own: an upgraded socket never goes back to a pool. */
export function openUpgradeRequest(ctx: ProxyContext): http.ClientRequest {
  const { target } = ctx.route.upstream;
  const headers = ctx.req.headers;
  // The client's own were stripped with the other hop-by-hop headers.
  headers.connection = 'Upgrade';
  headers.upgrade = 'websocket';
  const transport = target.protocol === 'https:' ? https : http;
  return transport.request({ protocol: target.protocol, hostname: target.hostname, port: target.port, method: 'GET', path: ctx.req.url, headers, agent: false });
}

/**
 * The upstream switched protocols: its 101 goes to the client with its end-to-end headers
 * (Sec-WebSocket-Accept, -Protocol, -Extensions) and our Via, then the two sockets are joined. A tunnel
 * idle for the service's read_timeout is closed, as Kong does. False (nothing written) when the upstream
 * switched to another protocol or sent a header that cannot be written.
 */
export function spliceTunnel(ctx: ProxyContext, client: PendingUpgrade, upstreamRes: IncomingMessage, upstream: Socket, upstreamHead: Buffer): boolean {
  if (upstreamRes.headers.upgrade?.trim().toLowerCase() !== 'websocket') return false;
  let head = 'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n';
  try {
    const raw = upstreamRes.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i];
      const lower = name.toLowerCase();
      if (isHopByHop(lower) || lower === 'via') continue;
      validateHeaderName(name);
      validateHeaderValue(name, raw[i + 1]);
      head += `${name}: ${raw[i + 1]}\r\n`;
    }
  } catch {
    return false;
  }
  const via = upstreamRes.headers.via;
  head += `Via: ${via ? `${via}, ${VIA}` : VIA}\r\n\r\n`;

  const { socket } = client;
  const { res } = ctx;
  // The response object is done with: destroyed, so no late error path writes to it.
  res.detachSocket(socket as Socket);
  res.destroy();
  ctx.upstreamRequest?.setTimeout(0);
  socket.write(head);
  if (upstreamHead.length) socket.write(upstreamHead);
  if (client.head.length) upstream.write(client.head);
  const close = () => {
    socket.destroy();
    upstream.destroy();
  };
  upstream.on('error', close);
  upstream.once('close', close);
  socket.once('close', close);
  upstream.setTimeout(ctx.route.upstream.service.read_timeout, close);
  upstream.pipe(socket).pipe(upstream);
  return true;
}
