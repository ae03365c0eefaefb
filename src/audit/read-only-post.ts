import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';

/** Fastify route config flag: set where the route is declared, read by the audit trail's hooks. */
const READ_ONLY = 'porticoReadOnly';

/**
 * A POST that changes nothing (POST /trace, the schema validation endpoints): it takes a body, so it
 * cannot be a GET, but it is not a write and the audit log (SPEC §9: every write) leaves it out,
 * answered or refused.
 */
export const ReadOnlyPost = () => RouteConfig({ [READ_ONLY]: true });

export function isReadOnlyRoute(request: Pick<FastifyRequest, 'routeOptions'>): boolean {
  return (request.routeOptions?.config as unknown as Record<string, unknown> | undefined)?.[READ_ONLY] === true;
}
