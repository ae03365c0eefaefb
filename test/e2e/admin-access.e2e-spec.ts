import { expectJson, FORM, NOT_FOUND, UNAUTHORIZED, kongConfigFields } from '../support/kong-expect';
import { testDatabaseKind } from '../support/postgres';
import { Portico } from '../support/portico';

const TOKEN = 'admin-token-7f3c9a1e5b';
const SESSION_SECRET = 'session-secret-0123456789abcdef0123456789';

/** Every Admin API route Nest mapped, read from its start-up log: `Mapped {/services/:key, GET} route`. */
function mappedRoutes(logs: string): { path: string; method: string }[] {
  return [...logs.matchAll(/Mapped \{([^,}]+), (\w+)\} route/g)].map(([, path, method]) => ({
    path: path.replace(/:(\w+)/g, '{$1}'),
    method: method.toLowerCase(),
  }));
}

describe('Admin API: root, status, docs', () => {
  let portico: Portico;

  beforeAll(async () => {
    // Only the admin listener, so every route in the start-up log is an Admin API route.
    // debug: Nest's "Mapped {…} route" lines, which the /docs test reads, are debug-level since issue 11.
    portico = await Portico.start({
      env: { PORTICO_SESSION_SECRET: SESSION_SECRET, PORTICO_PROXY_LISTEN: 'off', PORTICO_PORTAL_LISTEN: 'off', PORTICO_LOG_LEVEL: 'debug' },
    });
  });
  afterAll(async () => {
    await portico?.stop();
  });

  it('GET / tells the version, plugins and configuration, with no secret in it', async () => {
    const res = await portico.admin('GET', '/');
    expectJson(res, 200);
    expect(res.body).toMatchObject({
      version: '3.4.0',
      portico_version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      plugins: { available_on_server: expect.any(Array) },
      configuration: {
        database: testDatabaseKind(),
        portal_app_auth: 'external-oauth2',
        admin_token_required: false,
        proxy_listen: 'off',
        admin_listen: '127.0.0.1:0',
        portal_listen: 'off',
      },
    });
    expect(res.text).not.toContain(SESSION_SECRET);
  });

  it('GET /status reports a reachable database', async () => {
    const res = await portico.admin('GET', '/status');
    expectJson(res, 200);
    expect(res.body.database).toEqual({ reachable: true });
  });

  it('answers unknown paths and methods with a JSON error', async () => {
    expectJson(await portico.admin('GET', '/no-such-endpoint'), 404, NOT_FOUND);
    const put = await portico.admin('PUT', '/services', { host: 'x' });
    expectJson(put, put.status);
    expect([404, 405]).toContain(put.status);
  });

  it('serves the OpenAPI UI at /docs', async () => {
    const res = await fetch(`${portico.adminUrl}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('swagger');
  });

  it('documents every Admin API route in /docs-json', async () => {
    const res = await portico.admin('GET', '/docs-json');
    expect(res.status).toBe(200);
    const documented = new Set(
      Object.entries(res.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`)),
    );
    const routes = mappedRoutes(portico.logs);
    // The core's routes at least; feature modules add theirs.
    expect(routes.length).toBeGreaterThanOrEqual(30);
    for (const path of ['/services', '/services/{service}/routes', '/routes/{route}/plugins', '/consumers/{consumer}/acls/{acl}', '/schemas/plugins/{name}', '/status']) {
      expect(routes.map((r) => r.path)).toContain(path);
    }
    // The /manager page, its log-in and the pages' assets are for browsers, not part of the API.
    const apiRoutes = routes.filter((r) => !/^\/(manager|assets)(\/|$)/.test(r.path));
    expect(routes.length - apiRoutes.length).toBe(5);
    const missing = apiRoutes.map((r) => `${r.method} ${r.path}`).filter((op) => !documented.has(op));
    expect(missing).toEqual([]);
  });

  it('documents bodies with field descriptions and defaults, and the Kong errors', async () => {
    const doc = (await portico.admin('GET', '/docs-json')).body;
    const create = doc.paths['/services'].post;
    // Bodies are named components now; the component is the validating schema.
    const component = (ref: { $ref: string }) => doc.components.schemas[ref.$ref.split('/').pop()!];
    const schema = component(create.requestBody.content['application/json'].schema);
    expect(create.requestBody.content['application/x-www-form-urlencoded'].schema).toEqual(create.requestBody.content['application/json'].schema);
    expect(schema.properties.retries).toMatchObject({ default: 5, description: expect.any(String) });
    expect(schema.properties.read_timeout).toMatchObject({ default: 60000 });
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '400', '409']));
    expect(Object.keys(doc.paths['/services/{key}'].get.responses)).toContain('404');
    expect(component(doc.paths['/routes'].post.requestBody.content['application/json'].schema).properties.strip_path).toMatchObject({ default: true });
  });

  // GET /schemas/plugins/{name} answers in Kong's format for decK (SPEC §8); /docs keeps the JSON Schema. Both come from one schema.
  it("documents every plugin's config schema, the same one GET /schemas/plugins/{name} serves", async () => {
    const doc = (await portico.admin('GET', '/docs-json')).body;
    for (const name of (await portico.admin('GET', '/')).body.plugins.available_on_server as string[]) {
      const served = kongConfigFields((await portico.admin('GET', `/schemas/plugins/${name}`)).body);
      const documented = doc.components.schemas[`PluginConfig-${name}`];
      expect(Object.keys(documented.properties)).toEqual(Object.keys(served));
      for (const [field, schema] of Object.entries(documented.properties as Record<string, { default?: unknown; description?: string }>)) {
        expect({ field, default: served[field].default, description: served[field].description }).toEqual({ field, default: schema.default ?? served[field].default, description: schema.description ?? served[field].description });
      }
    }
    expect(doc.components.schemas['PluginConfig-openid-connect'].properties.cache_ttl).toMatchObject({ default: 3600, description: expect.any(String) });
  });
});

describe('Admin API with PORTICO_ADMIN_TOKEN', () => {
  let portico: Portico;

  beforeAll(async () => {
    portico = await Portico.start({ env: { PORTICO_ADMIN_TOKEN: TOKEN, PORTICO_PORTAL_LISTEN: 'off', PORTICO_LOG_LEVEL: 'debug' } });
  });
  afterAll(async () => {
    await portico?.stop();
  });

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it.each(['/', '/status', '/services', '/docs', '/docs-json', '/no-such-endpoint', '/consumers/x/acls'])('GET %s needs the token', async (path) => {
    expectJson(await portico.admin('GET', path), 401, UNAUTHORIZED);
    expectJson(await portico.admin('GET', path, undefined, bearer('wrong')), 401, UNAUTHORIZED);
    expectJson(await portico.admin('GET', path, undefined, bearer(`${TOKEN}x`)), 401, UNAUTHORIZED);
    expectJson(await portico.admin('GET', path, undefined, { authorization: `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}` }), 401, UNAUTHORIZED);
    expectJson(await portico.admin('GET', path, undefined, { authorization: TOKEN }), 401, UNAUTHORIZED);
  });

  it('refuses writes without the token before reading the body', async () => {
    expectJson(await portico.admin('POST', '/services', { host: 'x' }), 401, UNAUTHORIZED);
    expectJson(await portico.admin('POST', '/services', '{not json', { 'content-type': 'application/json' }), 401, UNAUTHORIZED);
    expectJson(await portico.admin('POST', '/services', 'host=x', { ...FORM, ...bearer('nope') }), 401, UNAUTHORIZED);
    expectJson(await portico.admin('GET', '/services', undefined, bearer(TOKEN)), 200, { data: [], next: null });
  });

  it('lets the right token through, on every route', async () => {
    expectJson(await portico.admin('GET', '/', undefined, bearer(TOKEN)), 200);
    expect((await portico.admin('GET', '/', undefined, bearer(TOKEN))).body.configuration.admin_token_required).toBe(true);
    expectJson(await portico.admin('POST', '/services', 'name=tok&host=x', { ...FORM, ...bearer(TOKEN) }), 201);
    expectJson(await portico.admin('GET', '/services/tok', undefined, { authorization: `bearer ${TOKEN}` }), 200);
    expect((await portico.admin('GET', '/docs-json', undefined, bearer(TOKEN))).status).toBe(200);
    expect((await portico.admin('GET', '/docs', undefined, bearer(TOKEN))).status).toBe(200);
    expectJson(await portico.admin('GET', '/no-such-endpoint', undefined, bearer(TOKEN)), 404, NOT_FOUND);
  });

  it("accepts Kong's Kong-Admin-Token header like the bearer token, and refuses a wrong one", async () => {
    expectJson(await portico.admin('GET', '/services/tok', undefined, { 'kong-admin-token': TOKEN }), 200);
    expectJson(await portico.admin('POST', '/services', { name: 'kong-header', host: 'x' }, { 'Kong-Admin-Token': TOKEN }), 201);
    for (const wrong of ['wrong', `${TOKEN}x`, '']) {
      expectJson(await portico.admin('GET', '/services', undefined, { 'kong-admin-token': wrong }), 401, UNAUTHORIZED);
    }
    // A wrong Kong-Admin-Token is not rescued by a right bearer token: one credential, one answer.
    expectJson(await portico.admin('GET', '/services', undefined, { 'kong-admin-token': 'wrong', ...bearer(TOKEN) }), 401, UNAUTHORIZED);
  });

  it('never logs the token', async () => {
    await portico.admin('GET', '/services', undefined, { 'kong-admin-token': TOKEN });
    await portico.admin('GET', '/services', undefined, bearer(TOKEN));
    await portico.admin('GET', '/services', undefined, bearer(`${TOKEN}-wrong`));
    expect(portico.logs).not.toContain(TOKEN);
  });
});
