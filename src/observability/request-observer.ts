import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BlockList } from 'node:net';
import type { FastCounterChild, FastHistogramChild } from './fast-metrics';
import { clientAddress, trustedProxiesOf } from '../common/trusted-proxies';
import type { PorticoConfig } from '../config/portico-config';
import { PORTICO_CONFIG } from '../config/config.token';
import { AccessLogSink, isoTimeNow, loggablePath, openAccessLog } from './access-log';
import { metrics } from './metrics';

export const REQUEST_ID_HEADER = 'x-portico-request-id';

/** The route a request matched, as metrics and the access log name it. */
export interface ObservedRoute {
  readonly id: string;
  readonly name: string | null;
  readonly service: { readonly id: string; readonly name: string | null };
}

/**
 * A proxied request as the observer reads it (the proxy's ProxyContext is one): defined here so that
 * observability does not import the proxy, which imports observability.
 */
export interface ObservedRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** process.hrtime.bigint() when the request arrived, and when it was sent upstream (0n: never). */
  readonly startedAt: bigint;
  readonly upstreamStartedAt: bigint;
  /** Undefined until a route matched. */
  readonly route: ObservedRoute | undefined;
  requestId: string;
  bytesWrittenBefore: number;
  readonly rawPath: string;
  readonly clientQuery: string;
  readonly consumer: { readonly id: string; readonly username: string | null; readonly custom_id: string | null } | null;
  readonly applicationId: string | null;
  readonly denial: string | null;
}

/** A route's metric children, made once per route so a request never hashes label sets. */
interface RouteSeries {
  service: string;
  route: string;
  total: FastHistogramChild;
  upstream: FastHistogramChild;
  portico: FastHistogramChild;
  bytesIn: FastCounterChild;
  bytesOut: FastCounterChild;
  /** Keyed by `application \0 code`. */
  requests: Map<string, FastCounterChild>;
  denials: Map<string, FastCounterChild>;
}

const CONTEXT_OF_RESPONSE = Symbol('portico.observedContext');
type ObservedResponse = ServerResponse & { [CONTEXT_OF_RESPONSE]?: ObservedRequest };

const NONE = 'none';
const NS_PER_S = 1e9;

/**
 * Watches every proxied request once, from the moment a context exists to the response's 'close':
 * gives it its request id (on the response, to the upstream), then counts it in the metrics and
 * writes its access-log line. One listener per response, no closure per request.
 */
@Injectable()
export class RequestObserver implements OnModuleDestroy {
  private readonly series = new WeakMap<ObservedRoute, RouteSeries>();
  private readonly unmatched: RouteSeries;
  /** Also written by the proxy listener's refused requests (client-error-observer.ts). */
  readonly accessLog: AccessLogSink | null;
  private readonly trusted: BlockList;
  private readonly onClose: (this: ObservedResponse) => void;

  constructor(@Inject(PORTICO_CONFIG) config: PorticoConfig) {
    this.accessLog = openAccessLog(config.accessLog);
    this.trusted = trustedProxiesOf(config);
    this.unmatched = this.makeSeries(NONE, NONE);
    const observer = this;
    this.onClose = function () {
      observer.finish(this[CONTEXT_OF_RESPONSE]!);
    };
  }

  onModuleDestroy() {
    this.accessLog?.flush();
  }

  /** Called by the first pipeline stage, once the context exists. */
  begin(ctx: ObservedRequest): void {
    const id = randomUUID();
    ctx.requestId = id;
    ctx.req.headers[REQUEST_ID_HEADER] = id;
    const res = ctx.res as ObservedResponse;
    res.setHeader(REQUEST_ID_HEADER, id);
    ctx.bytesWrittenBefore = ctx.req.socket.bytesWritten;
    res[CONTEXT_OF_RESPONSE] = ctx;
    // 'close' comes once per response; on() spares once()'s wrapper and its removal on every request.
    res.on('close', this.onClose);
  }

  private finish(ctx: ObservedRequest): void {
    const now = process.hrtime.bigint();
    const res = ctx.res;
    const status = res.statusCode;
    const route = ctx.route;
    const series = route ? this.seriesOf(route) : this.unmatched;
    const totalNs = Number(now - ctx.startedAt);
    const forwarded = ctx.upstreamStartedAt !== 0n;
    const porticoNs = forwarded ? Number(ctx.upstreamStartedAt - ctx.startedAt) : totalNs;
    const upstreamNs = forwarded ? Number(now - ctx.upstreamStartedAt) : null;

    const application = ctx.applicationId ?? NONE;
    const key = `${application}\u0000${status}`;
    let requests = series.requests.get(key);
    if (!requests) {
      requests = metrics().requests.child(series.service, series.route, application, String(status));
      series.requests.set(key, requests);
    }
    requests.inc();
    series.total.observe(totalNs / NS_PER_S);
    series.portico.observe(porticoNs / NS_PER_S);
    if (upstreamNs !== null) series.upstream.observe(upstreamNs / NS_PER_S);
    const declaredIn = Number(ctx.req.headers['content-length']);
    if (declaredIn > 0) series.bytesIn.inc(declaredIn);
    const out = ctx.req.socket.bytesWritten - ctx.bytesWrittenBefore;
    if (out > 0) series.bytesOut.inc(out);
    if (ctx.denial !== null) {
      let denials = series.denials.get(ctx.denial);
      if (!denials) {
        denials = metrics().denials.child(series.service, series.route, ctx.denial);
        series.denials.set(ctx.denial, denials);
      }
      denials.inc();
    }

    if (this.accessLog) {
      this.accessLog.write({
        time: isoTimeNow(),
        request_id: ctx.requestId,
        client: clientAddress(ctx.req, this.trusted),
        method: ctx.req.method ?? '',
        path: loggablePath(ctx.rawPath, ctx.clientQuery),
        status,
        latencies: { total_ms: toMs(totalNs), upstream_ms: upstreamNs === null ? null : toMs(upstreamNs), portico_ms: toMs(porticoNs) },
        service: route ? route.service.name ?? route.service.id : null,
        route: route ? route.name ?? route.id : null,
        consumer: ctx.consumer ? ctx.consumer.username ?? ctx.consumer.custom_id ?? ctx.consumer.id : null,
        application: ctx.applicationId,
        denial_reason: ctx.denial,
      });
    }
  }

  private seriesOf(route: ObservedRoute): RouteSeries {
    let series = this.series.get(route);
    if (!series) {
      series = this.makeSeries(route.service.name ?? route.service.id, route.name ?? route.id);
      this.series.set(route, series);
    }
    return series;
  }

  private makeSeries(service: string, route: string): RouteSeries {
    const m = metrics();
    return {
      service,
      route,
      total: m.latency.child(service, route, 'total'),
      upstream: m.latency.child(service, route, 'upstream'),
      portico: m.latency.child(service, route, 'portico'),
      bytesIn: m.bytes.child(service, route, 'in'),
      bytesOut: m.bytes.child(service, route, 'out'),
      requests: new Map(),
      denials: new Map(),
    };
  }
}

const toMs = (ns: number) => Math.round(ns / 10_000) / 100;
