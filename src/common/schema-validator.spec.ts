import { Type, type Static, type TSchema } from '@sinclair/typebox';
import {
  cachedValidator,
  compileValidator,
  kongNullable,
  schemaViolationMessage,
  type FieldErrors,
  type Validation,
} from './schema-validator';

const Config = Type.Object(
  {
    issuer: Type.String({ format: 'uri' }),
    scopes_required: Type.Array(Type.String(), { default: ['openid'] }),
    timeout: Type.Integer({ minimum: 1, default: 10000 }),
    mode: Type.Union([Type.Literal('fast'), Type.Literal('safe')], { default: 'safe' }),
    cache: Type.Object({ enabled: Type.Boolean({ default: false }) }, { default: {}, additionalProperties: false }),
  },
  { default: {}, additionalProperties: false },
);

const Service = Type.Object(
  {
    id: Type.Optional(Type.String({ format: 'uuid' })),
    name: Type.String({ minLength: 1, maxLength: 10 }),
    host: Type.String({ pattern: '^[a-z0-9.-]+$' }),
    port: Type.Integer({ minimum: 0, maximum: 65535, default: 80 }),
    retries: Type.Optional(Type.Integer({ minimum: 0, default: 5 })),
    weight: Type.Optional(Type.Number({ maximum: 100 })),
    ratio: Type.Optional(Type.Number({ minimum: 0.5 })),
    protocol: Type.Unsafe<'http' | 'https'>({ type: 'string', enum: ['http', 'https'], default: 'http' }),
    enabled: Type.Boolean({ default: true }),
    path: Type.Optional(kongNullable(Type.String({ pattern: '^/' }))),
    url: Type.Optional(Type.String({ format: 'url' })),
    link: Type.Optional(Type.String({ format: 'uri' })),
    tags: Type.Optional(kongNullable(Type.Array(Type.String({ minLength: 1 })))),
    paths: Type.Optional(
      Type.Array(Type.String({ pattern: '^/', errorMessage: 'should start with: /' }), { minItems: 1 }),
    ),
    code: Type.Optional(Type.String({ minLength: 2, maxLength: 2 })),
    config: Config,
  },
  { additionalProperties: false },
);

const validate = compileValidator<Record<string, unknown>>(Service);
const validateForm = compileValidator<Record<string, unknown>>(Service, { coerce: true });

const base = { name: 'svc', host: 'example.com', config: { issuer: 'https://idp.example.com' } };

function fieldsOf(result: Validation<unknown>): FieldErrors {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  return result.fields;
}

describe('compileValidator', () => {
  it('fills defaults at every level', () => {
    const result = validate(base);
    expect(result).toEqual({
      ok: true,
      value: {
        name: 'svc',
        host: 'example.com',
        port: 80,
        retries: 5,
        protocol: 'http',
        enabled: true,
        config: {
          issuer: 'https://idp.example.com',
          scopes_required: ['openid'],
          timeout: 10000,
          mode: 'safe',
          cache: { enabled: false },
        },
      },
    });
  });

  it('keeps given values over defaults', () => {
    const result = validate({ ...base, port: 8080, config: { ...base.config, scopes_required: [] } });
    expect(result.ok && result.value.port).toBe(8080);
    expect(result.ok && (result.value.config as Record<string, unknown>).scopes_required).toEqual([]);
  });

  it('does not mutate the input', () => {
    const input = structuredClone(base);
    validate(input);
    validateForm({ ...input, port: '80' });
    expect(input).toEqual(base);
  });

  it('gives every call fresh default objects', () => {
    const a = validate(base);
    const b = validate(base);
    if (!a.ok || !b.ok) throw new Error('expected success');
    expect(a.value.config).not.toBe(b.value.config);
  });

  it.each<[string, Record<string, unknown>, FieldErrors]>([
    ['missing required field', { host: 'h', config: base.config }, { name: 'required field missing' }],
    ['missing nested required field (record defaulted)', { name: 'a', host: 'h' }, { config: { issuer: 'required field missing' } }],
    ['unknown field', { ...base, colour: 'red' }, { colour: 'unknown field' }],
    ['unknown nested field', { ...base, config: { ...base.config, x: 1 } }, { config: { x: 'unknown field' } }],
    ['unknown field two levels down', { ...base, config: { ...base.config, cache: { ttl: 1 } } }, { config: { cache: { ttl: 'unknown field' } } }],
    ['expected a string', { ...base, name: 5 }, { name: 'expected a string' }],
    ['expected an integer', { ...base, port: 80.5 }, { port: 'expected an integer' }],
    ['expected an integer (string without coercion)', { ...base, port: '80' }, { port: 'expected an integer' }],
    ['expected a number', { ...base, weight: 'x' }, { weight: 'expected a number' }],
    ['expected a boolean', { ...base, enabled: 'yes' }, { enabled: 'expected a boolean' }],
    ['expected an array', { ...base, paths: '/a' }, { paths: 'expected an array' }],
    ['expected a record', { ...base, config: 'x' }, { config: 'expected a record' }],
    ['explicit null on a non-nullable field', { ...base, name: null }, { name: 'expected a string' }],
    ['enum', { ...base, protocol: 'ftp' }, { protocol: 'expected one of: http, https' }],
    ['union of literals', { ...base, config: { ...base.config, mode: 'slow' } }, { config: { mode: 'expected one of: fast, safe' } }],
    ['between, too large', { ...base, port: 70000 }, { port: 'value should be between 0 and 65535' }],
    ['between, too small', { ...base, port: -1 }, { port: 'value should be between 0 and 65535' }],
    ['minimum only', { ...base, retries: -1 }, { retries: 'value must be at least 0' }],
    ['minimum only, nested', { ...base, config: { ...base.config, timeout: 0 } }, { config: { timeout: 'value must be at least 1' } }],
    ['maximum only', { ...base, weight: 101 }, { weight: 'value must be at most 100' }],
    ['minimum only, fractional', { ...base, ratio: 0.25 }, { ratio: 'value must be at least 0.5' }],
    ['minLength', { ...base, name: '' }, { name: 'length must be at least 1' }],
    ['maxLength', { ...base, name: 'abcdefghijk' }, { name: 'length must be at most 10' }],
    ['exact length', { ...base, code: 'abc' }, { code: 'length must be 2' }],
    ['pattern without errorMessage', { ...base, host: 'Bad Host' }, { host: 'invalid value: Bad Host' }],
    ['pattern with errorMessage, array index 1-based', { ...base, paths: ['/a', 'b', '/c'] }, { paths: { '2': 'should start with: /' } }],
    ['several bad array items', { ...base, paths: ['a', '/b', 'c'] }, { paths: { '1': 'should start with: /', '3': 'should start with: /' } }],
    ['minItems', { ...base, paths: [] }, { paths: 'length must be at least 1' }],
    ['uri without host', { ...base, url: 'example.com/path' }, { url: 'missing host in url' }],
    ['uri with empty host', { ...base, url: 'http://' }, { url: 'missing host in url' }],
    ['host:port without a scheme', { ...base, url: 'localhost:9999' }, { url: 'missing scheme in url (did you mean http://localhost:9999?)' }],
    ['ip:port/path without a scheme', { ...base, url: '127.0.0.1:8080/v1' }, { url: 'missing scheme in url (did you mean http://127.0.0.1:8080/v1?)' }],
    ['invalid uri', { ...base, url: 'http://exa mple.com' }, { url: 'invalid url' }],
    ['uri format without host', { ...base, link: 'example.com' }, { link: 'missing host in url' }],
    ['nested uri', { ...base, config: { issuer: 'nope' } }, { config: { issuer: 'missing host in url' } }],
    ['uuid', { ...base, id: 'not-a-uuid' }, { id: 'expected a valid UUID' }],
    ['nullable: inner message wins', { ...base, path: 'no-slash' }, { path: 'invalid value: no-slash' }],
    ['nullable: inner type message', { ...base, path: 5 }, { path: 'expected a string' }],
    ['nullable array: item message', { ...base, tags: ['ok', ''] }, { tags: { '2': 'length must be at least 1' } }],
    ['nullable array: type message', { ...base, tags: 'a' }, { tags: 'expected an array' }],
    [
      'several fields at once',
      { name: 5, port: 'x', colour: 1, config: {} },
      {
        name: 'expected a string',
        host: 'required field missing',
        port: 'expected an integer',
        colour: 'unknown field',
        config: { issuer: 'required field missing' },
      },
    ],
  ])('%s', (_name, input, expected) => {
    expect(fieldsOf(validate(input))).toStrictEqual(expected);
  });

  it.each<[string, unknown]>([
    ['an array', []],
    ['a string', 'x'],
    ['null', null],
    ['undefined', undefined],
  ])('reports a non-object body (%s) on @entity', (_name, input) => {
    expect(fieldsOf(validate(input))).toStrictEqual({ '@entity': 'expected a record' });
  });

  it.each(['http://10.0.0.1:8080/x', 'http://127.0.0.1', 'https://localhost/a?b=c', 'grpc://upstream:50051'])(
    'accepts url %s',
    (url) => {
      expect(validate({ ...base, url }).ok).toBe(true);
    },
  );

  it('accepts explicit null on nullable fields', () => {
    const result = validate({ ...base, path: null, tags: null });
    expect(result.ok && [result.value.path, result.value.tags]).toEqual([null, null]);
  });

  it('keeps one message per field', () => {
    const fields = fieldsOf(validate({ ...base, paths: 'a' }));
    expect(fields).toStrictEqual({ paths: 'expected an array' });
  });

  it('reports an unknown __proto__ field as an own key', () => {
    const fields = fieldsOf(validate(JSON.parse('{"name":"a","host":"h","config":{"issuer":"http://x"},"__proto__":{"x":1}}')));
    expect(Object.keys(fields)).toEqual(['__proto__']);
    expect(JSON.stringify(fields)).toBe('{"__proto__":"unknown field"}');
  });

  describe('coercion', () => {
    const form = {
      name: 'svc',
      host: 'example.com',
      port: '8080',
      enabled: 'false',
      weight: '1.5',
      tags: 'one',
      paths: '/a',
      config: { issuer: 'https://idp', timeout: '30', scopes_required: 'openid' },
    };

    it('turns form strings into the schema types when coerce is set', () => {
      const result = validateForm(form);
      if (!result.ok) throw new Error(JSON.stringify(result.fields));
      expect(result.value).toMatchObject({
        port: 8080,
        enabled: false,
        weight: 1.5,
        tags: ['one'],
        paths: ['/a'],
        config: { issuer: 'https://idp', timeout: 30, scopes_required: ['openid'] },
      });
    });

    it('does not coerce without the option', () => {
      expect(fieldsOf(validate(form))).toStrictEqual({
        port: 'expected an integer',
        enabled: 'expected a boolean',
        weight: 'expected a number',
        tags: 'expected an array',
        paths: 'expected an array',
        config: { timeout: 'expected an integer', scopes_required: 'expected an array' },
      });
    });

    it.each<[string, Record<string, unknown>, FieldErrors]>([
      ['non-numeric string for an integer', { port: 'eighty' }, { port: 'expected an integer' }],
      ['non-boolean string', { enabled: 'yes' }, { enabled: 'expected a boolean' }],
      ['bounds still apply after coercion', { port: '70000' }, { port: 'value should be between 0 and 65535' }],
      ['coerced array items are checked', { paths: ['/a', 'b'] }, { paths: { '2': 'should start with: /' } }],
    ])('still rejects %s', (_name, override, expected) => {
      expect(fieldsOf(validateForm({ ...form, ...override }))).toStrictEqual(expected);
    });
  });
});

describe('kongNullable', () => {
  it('lifts the inner default so ajv applies it', () => {
    const v = compileValidator<{ n?: number | null }>(
      Type.Object({ n: Type.Optional(kongNullable(Type.Integer({ default: 3 }))) }),
    );
    expect(v({})).toEqual({ ok: true, value: { n: 3 } });
    expect(v({ n: null })).toEqual({ ok: true, value: { n: null } });
  });

  it.each<[string, TSchema, unknown, Validation<unknown>]>([
    ['integer from a form number', Type.Integer(), '80', { ok: true, value: { n: 80 } }],
    ['integer zero stays zero', Type.Integer(), '0', { ok: true, value: { n: 0 } }],
    ['integer from an empty form value', Type.Integer(), '', { ok: true, value: { n: null } }],
    ['integer from explicit null', Type.Integer(), null, { ok: true, value: { n: null } }],
    ['integer from garbage', Type.Integer(), 'x', { ok: false, fields: { n: 'expected an integer' } }],
    ['boolean false stays false', Type.Boolean(), 'false', { ok: true, value: { n: false } }],
    ['array from an empty form value', Type.Array(Type.String()), '', { ok: true, value: { n: null } }],
    ['array from one form value', Type.Array(Type.String()), 'a', { ok: true, value: { n: ['a'] } }],
    ['string keeps an empty form value', Type.String(), '', { ok: true, value: { n: '' } }],
    ['enum accepts null', Type.Unsafe({ type: 'string', enum: ['a', 'b'] }), null, { ok: true, value: { n: null } }],
    ['enum message leaves null out', Type.Unsafe({ type: 'string', enum: ['a', 'b'] }), 'c', { ok: false, fields: { n: 'expected one of: a, b' } }],
  ])('with coercion: %s', (_name, inner, n, expected) => {
    const v = compileValidator(Type.Object({ n: kongNullable(inner) }), { coerce: true });
    expect(v({ n })).toEqual(expected);
  });

  it('without coercion keeps JSON zero and false', () => {
    const v = compileValidator(Type.Object({ i: kongNullable(Type.Integer()), b: kongNullable(Type.Boolean()) }));
    expect(v({ i: 0, b: false })).toEqual({ ok: true, value: { i: 0, b: false } });
  });

  it('types the value as nullable', () => {
    const S = Type.Object({ path: kongNullable(Type.String()) });
    const v = compileValidator<Static<typeof S>>(S);
    const result = v({ path: null });
    const path: string | null = result.ok ? result.value.path : 'x';
    expect(path).toBeNull();
  });

  it('wraps a union of literals', () => {
    const v = compileValidator(
      Type.Object({ p: Type.Optional(kongNullable(Type.Union([Type.Literal('a'), Type.Literal('b')], { default: 'b' }))) }),
    );
    expect(v({})).toEqual({ ok: true, value: { p: 'b' } });
    expect(v({ p: null }).ok).toBe(true);
    expect(fieldsOf(v({ p: 'c' }))).toStrictEqual({ p: 'expected one of: a, b' });
  });
});

describe('schemaViolationMessage', () => {
  it.each<[string, FieldErrors, string]>([
    ['one violation', { name: 'required field missing' }, 'schema violation (name: required field missing)'],
    [
      'several violations, sorted by field',
      { name: 'expected a string', host: 'required field missing' },
      '2 schema violations (host: required field missing; name: expected a string)',
    ],
    ['nested field', { config: { issuer: 'required field missing' } }, 'schema violation (config.issuer: required field missing)'],
    ['array item', { paths: { '2': 'should start with: /' } }, 'schema violation (paths.2: should start with: /)'],
    [
      'array items in numeric order',
      { paths: { '10': 'x', '2': 'y' } },
      '2 schema violations (paths.2: y; paths.10: x)',
    ],
    [
      'mixed depths',
      { port: 'expected an integer', config: { timeout: 'value must be at least 1', cache: { ttl: 'unknown field' } } },
      '3 schema violations (config.cache.ttl: unknown field; config.timeout: value must be at least 1; port: expected an integer)',
    ],
    ['entity-level errors come first, unprefixed', { name: 'x', '@entity': 'expected a record' }, '2 schema violations (expected a record; name: x)'],
  ])('%s', (_name, fields, expected) => {
    expect(schemaViolationMessage(fields)).toBe(expected);
  });

  it('matches the validator output end to end', () => {
    const fields = fieldsOf(validate({ name: 5 }));
    expect(schemaViolationMessage(fields)).toBe(
      '3 schema violations (config.issuer: required field missing; host: required field missing; name: expected a string)',
    );
  });
});

describe('cachedValidator', () => {
  const Port = Type.Object({ port: Type.Integer() });

  it('compiles once per schema and mode', () => {
    expect(cachedValidator(Port)).toBe(cachedValidator(Port, { coerce: false }));
    expect(cachedValidator(Port, { coerce: true })).toBe(cachedValidator(Port, { coerce: true }));
    expect(cachedValidator(Port, { coerce: true })).not.toBe(cachedValidator(Port));
    expect(cachedValidator(Type.Object({ port: Type.Integer() }))).not.toBe(cachedValidator(Port));
  });

  it('coerces only in the coercing mode', () => {
    expect(cachedValidator(Port, { coerce: true })({ port: '80' })).toEqual({ ok: true, value: { port: 80 } });
    expect(cachedValidator(Port)({ port: '80' })).toEqual({ ok: false, fields: { port: 'expected an integer' } });
  });
});
