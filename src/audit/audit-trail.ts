import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { logger } from '../common/logger';
import { clientAddress, trustedProxiesOf } from '../common/trusted-proxies';
import type { PorticoConfig } from '../config/portico-config';
import { AuditScope } from './audit-scope';
import { isReadOnlyRoute } from './read-only-post';
import { AuditRepository } from './audit.repository';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const SCOPE = Symbol('portico.auditScope');
type Scoped = IncomingMessage & { [SCOPE]?: AuditScope };

/** A write method, unless its route is declared read-only (POST /trace, validation). */
const isAuditedWrite = (request: FastifyRequest) => WRITES.has(request.raw.method ?? '') && !isReadOnlyRoute(request);

/** Who made a request, as the audit log names them: never a token or password. */
export type ActorOf = (request: FastifyRequest, reply: FastifyReply) => string;

/**
 * A write handler's parameter: the request's audit scope, which the handler hands to the transactions
 * it runs (they carry it to the audit subscriber), so writes run side by side and each is attributed
 * exactly. A write handler that never asks for it records the request without changes.
 */
export const RequestAudit = createParamDecorator((_data: unknown, context: ExecutionContext): AuditScope => {
  const raw = context.switchToHttp().getRequest<FastifyRequest>().raw as Scoped;
  return (raw[SCOPE] ??= new AuditScope());
});

/**
 * SPEC §9: every write on the admin or portal listener is recorded before its answer leaves (so a
 * client that saw 200 can find it in /audit), including refused ones. Changed entities are kept only
 * for successful writes: a failed one rolled back.
 */
export function installAuditTrail(app: NestFastifyApplication, listener: 'admin' | 'portal', config: PorticoConfig, actorOf: ActorOf): void {
  const audit = app.get(AuditRepository);
  const trusted = trustedProxiesOf(config);
  app.getHttpAdapter().getInstance().addHook('onSend', async (request, reply, payload) => {
    const raw = request.raw as Scoped;
    if (!isAuditedWrite(request)) return payload;
    const status = reply.statusCode;
    const changes = status < 400 ? (raw[SCOPE]?.changes ?? []) : [];
    const url = raw.url ?? '';
    const queryAt = url.indexOf('?');
    try {
      await audit.record(
        {
          listener,
          actor: actorOf(request, reply),
          client_address: clientAddress(raw, trusted),
          method: raw.method ?? '',
          path: (queryAt === -1 ? url : url.slice(0, queryAt)).slice(0, 2048),
          status,
        },
        changes,
      );
    } catch (err) {
      // The write itself happened: losing its audit row is reported, not turned into a failed answer.
      logger().error({ err, listener, method: raw.method }, 'could not record an audit entry');
    }
    return payload;
  });
}
