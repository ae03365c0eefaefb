import { TObject, TProperties, TSchema, Type } from '@sinclair/typebox';
import { kongNullable } from './schema-validator';

/**
 * Building blocks for entity and plugin schemas. Every field carries a description (and its default),
 * because the same schema validates requests, fills defaults, and is what /docs and
 * GET /schemas/plugins/{name} show.
 */
export const Tags = kongNullable(
  Type.Array(
    Type.String({
      minLength: 1,
      maxLength: 128,
      // `,` and `/` are the AND and OR of the `?tags=` filter; a tag holding one could never be found.
      pattern: '^[^\\x00-\\x20\\x7f,/]+$',
      errorMessage: "invalid tag: expected printable characters except ',' and '/'",
    }),
    { description: 'Free-form labels for grouping and filtering (`?tags=`).', default: null },
  ),
);

export const nullable = kongNullable;

export const ForeignKey = (entity: string) =>
  Type.Object({ id: Type.String({ format: 'uuid', description: `The ${entity} id.` }) }, { additionalProperties: false });

export const Name = Type.String({
  pattern: '^[A-Za-z0-9._~-]+$',
  maxLength: 128,
  errorMessage: 'invalid value; the name may only contain letters, digits and . _ ~ -',
  description: 'Unique name; may be used instead of the id in URLs.',
});

export const TimeoutMs = (description: string) =>
  Type.Integer({ minimum: 1, maximum: 2147483646, default: 60000, description });

/**
 * PATCH bodies: the same fields, all optional and without defaults, so a partial update never resets
 * a field the client did not send.
 */
export function forUpdate(schema: TSchema): TSchema {
  const strip = (s: unknown): unknown => {
    if (Array.isArray(s)) return s.map(strip);
    if (s && typeof s === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s)) {
        if (k === 'default' || k === 'required') continue;
        out[k] = strip(v);
      }
      return out;
    }
    return s;
  };
  return strip(schema) as TSchema;
}

/**
 * An entity body: unknown fields rejected, and only the listed fields required — everything else
 * may be omitted (and gets its default). Kong's schemas work the same way.
 */
export function entitySchema<P extends TProperties>(properties: P, required: (keyof P & string)[] = []): TObject<P> {
  const schema = Type.Object(properties, { additionalProperties: false });
  if (required.length) schema.required = required;
  else delete (schema as { required?: string[] }).required;
  return schema;
}
