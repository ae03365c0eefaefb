import type { TSchema } from '@sinclair/typebox';
import { Errors } from '../common/http-errors';
import { compileValidator, schemaViolationMessage, SchemaValidator } from '../common/schema-validator';

type Validators = { json: SchemaValidator<Record<string, unknown>>; form: SchemaValidator<Record<string, unknown>> };
const compiled = new WeakMap<TSchema, Validators>();

/**
 * A request body checked against its schema, with defaults filled in, or a Kong schema violation.
 * Form bodies (admin API) arrive as strings and are coerced to the schema's types; JSON is not.
 */
export function validateBody<T = Record<string, unknown>>(schema: TSchema, body: unknown, fromForm = false): T {
  let validators = compiled.get(schema);
  if (!validators) {
    validators = { json: compileValidator(schema), form: compileValidator(schema, { coerce: true }) };
    compiled.set(schema, validators);
  }
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    if (body !== undefined && body !== null && body !== '') {
      throw Errors.badRequest('Cannot parse request body: expected a JSON object', 'bad_body');
    }
    body = {};
  }
  const result = (fromForm ? validators.form : validators.json)(body);
  if (!result.ok) throw Errors.schemaViolation(result.fields, schemaViolationMessage(result.fields));
  return result.value as T;
}
