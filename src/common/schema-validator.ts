/**
 * JSON Schema (TypeBox) validation that answers in Kong's words: per-field messages nested like
 * the entity, arrays keyed by 1-based index, and the "N schema violations (...)" summary.
 */
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { Kind, Type, type Static, type TSchema, type TUnsafe } from '@sinclair/typebox';
import type { FieldErrors } from './http-errors';

export type { FieldErrors };
export type Validation<T> = { ok: true; value: T } | { ok: false; fields: FieldErrors };
export interface SchemaValidator<T> {
  (input: unknown): Validation<T>;
}

/** Key for errors that belong to the entity as a whole rather than to one field (Kong's name). */
export const ENTITY_ERRORS_KEY = '@entity';

const ajvInstances = new Map<boolean, Ajv>();

function ajvFor(coerce: boolean): Ajv {
  let ajv = ajvInstances.get(coerce);
  if (!ajv) {
    ajv = new Ajv({
      allErrors: true,
      useDefaults: true,
      // parentSchema and data on each error are what the Kong messages are built from.
      verbose: true,
      // TypeBox and our schemas carry annotations ajv does not know (errorMessage, x-*).
      strict: false,
      ...(coerce ? { coerceTypes: 'array' as const } : {}),
    });
    addFormats(ajv);
    // ajv-formats' `url` rejects private and loopback addresses, which are normal upstreams for a
    // gateway; Portico's `url` is Kong's url type instead: absolute, with a host.
    ajv.addFormat('url', isUrlWithHost);
    ajvInstances.set(coerce, ajv);
  }
  return ajv;
}

export function compileValidator<T = unknown>(
  schema: TSchema,
  opts: { coerce?: boolean } = {},
): SchemaValidator<T> {
  const validate = ajvFor(opts.coerce === true).compile(schema);
  return (input: unknown): Validation<T> => {
    // Defaults and coercion write into the data; the caller's object must stay untouched.
    const data = structuredClone(input);
    if (validate(data)) return { ok: true, value: data as T };
    return { ok: false, fields: toFieldErrors(validate.errors ?? [], data) };
  };
}

const cachedValidators = new WeakMap<TSchema, Map<boolean, SchemaValidator<unknown>>>();

/** compileValidator once per schema and mode: request paths validate against a fixed set of schemas. */
export function cachedValidator<T = unknown>(schema: TSchema, opts: { coerce?: boolean } = {}): SchemaValidator<T> {
  const coerce = opts.coerce === true;
  let byMode = cachedValidators.get(schema);
  if (!byMode) cachedValidators.set(schema, (byMode = new Map()));
  let validate = byMode.get(coerce);
  if (!validate) byMode.set(coerce, (validate = compileValidator(schema, { coerce })));
  return validate as SchemaValidator<T>;
}

/**
 * Kong's convention for optional fields: an explicit `null` means "unset".
 *
 * A single-typed schema becomes `type: ['null', T]` rather than a union: ajv then checks the value
 * once (clean messages), keeps the schema's default where ajv looks for it, and with coercion turns
 * only a value it cannot read as T into null, so a form's `port=` is unset while `port=0` stays 0.
 * Other schemas become `anyOf: [null, T]`; null comes first there so form `""` means unset, which
 * also means coercion on JSON bodies would turn `0`/`false` into null for them.
 */
export function kongNullable<T extends TSchema>(schema: T): TUnsafe<Static<T> | null> {
  if (typeof schema.type === 'string' && schema.type !== 'null' && !('const' in schema)) {
    const nullable: Record<PropertyKey, unknown> = {
      ...(schema as Record<PropertyKey, unknown>),
      type: ['null', schema.type],
    };
    // Keeping TypeBox's Kind would make TypeBox's own checkers treat the result as non-nullable.
    delete nullable[Kind];
    if (Array.isArray(schema.enum)) nullable.enum = [...schema.enum, null];
    return Type.Unsafe<Static<T> | null>(nullable);
  }
  // ajv only applies defaults found directly under `properties`, not inside anyOf branches.
  const options = schema.default === undefined ? {} : { default: schema.default };
  return Type.Unsafe<Static<T> | null>({ anyOf: [Type.Null(), schema], ...options });
}

export function schemaViolationMessage(fields: FieldErrors): string {
  const entries: { path: string[]; message: string }[] = [];
  const walk = (node: FieldErrors, prefix: string[]) => {
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === 'string') entries.push({ path: [...prefix, key], message: value });
      else walk(value, [...prefix, key]);
    }
  };
  walk(fields, []);
  entries.sort((a, b) => comparePaths(a.path, b.path));
  const parts = entries.map(({ path, message }) =>
    path.length === 1 && path[0] === ENTITY_ERRORS_KEY ? message : `${path.join('.')}: ${message}`,
  );
  return parts.length === 1
    ? `schema violation (${parts[0]})`
    : `${parts.length} schema violations (${parts.join('; ')})`;
}

function comparePaths(a: string[], b: string[]): number {
  // Kong lists entity-level errors before field errors.
  const aEntity = a[0] === ENTITY_ERRORS_KEY;
  const bEntity = b[0] === ENTITY_ERRORS_KEY;
  if (aEntity !== bEntity) return aEntity ? -1 : 1;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    const an = /^\d+$/.test(a[i]) ? Number(a[i]) : NaN;
    const bn = /^\d+$/.test(b[i]) ? Number(b[i]) : NaN;
    if (!Number.isNaN(an) && !Number.isNaN(bn)) return an - bn;
    return a[i] < b[i] ? -1 : 1;
  }
  return a.length - b.length;
}

function toFieldErrors(errors: ErrorObject[], data: unknown): FieldErrors {
  const fields: FieldErrors = {};
  for (const error of resolveAlternatives(errors)) {
    const message = messageFor(error);
    if (message === null) continue;
    const path = instancePath(error.instancePath, data);
    const field = fieldOf(error);
    if (field !== undefined) path.push(field);
    placeFieldError(fields, path.length === 0 ? [ENTITY_ERRORS_KEY] : path, message);
  }
  return fields;
}

/**
 * With allErrors, a failed anyOf/oneOf reports every branch's errors plus its own. Kong has no
 * unions, so one explanation is kept: "expected one of" for a union of literals, otherwise the
 * errors of the branch the value most likely meant (the first non-null one whose type matched).
 */
function resolveAlternatives(errors: ErrorObject[]): ErrorObject[] {
  const dropped = new Set<ErrorObject>();
  const replaced = new Map<ErrorObject, string>();
  const unions = errors
    .filter((e) => (e.keyword === 'anyOf' || e.keyword === 'oneOf') && !e.params?.passingSchemas)
    .sort((a, b) => a.schemaPath.length - b.schemaPath.length);

  for (const union of unions) {
    if (dropped.has(union)) continue;
    const prefix = `${union.schemaPath}/`;
    const inside = errors.filter(
      (e) =>
        e !== union &&
        e.schemaPath.startsWith(prefix) &&
        (e.instancePath === union.instancePath || e.instancePath.startsWith(`${union.instancePath}/`)),
    );
    const branches: TSchema[] = (union.parentSchema?.[union.keyword] as TSchema[] | undefined) ?? [];
    const literals = literalValues(branches);
    if (literals) {
      inside.forEach((e) => dropped.add(e));
      replaced.set(union, `expected one of: ${literals.join(', ')}`);
      continue;
    }

    const branchOf = (e: ErrorObject) => Number(e.schemaPath.slice(prefix.length).split('/')[0]);
    const candidates = branches.map((_, i) => i).filter((i) => branches[i]?.type !== 'null');
    const typeMatched = candidates.find(
      (i) =>
        !inside.some(
          (e) => e.schemaPath === `${prefix}${i}/type` && e.instancePath === union.instancePath,
        ),
    );
    const chosen = typeMatched ?? candidates[0];
    if (chosen === undefined) continue;
    inside.filter((e) => branchOf(e) !== chosen).forEach((e) => dropped.add(e));
    dropped.add(union);
  }

  return errors
    .filter((e) => !dropped.has(e))
    .map((e) => (replaced.has(e) ? { ...e, keyword: 'x-literals', message: replaced.get(e) } : e));
}

function literalValues(branches: TSchema[]): unknown[] | null {
  if (branches.length === 0) return null;
  const values: unknown[] = [];
  for (const branch of branches) {
    if ('const' in branch) values.push(branch.const);
    else if (Array.isArray(branch.enum)) values.push(...branch.enum);
    else if (branch.type === 'null') continue;
    else return null;
  }
  return values;
}

/** The field an error is about, when it is not the value at instancePath itself. */
function fieldOf(error: ErrorObject): string | undefined {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
    case 'dependencies':
    case 'dependentRequired':
      return String(params.missingProperty);
    case 'additionalProperties':
      return String(params.additionalProperty);
    case 'propertyNames':
      return String(params.propertyName);
    default:
      return undefined;
  }
}

function messageFor(error: ErrorObject): string | null {
  const params = error.params as Record<string, unknown>;
  const parent = (error.parentSchema ?? {}) as Record<string, unknown>;
  const custom = typeof parent.errorMessage === 'string' ? parent.errorMessage : undefined;
  switch (error.keyword) {
    case 'x-literals':
      return error.message ?? 'invalid value';
    case 'required':
    case 'dependencies':
    case 'dependentRequired':
      return 'required field missing';
    case 'additionalProperties':
      return 'unknown field';
    case 'type':
      return typeMessage(params.type);
    case 'enum':
      return `expected one of: ${(params.allowedValues as unknown[]).filter((v) => v !== null).join(', ')}`;
    case 'const':
      return `value must be ${String(params.allowedValue)}`;
    case 'minimum':
    case 'maximum':
      if (typeof parent.minimum === 'number' && typeof parent.maximum === 'number') {
        return `value should be between ${parent.minimum} and ${parent.maximum}`;
      }
      return error.keyword === 'minimum'
        ? `value must be at least ${params.limit}`
        : `value must be at most ${params.limit}`;
    case 'exclusiveMinimum':
      return `value must be greater than ${params.limit}`;
    case 'exclusiveMaximum':
      return `value must be less than ${params.limit}`;
    case 'minLength':
    case 'maxLength':
      return lengthMessage(error.keyword === 'minLength', params.limit, parent.minLength, parent.maxLength);
    case 'minItems':
    case 'maxItems':
      return lengthMessage(error.keyword === 'minItems', params.limit, parent.minItems, parent.maxItems);
    case 'uniqueItems':
      return `duplicate value: ${String((error.data as unknown[])[params.i as number])}`;
    case 'pattern':
      return custom ?? `invalid value: ${String(error.data)}`;
    case 'format':
      return custom ?? formatMessage(String(params.format), error.data);
    case 'not':
      return custom ?? 'invalid value';
    case 'propertyNames':
      return 'invalid field name';
    // The failing branch of an if/then/else already reported the specific problem.
    case 'if':
      return null;
    default:
      return custom ?? error.message ?? 'invalid value';
  }
}

const TYPE_MESSAGES: Record<string, string> = {
  string: 'expected a string',
  integer: 'expected an integer',
  number: 'expected a number',
  boolean: 'expected a boolean',
  array: 'expected an array',
  object: 'expected a record',
  null: 'expected null',
};

function typeMessage(type: unknown): string {
  const types = (Array.isArray(type) ? type : String(type).split(',')).map(String);
  const expected = types.find((t) => t !== 'null') ?? types[0];
  return TYPE_MESSAGES[expected] ?? `expected ${expected}`;
}

function lengthMessage(isMin: boolean, limit: unknown, min: unknown, max: unknown): string {
  if (min !== undefined && min === max) return `length must be ${limit}`;
  return isMin ? `length must be at least ${limit}` : `length must be at most ${limit}`;
}

function isUrlWithHost(value: string): boolean {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return false;
  try {
    return new URL(value).hostname !== '';
  } catch {
    return false;
  }
}

const HOST_AND_PORT = /^[^:/?#\s]+:\d{1,5}(?:[/?#]|$)/;

function formatMessage(format: string, value: unknown): string {
  switch (format) {
    case 'uri':
    case 'url':
    case 'uri-reference':
      // Kong's url type: a value with a scheme and authority is "invalid", anything less lacks a host —
      // except `host:port` (a URL parser reads `localhost` as the scheme), which lacks the scheme.
      if (/^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]/i.test(String(value))) return 'invalid url';
      return HOST_AND_PORT.test(String(value)) ? `missing scheme in url (did you mean http://${String(value)}?)` : 'missing host in url';
    case 'uuid':
      return 'expected a valid UUID';
    case 'email':
      return 'invalid email address';
    default:
      return `invalid value: ${String(value)}`;
  }
}

/** JSON-pointer segments of the failing value; array positions become Kong's 1-based keys. */
function instancePath(pointer: string, data: unknown): string[] {
  if (pointer === '') return [];
  const path: string[] = [];
  let current: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current) && /^\d+$/.test(segment)) {
      path.push(String(Number(segment) + 1));
      current = current[Number(segment)];
    } else {
      path.push(segment);
      current = current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[segment] : undefined;
    }
  }
  return path;
}

/** One message per field, the first one reported; a field never holds both a message and sub-fields. */
export function placeFieldError(fields: FieldErrors, path: string[], message: string): void {
  let node = fields;
  for (let i = 0; i < path.length - 1; i++) {
    const existing = Object.hasOwn(node, path[i]) ? node[path[i]] : undefined;
    if (typeof existing === 'string') return;
    if (existing === undefined) {
      const child: FieldErrors = {};
      setOwn(node, path[i], child);
      node = child;
    } else {
      node = existing;
    }
  }
  const last = path[path.length - 1];
  if (!Object.hasOwn(node, last)) setOwn(node, last, message);
}

// Field names come from the request (an unknown `__proto__` must be reported, not assigned through).
function setOwn(node: FieldErrors, key: string, value: string | FieldErrors): void {
  Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
}
