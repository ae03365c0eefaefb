import type { FastifyInstance, FastifyRequest } from 'fastify';
import { toErrorResponse } from '../common/error-response';
import { Errors } from '../common/http-errors';

const WRITES = new Set(['POST', 'PUT', 'PATCH']);

const isJson = (contentType: string | undefined) => contentType?.split(';')[0].trim().toLowerCase() === 'application/json';
const hasBody = (request: FastifyRequest) =>
  request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;

/**
 * State-changing portal requests must be JSON (415 otherwise). A cross-site form can only send
 * form-encoded or plain-text bodies, and a cross-site fetch of JSON needs a CORS preflight nobody
 * answers; with the SameSite=Lax cookie this keeps the portal CSRF-safe. A bodiless DELETE is fine:
 * forms cannot send DELETE at all.
 */
export function requireJsonWrites(fastify: FastifyInstance): void {
  const denial = toErrorResponse(Errors.unsupportedMediaType());
  const payload = JSON.stringify(denial.body);
  fastify.addHook('onRequest', (request, reply, done) => {
    const needsJson = WRITES.has(request.method) || (request.method === 'DELETE' && hasBody(request));
    if (!needsJson || isJson(request.headers['content-type'])) return done();
    void reply.code(denial.status).headers(denial.headers).send(payload);
  });
}
