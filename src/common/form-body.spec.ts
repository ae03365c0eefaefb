import { decodeKongForm, FormBodyError } from './form-body';

describe('decodeKongForm', () => {
  it.each<[string, string, Record<string, unknown>]>([
    ['empty body', '', {}],
    ['plain field', 'name=x', { name: 'x' }],
    ['several fields', 'name=x&host=example.com', { name: 'x', host: 'example.com' }],
    ['[] appends', 'paths[]=/a&paths[]=/b', { paths: ['/a', '/b'] }],
    ['repeated key', 'paths=/a&paths=/b', { paths: ['/a', '/b'] }],
    ['repeated key three times', 'm=GET&m=POST&m=PUT', { m: ['GET', 'POST', 'PUT'] }],
    ['indexed, in order', 'paths[1]=/a&paths[2]=/b', { paths: ['/a', '/b'] }],
    ['indexed, out of order', 'paths[2]=/b&paths[1]=/a', { paths: ['/a', '/b'] }],
    ['indexed, numeric not lexical order', 'p[10]=j&p[9]=i&p[1]=a', { p: ['a', 'i', 'j'] }],
    ['single [] stays an array', 'paths[]=/a', { paths: ['/a'] }],
    ['plain value joins a [] list', 'paths=/a&paths[]=/b', { paths: ['/a', '/b'] }],
    ['dots nest', 'config.issuer=https://x', { config: { issuer: 'https://x' } }],
    ['foreign key', 'service.id=abc', { service: { id: 'abc' } }],
    ['deep nesting', 'a.b.c.d=1', { a: { b: { c: { d: '1' } } } }],
    ['siblings under one record', 'config.a=1&config.b=2', { config: { a: '1', b: '2' } }],
    ['nested array', 'config.scopes_required[]=a&config.scopes_required[]=b', { config: { scopes_required: ['a', 'b'] } }],
    ['nested repeated key', 'config.s=a&config.s=b', { config: { s: ['a', 'b'] } }],
    ['array of records', 'c[1].name=x&c[1].v=1&c[2].name=y', { c: [{ name: 'x', v: '1' }, { name: 'y' }] }],
    ['+ is a space', 'name=a+b', { name: 'a b' }],
    ['percent-decoding of values', 'url=http%3A%2F%2Fx%2Fa%20b', { url: 'http://x/a b' }],
    ['percent-decoding of keys', 'paths%5B%5D=/a&config%2Eissuer=i', { paths: ['/a'], config: { issuer: 'i' } }],
    ['encoded + stays a plus', 'name=a%2Bb', { name: 'a+b' }],
    ['UTF-8', 'name=%C3%A9t%C3%A9', { name: 'été' }],
    ['= inside a value', 'q=a=b', { q: 'a=b' }],
    ['empty value kept', 'tags=', { tags: '' }],
    ['key without =', 'tags', { tags: '' }],
    ['empty pairs skipped', '&name=x&&', { name: 'x' }],
    ['values stay strings', 'port=80&enabled=true', { port: '80', enabled: 'true' }],
    ['non-numeric brackets are part of the name', 'a[b]=1', { 'a[b]': '1' }],
    ['Object.prototype names are ordinary keys', 'toString=x&hasOwnProperty=y', { toString: 'x', hasOwnProperty: 'y' }],
  ])('%s', (_name, body, expected) => {
    expect(decodeKongForm(body)).toStrictEqual(expected);
  });

  it.each([
    ['__proto__', '__proto__.polluted=1', '__proto__.polluted'],
    ['__proto__ nested', 'config.__proto__.x=1', 'config.__proto__.x'],
    ['__proto__ in brackets', 'a[__proto__]=1', 'a[__proto__]'],
    ['encoded __proto__', '%5F%5Fproto%5F%5F=1', '__proto__'],
    ['constructor', 'constructor.prototype.x=1', 'constructor.prototype.x'],
    ['prototype', 'config.prototype=1', 'config.prototype'],
  ])('rejects prototype-pollution key: %s', (_name, body, key) => {
    expect(() => decodeKongForm(body)).toThrow(FormBodyError);
    expect(() => decodeKongForm(body)).toThrow(key);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['bad percent escape in value', 'name=%zz'],
    ['truncated percent escape', 'name=abc%'],
    ['invalid UTF-8 sequence', 'name=%C3'],
    ['bad percent escape in key', 'na%me=x'],
    ['empty key', '=x'],
    ['empty dot segment', 'config..issuer=x'],
    ['trailing dot', 'config.=x'],
    ['record vs value conflict', 'config=x&config.issuer=y'],
    ['value vs record conflict', 'config.issuer=y&config=x'],
    ['same index twice', 'paths[1]=/a&paths[1]=/b'],
  ])('rejects %s', (_name, body) => {
    expect(() => decodeKongForm(body)).toThrow(FormBodyError);
  });

  it('takes keys nested 64 levels, and refuses deeper ones before parsing them', () => {
    const nested = (levels: number, separator: string) => Array.from({ length: levels }, (_, i) => `k${i}`).join(separator);
    expect(decodeKongForm(`${nested(64, '.')}=x`)).toBeDefined();
    expect(() => decodeKongForm(`${nested(65, '.')}=x`)).toThrow('form key nested too deeply (at most 64 levels)');
    expect(() => decodeKongForm(`a${'[]'.repeat(64)}=x`)).toThrow('form key nested too deeply');
    // Refused by counting: the key pattern alone would backtrack quadratically here (minutes of a blocked event loop).
    expect(() => decodeKongForm(`a${'[]'.repeat(300_000)}x=1`)).toThrow('form key nested too deeply');
  });
});
