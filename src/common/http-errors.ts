/**
 * Every error Portico answers with is one of these: a status, the exact Kong-compatible body, optional
 * headers, and a short reason id that goes to the log (never to the client unless display_errors).
 */
export class PorticoError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly reason: string = 'error',
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body.message === 'string' ? body.message : reason);
  }
}

export type FieldErrors = { [field: string]: string | FieldErrors };

export const Errors = {
  notFound: () => new PorticoError(404, { message: 'Not found' }, 'not_found'),
  unauthorized: (reason = 'unauthorized') => new PorticoError(401, { message: 'Unauthorized' }, reason),
  badRequest: (message: string, reason = 'bad_request') => new PorticoError(400, { message }, reason),
  schemaViolation: (fields: FieldErrors, message: string) =>
    new PorticoError(400, { code: 2, name: 'schema violation', message, fields }, 'schema_violation'),
  uniqueViolation: (fields: Record<string, unknown>) =>
    new PorticoError(
      409,
      {
        code: 5,
        name: 'unique constraint violation',
        message: `UNIQUE violation detected on '${luaLiteral(fields)}'`,
        fields,
      },
      'unique_violation',
    ),
  foreignKeyViolation: (message: string, fields: FieldErrors) =>
    new PorticoError(400, { code: 4, name: 'foreign key violation', message, fields }, 'foreign_key_violation'),
  methodNotAllowed: () => new PorticoError(405, { message: 'Method not allowed' }, 'method_not_allowed'),
  unsupportedMediaType: (message = 'Content-Type must be application/json') =>
    new PorticoError(415, { message }, 'unsupported_media_type'),
  crossOriginWrite: () => new PorticoError(403, { message: 'Cross-origin requests cannot change state' }, 'cross_origin_write'),
  databaseUnavailable: () => new PorticoError(503, { message: 'The database is unavailable' }, 'database_unavailable'),
  internal: () => new PorticoError(500, { message: 'An unexpected error occurred' }, 'internal_error'),
};

/**
 * Kong prints the clashing key as a Lua table (penlight's pretty.write): keys sorted, nested records
 * as `{id="…"}`, null as `null`, e.g. `{consumer={id="…"},group="admins"}`. Scripts match on it.
 */
function luaLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `{${value.map(luaLiteral).join(',')}}`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${k}=${luaLiteral(v)}`).join(',')}}`;
  }
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
