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
  const object = requestObject(body);
  assertBodyLimits(object);
  const result = cachedValidator<T>(schema, { coerce: fromForm })(object);
  if (!result.ok) throw Errors.schemaViolation(result.fields, schemaViolationMessage(result.fields));
  return result.value;
}

/**
 * A parsed request body as an object: none (absent, null, empty) is `{}`; anything else that is not
 * an object (a JSON array, string or number) is a 400 naming what the endpoint takes.
 */
export function requestObject(body: unknown, expected = 'a JSON object'): Record<string, unknown> {
  if (body === undefined || body === null || body === '') return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw Errors.badRequest(`Cannot parse request body: expected ${expected}`, 'bad_body');
  }
  return body as Record<string, unknown>;
}
