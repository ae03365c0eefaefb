import { Type } from '@sinclair/typebox';
import { kongField, kongFields } from './kong-schema-format';
import { kongNullable } from './schema-validator';

describe("Kong's schema format from TypeBox", () => {
  it('maps types, defaults, limits and descriptions', () => {
    const schema = Type.Object({
      name: Type.String({ minLength: 1, maxLength: 10, description: 'A name.' }),
      port: Type.Integer({ minimum: 0, maximum: 65535, default: 80 }),
      ratio: Type.Number(),
      on: Type.Boolean({ default: true }),
      mode: Type.Union([Type.Literal('a'), Type.Literal('b')], { default: 'a' }),
      list: Type.Array(Type.String(), { default: ['x'] }),
      set: Type.Array(Type.String(), { uniqueItems: true }),
      maybe: kongNullable(Type.String({ default: null } as never)),
      meta: Type.Record(Type.String(), Type.Unknown()),
      nested: Type.Object({ depth: Type.Integer({ default: 1 }) }),
      service: Type.Object({ id: Type.String({ format: 'uuid' }) }),
      either: Type.Union([Type.String(), Type.Integer()]),
    });
    expect(kongFields(schema, { skip: ['ratio'] })).toEqual([
      { name: { type: 'string', len_min: 1, len_max: 10, required: true, description: 'A name.' } },
      { port: { type: 'integer', between: [0, 65535], required: true, default: 80 } },
      { on: { type: 'boolean', required: true, default: true } },
      { mode: { type: 'string', one_of: ['a', 'b'], required: true, default: 'a' } },
      { list: { type: 'array', elements: { type: 'string' }, required: true, default: ['x'] } },
      { set: { type: 'set', elements: { type: 'string' }, required: true } },
      { maybe: { type: 'string', default: null } },
      { meta: { type: 'map', keys: { type: 'string' }, values: { type: 'json' }, required: true } },
      { nested: { type: 'record', fields: [{ depth: { type: 'integer', required: true, default: 1 } }], required: true } },
      { service: { type: 'foreign', reference: 'services', required: true } },
      { either: { type: 'json', required: true } },
    ]);
  });

  it('a nullable field is never required, whatever its default', () => {
    expect(kongField(kongNullable(Type.Array(Type.String(), { default: null } as never)), true)).toEqual({ type: 'array', elements: { type: 'string' }, default: null });
  });
});
