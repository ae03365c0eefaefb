import { expectJson, FORM, schemaViolation } from '../support/kong-expect';
import { Portico } from '../support/portico';

const TOO_DEEP = { message: 'request body is nested too deeply (at most 64 levels)' };
const UNSAFE = 'invalid value: NUL characters and unpaired surrogates are not allowed';

/** `levels` nested arrays around nothing, as raw JSON text (no recursion on our side either). */
const deepJson = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

/**
 * SPEC §5: Admin and Portal API bodies that are too deep, too wide or hold NUL / lone surrogates get a
 * 400 in Portico's shape before any schema validation runs (deep JSON used to exhaust the stack: 500).
 */
describe('Admin and Portal API body limits', () => {
  let portico: Portico;
  const post = (listener: 'admin' | 'portal', path: string, raw: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    portico[listener]('POST', path, raw, headers);

  beforeAll(async () => {
    portico = await Portico.start();
  });
  afterAll(() => portico?.stop());

  describe.each([2_000, 100_000])('nesting %i levels deep', (levels) => {
    it.each<[string, 'admin' | 'portal', string, (deep: string) => string]>([
      ['admin POST /services', 'admin', '/services', (deep) => `{"name":"deep","url":"http://x","tags":${deep}}`],
      ['admin POST /plugins', 'admin', '/plugins', (deep) => `{"name":"acl","config":{"allow":${deep}}}`],
      ['admin POST /developers', 'admin', '/developers', (deep) => `{"email":"deep@example.com","password":"12345678","meta":{"x":${deep}}}`],
      ['portal POST /register (unauthenticated)', 'portal', '/register', (deep) => `{"email":"deep@example.com","password":"12345678","meta":{"x":${deep}}}`],
    ])('%s answers 400 in Portico’s shape, and the listener carries on', async (_name, listener, path, body) => {
      expectJson(await post(listener, path, body(deepJson(levels))), 400, TOO_DEEP);
      expect((await portico[listener]('GET', listener === 'admin' ? '/services' : '/docs-json')).status).toBe(200);
    });
  });

  it('takes 64 levels (the body itself is the first), not 65', async () => {
    const body = (levels: number) => ({ email: `deep${levels}@example.com`, password: '12345678', meta: { x: JSON.parse(deepJson(levels - 2)) } });
    expectJson(await portico.admin('POST', '/developers', body(65)), 400, TOO_DEEP);
    expectJson(await portico.admin('POST', '/developers', body(64)), 201);
  });

  describe('form bodies (admin)', () => {
    it('refuses a key nested deeper than 64 levels', async () => {
      const key = Array.from({ length: 2000 }, (_, i) => `k${i}`).join('.');
      expectJson(await post('admin', '/plugins', `name=acl&config.${key}=1`, FORM), 400, {
        message: 'form key nested too deeply (at most 64 levels)',
      });
    });

    it('refuses more than 1,000 paths on a route', async () => {
      const service = await portico.admin('POST', '/services', { name: 'form-wide', url: 'http://127.0.0.1:9' });
      const body = `service.id=${service.body.id}&` + Array.from({ length: 1001 }, (_, i) => `paths[]=/p${i}`).join('&');
      expectJson(await post('admin', '/routes', body, FORM), 400, schemaViolation('schema violation (paths: length must be at most 1000)', {
        paths: 'length must be at most 1000',
      }));
    });

    it('refuses a NUL smuggled in percent-encoded', async () => {
      expectJson(await post('admin', '/consumers', 'username=bad%00name', FORM), 400, schemaViolation(`schema violation (username: ${UNSAFE})`, { username: UNSAFE }));
    });
  });

  describe('routes hold at most 1,000 paths and hosts', () => {
    let serviceId: string;
    beforeAll(async () => {
      serviceId = (await portico.admin('POST', '/services', { name: 'wide', url: 'http://127.0.0.1:9' })).body.id;
    });
    const many = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i));

    it('takes 1,000 paths', async () => {
      expectJson(await portico.admin('POST', '/routes', { service: { id: serviceId }, paths: many(1000, (i) => `/ok${i}`) }), 201);
    });

    it.each<[string, Record<string, unknown>]>([
      ['paths', { paths: many(1001, (i) => `/p${i}`) }],
      ['paths (50,000 of them)', { paths: many(50_000, (i) => `/p${i}`) }],
      ['hosts', { hosts: many(1001, (i) => `h${i}.example.com`) }],
    ])('refuses 1,001 or more %s', async (name, fields) => {
      const field = name.split(' ')[0];
      const res = await portico.admin('POST', '/routes', { service: { id: serviceId }, ...fields });
      expectJson(res, 400, schemaViolation(`schema violation (${field}: length must be at most 1000)`, { [field]: 'length must be at most 1000' }));
    });

    it('refuses 1,001 paths on a PATCH too', async () => {
      const route = await portico.admin('POST', '/routes', { service: { id: serviceId }, paths: ['/patched'] });
      const res = await portico.admin('PATCH', `/routes/${route.body.id}`, { paths: many(1001, (i) => `/p${i}`) });
      expectJson(res, 400);
      expect(res.body.fields).toEqual({ paths: 'length must be at most 1000' });
    });
  });

  describe('NUL and lone surrogates in names, ids and paths', () => {
    it.each<[string, 'admin' | 'portal', string, Record<string, unknown>, Record<string, unknown>]>([
      ['a consumer username with NUL', 'admin', '/consumers', { username: 'a\u0000b' }, { username: UNSAFE }],
      ['a consumer custom_id with a lone surrogate', 'admin', '/consumers', { custom_id: 'id-\uD800' }, { custom_id: UNSAFE }],
      ['a route path with NUL', 'admin', '/routes', { paths: ['/fine', '/a\u0000'] }, { paths: { '2': UNSAFE } }],
      ['a route path with a lone low surrogate', 'admin', '/routes', { paths: ['/\uDC00'] }, { paths: { '1': UNSAFE } }],
      ['a service name with a lone surrogate', 'admin', '/services', { name: 'svc\uD83D', url: 'http://x' }, { name: UNSAFE }],
      ['a developer custom_id with NUL', 'admin', '/developers', { email: 'nul@example.com', password: '12345678', custom_id: '\u0000' }, { custom_id: UNSAFE }],
      ['a registration email with NUL', 'portal', '/register', { email: 'a\u0000@example.com', password: '12345678' }, { email: UNSAFE }],
      ['a registration meta field name with NUL', 'portal', '/register', { email: 'm@example.com', password: '12345678', meta: { 'a\u0000': 1 } }, {
        meta: { 'a\u0000': 'invalid field name: NUL characters and unpaired surrogates are not allowed' },
      }],
    ])('refuses %s with a schema violation on the field', async (_name, listener, path, body, fields) => {
      // JSON.stringify writes a lone surrogate as its \\u escape, exactly as a hostile client would send it.
      const res = await post(listener, path, JSON.stringify(body));
      expectJson(res, 400);
      expect(res.body).toMatchObject({ code: 2, name: 'schema violation', fields });
    });

    it('still takes emoji (paired surrogates) where the schema allows them', async () => {
      expectJson(await portico.admin('POST', '/consumers', { username: 'emoji-😀' }), 201);
    });
  });
});
