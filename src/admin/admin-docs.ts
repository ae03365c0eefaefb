import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiQuery, ApiResponse } from '@nestjs/swagger';
import type { TSchema } from '@sinclair/typebox';

const ERROR = (example: Record<string, unknown>) => ({ schema: { type: 'object' as const, example } });
const NOT_FOUND = ApiResponse({ status: 404, description: 'No such entity.', ...ERROR({ message: 'Not found' }) });
const SCHEMA_VIOLATION = ApiResponse({
  status: 400,
  description: 'Invalid body: Kong schema violation with per-field messages.',
  ...ERROR({ code: 2, name: 'schema violation', message: 'schema violation (host: required field missing)', fields: { host: 'required field missing' } }),
});
const CONFLICT = ApiResponse({
  status: 409,
  description: 'A unique field is taken.',
  ...ERROR({ code: 5, name: 'unique constraint violation', message: `UNIQUE violation detected on '{name="x"}'`, fields: { name: 'x' } }),
});

/** OpenAPI for one Admin API operation, generated from the same schema that validates the body. */
export const DocList = (summary: string) =>
  applyDecorators(
    ApiOperation({ summary }),
    ApiQuery({ name: 'size', required: false, description: 'Page size (default 100, max 1000).' }),
    ApiQuery({ name: 'offset', required: false, description: 'Opaque cursor from the previous page.' }),
    ApiQuery({ name: 'tags', required: false, description: 'Only entities with all these tags (comma-separated).' }),
    ApiResponse({ status: 200, description: '`{data: [...], offset?, next}`; `next` is null on the last page.' }),
  );

export const DocWrite = (summary: string, schema: TSchema, status = 201) =>
  applyDecorators(
    ApiOperation({ summary }),
    ApiConsumes('application/json', 'application/x-www-form-urlencoded'),
    ApiBody({ schema: schema as never }),
    ApiResponse({ status, description: 'The entity as stored, defaults filled in.' }),
    SCHEMA_VIOLATION,
    CONFLICT,
    NOT_FOUND,
  );

export const DocRead = (summary: string) => applyDecorators(ApiOperation({ summary }), NOT_FOUND);

export const DocDelete = (summary: string) =>
  applyDecorators(ApiOperation({ summary }), ApiResponse({ status: 204, description: 'Deleted (also when it did not exist).' }));

export const DocKey = (name: string, description: string) => ApiParam({ name, description });
