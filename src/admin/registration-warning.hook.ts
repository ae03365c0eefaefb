import type { FastifyInstance } from 'fastify';
import { logger } from '../common/logger';
import type { PluginsRepository } from '../gateway/plugins.repository';
import type { RouteTableService } from '../proxy/route-table';

export const WARNING_HEADER = 'x-portico-warning';
const AUTHENTICATION_PLUGINS = ['openid-connect'];

/**
 * application-registration maps an authenticated credential to an application; on a service where no
 * plugin authenticates, every call is a 401 with nothing saying why. Adding it there is allowed (an
 * operator may add openid-connect next) but the answer says so in a header and the log says so too.
 */
export function warnAboutUnauthenticatedRegistration(fastify: FastifyInstance, plugins: PluginsRepository, routeTable: RouteTableService): void {
  fastify.addHook('onSend', async (request, reply, payload) => {
    if ((request.method !== 'POST' && request.method !== 'PUT' && request.method !== 'PATCH') || reply.statusCode >= 300 || !request.url.includes('plugins')) {
      return payload;
    }
    const plugin = parse(payload);
    if (plugin?.name !== 'application-registration' || !plugin.service?.id) return payload;
    const serviceId = plugin.service.id;
    const routeIds = new Set(routeTable.current.routes.filter((route) => route.service.id === serviceId).map((route) => route.id));
    for (const name of AUTHENTICATION_PLUGINS) {
      const rows = await plugins.listByName(name);
      if (rows.some((row) => row.enabled && (row.service_id === serviceId || (row.route_id !== null && routeIds.has(row.route_id))))) return payload;
    }
    const warning = `service ${serviceId} has application-registration but no authentication plugin (${AUTHENTICATION_PLUGINS.join(', ')}): every call to it is refused with 401 until one is added`;
    logger().warn({ service: serviceId }, warning);
    void reply.header(WARNING_HEADER, warning);
    return payload;
  });
}

function parse(payload: unknown): { name?: string; service?: { id?: string } | null } | null {
  if (typeof payload !== 'string' || !payload.startsWith('{')) return null;
  try {
    return JSON.parse(payload);
  } catch {
    return null;
  }
}
