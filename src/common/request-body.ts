import type { TSchema } from '@sinclair/typebox';
import { assertBodyLimits } from './body-limits';
import { Errors } from './http-errors';
import { cachedValidator, schemaViolationMessage } from './schema-validator';

/**
 * A request body checked against its schema, with defaults filled in, or a Kong schema violation.
 * Form bodies (admin API) arrive as strings and are coerced to the schema's types; JSON is not.
 * The body's size and shape limits come first: cloning and validation recurse.
 */
export function validateBody<T = Record<string, unknown>>(schema: TSchema, body: unknown, fromForm = false): T {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    if (body !== undefined && body !== null && body !== '') {
      throw Errors.badRequest('Cannot parse request body: expected a JSON object', 'bad_body');
    }
    body = {};
  }
  assertBodyLimits(body);
  const result = cachedValidator<T>(schema, { coerce: fromForm })(body);
  if (!result.ok) throw Errors.schemaViolation(result.fields, schemaViolationMessage(result.fields));
  return result.value;
}
