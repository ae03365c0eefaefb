import type { IncomingMessage } from 'node:http';
import { PorticoError } from '../../common/http-errors';
import { normalizePath } from '../normalize-path';
import type { ProxyContext } from '../proxy-context';
import type { RouteTable } from '../route-table';
import { parseRequestTarget } from './request-target';

const NO_ROUTE = () => new PorticoError(404, { message: 'no Route matched with those values' }, 'no_route');
const BAD_PATH = () => new PorticoError(400, { message: 'Bad request: invalid path' }, 'bad_path');

/** The target the client asked for: the proxy listener rewrites every URL to its one catch-all route and keeps the client's in originalUrl. */
export function clientTarget(req: IncomingMessage): string {
  return (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/';
}

/**
 * Finds the route for the context's request (the match_route stage, and POST /trace): records the
 * path and query as sent, the normalized path and the route. Throws the 400, 404 or 414 denial.
 */
export function locateRoute(ctx: ProxyContext, table: RouteTable): void {
  const { req } = ctx;
  const target = parseRequestTarget(clientTarget(req));
  if (target.authority !== null) req.headers.host = target.authority;
  ctx.rawPath = target.rawPath;
  ctx.query = target.query;
  ctx.clientQuery = target.query;
  const path = normalizePath(target.rawPath);
  if (path === null) throw BAD_PATH();
  ctx.path = path;

  const match = table.match(req.method ?? 'GET', req.headers.host, path);
  if (!match) throw NO_ROUTE();
  ctx.route = match.route;
  ctx.matchedPrefix = match.matchedPrefix;
}
