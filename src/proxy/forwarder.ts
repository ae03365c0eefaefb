import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { BlockList } from 'node:net';
import { createProxyMiddleware, RequestHandler } from 'http-proxy-middleware';
import { JSON_CONTENT_TYPE } from '../common/http-errors';
import { logger } from '../common/logger';
import { PorticoConfig, trustedIpList } from '../config/portico-config';
import { PORTICO_CONFIG } from '../core/config.token';
import type { ServiceEntity } from '../gateway/service.entity';
import { stripUpstreamResponseHeaders } from './header-hygiene';
import { contextOf, ProxyContext } from './proxy-context';
import { setForwardedHeaders, setIdentityHeaders } from './upstream-headers';
import { isRetryableFailure, upstreamError, UpstreamTimeoutError } from './upstream-errors';

/** Where a service's requests go, computed once per route-table compile. */
export interface UpstreamTarget {
  readonly service: ServiceEntity;
  /** In the shape http-proxy uses as-is (a string target would be re-parsed on every request). */
  readonly target: { protocol: 'http:' | 'https:'; hostname: string; host: string; port: number };
  /** Host header for the upstream unless the route preserves the client's. */
  readonly hostHeader: string;
}

const RETRYABLE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);
const VIA = '1.1 portico';
const msSince = (start: bigint) => String(Number((process.hrtime.bigint() - start) / 1_000_000n));

export function upstreamTarget(service: ServiceEntity): UpstreamTarget {
  const bracketed = service.host.includes(':') ? `[${service.host}]` : service.host;
  const defaultPort = service.protocol === 'https' ? 443 : 80;
  return {
    service,
    target: { protocol: `${service.protocol}:`, hostname: service.host, host: service.host, port: service.port },
    hostHeader: service.port === defaultPort ? bracketed : `${bracketed}:${service.port}`,
  };
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
    this.trusted = trustedIpList(config.trustedIps);
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
      // Our own handlers replace the default logging and error plugins (which would print to the
      // console and answer errors as text).
      ejectPlugins: true,
      plugins: [
        (server) => {
          server.on('proxyReq', (proxyReq, req) => this.onProxyRequest(proxyReq, contextOf(req)));
          server.on('proxyRes', (proxyRes, req) => this.onProxyResponse(proxyRes, contextOf(req)));
          server.on('error', (err, req, res) => this.onError(err as NodeJS.ErrnoException, contextOf(req as IncomingMessage), res as ServerResponse));
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
    this.send(ctx);
  }

  private send(ctx: ProxyContext): void {
    const proxy = ctx.route.upstream.service.protocol === 'https' ? this.httpsProxy : this.httpProxy;
    void proxy(ctx.req, ctx.res, (err?: unknown) => {
      if (err) this.onError(err as NodeJS.ErrnoException, ctx, ctx.res);
    });
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
    ctx.upstreamStartedAt = process.hrtime.bigint();
    const { connect_timeout, read_timeout } = ctx.route.upstream.service;
    // Our own timers, so a timeout is told apart from a reset (http-proxy's proxyTimeout aborts
    // with ECONNRESET) and connecting has its own limit.
    proxyReq.setTimeout(read_timeout, () => proxyReq.destroy(new UpstreamTimeoutError('read')));
    proxyReq.once('socket', (socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(() => proxyReq.destroy(new UpstreamTimeoutError('connect')), connect_timeout);
      socket.once('connect', () => clearTimeout(timer));
      proxyReq.once('close', () => clearTimeout(timer));
    });
  }

  private onProxyResponse(proxyRes: IncomingMessage, ctx: ProxyContext): void {
    // Streaming in both directions means a cut on one side must reach the other: pipe() alone leaves
    // the client waiting for a body the upstream will never finish, and keeps the upstream sending
    // (and its socket busy) for a client that went away.
    proxyRes.once('close', () => {
      if (!proxyRes.complete) ctx.res.destroy();
    });
    ctx.res.once('close', () => {
      if (!ctx.res.writableFinished) proxyRes.destroy();
    });
    const headers = proxyRes.headers;
    stripUpstreamResponseHeaders(headers);
    headers.via = headers.via ? `${headers.via}, ${VIA}` : VIA;
    headers['x-portico-upstream-latency'] = msSince(ctx.upstreamStartedAt);
    headers['x-portico-proxy-latency'] = String(Number((ctx.upstreamStartedAt - ctx.startedAt) / 1_000_000n));
    for (const name in ctx.responseHeaders) {
      const value = ctx.responseHeaders[name];
      const existing = headers[name];
      if (name === 'set-cookie' && existing) headers['set-cookie'] = [...(existing as string[]), ...[value].flat()];
      else headers[name] = value as string;
    }
  }

  private onError(err: NodeJS.ErrnoException, ctx: ProxyContext, res: ServerResponse): void {
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
    if (res.headersSent) {
      // The response already started: all we can honestly do is cut it, so the client sees a broken body.
      res.destroy();
      return;
    }
    const body = JSON.stringify(failure.body);
    res.writeHead(failure.status, { 'content-type': JSON_CONTENT_TYPE, 'content-length': Buffer.byteLength(body), via: VIA });
    res.end(body);
  }

  /** Only connection failures before any answer, only idempotent methods, only requests without a body (it was streamed once). */
  private shouldRetry(err: NodeJS.ErrnoException, ctx: ProxyContext): boolean {
    const { req } = ctx;
    if (ctx.retries >= ctx.route.upstream.service.retries || ctx.res.headersSent || !isRetryableFailure(err)) return false;
    if (!RETRYABLE_METHODS.has(req.method ?? '')) return false;
    const length = req.headers['content-length'];
    return !req.headers['transfer-encoding'] && (length === undefined || length === '0');
  }
}
