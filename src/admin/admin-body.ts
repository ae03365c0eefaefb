import type { FastifyInstance } from 'fastify';
import { decodeKongForm, FormBodyError } from '../common/form-body';
import { Errors } from '../common/http-errors';

const formBodies = new WeakSet<object>();

/** Form values are all strings; validation coerces them only for bodies that really came from a form. */
export const isFormBody = (body: unknown): boolean => typeof body === 'object' && body !== null && formBodies.has(body);

export const JSON_AS_FORM =
  'The body looks like JSON but was sent as application/x-www-form-urlencoded (curl -d does that when no Content-Type is given): ' +
  "send it with 'Content-Type: application/json'";

/** Kong accepts form-urlencoded bodies with its own nesting conventions (`config.x`, `paths[]`). */
export function registerKongFormParser(fastify: FastifyInstance): void {
  if (fastify.hasContentTypeParser('application/x-www-form-urlencoded')) {
    fastify.removeContentTypeParser('application/x-www-form-urlencoded');
  }
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    // `curl -d '{"name":…}'` sends JSON labelled as a form; decoded as one it becomes a field named after the JSON.
    if (/^\s*[[{]/.test(body as string)) return done(Errors.badRequest(JSON_AS_FORM, 'json_as_form'), undefined);
    try {
      const decoded = emptyToNull(decodeKongForm(body as string));
      formBodies.add(decoded);
      done(null, decoded);
    } catch (err) {
      done(err instanceof FormBodyError ? Errors.badRequest(err.message, 'bad_form') : (err as Error), undefined);
    }
  });
}

/** As in Kong, an empty form value (`path=`) unsets the field: it means null, not an empty string. */
function emptyToNull(record: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(record)) {
    if (value === '') record[key] = null;
    else if (value !== null && typeof value === 'object' && !Array.isArray(value)) emptyToNull(value as Record<string, unknown>);
  }
  return record;
}
