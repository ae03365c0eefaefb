import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { BlockList, Socket } from 'node:net';
import { createProxyMiddleware, RequestHandler } from 'http-proxy-middleware';
import { logger } from '../common/logger';
import type { PorticoConfig } from '../config/portico-config';
import { trustedProxiesOf } from '../common/trusted-proxies';
import { PORTICO_CONFIG } from '../config/config.token';
import type { ServiceEntity } from '../gateway/service.entity';
import type { UpstreamTarget } from './upstream-target';
import { answerFailure, prepareRelayedHead, relayInterimAnswer } from './client-response';
import { contextOf, ProxyContext } from './proxy-context';
import { setForwardedHeaders, setIdentityHeaders } from './upstream-headers';
import {
  InvalidUpstreamResponseError,
  isRetryableFailure,
  RequestBodyTimeoutError,
  upstreamError,
  UpstreamTimeoutError,
} from './upstream-errors';
import { openUpgradeRequest, PendingUpgrade, spliceTunnel, upgradeOf } from './websocket-upgrade';

/** Where a service's requests go, computed once per route-table compile. */
const RETRYABLE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

const CONTEXT_OF_UPSTREAM_REQUEST = Symbol('portico.upstreamRequestContext');
type UpstreamRequest = http.ClientRequest & { [CONTEXT_OF_UPSTREAM_REQUEST]?: ProxyContext };

function relayInterim(this: UpstreamRequest, info: http.InformationEvent): void {
  const ctx = this[CONTEXT_OF_UPSTREAM_REQUEST]!;
  relayInterimAnswer(info, ctx.req, ctx.res);
}

/**
 * Forwards a request that passed the pipeline. Two http-proxy-middleware instances (plain and TLS
 * upstreams, each over its keep-alive agent) serve every service: the target comes from the request's
 * route, so admin changes never create proxies, listeners or sockets, and Node's agent keeps one warm
 * pool per upstream host:port.
 */
@Injectable()
export class Forwarder implements OnModuleDestroy {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxFreeSockets: 256, scheduling: 'lifo', timeout: 60_000 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxFreeSockets: 256, scheduling: 'lifo', timeout: 60_000 });
  private readonly trusted: BlockList;
  private readonly httpProxy: RequestHandler<IncomingMessage, ServerResponse>;
  private readonly httpsProxy: RequestHandler<IncomingMessage, ServerResponse>;

  constructor(@Inject(PORTICO_CONFIG) config: PorticoConfig) {
    this.trusted = trustedProxiesOf(config);
    this.httpProxy = this.createProxy(this.httpAgent);
    this.httpsProxy = this.createProxy(this.httpsAgent);
  }

  onModuleDestroy() {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private createProxy(agent: http.Agent): RequestHandler<IncomingMessage, ServerResponse> {
    return createProxyMiddleware<IncomingMessage, ServerResponse>({
      router: (req) => contextOf(req).route.upstream.target,
      agent,
      changeOrigin: false,
      xfwd: false,
      secure: true,
      // Portico writes the client's response itself (client-response.ts). http-proxy's own relay copies
      // the upstream's head onto the response before the body arrives, so an upstream failure found
      // meanwhile ended up answered on top of it, or written after its end (which killed the process).
      selfHandleResponse: true,
      // Our own handlers replace the default logging and error plugins (which would print to the
      // console and answer errors as text).
      ejectPlugins: true,
      plugins: [
        (server) => {
          server.on('proxyReq', (proxyReq, req) => this.onProxyRequest(proxyReq, contextOf(req)));
          server.on('proxyRes', (proxyRes, req) => this.onProxyResponse(proxyRes, contextOf(req)));
          server.on('error', (err, req) => this.onError(err as NodeJS.ErrnoException, contextOf(req as IncomingMessage)));
        },
      ],
    });
  }

  forward(ctx: ProxyContext): void {
    const { req } = ctx;
    const headers = req.headers;
    setForwardedHeaders(ctx, this.trusted);
    if (!ctx.route.preserve_host) headers.host = ctx.route.upstream.hostHeader;
    for (const name of ctx.dropRequestHeaders) delete headers[name];
    setIdentityHeaders(ctx);
    Object.assign(headers, ctx.upstreamHeaders);
    req.url = this.upstreamPath(ctx) + ctx.query;
    if (headers.expect !== undefined) {
      // The proxy listener holds back `100 Continue` (see proxy-app.module.ts) until the request has
      // passed authentication and access checks, which it now has. Having answered it ourselves, the
      // upstream is not asked to.
      delete headers.expect;
      ctx.res.writeContinue();
    }
    // A body still on its way must arrive within read_timeout, however slowly it trickles.
    if (!req.complete && !upgradeOf(req)) {
      ctx.bodyTimer = setTimeout(this.onBodyTimeout, ctx.route.upstream.service.read_timeout, ctx);
      req.once('end', clearBodyTimer);
    }
    this.send(ctx);
  }

  private send(ctx: ProxyContext): void {
    const upgrade = upgradeOf(ctx.req);
    if (upgrade) return this.tunnel(ctx, upgrade);
    const proxy = ctx.route.upstream.service.protocol === 'https' ? this.httpsProxy : this.httpProxy;
    void proxy(ctx.req, ctx.res, (err?: unknown) => {
      if (err) this.onError(err as NodeJS.ErrnoException, ctx);
    });
  }

  /**
   * A WebSocket upgrade that passed the pipeline: asked of the upstream on a connection of its own. A
   * 101 joins the two sockets; any other answer is relayed like a normal response (after which the
   * client's connection closes); failures get the usual 502/503/504.
   */
  private tunnel(ctx: ProxyContext, client: PendingUpgrade): void {
    const proxyReq = openUpgradeRequest(ctx);
    this.watchUpstream(proxyReq, ctx);
    proxyReq.on('error', (err) => this.onError(err, ctx));
    proxyReq.on('response', (proxyRes) => this.onProxyResponse(proxyRes, ctx));
    proxyReq.on('upgrade', (proxyRes, socket, head) => {
      if (spliceTunnel(ctx, client, proxyRes, socket, head)) return;
      socket.destroy();
      this.onError(new InvalidUpstreamResponseError('unacceptable 101 Switching Protocols'), ctx);
    });
    client.socket.once('close', () => proxyReq.destroy());
    proxyReq.end();
  }

  /** strip_path removes what the route matched; the service path is prepended (Kong's joining rules). */
  private upstreamPath(ctx: ProxyContext): string {
    let rest = ctx.path;
    if (ctx.route.strip_path && ctx.matchedPrefix) rest = rest.slice(ctx.matchedPrefix.length);
    const base = ctx.route.upstream.service.path;
    if (!base) return rest.charCodeAt(0) === 0x2f ? rest : `/${rest}`;
    if (rest === '') return base;
    const baseSlash = base.endsWith('/');
    const restSlash = rest.charCodeAt(0) === 0x2f;
    if (baseSlash && restSlash) return base + rest.slice(1);
    return baseSlash || restSlash ? base + rest : `${base}/${rest}`;
  }

  private onProxyRequest(proxyReq: http.ClientRequest, ctx: ProxyContext): void {
    this.watchUpstream(proxyReq, ctx);
    // Without a listener Node skips interim answers; with one it hands each over before the final one.
    // One shared listener, which finds the context on the request: no closure per proxied request.
    (proxyReq as UpstreamRequest)[CONTEXT_OF_UPSTREAM_REQUEST] = ctx;
    proxyReq.on('information', relayInterim);
    // The client's Upgrade header was stripped, so a 101 was never asked for. Without a listener Node
    // silently drops the socket and the client would wait forever.
    proxyReq.once('upgrade', (_res, socket) => {
      socket.destroy();
      this.onError(new InvalidUpstreamResponseError('unrequested 101 Switching Protocols'), ctx);
    });
  }

  /** Our own timers, so a timeout is told apart from a reset (http-proxy's proxyTimeout aborts with ECONNRESET) and connecting has its own limit. */
  private watchUpstream(proxyReq: http.ClientRequest, ctx: ProxyContext): void {
    ctx.upstreamStartedAt = process.hrtime.bigint();
    ctx.upstreamRequest = proxyReq;
    const { connect_timeout, read_timeout } = ctx.route.upstream.service;
    proxyReq.setTimeout(read_timeout, () => proxyReq.destroy(new UpstreamTimeoutError('read')));
    const watchConnect = (socket: Socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(() => proxyReq.destroy(new UpstreamTimeoutError('connect')), connect_timeout);
      socket.once('connect', () => clearTimeout(timer));
      proxyReq.once('close', () => clearTimeout(timer));
    };
    // http-proxy announces the request from inside its 'socket' event, which has then already fired.
    if (proxyReq.socket) watchConnect(proxyReq.socket);
    else proxyReq.once('socket', watchConnect);
  }

  private onProxyResponse(proxyRes: IncomingMessage, ctx: ProxyContext): void {
    const { res } = ctx;
    if (res.writableEnded || res.destroyed) {
      // Already answered (the client's body timed out) or the client is gone.
      proxyRes.destroy();
      return;
    }
    if (!prepareRelayedHead(proxyRes, ctx)) {
      proxyRes.destroy();
      this.onError(new InvalidUpstreamResponseError(`unrelayable response, status ${proxyRes.statusCode}`), ctx);
      return;
    }
    ctx.upstreamResponse = proxyRes;
    // Streaming in both directions means a cut on one side must reach the other: pipe() alone leaves
    // the client waiting for a body the upstream will never finish, and keeps the upstream sending
    // (and its socket busy) for a client that went away. An upstream that dies before the first body
    // byte was relayed still gets the client a 502.
    proxyRes.once('close', () => {
      if (!proxyRes.complete && ctx.upstreamResponse === proxyRes) {
        this.onError(new InvalidUpstreamResponseError('upstream closed before its response ended'), ctx);
      }
    });
    res.once('close', () => {
      if (!res.writableFinished) proxyRes.destroy();
    });
    proxyRes.pipe(res);
  }

  private onError(err: NodeJS.ErrnoException, ctx: ProxyContext): void {
    // Errors can arrive more than once (http-proxy reports the client's and the upstream's request),
    // and after the answer is complete or the client has gone: nothing is left to answer then.
    if (ctx.res.writableEnded || ctx.res.destroyed) return;
    if (this.shouldRetry(err, ctx)) {
      ctx.retries++;
      this.send(ctx);
      return;
    }
    const failure = upstreamError(err);
    logger().warn(
      { request_id: ctx.requestId, reason: failure.reason, code: err.code, service: ctx.route.upstream.service.id, route: ctx.route.id, retries: ctx.retries },
      'upstream request failed',
    );
    answerFailure(ctx, failure);
  }

  /** The client's body did not arrive in time: abort the upstream request and answer 408, closing the connection. */
  private readonly onBodyTimeout = (ctx: ProxyContext): void => {
    ctx.bodyTimer = null;
    const err = new RequestBodyTimeoutError();
    if (ctx.res.writableEnded) {
      // The upstream answered before the body was in (Node is reading and discarding the rest to keep
      // the connection); only the connection the client holds is left to close.
      ctx.req.socket.destroy();
      return;
    }
    ctx.upstreamRequest?.destroy(err);
    this.onError(err, ctx);
  };

  /** Only connection failures before any answer, only idempotent methods, only requests without a body (it was streamed once). */
  private shouldRetry(err: NodeJS.ErrnoException, ctx: ProxyContext): boolean {
    const { req } = ctx;
    if (ctx.retries >= ctx.route.upstream.service.retries || ctx.res.headersSent || ctx.upstreamResponse || !isRetryableFailure(err)) return false;
    if (!RETRYABLE_METHODS.has(req.method ?? '')) return false;
    const length = req.headers['content-length'];
    return !req.headers['transfer-encoding'] && (length === undefined || length === '0');
  }
}

function clearBodyTimer(this: IncomingMessage): void {
  const ctx = contextOf(this);
  if (ctx.bodyTimer) clearTimeout(ctx.bodyTimer);
  ctx.bodyTimer = null;
}
