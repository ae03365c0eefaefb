import type { FastifyInstance } from 'fastify';
import { isCrossOriginWrite } from './cross-origin-writes';
import { toErrorResponse } from './error-response';
import { Errors } from './http-errors';

/** 403 for a browser's state change sent from another origin, before any body is read (CSRF). */
export function refuseCrossOriginWrites(fastify: FastifyInstance): void {
  const denial = toErrorResponse(Errors.crossOriginWrite());
  const payload = JSON.stringify(denial.body);
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!isCrossOriginWrite(request.method, request.headers)) return done();
    void reply.code(denial.status).headers(denial.headers).send(payload);
  });
}
