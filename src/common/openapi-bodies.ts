/**
 * Names every request and response body of an OpenAPI document and gives each an example, so the
 * /docs pages show a schema people can read instead of an anonymous object. Runs once on the
 * document Nest generated: the operations keep their own decorators (and the body schemas stay
 * the ones that validate), this only moves bodies into components and fills in what was missing.
 */

type Json = Record<string, any>;

export interface BodyNaming {
  /** Collection path segment → entity name (`services` → `Service`). */
  entities: Record<string, string>;
  /** Entity name → an example of it as the API answers. */
  examples: Record<string, Json>;
  /** Values for request-only fields no answer shows (`password`, `url`). */
  requestOnly?: Json;
  /** Request body name → its example, where the one read off the entity would mislead. */
  requestExamples?: Record<string, Json>;
  /** `METHOD /path` → the name of a body that is not an entity (request or response). */
  names?: Record<string, { request?: string; response?: string; example?: unknown; mediaType?: string }>;
}

const ERROR_SCHEMAS: Record<string, Json> = {
  Error: {
    type: 'object',
    required: ['message'],
    properties: { message: { type: 'string' }, code: { type: 'integer', description: 'Kong error code, where Kong has one.' } },
    example: { message: 'Not found' },
  },
  SchemaViolation: {
    type: 'object',
    required: ['code', 'name', 'message', 'fields'],
    properties: {
      code: { type: 'integer', const: 2 },
      name: { type: 'string', const: 'schema violation' },
      message: { type: 'string' },
      fields: { type: 'object', additionalProperties: true, description: 'Per field, what is wrong with it.' },
    },
    example: { code: 2, name: 'schema violation', message: 'schema violation (name: required field missing)', fields: { name: 'required field missing' } },
  },
  UniqueViolation: {
    type: 'object',
    required: ['code', 'name', 'message', 'fields'],
    properties: {
      code: { type: 'integer', const: 5 },
      name: { type: 'string', const: 'unique constraint violation' },
      message: { type: 'string' },
      fields: { type: 'object', additionalProperties: true, description: 'The values that are taken.' },
    },
    example: { code: 5, name: 'unique constraint violation', message: `UNIQUE violation detected on '{name="x"}'`, fields: { name: 'x' } },
  },
};

/** The answer to a body missing its first required field: a schema violation example that matches the operation. */
export function violationExample(body: Json): Json {
  const field = (body.required as string[] | undefined)?.[0] ?? 'name';
  return { code: 2, name: 'schema violation', message: `schema violation (${field}: required field missing)`, fields: { [field]: 'required field missing' } };
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A JSON Schema for an answer, read off its example (answers have no validating schema of their own). */
export function schemaFromExample(value: unknown): Json {
  if (value === null) return {};
  if (Array.isArray(value)) return { type: 'array', items: value.length ? schemaFromExample(value[0]) : {} };
  if (typeof value === 'object') {
    return { type: 'object', properties: Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, schemaFromExample(v)])) };
  }
  if (typeof value === 'number') return { type: Number.isInteger(value) ? 'integer' : 'number' };
  return { type: typeof value };
}

/** An example request body: the entity example's values for the schema's fields, placeholders for required ones it lacks. */
export function exampleForSchema(schema: Json, source: Json): Json {
  const example: Json = {};
  for (const [name, property] of Object.entries((schema.properties ?? {}) as Json)) {
    if (name in source && source[name] !== null) example[name] = source[name];
    else if ((schema.required ?? []).includes(name)) example[name] = placeholder(property);
  }
  return example;
}

function placeholder(property: Json): unknown {
  if (property.default !== undefined) return property.default;
  if (property.format === 'email') return 'developer@example.com';
  if (property.format === 'uuid') return '7b5c1a0e-2f0d-4c55-9a53-3f1f0c6f6a10';
  if (property.format === 'url' || property.format === 'uri') return 'https://api.example.com';
  const type = Array.isArray(property.type) ? property.type.find((t: string) => t !== 'null') : property.type;
  if (type === 'object') return property.properties ? exampleForSchema(property, {}) : {};
  return { string: 'string', integer: 0, number: 0, boolean: false, array: [] }[type as string] ?? null;
}

interface PathInfo {
  entity: string | null;
  parent: string | null;
  isItem: boolean;
}

function pathInfo(path: string, entities: Record<string, string>): PathInfo {
  const segments = path.split('/').filter(Boolean);
  const collections = segments.filter((s) => !s.startsWith('{'));
  const entity = entities[collections[collections.length - 1] ?? ''] ?? null;
  const parent = collections.length > 1 ? (entities[collections[collections.length - 2]] ?? null) : null;
  return { entity, parent, isItem: segments.length > 0 && segments[segments.length - 1].startsWith('{') };
}

export function nameBodies(document: Json, naming: BodyNaming): Json {
  const schemas: Json = ((document.components ??= {}).schemas ??= {});
  Object.assign(schemas, ERROR_SCHEMAS);

  const define = (name: string, schema: Json): string => {
    // One name, one schema: a nested operation whose body differs is named after its parent too.
    if (schemas[name] && JSON.stringify(schemas[name]) !== JSON.stringify(schema)) return '';
    schemas[name] = schema;
    return name;
  };
  const defineEntity = (entity: string) => {
    const example = naming.examples[entity];
    if (!example) throw new Error(`OpenAPI: no example for ${entity}`);
    schemas[entity] ??= { ...schemaFromExample(example), example };
    return entity;
  };
  const definePage = (entity: string) => {
    const name = `${entity}Page`;
    schemas[name] ??= {
      type: 'object',
      required: ['data', 'next'],
      properties: {
        data: { type: 'array', items: ref(defineEntity(entity)) },
        next: { type: ['string', 'null'], description: 'Path of the next page; null on the last page.' },
        offset: { type: 'string', description: 'Cursor of the next page (absent on the last page).' },
        total: { type: 'integer', description: 'Portal lists: how many there are in all.' },
      },
      example: { data: [naming.examples[entity]], next: null },
    };
    return name;
  };

  for (const [path, operations] of Object.entries(document.paths as Json)) {
    const info = pathInfo(path, naming.entities);
    for (const [method, operation] of Object.entries(operations as Json)) {
      const key = `${method.toUpperCase()} ${path}`;
      const special = naming.names?.[key];

      for (const media of Object.values((operation.requestBody?.content ?? {}) as Json)) {
        if (!media.schema || media.schema.$ref) continue;
        const base = special?.request ?? `${info.entity ?? 'Body'}${method === 'post' ? 'Create' : 'Update'}`;
        const source = { ...naming.requestOnly, ...(info.entity ? naming.examples[info.entity] : {}) };
        const candidates = [base, `${info.parent ?? ''}${base}`, `${base}${capitalize(method)}${Object.keys(schemas).length}`];
        const name = candidates.find((candidate) => define(candidate, { ...media.schema, example: naming.requestExamples?.[candidate] ?? exampleForSchema(media.schema, source) }))!;
        media.schema = ref(name);
      }

      for (const [status, response] of Object.entries((operation.responses ?? {}) as Json)) {
        const code = Number(status);
        if (code >= 400) {
          for (const media of Object.values((response.content ?? {}) as Json)) {
            if (!media.schema || media.schema.$ref) continue;
            const example = media.schema.example;
            media.schema = ref(example?.code === 2 ? 'SchemaViolation' : example?.code === 5 ? 'UniqueViolation' : 'Error');
            if (example) media.example = example;
          }
          continue;
        }
        if (code === 204 || response.content) continue;
        let name: string | null = null;
        if (special?.response) {
          schemas[special.response] ??= { ...schemaFromExample(special.example), example: special.example };
          name = special.response;
        } else if (info.entity) {
          name = method === 'get' && !info.isItem ? definePage(info.entity) : defineEntity(info.entity);
        }
        if (name) response.content = { [special?.mediaType ?? 'application/json']: { schema: ref(name) } };
      }
    }
  }
  return document;
}
