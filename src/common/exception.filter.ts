import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorResponse } from './error-response';

@Catch()
export class PorticoExceptionFilter implements ExceptionFilter {
  catch(err: unknown, host: ArgumentsHost) {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, body, headers } = toErrorResponse(err);
    if (reply.sent || reply.raw.headersSent) {
      reply.raw.destroy();
      return;
    }
    // Answered before the client's body was read (a denied upload, say): rather than read and discard
    // the rest to keep the connection, close it.
    if (!host.switchToHttp().getRequest<FastifyRequest>().raw.complete) headers.connection = 'close';
    reply.status(status).headers(headers).send(JSON.stringify(body));
  }
}
