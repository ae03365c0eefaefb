import type { FastifyInstance } from 'fastify';
import { decodeKongForm, FormBodyError } from '../common/form-body';
import { Errors } from '../common/http-errors';

const formBodies = new WeakSet<object>();

/** Form values are all strings; validation coerces them only for bodies that really came from a form. */
export const isFormBody = (body: unknown): boolean => typeof body === 'object' && body !== null && formBodies.has(body);

/** Kong accepts form-urlencoded bodies with its own nesting conventions (`config.x`, `paths[]`). */
export function registerKongFormParser(fastify: FastifyInstance): void {
  if (fastify.hasContentTypeParser('application/x-www-form-urlencoded')) {
    fastify.removeContentTypeParser('application/x-www-form-urlencoded');
  }
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    try {
      const decoded = decodeKongForm(body as string);
      formBodies.add(decoded);
      done(null, decoded);
    } catch (err) {
      done(err instanceof FormBodyError ? Errors.badRequest(err.message, 'bad_form') : (err as Error), undefined);
    }
  });
}
