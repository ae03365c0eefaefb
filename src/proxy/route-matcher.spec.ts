import { MatchableRoute, RouteCompileError, RouteMatcher } from './route-matcher';

type RouteSpec = Partial<MatchableRoute> & { id: string };

function route(spec: RouteSpec): MatchableRoute {
  return { created_at: 1000, hosts: null, methods: null, paths: null, regex_priority: 0, ...spec };
}

function matchedId(routes: RouteSpec[], method: string, host: string | undefined, path: string): string | null {
  return new RouteMatcher(routes.map(route)).match(method, host, path)?.route.id ?? null;
}

describe('RouteMatcher', () => {
  it('matches nothing without routes', () => {
    expect(new RouteMatcher([]).match('GET', 'example.com', '/')).toBeNull();
  });

  it('returns the very route object it was given', () => {
    const r = route({ id: 'r', paths: ['/'] });
    expect(new RouteMatcher([r]).match('GET', undefined, '/x')?.route).toBe(r);
  });

  describe('prefix paths are plain string prefixes', () => {
    it.each([
      ['/foo', '/foo', true],
      ['/foo', '/foo/', true],
      ['/foo', '/foo/bar', true],
      ['/foo', '/foobar', true],
      ['/foo', '/fo', false],
      ['/foo', '/', false],
      ['/foo', '/FOO', false],
      ['/foo', '/bar/foo', false],
      ['/foo/', '/foo', false],
      ['/foo/', '/foo/bar', true],
      ['/', '/anything/at/all', true],
    ])('%s vs %s → %s', (prefix, path, matches) => {
      const found = new RouteMatcher([route({ id: 'r', paths: [prefix] })]).match('GET', undefined, path);
      expect(found).toEqual(matches ? { route: expect.objectContaining({ id: 'r' }), matchedPrefix: prefix } : null);
    });
  });

  describe('regex paths are anchored at the start and report match[0]', () => {
    it.each([
      ['~/users/\\d+$', '/users/42', '/users/42'],
      ['~/users/\\d+$', '/users/42/x', null],
      ['~/users/\\d+$', '/api/users/42', null],
      ['~/users/\\d+', '/users/42/profile', '/users/42'],
      ['~/v\\d+', '/v2/items', '/v2'],
      ['~/v\\d+', '/api/v2', null],
      ['~^/anchored', '/anchored/x', '/anchored'],
      ['~/(a|b)c', '/bc/d', '/bc'],
      ['~/a|/b', '/b/x', '/b'],
      ['~/a|/b', '/x/b', null],
      ['~/version/(?<version>\\d+)/users/(?<user>\\S+)', '/version/1/users/john', '/version/1/users/john'],
      ['~', '/whatever', ''],
    ])('%s vs %s → %j', (regex, path, matchedPrefix) => {
      const found = new RouteMatcher([route({ id: 'r', paths: [regex] })]).match('GET', undefined, path);
      expect(found?.matchedPrefix ?? null).toBe(matchedPrefix);
    });

    it('gives the same answer on every call (the compiled regex keeps no state between requests)', () => {
      const matcher = new RouteMatcher([route({ id: 'r', paths: ['~/users/\\d+'] })]);
      for (let i = 0; i < 3; i++) {
        expect(matcher.match('GET', undefined, '/users/7/x')?.matchedPrefix).toBe('/users/7');
        expect(matcher.match('GET', undefined, '/nope')).toBeNull();
      }
    });
  });

  describe('route paths are normalized like request paths', () => {
    it.each([
      ['/foo%2fbar', '/foo%2Fbar/x', '/foo%2Fbar'],
      ['/fo%6F', '/foo', '/foo'],
      ['//a//b', '/a/b/c', '/a/b'],
      ['/a/./b/../c', '/a/c', '/a/c'],
      ['~/caf%c3%a9$', '/caf%C3%A9', '/caf%C3%A9'],
      ['~/fo%6f$', '/foo', '/foo'],
      ['~/a%2eb$', '/a.b', '/a.b'],
      ['~/a%2eb$', '/axb', null],
    ])('route path %s vs %s → %j', (routePath, path, matchedPrefix) => {
      const found = new RouteMatcher([route({ id: 'r', paths: [routePath] })]).match('GET', undefined, path);
      expect(found?.matchedPrefix ?? null).toBe(matchedPrefix);
    });
  });

  it.each([
    ['null', null],
    ['empty', []],
  ])('a route with %s paths matches any path with matchedPrefix ""', (_label, paths) => {
    const found = new RouteMatcher([route({ id: 'r', hosts: ['example.com'], paths })]).match('GET', 'example.com', '/x/y');
    expect(found?.matchedPrefix).toBe('');
  });

  describe('methods', () => {
    it.each([
      [['GET'], 'GET', true],
      [['GET'], 'POST', false],
      [['GET', 'POST'], 'POST', true],
      [['GET'], 'HEAD', false],
      [['get'], 'GET', true],
      [null, 'DELETE', true],
      [[], 'PATCH', true],
    ])('route methods %j, request %s → %s', (methods, method, matches) => {
      expect(matchedId([{ id: 'r', methods, paths: ['/'] }], method, undefined, '/')).toBe(matches ? 'r' : null);
    });
  });

  describe('hosts', () => {
    it.each([
      [['example.com'], 'example.com', true],
      [['example.com'], 'EXAMPLE.com', true],
      [['Example.COM'], 'example.com', true],
      [['example.com'], 'example.com:8000', true],
      [['example.com'], 'other.com', false],
      [['example.com'], 'sub.example.com', false],
      [['example.com'], undefined, false],
      [['example.com'], '', false],
      [['a.com', 'b.com'], 'b.com', true],
      [['example.com:8443'], 'example.com:8443', true],
      [['example.com:8443'], 'example.com:8000', false],
      [['example.com:8443'], 'example.com', false],
      [['*.example.com'], 'a.example.com', true],
      [['*.example.com'], 'a.b.example.com', true],
      [['*.example.com'], 'A.Example.Com:8000', true],
      [['*.example.com'], 'example.com', false],
      [['*.example.com'], 'badexample.com', false],
      [['*.example.com:8443'], 'a.example.com:8443', true],
      [['*.example.com:8443'], 'a.example.com:80', false],
      [['example.*'], 'example.org', true],
      [['example.*'], 'example.co.uk', true],
      [['example.*'], 'example.org:8000', true],
      [['example.*'], 'example', false],
      [['example.*'], 'www.example.org', false],
      [['[::1]'], '[::1]:8000', true],
      [['[::1]:8000'], '[::1]:8000', true],
      [['[::1]:8000'], '[::1]', false],
      [null, 'anything.com', true],
      [null, undefined, true],
      [[], 'anything.com', true],
    ])('route hosts %j, request host %j → %s', (hosts, host, matches) => {
      expect(matchedId([{ id: 'r', hosts, paths: ['/'] }], 'GET', host, '/')).toBe(matches ? 'r' : null);
    });
  });

  it('requires every attribute the route sets to match', () => {
    const routes = [{ id: 'r', hosts: ['example.com'], methods: ['GET'], paths: ['/api'] }];
    expect(matchedId(routes, 'GET', 'example.com', '/api/x')).toBe('r');
    expect(matchedId(routes, 'POST', 'example.com', '/api/x')).toBeNull();
    expect(matchedId(routes, 'GET', 'other.com', '/api/x')).toBeNull();
    expect(matchedId(routes, 'GET', 'example.com', '/other')).toBeNull();
  });

  describe('precedence', () => {
    type Case = [label: string, routes: RouteSpec[], request: [string, string | undefined, string], expected: string];
    const cases: Case[] = [
      [
        'more attribute kinds beat a longer path',
        [
          { id: 'paths-only', paths: ['/api/v1/long'] },
          { id: 'host-and-path', hosts: ['example.com'], paths: ['/'] },
        ],
        ['GET', 'example.com', '/api/v1/long'],
        'host-and-path',
      ],
      [
        'more attribute kinds beat a regex',
        [
          { id: 'regex', paths: ['~/api/.*'], regex_priority: 100 },
          { id: 'method-and-path', methods: ['GET'], paths: ['/api'] },
        ],
        ['GET', undefined, '/api/x'],
        'method-and-path',
      ],
      [
        'three attribute kinds beat two',
        [
          { id: 'two', hosts: ['example.com'], methods: ['GET'] },
          { id: 'three', hosts: ['example.com'], methods: ['GET'], paths: ['/'] },
        ],
        ['GET', 'example.com', '/x'],
        'three',
      ],
      [
        'a route with more attributes only wins when all of them match',
        [
          { id: 'paths-only', paths: ['/api'] },
          { id: 'method-and-path', methods: ['POST'], paths: ['/api'] },
        ],
        ['GET', undefined, '/api'],
        'paths-only',
      ],
      [
        'longest prefix wins',
        [
          { id: 'short', paths: ['/api'], created_at: 1 },
          { id: 'long', paths: ['/api/v1'], created_at: 2 },
        ],
        ['GET', undefined, '/api/v1/users'],
        'long',
      ],
      [
        'a shorter prefix still matches what the longer one does not',
        [
          { id: 'short', paths: ['/api'] },
          { id: 'long', paths: ['/api/v1'] },
        ],
        ['GET', undefined, '/api/v2/users'],
        'short',
      ],
      [
        '/foo does not shadow /foobar',
        [
          { id: 'foo', paths: ['/foo'], created_at: 1 },
          { id: 'foobar', paths: ['/foobar'], created_at: 2 },
        ],
        ['GET', undefined, '/foobar/x'],
        'foobar',
      ],
      [
        'regex paths are evaluated before prefix paths, even longer ones',
        [
          { id: 'prefix', paths: ['/api/account'], created_at: 1 },
          { id: 'regex', paths: ['~/api/.*'], created_at: 2 },
        ],
        ['GET', undefined, '/api/account/all'],
        'regex',
      ],
      [
        'higher regex_priority wins',
        [
          { id: 'low', paths: ['~/status/\\d+'], regex_priority: 0, created_at: 1 },
          { id: 'high', paths: ['~/status/.*'], regex_priority: 6, created_at: 2 },
        ],
        ['GET', undefined, '/status/1'],
        'high',
      ],
      [
        'negative regex_priority ranks below the default',
        [
          { id: 'negative', paths: ['~/x'], regex_priority: -1, created_at: 1 },
          { id: 'default', paths: ['~/x'], created_at: 2 },
        ],
        ['GET', undefined, '/x'],
        'default',
      ],
      [
        'regex_priority does not reorder prefix paths',
        [
          { id: 'short-high', paths: ['/a'], regex_priority: 10 },
          { id: 'long-low', paths: ['/a/b'], regex_priority: 0 },
        ],
        ['GET', undefined, '/a/b/c'],
        'long-low',
      ],
      [
        'equal regex_priority: oldest wins',
        [
          { id: 'newer', paths: ['~/x'], created_at: 20 },
          { id: 'older', paths: ['~/x'], created_at: 10 },
        ],
        ['GET', undefined, '/x'],
        'older',
      ],
      [
        'equal prefix: oldest wins',
        [
          { id: 'newer', paths: ['/x'], created_at: 20 },
          { id: 'older', paths: ['/x'], created_at: 10 },
        ],
        ['GET', undefined, '/x'],
        'older',
      ],
      [
        'equal everything: smaller id wins',
        [
          { id: 'b', paths: ['/x'] },
          { id: 'a', paths: ['/x'] },
        ],
        ['GET', undefined, '/x'],
        'a',
      ],
      [
        'exact host beats wildcard host',
        [
          { id: 'wildcard', hosts: ['*.example.com'], paths: ['/'], created_at: 1 },
          { id: 'exact', hosts: ['api.example.com'], paths: ['/'], created_at: 2 },
        ],
        ['GET', 'api.example.com', '/'],
        'exact',
      ],
      [
        'exact host beats wildcard host even with a shorter path',
        [
          { id: 'wildcard', hosts: ['*.example.com'], paths: ['/api/long'] },
          { id: 'exact', hosts: ['api.example.com'], paths: ['/'] },
        ],
        ['GET', 'api.example.com', '/api/long'],
        'exact',
      ],
      [
        'exact host beats trailing-wildcard host',
        [
          { id: 'wildcard', hosts: ['api.*'], paths: ['/'], created_at: 1 },
          { id: 'exact', hosts: ['api.example.com'], paths: ['/'], created_at: 2 },
        ],
        ['GET', 'api.example.com', '/'],
        'exact',
      ],
      [
        'one wildcard among its hosts makes a route a wildcard route',
        [
          { id: 'mixed', hosts: ['api.example.com', '*.other.com'], paths: ['/'], created_at: 1 },
          { id: 'exact', hosts: ['api.example.com'], paths: ['/'], created_at: 2 },
        ],
        ['GET', 'api.example.com', '/'],
        'exact',
      ],
      [
        'the exact-host rule does not favour routes without hosts (Kong)',
        [
          { id: 'no-hosts', methods: ['GET'], paths: ['/'], created_at: 1 },
          { id: 'wildcard', hosts: ['*.example.com'], paths: ['/api'], created_at: 2 },
        ],
        ['GET', 'a.example.com', '/api'],
        'wildcard',
      ],
      [
        'wildcard host still wins over fewer attributes',
        [
          { id: 'paths-only', paths: ['/'] },
          { id: 'wildcard', hosts: ['*.example.com'], paths: ['/'] },
        ],
        ['GET', 'a.example.com', '/'],
        'wildcard',
      ],
      [
        'host with port: only the route whose port matches',
        [
          { id: 'port-8443', hosts: ['example.com:8443'], paths: ['/'], created_at: 1 },
          { id: 'any-port', hosts: ['example.com'], paths: ['/'], created_at: 2 },
        ],
        ['GET', 'example.com:8000', '/'],
        'any-port',
      ],
      [
        'host with port: the older route when both match',
        [
          { id: 'any-port', hosts: ['example.com'], paths: ['/'], created_at: 2 },
          { id: 'port-8443', hosts: ['example.com:8443'], paths: ['/'], created_at: 1 },
        ],
        ['GET', 'example.com:8443', '/'],
        'port-8443',
      ],
      [
        'a path-less route loses to a route with a path at equal attribute count',
        [
          { id: 'host-and-method', hosts: ['example.com'], methods: ['GET'], created_at: 1 },
          { id: 'host-and-path', hosts: ['example.com'], paths: ['/'], created_at: 2 },
        ],
        ['GET', 'example.com', '/x'],
        'host-and-path',
      ],
      [
        'each path of a route ranks on its own: the long one beats another route',
        [
          { id: 'multi', paths: ['/a', '/a/b/c'], created_at: 2 },
          { id: 'middle', paths: ['/a/b'], created_at: 1 },
        ],
        ['GET', undefined, '/a/b/c/d'],
        'multi',
      ],
      [
        'each path of a route ranks on its own: the middle route beats the short one',
        [
          { id: 'multi', paths: ['/a', '/a/b/c'], created_at: 1 },
          { id: 'middle', paths: ['/a/b'], created_at: 2 },
        ],
        ['GET', undefined, '/a/b/x'],
        'middle',
      ],
      [
        "a route's regex path ranks before another route's prefix",
        [
          { id: 'mixed', paths: ['/zzz', '~/a/\\d+'], created_at: 2 },
          { id: 'prefix', paths: ['/a/1'], created_at: 1 },
        ],
        ['GET', undefined, '/a/1'],
        'mixed',
      ],
    ];

    it.each(cases)('%s', (_label, routes, [method, host, path], expected) => {
      expect(matchedId(routes, method, host, path)).toBe(expected);
      expect(matchedId([...routes].reverse(), method, host, path)).toBe(expected);
    });
  });

  describe('matchedPrefix reports the path that won', () => {
    it.each([
      ['/a/b/c/d', '/a/b/c'],
      ['/a/x', '/a'],
      ['/n/42/x', '/n/42'],
    ])('%s → %s', (path, matchedPrefix) => {
      const matcher = new RouteMatcher([route({ id: 'r', paths: ['/a', '~/n/\\d+', '/a/b/c'] })]);
      expect(matcher.match('GET', undefined, path)?.matchedPrefix).toBe(matchedPrefix);
    });
  });

  describe('invalid paths fail compilation, naming the route', () => {
    it.each([
      ['unclosed group', '~/users/(\\d+'],
      ['unbalanced parenthesis', '~/a)(b'],
      ['nothing to repeat', '~*'],
      ['bad character class', '~/[z-a]'],
      ['malformed percent-encoding in a prefix', '/a%zz'],
      ['prefix escaping the root', '/../x'],
    ])('%s: %s', (_label, path) => {
      const routes = [route({ id: 'good', paths: ['/ok'] }), route({ id: 'bad-route', paths: ['/fine', path] })];
      let error: unknown;
      try {
        new RouteMatcher(routes);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(RouteCompileError);
      expect((error as RouteCompileError).routeId).toBe('bad-route');
      expect((error as RouteCompileError).message).toContain('bad-route');
    });
  });
});
