import { applyDecorators, Header, SetMetadata } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import { IS_PUBLIC } from './public.decorator';
import { PAGE_HEADERS } from './web-assets';

/** Fastify route config flag the admin token hook reads: it runs before Nest's guards. */
export const PUBLIC_ROUTE = 'porticoPublic';

export const isPublicRoute = (config: unknown) => (config as Record<string, unknown> | undefined)?.[PUBLIC_ROUTE] === true;

/**
 * A page or page asset anyone may load: the HTML shell and its scripts hold no data (the data comes
 * from the APIs, each behind its own guard). Marked for both listeners' gates — the portal's session
 * guard (IS_PUBLIC) and the admin token hook (the route config) — and kept out of the API docs.
 */
export const PublicPage = () => applyDecorators(SetMetadata(IS_PUBLIC, true), RouteConfig({ [PUBLIC_ROUTE]: true }), ApiExcludeEndpoint());

/** A public route answering one of the HTML shells, with the pages' security headers. */
export const HtmlPage = () =>
  applyDecorators(PublicPage(), Header('content-type', 'text/html; charset=utf-8'), ...Object.entries(PAGE_HEADERS).map(([name, value]) => Header(name, value)));
