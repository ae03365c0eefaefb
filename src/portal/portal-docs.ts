import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiResponse } from '@nestjs/swagger';
import type { TSchema } from '@sinclair/typebox';

const example = (body: Record<string, unknown>) => ({ schema: { type: 'object' as const, example: body } });

export const NOT_LOGGED_IN = ApiResponse({ status: 401, description: 'No valid portal session.', ...example({ message: 'Unauthorized' }) });
export const NOT_FOUND = ApiResponse({ status: 404, description: "No such entity among the caller's own.", ...example({ message: 'Not found' }) });
const NOT_JSON = ApiResponse({ status: 415, description: 'The body must be application/json.', ...example({ message: 'Content-Type must be application/json' }) });
const SCHEMA_VIOLATION = ApiResponse({
  status: 400,
  description: 'Invalid body: schema violation with per-field messages (unknown fields are refused).',
  ...example({ code: 2, name: 'schema violation', message: 'schema violation (name: required field missing)', fields: { name: 'required field missing' } }),
});

/** One portal operation's OpenAPI: summary, the JSON body's schema (the one that validates it) and its answers. */
export function DocPortal(summary: string, opts: { body?: TSchema; status?: number; description?: string } = {}) {
  const decorators = [ApiOperation({ summary, description: opts.description }), ApiResponse({ status: opts.status ?? 200, description: 'Success.' })];
  if (opts.body) decorators.push(ApiConsumes('application/json'), ApiBody({ schema: opts.body as never }), SCHEMA_VIOLATION, NOT_JSON);
  return applyDecorators(...decorators);
}

export const DocApplicationId = ApiParam({ name: 'id', description: 'Application id (one of your own).' });
export const DocInstanceKey = ApiParam({ name: 'instance', description: 'Application instance id, or the id of its service.' });
export const DocError = (status: number, description: string, body: Record<string, unknown>) => ApiResponse({ status, description, ...example(body) });
