import { expectJson, FORM, NOT_FOUND, schemaViolation, UUID } from '../support/kong-expect';
import { Portico } from '../support/portico';

const UNKNOWN_ID = '3f8e6d8a-1c1e-4c2b-9a55-0d9a0c4f0b11';

describe('Admin API: services and routes', () => {
  let portico: Portico;
  const form = (method: string, path: string, body: string) => portico.admin(method, path, body, FORM);

  beforeAll(async () => {
    portico = await Portico.start();
  });
  afterAll(async () => {
    await portico?.stop();
  });

  describe('services', () => {
    it('creates from JSON, expanding the url shorthand and filling Kong defaults', async () => {
      const res = await portico.admin('POST', '/services', { name: 'svc-json', url: 'http://10.1.2.3:8080/base' });
      expectJson(res, 201);
      expect(res.body).toEqual({
        id: expect.stringMatching(UUID),
        name: 'svc-json',
        protocol: 'http',
        host: '10.1.2.3',
        port: 8080,
        path: '/base',
        retries: 5,
        connect_timeout: 60000,
        write_timeout: 60000,
        read_timeout: 60000,
        enabled: true,
        tags: null,
        created_at: expect.any(Number),
        updated_at: res.body.created_at,
      });
      expect(Math.abs(res.body.created_at - Date.now() / 1000)).toBeLessThan(60);
    });

    it.each([
      ['https://secure.example.com', { protocol: 'https', host: 'secure.example.com', port: 443, path: null }],
      ['http://example.com', { protocol: 'http', host: 'example.com', port: 80, path: null }],
      ['http://example.com/', { protocol: 'http', host: 'example.com', port: 80, path: '/' }],
      ['https://[::1]:8443/a/b/', { protocol: 'https', host: '::1', port: 8443, path: '/a/b/' }],
    ])('url %s sets protocol, host, port and path', async (url, expected) => {
      const res = await portico.admin('POST', '/services', { url });
      expectJson(res, 201);
      expect(res.body).toMatchObject({ ...expected, name: null });
      expect(res.body).not.toHaveProperty('url');
    });

    it('creates from a Kong form body, reading numbers, booleans and arrays', async () => {
      const res = await form(
        'POST',
        '/services',
        'name=svc-form&host=example.com&port=8080&path=/p&retries=2&enabled=false&connect_timeout=1500&tags[]=t1&tags[]=t2',
      );
      expectJson(res, 201);
      expect(res.body).toMatchObject({
        name: 'svc-form',
        protocol: 'http',
        host: 'example.com',
        port: 8080,
        path: '/p',
        retries: 2,
        enabled: false,
        connect_timeout: 1500,
        read_timeout: 60000,
        tags: ['t1', 't2'],
      });
    });

    it('is addressed by id or by name', async () => {
      const created = (await portico.admin('POST', '/services', { name: 'svc-addr', host: 'a.example' })).body;
      const byId = await portico.admin('GET', `/services/${created.id}`);
      const byName = await portico.admin('GET', '/services/svc-addr');
      expectJson(byId, 200, created);
      expectJson(byName, 200, created);
    });

    it.each(['/services/nope', `/services/${UNKNOWN_ID}`, '/services/not-a-uuid-but-long-0000'])('GET %s is a Kong 404', async (path) => {
      expectJson(await portico.admin('GET', path), 404, NOT_FOUND);
      expectJson(await portico.admin('PATCH', path, { retries: 1 }), 404, NOT_FOUND);
    });

    it('PATCH changes only the fields sent (JSON and form), never resetting the others to defaults', async () => {
      const created = (await form('POST', '/services', 'name=svc-patch&url=http://example.com:81/x&retries=7&read_timeout=1234&tags[]=keep')).body;
      const patched = await portico.admin('PATCH', '/services/svc-patch', { retries: 3 });
      expectJson(patched, 200, { ...created, retries: 3, updated_at: expect.any(Number) });
      const patchedForm = await form('PATCH', `/services/${created.id}`, 'enabled=false');
      expectJson(patchedForm, 200, { ...created, retries: 3, enabled: false, updated_at: expect.any(Number) });
      expectJson(await portico.admin('GET', '/services/svc-patch'), 200, patchedForm.body);
    });

    it('PATCH unsets a field with JSON null or an empty form value, and renames', async () => {
      await portico.admin('POST', '/services', { name: 'svc-unset', url: 'http://example.com/p', tags: ['a'] });
      expectJson(await portico.admin('PATCH', '/services/svc-unset', { path: null }), 200);
      const res = await form('PATCH', '/services/svc-unset', 'tags=&name=svc-renamed');
      expectJson(res, 200);
      expect(res.body).toMatchObject({ name: 'svc-renamed', path: null, tags: null, port: 80 });
      expectJson(await portico.admin('GET', '/services/svc-unset'), 404, NOT_FOUND);
      expectJson(await portico.admin('GET', '/services/svc-renamed'), 200, res.body);
    });

    it('PATCH with url rewrites the four fields it stands for', async () => {
      await portico.admin('POST', '/services', { name: 'svc-url', url: 'http://example.com/p' });
      const res = await portico.admin('PATCH', '/services/svc-url', { url: 'https://other.example:8443' });
      expect(res.body).toMatchObject({ protocol: 'https', host: 'other.example', port: 8443, path: null });
    });

    it.each<[string, unknown, string, Record<string, unknown>]>([
      ['an unknown field', { host: 'x', bogus: 1 }, 'schema violation (bogus: unknown field)', { bogus: 'unknown field' }],
      ['a read-only id', { host: 'x', id: UNKNOWN_ID }, 'schema violation (id: unknown field)', { id: 'unknown field' }],
      ['created_at', { host: 'x', created_at: 1 }, 'schema violation (created_at: unknown field)', { created_at: 'unknown field' }],
      ['no host', {}, 'schema violation (host: required field missing)', { host: 'required field missing' }],
      ['a bad protocol', { host: 'x', protocol: 'grpc' }, 'schema violation (protocol: expected one of: http, https)', { protocol: 'expected one of: http, https' }],
      ['a url without host', { url: 'nope' }, 'schema violation (url: missing host in url)', { url: 'missing host in url' }],
      ['an ftp url', { url: 'ftp://example.com' }, 'schema violation (url: expected one of: http, https)', { url: 'expected one of: http, https' }],
      ['a port as a JSON string', { host: 'x', port: '80' }, 'schema violation (port: expected an integer)', { port: 'expected an integer' }],
      ['a relative path', { host: 'x', path: 'p' }, 'schema violation (path: should start with: /)', { path: 'should start with: /' }],
      [
        'a name with spaces',
        { host: 'x', name: 'a b' },
        'schema violation (name: invalid value; the name may only contain letters, digits and . _ ~ -)',
        { name: 'invalid value; the name may only contain letters, digits and . _ ~ -' },
      ],
      [
        'several problems',
        { host: 'x', port: 70000, retries: -1, read_timeout: 0 },
        '3 schema violations (port: value should be between 0 and 65535; read_timeout: value should be between 1 and 2147483646; retries: value should be between 0 and 32767)',
        {
          port: 'value should be between 0 and 65535',
          read_timeout: 'value should be between 1 and 2147483646',
          retries: 'value should be between 0 and 32767',
        },
      ],
    ])('POST with %s is a 400 schema violation', async (_name, body, message, fields) => {
      expectJson(await portico.admin('POST', '/services', body), 400, schemaViolation(message, fields));
    });

    it('rejects an unknown field in a PATCH too, changing nothing', async () => {
      const created = (await portico.admin('POST', '/services', { name: 'svc-strict', host: 'x' })).body;
      const res = await portico.admin('PATCH', '/services/svc-strict', { retries: 1, color: 'red' });
      expectJson(res, 400, schemaViolation('schema violation (color: unknown field)', { color: 'unknown field' }));
      expectJson(await portico.admin('GET', '/services/svc-strict'), 200, created);
    });

    it('answers 409 on a taken name, when creating and when renaming', async () => {
      await portico.admin('POST', '/services', { name: 'svc-taken', host: 'x' });
      await portico.admin('POST', '/services', { name: 'svc-other', host: 'x' });
      const conflict = {
        code: 5,
        name: 'unique constraint violation',
        message: `UNIQUE violation detected on '{name="svc-taken"}'`,
        fields: { name: 'svc-taken' },
      };
      expectJson(await portico.admin('POST', '/services', { name: 'svc-taken', host: 'y' }), 409, conflict);
      expectJson(await form('POST', '/services', 'name=svc-taken&host=y'), 409, conflict);
      expectJson(await portico.admin('PATCH', '/services/svc-other', { name: 'svc-taken' }), 409, conflict);
      // Renaming to its own name is no conflict.
      expectJson(await portico.admin('PATCH', '/services/svc-taken', { name: 'svc-taken' }), 200);
    });

    it.each<[string, string | undefined, Record<string, string>, unknown]>([
      ['malformed JSON', '{"host":', { 'content-type': 'application/json' }, { message: 'Cannot parse JSON body' }],
      ['a JSON array', '[1]', { 'content-type': 'application/json' }, { message: 'Cannot parse request body: expected a JSON object or a form' }],
      ['a JSON string', '"x"', { 'content-type': 'application/json' }, { message: 'Cannot parse request body: expected a JSON object or a form' }],
      ['malformed form encoding', 'host=%zz', FORM, { message: 'malformed percent-encoding in form body: %zz' }],
    ])('answers %s with a JSON 400', async (_name, body, headers, expected) => {
      expectJson(await portico.admin('POST', '/services', body, headers), 400, expected);
    });

    it('DELETE by name or id answers 204, also when nothing was there', async () => {
      const created = (await portico.admin('POST', '/services', { name: 'svc-delete', host: 'x' })).body;
      const res = await portico.admin('DELETE', '/services/svc-delete');
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expectJson(await portico.admin('GET', `/services/${created.id}`), 404, NOT_FOUND);
      expect((await portico.admin('DELETE', `/services/${created.id}`)).status).toBe(204);
      expect((await portico.admin('DELETE', '/services/never-existed')).status).toBe(204);
    });

    it('refuses to delete a service that routes still reference', async () => {
      await portico.admin('POST', '/services', { name: 'svc-in-use', host: 'x' });
      const route = (await portico.admin('POST', '/services/svc-in-use/routes', { paths: ['/in-use'] })).body;
      expectJson(await portico.admin('DELETE', '/services/svc-in-use'), 400, {
        code: 4,
        name: 'foreign key violation',
        message: "an existing 'routes' entity references this 'services' entity",
        fields: { '@referenced_by': 'routes' },
      });
      expectJson(await portico.admin('GET', '/services/svc-in-use'), 200);
      expect((await portico.admin('DELETE', `/routes/${route.id}`)).status).toBe(204);
      expect((await portico.admin('DELETE', '/services/svc-in-use')).status).toBe(204);
    });
  });

  describe('routes', () => {
    let service: { id: string };
    let other: { id: string };

    beforeAll(async () => {
      service = (await portico.admin('POST', '/services', { name: 'routes-home', host: 'upstream.example' })).body;
      other = (await portico.admin('POST', '/services', { name: 'routes-other', host: 'upstream.example' })).body;
    });

    it('creates under /services/{name}/routes from a form with paths[] and Kong defaults', async () => {
      const res = await form('POST', '/services/routes-home/routes', 'name=r-form&paths[]=/a&paths[]=/b&methods=GET&methods=POST');
      expectJson(res, 201, {
        id: expect.stringMatching(UUID),
        name: 'r-form',
        service: { id: service.id },
        protocols: ['http', 'https'],
        methods: ['GET', 'POST'],
        hosts: null,
        paths: ['/a', '/b'],
        strip_path: true,
        preserve_host: false,
        regex_priority: 0,
        tags: null,
        created_at: expect.any(Number),
        updated_at: expect.any(Number),
      });
    });

    it('creates under /routes with service.id (form) or service: {id} (JSON)', async () => {
      const viaForm = await form('POST', '/routes', `service.id=${service.id}&hosts[]=*.example.com&strip_path=false&regex_priority=5`);
      expectJson(viaForm, 201);
      expect(viaForm.body).toMatchObject({ service: { id: service.id }, hosts: ['*.example.com'], strip_path: false, regex_priority: 5, paths: null });
      const viaJson = await portico.admin('POST', '/routes', { service: { id: other.id }, paths: ['~/items/\\d+$'], preserve_host: true });
      expectJson(viaJson, 201);
      expect(viaJson.body).toMatchObject({ service: { id: other.id }, paths: ['~/items/\\d+$'], preserve_host: true });
    });

    it('lists only the routes of the service in the URL, addressed by id or name', async () => {
      const mine = (await portico.admin('POST', '/services/routes-other/routes', { name: 'r-other-only', paths: ['/other-only'] })).body;
      for (const key of ['routes-other', other.id]) {
        const res = await portico.admin('GET', `/services/${key}/routes`);
        expectJson(res, 200);
        expect(res.body.next).toBeNull();
        expect(res.body.data.map((r: { service: { id: string } }) => r.service.id)).toEqual(res.body.data.map(() => other.id));
        expect(res.body.data).toContainEqual(mine);
      }
      const all = await portico.admin('GET', '/routes');
      expect(all.body.data.map((r: { id: string }) => r.id)).toContain(mine.id);
    });

    it('answers 404 for the routes of an unknown service', async () => {
      expectJson(await portico.admin('GET', '/services/ghost/routes'), 404, NOT_FOUND);
      expectJson(await portico.admin('POST', '/services/ghost/routes', { paths: ['/x'] }), 404, NOT_FOUND);
    });

    it('is addressed by id or name; PATCH keeps what it was not sent', async () => {
      const created = (await portico.admin('POST', '/services/routes-home/routes', { name: 'r-patch', paths: ['/p'], methods: ['GET'], regex_priority: 2 })).body;
      expectJson(await portico.admin('GET', `/routes/${created.id}`), 200, created);
      expectJson(await portico.admin('GET', '/routes/r-patch'), 200, created);
      const patched = await portico.admin('PATCH', '/routes/r-patch', { strip_path: false });
      expectJson(patched, 200, { ...created, strip_path: false, updated_at: expect.any(Number) });
      const moved = await form('PATCH', `/routes/${created.id}`, `service.id=${other.id}`);
      expectJson(moved, 200, { ...patched.body, service: { id: other.id }, updated_at: expect.any(Number) });
    });

    it('answers 404 for an unknown route', async () => {
      expectJson(await portico.admin('GET', '/routes/ghost'), 404, NOT_FOUND);
      expectJson(await portico.admin('PATCH', `/routes/${UNKNOWN_ID}`, { strip_path: false }), 404, NOT_FOUND);
      expect((await portico.admin('DELETE', '/routes/ghost')).status).toBe(204);
    });

    it.each<[string, Record<string, unknown>, string, Record<string, unknown>]>([
      ['no service', { paths: ['/x'] }, 'schema violation (service: required field missing)', { service: 'required field missing' }],
      ['a service id that is no UUID', { paths: ['/x'], service: { id: 'routes-home' } }, 'schema violation (service.id: expected a valid UUID)', { service: { id: 'expected a valid UUID' } }],
      [
        'nothing to match on',
        { service: { id: '$SERVICE' } },
        "schema violation (must set one of 'methods', 'hosts', 'paths' when 'protocols' is 'http' or 'https')",
        { '@entity': ["must set one of 'methods', 'hosts', 'paths' when 'protocols' is 'http' or 'https'"] },
      ],
      [
        'bad paths, methods and hosts',
        { service: { id: '$SERVICE' }, paths: ['/ok', 'relative'], methods: ['get'], hosts: ['bad host'] },
        '3 schema violations (hosts.1: invalid value; expected a host name, *.example.com or example.*; methods.1: invalid value; methods are upper-case letters; paths.2: should start with: / (fixed path) or ~/ (regex path))',
        {
          hosts: { '1': 'invalid value; expected a host name, *.example.com or example.*' },
          methods: { '1': 'invalid value; methods are upper-case letters' },
          paths: { '2': 'should start with: / (fixed path) or ~/ (regex path)' },
        },
      ],
      ['an invalid regex', { service: { id: '$SERVICE' }, paths: ['~/(['] }, "schema violation (paths.1: invalid regex: '/([')", { paths: { '1': "invalid regex: '/(['" } }],
      ['paths as a string', { service: { id: '$SERVICE' }, paths: '/x' }, 'schema violation (paths: expected an array)', { paths: 'expected an array' }],
      ['an unknown field', { service: { id: '$SERVICE' }, paths: ['/x'], priority: 1 }, 'schema violation (priority: unknown field)', { priority: 'unknown field' }],
      [
        'an unknown field inside service',
        { service: { id: '$SERVICE', name: 'x' }, paths: ['/x'] },
        'schema violation (service.name: unknown field)',
        { service: { name: 'unknown field' } },
      ],
    ])('POST /routes with %s is a 400 schema violation', async (_name, body, message, fields) => {
      const withService = JSON.parse(JSON.stringify(body).replace('$SERVICE', service.id));
      expectJson(await portico.admin('POST', '/routes', withService), 400, schemaViolation(message, fields));
    });

    it('answers a foreign key violation for a service that does not exist', async () => {
      const expected = {
        code: 4,
        name: 'foreign key violation',
        message: `the foreign key '{id="${UNKNOWN_ID}"}' does not reference an existing 'services' entity.`,
        fields: { service: { id: UNKNOWN_ID } },
      };
      expectJson(await portico.admin('POST', '/routes', { service: { id: UNKNOWN_ID }, paths: ['/x'] }), 400, expected);
      await portico.admin('POST', '/services/routes-home/routes', { name: 'r-fk', paths: ['/fk'] });
      expectJson(await portico.admin('PATCH', '/routes/r-fk', { service: { id: UNKNOWN_ID } }), 400, expected);
    });

    it('refuses a PATCH that leaves nothing to match on', async () => {
      await portico.admin('POST', '/services/routes-home/routes', { name: 'r-empty', paths: ['/e'] });
      const res = await portico.admin('PATCH', '/routes/r-empty', { paths: null });
      expectJson(res, 400);
      expect(res.body.fields).toEqual({ '@entity': ["must set one of 'methods', 'hosts', 'paths' when 'protocols' is 'http' or 'https'"] });
    });

    it('answers 409 on a taken route name', async () => {
      await portico.admin('POST', '/services/routes-home/routes', { name: 'r-taken', paths: ['/t'] });
      expectJson(await portico.admin('POST', '/services/routes-other/routes', { name: 'r-taken', paths: ['/t2'] }), 409, {
        code: 5,
        name: 'unique constraint violation',
        message: `UNIQUE violation detected on '{name="r-taken"}'`,
        fields: { name: 'r-taken' },
      });
    });

    it('DELETE removes the route', async () => {
      const created = (await portico.admin('POST', '/services/routes-home/routes', { name: 'r-delete', paths: ['/d'] })).body;
      expect((await portico.admin('DELETE', '/routes/r-delete')).status).toBe(204);
      expectJson(await portico.admin('GET', `/routes/${created.id}`), 404, NOT_FOUND);
    });
  });
});
