import type { IncomingHttpHeaders } from 'node:http';

/** What every Portico error (and Admin API answer) is sent as. */
export const JSON_UTF8 = 'application/json; charset=utf-8';
export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const NOT_FOUND = { message: 'Not found' };
export const UNAUTHORIZED = { message: 'Unauthorized' };

export const schemaViolation = (message: string, fields: Record<string, unknown>) => ({ code: 2, name: 'schema violation', message, fields });

interface AnyResponse {
  status: number;
  headers: Headers | IncomingHttpHeaders;
  body: unknown;
}

function contentType(res: AnyResponse): string | null | undefined {
  return res.headers instanceof Headers ? res.headers.get('content-type') : (res.headers['content-type'] as string | undefined);
}

/** Status, `application/json; charset=utf-8` and, when given, the exact body. */
export function expectJson(res: AnyResponse, status: number, body?: unknown): void {
  expect({ status: res.status, contentType: contentType(res) }).toEqual({ status, contentType: JSON_UTF8 });
  if (body !== undefined) expect(res.body).toEqual(body);
}

/**
 * The `config` fields of a plugin schema in Kong's format (GET /schemas/plugins/{name}), by name:
 * `{"fields": [..., {"config": {"type": "record", "fields": [{"issuer": {...}}, ...]}}]}`.
 */
export function kongConfigFields(schema: { fields: Record<string, any>[] }): Record<string, any> {
  const config = schema.fields.find((field) => 'config' in field)!.config;
  return Object.assign({}, ...config.fields);
}
