import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequestObserver } from '../../observability/request-observer';
import { stripClientHeaders } from '../header-hygiene';
import { attachContext, ProxyContext } from '../proxy-context';

/**
 * Stage `receive`: the request gets its context (the clock starts), loses what clients may not send
 * (header-hygiene.ts), and is observed from here on (request id, metrics, access log), so even a
 * request no route matches is counted and logged.
 */
@Injectable()
export class ReceiveGuard implements CanActivate {
  constructor(private readonly observer: RequestObserver) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const req = http.getRequest<FastifyRequest>().raw;
    const ctx = new ProxyContext(req, http.getResponse<FastifyReply>().raw, process.hrtime.bigint());
    attachContext(req, ctx);
    stripClientHeaders(req.headers);
    this.observer.begin(ctx);
    return true;
  }
}
