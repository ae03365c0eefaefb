import { Type, type TSchema } from '@sinclair/typebox';
import type { FieldErrors } from './http-errors';
import { kongNullable } from './schema-validator';

/**
 * Fields Kong's entities carry that Portico does not store. Kong's own clients send them (decK sends
 * whole entities; Kong dumps hold them), so each is accepted when its value describes what Portico
 * does anyway, and refused, naming the field, when honouring it would change behaviour. One table
 * serves the Admin API and declarative files alike, and the README's lists are written from it.
 */
export type CompatKind = 'services' | 'routes' | 'plugins' | 'consumers' | 'acls';

interface CompatField {
  schema: TSchema;
  /** Values Portico's behaviour already matches; absent = any value of the right type. */
  accepts?: (value: unknown) => boolean;
  /** Why other values are refused (the 400's field message). */
  refusal?: string;
}

const isNull = (v: unknown) => v === null;
const nullOrEmpty = (v: unknown) => v === null || (Array.isArray(v) && v.length === 0) || (isRecord(v) && Object.keys(v).length === 0);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const StringList = kongNullable(Type.Array(Type.String()));
const timestamp: CompatField = { schema: Type.Integer({ minimum: 0, description: 'Read-only; ignored on writes.' }) };
/** Read-only columns Kong clients echo back; the id itself is handled by the writers (create with it, PUT by it). */
const COMMON: Record<string, CompatField> = {
  created_at: timestamp,
  updated_at: timestamp,
};

export const KONG_COMPAT: Record<CompatKind, Record<string, CompatField>> = {
  services: {
    ...COMMON,
    tls_verify: {
      schema: kongNullable(Type.Boolean()),
      accepts: (v) => v === null || v === true,
      refusal: 'Portico always verifies upstream TLS certificates; only null or true is accepted',
    },
    tls_verify_depth: { schema: kongNullable(Type.Integer()), accepts: isNull, refusal: 'not supported by Portico; only null is accepted' },
    ca_certificates: { schema: StringList, accepts: nullOrEmpty, refusal: 'CA certificates are not supported by Portico (the system trust store is used)' },
    client_certificate: {
      schema: kongNullable(Type.Object({ id: Type.String() })),
      accepts: isNull,
      refusal: 'client certificates (mTLS to the upstream) are not supported by Portico',
    },
  },
  routes: {
    ...COMMON,
    path_handling: {
      schema: Type.Union([Type.Literal('v0'), Type.Literal('v1')]),
      accepts: (v) => v === 'v0',
      refusal: "Portico joins paths as Kong's path_handling v0; only v0 is accepted",
    },
    // Portico has no TLS listener of its own, so there is nothing to redirect to.
    https_redirect_status_code: { schema: Type.Integer({ minimum: 100, maximum: 599 }) },
    // Portico streams request and response bodies either way.
    request_buffering: { schema: Type.Boolean() },
    response_buffering: { schema: Type.Boolean() },
    snis: { schema: StringList, accepts: nullOrEmpty, refusal: 'SNI routing is not supported by Portico' },
    sources: { schema: kongNullable(Type.Array(Type.Unknown())), accepts: nullOrEmpty, refusal: 'stream routing is not supported by Portico' },
    destinations: { schema: kongNullable(Type.Array(Type.Unknown())), accepts: nullOrEmpty, refusal: 'stream routing is not supported by Portico' },
    headers: {
      schema: kongNullable(Type.Record(Type.String(), Type.Unknown())),
      accepts: nullOrEmpty,
      refusal: 'routing by header is not supported by Portico',
    },
  },
  plugins: {
    ...COMMON,
    protocols: {
      schema: kongNullable(Type.Array(Type.String())),
      // Portico runs a plugin on every HTTP(S) request; a list without both would run it where Kong would not.
      accepts: (v) => v === null || (Array.isArray(v) && v.includes('http') && v.includes('https')),
      refusal: 'Portico proxies HTTP and HTTPS only and runs the plugin on both; the list must contain http and https',
    },
    consumer: { schema: kongNullable(Type.Object({ id: Type.String() })), accepts: isNull, refusal: 'consumer-scoped plugins are not supported by Portico' },
    consumer_group: { schema: kongNullable(Type.Object({ id: Type.String() })), accepts: isNull, refusal: 'consumer groups are not supported by Portico' },
    instance_name: { schema: kongNullable(Type.String()) },
  },
  consumers: { ...COMMON },
  acls: { ...COMMON },
};

/** The compat fields as schema properties, spread into an entity's TypeBox schema. */
export function kongCompatProperties(kind: CompatKind): Record<string, TSchema> {
  const compat = Object.entries(KONG_COMPAT[kind]).map(([name, field]) => [
    name,
    { ...field.schema, description: field.refusal ? `Kong compatibility, not stored: ${field.refusal}.` : 'Kong compatibility: accepted and ignored.' },
  ]);
  return { id: EntityId, ...Object.fromEntries(compat) };
}

/** Kong lets a client choose the id on create (decK does); on update it must be the entity's own. */
export const EntityId = Type.String({ format: 'uuid', description: 'Chosen by the client on create (optional); must match on update.' });

/**
 * Removes the compat fields from a validated body; returns the problems of values Portico cannot
 * honour (Kong's field error shape), or null.
 */
export function stripKongCompat(kind: string, input: Record<string, unknown>): FieldErrors | null {
  const fields = KONG_COMPAT[kind as CompatKind];
  if (!fields) return null;
  const problems: FieldErrors = {};
  for (const [name, field] of Object.entries(fields)) {
    if (!(name in input)) continue;
    if (field.accepts && !field.accepts(input[name])) problems[name] = field.refusal!;
    delete input[name];
  }
  return Object.keys(problems).length ? problems : null;
}
