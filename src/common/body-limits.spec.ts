import { assertBodyLimits, MAX_BODY_DEPTH, MAX_BODY_ENTRIES } from './body-limits';
import { PorticoError } from './http-errors';

function nested(levels: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

function refusal(body: unknown): PorticoError {
  try {
    assertBodyLimits(body);
  } catch (err) {
    if (err instanceof PorticoError) return err;
    throw err;
  }
  throw new Error('accepted');
}

describe('assertBodyLimits', () => {
  it.each<[string, unknown]>([
    ['an ordinary entity', { name: 'svc', url: 'http://x', tags: ['a', 'b'], config: { scopes: ['read'] } }],
    [`${MAX_BODY_DEPTH} levels`, nested(MAX_BODY_DEPTH)],
    [`an array of ${MAX_BODY_ENTRIES}`, { paths: Array.from({ length: MAX_BODY_ENTRIES }, (_, i) => `/p${i}`) }],
    [`a record of ${MAX_BODY_ENTRIES} fields`, { meta: Object.fromEntries(Array.from({ length: MAX_BODY_ENTRIES }, (_, i) => [`k${i}`, i])) }],
    ['paired surrogates (emoji) and other control characters', { name: 'ok 😀 \t\n', meta: { '😀': 'x' } }],
    ['numbers, booleans and null', { a: 1, b: true, c: null }],
  ])('accepts %s', (_name, body) => {
    expect(() => assertBodyLimits(body)).not.toThrow();
  });

  it.each([MAX_BODY_DEPTH + 1, 2_000, 500_000])('refuses %i levels with 400, without exhausting the stack', (levels) => {
    const err = refusal(nested(levels));
    expect(err.status).toBe(400);
    expect(err.body).toEqual({ message: 'request body is nested too deeply (at most 64 levels)' });
  });

  it('refuses a long array on its field, as Kong names fields', () => {
    const err = refusal({ name: 'r', paths: Array.from({ length: MAX_BODY_ENTRIES + 1 }, () => '/a') });
    expect(err.status).toBe(400);
    expect(err.body).toEqual({
      code: 2,
      name: 'schema violation',
      message: 'schema violation (paths: length must be at most 1000)',
      fields: { paths: 'length must be at most 1000' },
    });
  });

  it('refuses a record with too many fields', () => {
    const meta = Object.fromEntries(Array.from({ length: MAX_BODY_ENTRIES + 1 }, (_, i) => [`k${i}`, i]));
    expect(refusal({ meta }).body).toMatchObject({ fields: { meta: 'too many fields (at most 1000)' } });
  });

  it.each([
    ['NUL', 'ab\u0000c'],
    ['a lone high surrogate', 'ab\uD800'],
    ['a lone low surrogate', '\uDC00ab'],
    ['surrogates in the wrong order', '\uDC00\uD800'],
  ])('refuses %s in a string, on its field (1-based array positions)', (_name, bad) => {
    const err = refusal({ username: 'ok', paths: ['/a', bad], config: { name: bad } });
    const message = 'invalid value: NUL characters and unpaired surrogates are not allowed';
    expect(err.status).toBe(400);
    expect(err.body).toMatchObject({ code: 2, name: 'schema violation', fields: { paths: { '2': message }, config: { name: message } } });
    expect(err.body.message).toBe(`2 schema violations (config.name: ${message}; paths.2: ${message})`);
  });

  it('refuses NUL in a field name', () => {
    expect(refusal({ meta: { 'a\u0000b': 1 } }).body).toMatchObject({
      fields: { meta: { 'a\u0000b': 'invalid field name: NUL characters and unpaired surrogates are not allowed' } },
    });
  });

  it('refuses a bad top-level string as the entity', () => {
    expect(refusal('\u0000').body).toMatchObject({ fields: { '@entity': expect.any(String) } });
  });

  it('stops after 20 reports', () => {
    const err = refusal({ tags: Array.from({ length: 500 }, () => '\u0000') });
    expect(Object.keys((err.body.fields as { tags: object }).tags)).toHaveLength(20);
  });
});
