import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { PorticoError } from '../../common/http-errors';
import { loggablePath } from '../../observability/access-log';
import { describeDenial } from '../../plugins/openid-connect/oidc-denials';
import { stripClientHeaders } from '../header-hygiene';
import { locateRoute } from '../pipeline/locate-route';
import { PLUGIN_STAGES_IN_ORDER } from '../pipeline/plugin-stage';
import { ProxyContext } from '../proxy-context';
import { RouteTableService } from '../route-table';
import { failedChecks, passedChecks, TokenCheck } from './token-checks';

export interface TraceRequest {
  method: string;
  /** `/path?query` or an absolute URL (its host becomes the Host header, as for a proxy client). */
  url: string;
  headers: Record<string, string>;
}

export interface TraceStep {
  stage: 'route' | 'credential' | 'authenticate' | 'resolve_consumer' | 'check_access';
  plugin?: string;
  verdict: 'passed' | 'failed' | 'skipped';
  detail: string;
  checks?: TokenCheck[];
  [more: string]: unknown;
}

export interface TraceReport {
  trace_id: string;
  request: { method: string; url: string };
  /** One sentence: what Portico would do with this request and why. */
  summary: string;
  decision: { allowed: boolean; status: number | null; reason: string | null; response: Record<string, unknown> | null; upstream: string | null };
  steps: TraceStep[];
}

/** Application-registration's reasons in words. */
const ACCESS_REASONS: Record<string, string> = {
  no_consumer: 'no consumer was mapped from the credential',
  not_an_application: 'the consumer is not an application (enable_proxy_with_consumer_credential is off)',
  application_missing: 'the application behind the consumer no longer exists',
  no_access_requested: 'the application has not requested access to this service',
  instance_status_1: "the application's access to this service is pending approval",
  instance_status_2: "the application's access to this service was rejected",
  instance_status_3: "the application's access to this service was revoked",
  instance_suspended: "the application's access to this service is suspended",
  developer_status_1: "the application's developer is pending approval",
  developer_status_2: "the application's developer was rejected",
  developer_status_3: "the application's developer was revoked",
  acl_no_consumer: 'no consumer was mapped, so no ACL group can match',
  no_route: 'no route matches the method, host and path',
  bad_path: 'the path escapes the root or is malformed',
};

const explain = (reason: string) => describeDenial(reason) ?? ACCESS_REASONS[reason] ?? reason.replace(/_/g, ' ');

/**
 * POST /trace: runs the proxy pipeline's stages, in PIPELINE_STAGES order, on a described request and
 * reports every stage's verdict, without forwarding anything. Stages run for real (the IdP may be
 * asked, caches warm up) so the answer is the one the proxy would give. The report never contains a
 * credential: only its kind, where it was found, the checks and the claims that decide.
 */
@Injectable()
export class PipelineTracer {
  constructor(private readonly routeTable: RouteTableService) {}

  async trace(input: TraceRequest): Promise<TraceReport> {
    const ctx = new ProxyContext(describedRequest(input), new ServerResponse(new IncomingMessage(new Socket())), process.hrtime.bigint());
    stripClientHeaders(ctx.req.headers);
    const steps: TraceStep[] = [];
    const report = (decision: TraceReport['decision'], summary: string): TraceReport => ({
      trace_id: randomUUID(),
      // As the access log writes it: a credential sent in the query is used above, never echoed.
      request: { method: input.method, url: withoutCredentialValues(input.url) },
      summary,
      decision,
      steps,
    });
    const denied = (error: PorticoError, where: string) =>
      report(
        { allowed: false, status: error.status, reason: error.reason, response: error.body, upstream: null },
        `denied at ${where}: ${error.status} ${JSON.stringify(error.body)} because ${explain(error.reason)} (${error.reason})`,
      );

    try {
      locateRoute(ctx, this.routeTable.current);
    } catch (err) {
      if (!(err instanceof PorticoError)) throw err;
      steps.push({ stage: 'route', verdict: 'failed', detail: explain(err.reason) });
      return denied(err, 'route');
    }
    const route = ctx.route;
    const service = route.service;
    steps.push({
      stage: 'route',
      verdict: 'passed',
      detail: `route ${route.name ?? route.id} of service ${service.name ?? service.id}`,
      route: { id: route.id, name: route.name, paths: route.paths, methods: route.methods, hosts: route.hosts },
      service: { id: service.id, name: service.name },
      plugins: route.plugins.map((p) => p.name),
    });

    for (const stage of PLUGIN_STAGES_IN_ORDER) {
      const plugins = stage.plugins(route);
      if (plugins.length === 0) {
        steps.push({ stage: stage.name, verdict: 'skipped', detail: 'no plugin on this route takes part in this stage' });
        continue;
      }
      for (const plugin of plugins) {
        const credential = stage.name === 'authenticate' ? plugin.describeCredential?.(ctx) : undefined;
        if (credential !== undefined) {
          steps.push({
            stage: 'credential',
            plugin: plugin.name,
            verdict: credential ? 'passed' : 'failed',
            detail: credential ? `${credential.type} credential found (${credential.from})` : 'no credential of a kind this plugin accepts',
          });
        }
        try {
          await stage.run(plugin, ctx);
        } catch (err) {
          if (!(err instanceof PorticoError)) throw err;
          const step: TraceStep = { stage: stage.name, plugin: plugin.name, verdict: 'failed', detail: explain(err.reason), reason: err.reason };
          if (stage.name === 'authenticate' && credential) step.checks = failedChecks(credential.type, err.reason, explain);
          steps.push(step);
          return denied(err, `${stage.name} (${plugin.name})`);
        }
        steps.push(this.passed(stage.name, plugin.name, ctx));
      }
    }

    const upstream = `${service.protocol}://${route.upstream.hostHeader}`;
    return report(
      { allowed: true, status: null, reason: null, response: null, upstream },
      `allowed: would be forwarded to service ${service.name ?? service.id} at ${upstream}` +
        (ctx.consumer ? ` as consumer ${ctx.consumer.username ?? ctx.consumer.custom_id ?? ctx.consumer.id}` : '') +
        (ctx.applicationId ? ` for application ${ctx.applicationId}` : ''),
    );
  }

  private passed(stage: TraceStep['stage'], plugin: string, ctx: ProxyContext): TraceStep {
    if (stage === 'authenticate' && ctx.credential) {
      const { kind, issuer, claims, expiresAt } = ctx.credential;
      return {
        stage,
        plugin,
        verdict: 'passed',
        detail: `${kind} credential accepted, issued by ${issuer}`,
        checks: passedChecks(kind),
        claims: pick(claims, ['iss', 'sub', 'aud', 'client_id', 'azp', 'application_id', 'scope', 'scp', 'iat', 'exp']),
        expires_at: expiresAt,
      };
    }
    if (stage === 'resolve_consumer') {
      const consumer = ctx.consumer;
      return consumer
        ? { stage, plugin, verdict: 'passed', detail: `consumer ${consumer.username ?? consumer.custom_id ?? consumer.id} (${consumer.type})`, consumer: { ...consumer } }
        : { stage, plugin, verdict: 'passed', detail: 'no consumer mapped (consumer_optional)' };
    }
    if (stage === 'check_access') {
      return {
        stage,
        plugin,
        verdict: 'passed',
        detail: ctx.applicationId ? `application ${ctx.applicationId} is approved for this service` : 'access granted',
        application_id: ctx.applicationId,
      };
    }
    return { stage, plugin, verdict: 'passed', detail: 'passed' };
  }
}

/** A request object the stages can read like a real one; it has no connection behind it. */
function describedRequest(input: TraceRequest): IncomingMessage {
  const req = new IncomingMessage(new Socket());
  req.method = input.method.toUpperCase();
  req.url = input.url;
  const rawHeaders: string[] = [];
  for (const [name, value] of Object.entries(input.headers)) {
    req.headers[name.toLowerCase()] = value;
    rawHeaders.push(name, value);
  }
  (req as { rawHeaders: string[] }).rawHeaders = rawHeaders;
  return req;
}

function pick(claims: Record<string, unknown>, names: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) if (claims[name] !== undefined) out[name] = claims[name];
  return out;
}

function withoutCredentialValues(url: string): string {
  const queryAt = url.indexOf('?');
  return queryAt === -1 ? url : loggablePath(url.slice(0, queryAt), url.slice(queryAt));
}
