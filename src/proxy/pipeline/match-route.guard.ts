import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ClientErrors, MAX_REQUEST_TARGET } from '../../common/client-errors';
import { PorticoError } from '../../common/http-errors';
import { stripClientHeaders } from '../header-hygiene';
import { normalizePath } from '../normalize-path';
import { attachContext, ProxyContext } from '../proxy-context';
import { RouteTable, RouteTableService } from '../route-table';
import { RequestObserver } from '../../observability/request-observer';

const NO_ROUTE = () => new PorticoError(404, { message: 'no Route matched with those values' }, 'no_route');
const BAD_PATH = () => new PorticoError(400, { message: 'Bad request: invalid path' }, 'bad_path');

/** Stage 1: create the request's context, strip what clients may not send, find the route. */
@Injectable()
export class MatchRouteGuard implements CanActivate {
  constructor(
    private readonly routeTable: RouteTableService,
    private readonly observer: RequestObserver,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const req = http.getRequest<FastifyRequest>().raw;
    const res = http.getResponse<FastifyReply>().raw;
    const ctx = new ProxyContext(req, res, process.hrtime.bigint());
    attachContext(req, ctx);
    stripClientHeaders(req.headers);
    this.observer.begin(ctx);
    locateRoute(ctx, this.routeTable.current);
    return true;
  }
}

/** Finds the route for the context's request (also used by POST /trace); throws the 400/404 denial. */
export function locateRoute(ctx: ProxyContext, table: RouteTable): void {
  const { req } = ctx;
  // The proxy listener rewrites every URL to one catch-all route; the client's target is kept here.
  const requested = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/';
  if (requested.length > MAX_REQUEST_TARGET) throw ClientErrors.uriTooLong();
  const target = originForm(req, requested);
  const queryAt = target.indexOf('?');
  ctx.rawPath = queryAt === -1 ? target : target.slice(0, queryAt);
  ctx.query = queryAt === -1 ? '' : target.slice(queryAt);
  ctx.clientQuery = ctx.query;
  const path = normalizePath(ctx.rawPath);
  if (path === null) throw BAD_PATH();
  ctx.path = path;

  const match = table.match(req.method ?? 'GET', req.headers.host, path);
  if (!match) throw NO_ROUTE();
  ctx.route = match.route;
  ctx.matchedPrefix = match.matchedPrefix;
}

const ABSOLUTE_FORM = /^https?:\/\/([^/?#]*)/i;

/**
 * RFC 9112 §3.2.2: a request target in absolute form (`GET http://host/path`, as clients configured
 * to use a proxy send) must be accepted, and its authority replaces the Host header, as nginx does.
 */
function originForm(req: { headers: { host?: string } }, target: string): string {
  const absolute = ABSOLUTE_FORM.exec(target);
  if (!absolute) return target;
  req.headers.host = absolute[1];
  const rest = target.slice(absolute[0].length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}
