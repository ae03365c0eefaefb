import type { TSchema } from '@sinclair/typebox';

/**
 * Kong's own schema format (`{"fields": [{"name": {"type": …, "default": …}}, …]}`), derived from
 * the TypeBox schemas that validate requests. Kong's clients read it: decK fills defaults from
 * GET /schemas/{entity} and /schemas/plugins/{name} before it diffs. The OpenAPI document keeps the
 * JSON Schema form of the same schemas.
 */
export type KongField = Record<string, unknown>;
export type KongFieldList = Record<string, KongField>[];

export function kongFields(schema: TSchema, options: { skip?: string[] } = {}): KongFieldList {
  const required = new Set<string>((schema.required as string[] | undefined) ?? []);
  return Object.entries((schema.properties ?? {}) as Record<string, TSchema>)
    .filter(([name]) => !options.skip?.includes(name))
    .map(([name, property]) => ({ [name]: kongField(property, required.has(name), name) }));
}

export function kongField(schema: TSchema, required = false, name = ''): KongField {
  const { inner, nullable } = unwrapNullable(schema);
  const field: KongField = { ...typeOf(inner, name) };
  // Kong's `required` means "never null": a nullable field is not, whatever JSON Schema's `required` says.
  if (!nullable && (required || inner.default !== undefined)) field.required = true;
  const fallback = schema.default !== undefined ? schema.default : inner.default;
  if (fallback !== undefined) field.default = fallback;
  if (typeof inner.description === 'string') field.description = inner.description;
  return field;
}

function typeOf(schema: TSchema, name: string): KongField {
  const literals = literalsOf(schema);
  if (literals) return { type: typeof literals[0] === 'number' ? 'integer' : 'string', one_of: literals };
  if (Array.isArray(schema.anyOf)) return { type: 'json' };
  switch (schema.type) {
    case 'string':
      return withLimits({ type: 'string', ...(schema.format === 'uuid' ? { uuid: true } : {}) }, { len_min: schema.minLength, len_max: schema.maxLength });
    case 'integer':
    case 'number':
      return withLimits({ type: schema.type }, typeof schema.minimum === 'number' && typeof schema.maximum === 'number' ? { between: [schema.minimum, schema.maximum] } : {});
    case 'boolean':
      return { type: 'boolean' };
    case 'array':
      return withLimits({ type: schema.uniqueItems ? 'set' : 'array', elements: kongField(schema.items as TSchema) }, { len_min: schema.minItems, len_max: schema.maxItems });
    case 'object':
      return objectType(schema, name);
    default:
      return { type: 'json' };
  }
}

function objectType(schema: TSchema, name: string): KongField {
  const properties = (schema.properties ?? {}) as Record<string, TSchema>;
  const keys = Object.keys(properties);
  if (keys.length === 1 && keys[0] === 'id' && properties.id.format === 'uuid') return { type: 'foreign', reference: `${name}s` };
  if (keys.length) return { type: 'record', fields: kongFields(schema) };
  const values = Object.values((schema.patternProperties ?? {}) as Record<string, TSchema>)[0];
  return { type: 'map', keys: { type: 'string' }, values: values ? kongField(values) : { type: 'json' } };
}

function withLimits(field: KongField, limits: Record<string, unknown>): KongField {
  for (const [key, value] of Object.entries(limits)) if (value !== undefined) field[key] = value;
  return field;
}

/** `kongNullable` writes `type: ['null', T]` or `anyOf: [null, T]`; Kong expresses that as "not required". */
function unwrapNullable(schema: TSchema): { inner: TSchema; nullable: boolean } {
  if (Array.isArray(schema.type) && schema.type.includes('null')) {
    const rest = schema.type.filter((t: string) => t !== 'null');
    return { inner: { ...schema, type: rest.length === 1 ? rest[0] : rest }, nullable: true };
  }
  if (Array.isArray(schema.anyOf)) {
    const branches = (schema.anyOf as TSchema[]).filter((s) => s.type !== 'null');
    if (branches.length < schema.anyOf.length) {
      if (branches.length === 1) return { inner: { ...branches[0], default: schema.default ?? branches[0].default }, nullable: true };
      return { inner: { ...schema, anyOf: branches }, nullable: true };
    }
  }
  return { inner: schema, nullable: false };
}

function literalsOf(schema: TSchema): unknown[] | null {
  if (Array.isArray(schema.enum)) return schema.enum.filter((v: unknown) => v !== null);
  if (!Array.isArray(schema.anyOf)) return null;
  const values = (schema.anyOf as TSchema[]).map((s) => ('const' in s ? s.const : undefined));
  return values.every((v) => v !== undefined) ? values : null;
}
