import type { FastifyInstance } from 'fastify';
import { toErrorResponse } from '../common/error-response';
import { PorticoError } from '../common/http-errors';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Writes that change nothing stored: validation, and POST /config, which is how DB-less is configured. */
const ALLOWED_WRITES = [/^\/config\/?$/, /^\/schemas\/[^/]+(\/[^/]+)?\/validate\/?$/];

/**
 * DB-less mode (SPEC §8): the declarative file is the configuration, so the Admin API's writes answer
 * 405 naming the mode, and YAML bodies are read for POST /config.
 */
export function refuseWritesWhenDbless(fastify: FastifyInstance): void {
  const denial = toErrorResponse(
    new PorticoError(405, { message: 'Cannot change the configuration through the Admin API: Portico is running in DB-less mode (PORTICO_DATABASE_URL=off); POST /config replaces the whole configuration' }, 'dbless'),
  );
  const payload = JSON.stringify(denial.body);
  fastify.addHook('onRequest', (request, reply, done) => {
    const path = request.url.split('?')[0];
    if (READS.has(request.method) || ALLOWED_WRITES.some((allowed) => allowed.test(path))) return done();
    void reply.code(denial.status).headers(denial.headers).send(payload);
  });
}

/** POST /config takes the file as YAML, as Kong's does. */
export function acceptYamlBodies(fastify: FastifyInstance): void {
  fastify.addContentTypeParser(['application/yaml', 'application/x-yaml', 'text/yaml'], { parseAs: 'string' }, (_request, body, done) => done(null, body));
}
