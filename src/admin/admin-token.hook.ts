import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { toErrorResponse } from '../common/error-response';
import { Errors } from '../common/http-errors';

const BEARER = /^Bearer\s+(\S+)\s*$/i;
const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * With PORTICO_ADMIN_TOKEN set, every request on the admin listener needs it (`Authorization: Bearer`
 * or Kong's `Kong-Admin-Token` header): the Admin API, /docs,
 * /docs-json and unknown paths alike. A Fastify hook rather than a Nest guard because Swagger's
 * routes are plain Fastify routes that no guard sees, and because it answers before any body is
 * read. Hashing both sides first makes the comparison constant-time whatever the lengths.
 * `admitsWithoutToken` lets the /manager pages and a browser holding their session cookie through.
 */
export function requireAdminToken(fastify: FastifyInstance, token: string | null, admitsWithoutToken: (request: FastifyRequest) => boolean = () => false): void {
  if (!token) return;
  const expected = digest(token);
  const denial = toErrorResponse(Errors.unauthorized('admin_token'));
  const payload = JSON.stringify(denial.body);
  fastify.addHook('onRequest', (request, reply, done) => {
    // Kong's own header is accepted too, so Kong scripts and decK work unchanged.
    const kongToken = request.headers['kong-admin-token'];
    const presented = typeof kongToken === 'string' ? kongToken.trim() : BEARER.exec(request.headers.authorization ?? '')?.[1];
    if (presented && timingSafeEqual(digest(presented), expected)) return done();
    if (admitsWithoutToken(request)) return done();
    void reply.code(denial.status).headers(denial.headers).send(payload);
  });
}
