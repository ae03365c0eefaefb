import { EchoUpstream } from '../support/echo-upstream';
import { expectJson } from '../support/kong-expect';
import { Portico } from '../support/portico';
import { rawRequest } from '../support/raw-http';

const NO_ROUTE = { message: 'no Route matched with those values' };
const BAD_PATH = { message: 'Bad request: invalid path' };

interface Echo {
  method: string;
  url: string;
  headers: Record<string, string>;
}

describe('proxy routing', () => {
  let portico: Portico;
  let upstream: EchoUpstream;

  /** A raw request to the proxy: the path goes out exactly as written. */
  const send = (path: string, headers: Record<string, string> = {}, method = 'GET') => rawRequest<Echo>(portico.proxyUrl, { method, path, headers });
  /** The URL the upstream received for `path`. */
  const upstreamUrl = async (path: string, headers: Record<string, string> = {}, method = 'GET') => {
    const res = await send(path, headers, method);
    expect(res.status).toBe(200);
    return res.body.url;
  };

  /** A service whose upstream path names it, and one route to it: the upstream URL tells which route matched. */
  async function routeTo(name: string, route: Record<string, unknown>) {
    const service = await portico.admin('POST', '/services', { name: `svc-${name}`, url: `${upstream.url}/${name}` });
    expect(service.status).toBe(201);
    const res = await portico.admin('POST', `/services/svc-${name}/routes`, { name, ...route });
    expect(res.status).toBe(201);
    return res.body;
  }

  beforeAll(async () => {
    upstream = await EchoUpstream.start();
    portico = await Portico.start();
    const services: [string, string][] = [
      ['root', upstream.url],
      ['base', `${upstream.url}/base`],
      ['base-slash', `${upstream.url}/base/`],
    ];
    for (const [name, url] of services) await portico.admin('POST', '/services', { name, url });
    const routes: [string, Record<string, unknown>][] = [
      ['root', { paths: ['/strip'] }],
      ['root', { paths: ['/keep'], strip_path: false }],
      ['base', { paths: ['/join'] }],
      ['base-slash', { paths: ['/joinslash/'] }],
      ['base', { paths: ['/nostrip'], strip_path: false }],
      ['root', { paths: ['~/reg/\\d+'] }],
      ['root', { paths: ['/preserved'], preserve_host: true }],
    ];
    for (const [service, route] of routes) {
      expect((await portico.admin('POST', `/services/${service}/routes`, route)).status).toBe(201);
    }
  });
  afterAll(async () => {
    await portico?.stop();
    await upstream?.stop();
  });

  describe('strip_path, service path and query', () => {
    it.each([
      ['/strip/x', '/x'],
      ['/strip', '/'],
      ['/strip/', '/'],
      ['/strip/a/b/', '/a/b/'],
      ['/keep/x', '/keep/x'],
      ['/keep', '/keep'],
      ['/join/x', '/base/x'],
      ['/join', '/base'],
      ['/joinx', '/base/x'],
      ['/joinslash/x', '/base/x'],
      ['/joinslash/', '/base/'],
      ['/nostrip/x', '/base/nostrip/x'],
      ['/reg/123/rest', '/rest'],
      ['/reg/123', '/'],
    ])('%s reaches the upstream as %s', async (path, expected) => {
      expect(await upstreamUrl(path)).toBe(expected);
    });

    it('keeps the query string exactly as sent', async () => {
      expect(await upstreamUrl('/strip/a?q=1&q=2&sp=%20x+y&e=&k')).toBe('/a?q=1&q=2&sp=%20x+y&e=&k');
      expect(await upstreamUrl('/join/?x=%2F')).toBe('/base/?x=%2F');
    });

    it('sends the service host unless the route preserves the client host', async () => {
      expect((await send('/strip/h', { host: 'client.example' })).body.headers.host).toBe(`127.0.0.1:${upstream.port}`);
      expect((await send('/preserved/h', { host: 'client.example:8443' })).body.headers.host).toBe('client.example:8443');
    });

    it('answers an unmatched path with the Kong 404, as JSON', async () => {
      expectJson(await send('/nothing-here'), 404, NO_ROUTE);
      expectJson(await send('/stri'), 404, NO_ROUTE);
      expectJson(await send('/reg/abc'), 404, NO_ROUTE);
    });
  });

  describe('path normalization', () => {
    it.each([
      ['/strip/a/../b', '/b'],
      ['/strip/./a//b', '/a/b'],
      ['//strip///a', '/a'],
      ['/%73trip/a', '/a'],
      ['/strip/%7Euser/%41', '/~user/A'],
      ['/strip/a%2Fb', '/a%2Fb'],
      ['/strip/a%2fb%3f', '/a%2Fb%3F'],
      // Encoded dots are dot segments: they leave /strip and land on /keep.
      ['/strip/%2e%2e/keep/y', '/keep/y'],
      ['/strip/.%2E/keep/y', '/keep/y'],
    ])('%s is routed and forwarded as %s', async (path, expected) => {
      expect(await upstreamUrl(path)).toBe(expected);
    });

    it('tells the upstream the path the client really sent', async () => {
      const res = await send('/strip/a/../b');
      expect(res.body.headers['x-forwarded-path']).toBe('/strip/a/../b');
    });

    it.each(['/..', '/strip/../..', '/strip/%2e%2e/%2E%2E/etc/passwd', '/strip/%zz', '/strip/%0', '/strip/%00', '*'])('answers %s with 400', async (path) => {
      expectJson(await send(path), 400, BAD_PATH);
    });
  });

  describe('precedence', () => {
    beforeAll(async () => {
      await routeTo('prefix-short', { paths: ['/prec'] });
      await routeTo('prefix-long', { paths: ['/prec/long'] });
      await routeTo('with-method', { paths: ['/prec'], methods: ['POST'] });
      await routeTo('exact-host', { paths: ['/prec'], hosts: ['api.test'] });
      await routeTo('wildcard-host', { paths: ['/prec'], hosts: ['*.test'] });
      await routeTo('suffix-wildcard', { paths: ['/prec'], hosts: ['internal.*'] });
      await routeTo('host-and-method', { paths: ['/prec'], hosts: ['api.test'], methods: ['DELETE'] });
      await routeTo('regex', { paths: ['~/prec/long/\\d+$'] });
      await routeTo('regex-low', { paths: ['~/rp/\\d+'], regex_priority: 0 });
      await routeTo('regex-high', { paths: ['~/rp/1\\d*'], regex_priority: 5 });
      await routeTo('host-only', { hosts: ['hostonly.test'] });
      await routeTo('method-only', { methods: ['PURGE'] });
    });

    it.each<[string, string, Record<string, string>, string]>([
      ['GET', '/prec/x', {}, '/prefix-short/x'],
      ['GET', '/prec/long/x', {}, '/prefix-long/x'],
      ['POST', '/prec/long/x', {}, '/with-method/long/x'],
      ['GET', '/prec/long/x', { host: 'api.test' }, '/exact-host/long/x'],
      ['GET', '/prec/x', { host: 'API.Test:8000' }, '/exact-host/x'],
      ['GET', '/prec/x', { host: 'other.test' }, '/wildcard-host/x'],
      ['GET', '/prec/x', { host: 'deep.sub.test' }, '/wildcard-host/x'],
      ['GET', '/prec/x', { host: 'test' }, '/prefix-short/x'],
      ['GET', '/prec/x', { host: 'internal.example.org' }, '/suffix-wildcard/x'],
      ['DELETE', '/prec/x', { host: 'api.test' }, '/host-and-method/x'],
      ['DELETE', '/prec/x', { host: 'other.test' }, '/wildcard-host/x'],
      ['GET', '/prec/long/123', {}, '/regex'],
      ['GET', '/prec/long/123x', {}, '/prefix-long/123x'],
      ['GET', '/rp/123', {}, '/regex-high'],
      ['GET', '/rp/23', {}, '/regex-low'],
      ['GET', '/anything', { host: 'hostonly.test' }, '/host-only/anything'],
      ['PURGE', '/anything', {}, '/method-only/anything'],
      ['PROPFIND', '/prec/x', {}, '/prefix-short/x'],
    ])('%s %s %j goes to %s', async (method, path, headers, expected) => {
      expect(await upstreamUrl(path, headers, method)).toBe(expected);
    });

    it('accepts an absolute-form target, routing by its authority rather than the Host header', async () => {
      expect(await upstreamUrl('http://api.test/prec/x?q=1', { host: 'ignored.example' })).toBe('/exact-host/x?q=1');
      expect(await upstreamUrl('http://hostonly.test', { host: 'ignored.example' })).toBe('/host-only/');
    });

    it('does not match a host-only route for another host', async () => {
      expectJson(await send('/anything', { host: 'elsewhere.test' }), 404, NO_ROUTE);
    });
  });

  describe('configuration changes', () => {
    it('a created, changed and deleted route takes effect on the very next request, every time', async () => {
      await portico.admin('POST', '/services', { name: 'live', url: `${upstream.url}/live` });
      for (let i = 0; i < 5; i++) {
        expectJson(await send(`/fresh-${i}/x`), 404, NO_ROUTE);
        const route = (await portico.admin('POST', '/services/live/routes', { paths: [`/fresh-${i}`] })).body;
        expect(await upstreamUrl(`/fresh-${i}/x`)).toBe('/live/x');
        await portico.admin('PATCH', `/routes/${route.id}`, { paths: [`/moved-${i}`], strip_path: false });
        expectJson(await send(`/fresh-${i}/x`), 404, NO_ROUTE);
        expect(await upstreamUrl(`/moved-${i}/x`)).toBe(`/live/moved-${i}/x`);
        expect((await portico.admin('DELETE', `/routes/${route.id}`)).status).toBe(204);
        expectJson(await send(`/moved-${i}/x`), 404, NO_ROUTE);
      }
    });

    it('a service change (path, host) is used by the very next request', async () => {
      await portico.admin('POST', '/services', { name: 'moving', url: `${upstream.url}/one` });
      await portico.admin('POST', '/services/moving/routes', { paths: ['/moving'] });
      expect(await upstreamUrl('/moving/x')).toBe('/one/x');
      await portico.admin('PATCH', '/services/moving', { path: '/two' });
      expect(await upstreamUrl('/moving/x')).toBe('/two/x');
      await portico.admin('PATCH', '/services/moving', { port: 1 });
      expect((await send('/moving/x')).status).toBe(502);
      await portico.admin('PATCH', '/services/moving', { port: upstream.port });
      expect(await upstreamUrl('/moving/x')).toBe('/two/x');
    });

    it('a plugin added, disabled, enabled and removed takes effect on the very next request', async () => {
      if (!(await portico.admin('GET', '/')).body.plugins.available_on_server.includes('acl')) return; // not in this build yet
      await portico.admin('POST', '/services', { name: 'guarded', url: upstream.url });
      const route = (await portico.admin('POST', '/services/guarded/routes', { paths: ['/guarded'] })).body;
      expect(await upstreamUrl('/guarded/x')).toBe('/x');
      // No auth plugin maps a consumer here, so acl answers 401 whatever its lists say.
      const plugin = (await portico.admin('POST', `/routes/${route.id}/plugins`, { name: 'acl', config: { allow: ['x'] } })).body;
      expectJson(await send('/guarded/x'), 401, { message: 'Unauthorized' });
      await portico.admin('PATCH', `/plugins/${plugin.id}`, { enabled: false });
      expect(await upstreamUrl('/guarded/x')).toBe('/x');
      await portico.admin('PATCH', `/plugins/${plugin.id}`, { enabled: true });
      expectJson(await send('/guarded/x'), 401, { message: 'Unauthorized' });
      await portico.admin('DELETE', `/plugins/${plugin.id}`);
      expect(await upstreamUrl('/guarded/x')).toBe('/x');
    });

    it('a disabled service answers 404 until it is enabled again', async () => {
      await portico.admin('POST', '/services', { name: 'switchable', url: upstream.url });
      await portico.admin('POST', '/services/switchable/routes', { paths: ['/switchable'] });
      expect(await upstreamUrl('/switchable/x')).toBe('/x');
      await portico.admin('PATCH', '/services/switchable', { enabled: false });
      expectJson(await send('/switchable/x'), 404, NO_ROUTE);
      await portico.admin('PATCH', '/services/switchable', { enabled: true });
      expect(await upstreamUrl('/switchable/x')).toBe('/x');
    });

    it('a route created disabled-first keeps answering 404, then routes once enabled', async () => {
      await portico.admin('POST', '/services', { name: 'born-off', url: upstream.url, enabled: false });
      await portico.admin('POST', '/services/born-off/routes', { paths: ['/born-off'] });
      expectJson(await send('/born-off'), 404, NO_ROUTE);
      await portico.admin('PATCH', '/services/born-off', { enabled: true });
      expect(await upstreamUrl('/born-off/y')).toBe('/y');
    });
  });
});
