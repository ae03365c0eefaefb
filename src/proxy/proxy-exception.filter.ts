import { ArgumentsHost, Catch } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { PorticoExceptionFilter } from '../common/exception.filter';
import { PorticoError } from '../common/http-errors';
import { contextOf } from './proxy-context';

/** The proxy's answers to a refusal are the shared ones; the reason id is kept for metrics and the access log. */
@Catch()
export class ProxyExceptionFilter extends PorticoExceptionFilter {
  catch(err: unknown, host: ArgumentsHost) {
    const ctx = contextOf(host.switchToHttp().getRequest<FastifyRequest>().raw);
    if (ctx) ctx.denial = err instanceof PorticoError ? err.reason : 'internal_error';
    super.catch(err, host);
  }
}
