import { normalizePath } from './normalize-path';

describe('normalizePath', () => {
  describe('already-normal paths are returned unchanged', () => {
    it.each([
      '/',
      '/a',
      '/a/b',
      '/a/b/',
      '/users/42/profile',
      '/file.txt',
      '/.well-known/openid-configuration',
      '/a/.hidden/b',
      '/a/..b/c',
      '/a/b../c',
      '/a/.../b',
      '/a/b.',
      '/a/b..',
      '/a-b_c~d',
      '/a;b=c,d',
      '/caf\u00e9',
    ])('%s', (path) => {
      expect(normalizePath(path)).toBe(path);
    });
  });

  describe('dot segments are resolved', () => {
    it.each([
      ['/a/./b', '/a/b'],
      ['/a/b/../c', '/a/c'],
      ['/a/./b/../c', '/a/c'],
      ['/./a', '/a'],
      ['/a/b/c/../../d', '/a/d'],
      ['/a/..', '/'],
      ['/.', '/'],
      ['/a/b/../../', '/'],
      ['/a/./../b/./c/.', '/b/c/'],
    ])('%s → %s', (raw, normalized) => {
      expect(normalizePath(raw)).toBe(normalized);
    });
  });

  describe('percent-encoded dots take part in dot-segment removal', () => {
    it.each([
      ['/a/%2e/b', '/a/b'],
      ['/a/%2E/b', '/a/b'],
      ['/a/b/%2e%2e/c', '/a/c'],
      ['/a/b/%2E%2E/c', '/a/c'],
      ['/a/b/.%2e/c', '/a/c'],
      ['/a/b/%2e./c', '/a/c'],
      ['/a/b/%2E%2e', '/a/'],
      ['/a/%2e', '/a/'],
    ])('%s → %s', (raw, normalized) => {
      expect(normalizePath(raw)).toBe(normalized);
    });
  });

  describe('percent-encoded unreserved characters are decoded', () => {
    it.each([
      ['/fo%6F', '/foo'],
      ['/fo%6f', '/foo'],
      ['/%41%5a%61%7A%30%39', '/AZaz09'],
      ['/a%2Db%5Fc%7Ed', '/a-b_c~d'],
      ['/a%2eb', '/a.b'],
    ])('%s → %s', (raw, normalized) => {
      expect(normalizePath(raw)).toBe(normalized);
    });
  });

  describe('other percent-encodings stay encoded, with upper-case hex', () => {
    it.each([
      ['/a%2fb', '/a%2Fb'],
      ['/a%2Fb', '/a%2Fb'],
      ['/a%2F..%2Fb', '/a%2F..%2Fb'],
      ['/%2e%2e%2f', '/..%2F'],
      ['/foo%3a', '/foo%3A'],
      ['/a%20b', '/a%20b'],
      ['/caf%c3%a9', '/caf%C3%A9'],
      ['/100%25', '/100%25'],
      ['/%25%32%65', '/%252e'],
      ['/a%3fb', '/a%3Fb'],
      ['/a%23b', '/a%23b'],
    ])('%s → %s', (raw, normalized) => {
      expect(normalizePath(raw)).toBe(normalized);
    });
  });

  describe('runs of slashes collapse to one', () => {
    it.each([
      ['//a', '/a'],
      ['//a///b', '/a/b'],
      ['/a//b/', '/a/b/'],
      ['/a/b//', '/a/b/'],
      ['//', '/'],
      ['///', '/'],
      ['//./a', '/a'],
      ['/a//../b', '/b'],
    ])('%s → %s', (raw, normalized) => {
      expect(normalizePath(raw)).toBe(normalized);
    });
  });

  describe('a trailing slash is preserved', () => {
    it.each([
      ['/a/b/', '/a/b/'],
      ['/a/b/..', '/a/'],
      ['/a/b/../', '/a/'],
      ['/a/.', '/a/'],
      ['/a/./', '/a/'],
      ['/a/b/.%2E', '/a/'],
      ['/a/%2F', '/a/%2F'],
    ])('%s → %s', (raw, normalized) => {
      expect(normalizePath(raw)).toBe(normalized);
    });
  });

  describe('paths escaping the root are rejected', () => {
    it.each([
      '/..',
      '/../',
      '/../etc/passwd',
      '/a/../../b',
      '/a/b/../../..',
      '/%2e%2e/x',
      '/%2E%2E/x',
      '/.%2e/x',
      '/%2e./x',
      '//../x',
      '/./../x',
    ])('%s', (raw) => {
      expect(normalizePath(raw)).toBeNull();
    });
  });

  describe('malformed or forbidden input is rejected', () => {
    it.each([
      ['not absolute', 'a/b'],
      ['empty', ''],
      ['asterisk form', '*'],
      ['non-hex digits', '/a%zz'],
      ['one non-hex digit', '/a%4g'],
      ['truncated at the end', '/a%4'],
      ['bare percent at the end', '/a%'],
      ['bare percent mid-path', '/a%/b'],
      ['encoded NUL', '/a%00b'],
      ['encoded NUL after an escape', '/%2e%00'],
    ])('%s: %j', (_label, raw) => {
      expect(normalizePath(raw)).toBeNull();
    });
  });

  it.each([
    '/a/./b/../c',
    '//a///b/',
    '/a%2fb/%2e/c%7e',
    '/caf%c3%a9/..%2F/x',
  ])('is idempotent: %s', (raw) => {
    const once = normalizePath(raw);
    expect(once).not.toBeNull();
    expect(normalizePath(once as string)).toBe(once);
  });
});
