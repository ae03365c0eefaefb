import { randomUUID } from 'node:crypto';
import { Portico } from '../support/portico';

/**
 * What decK 1.x (go-kong, go-database-reconciler) sends for `deck gateway ping|dump|diff|sync|reset`,
 * replayed against Portico: version, every list with ?size=1000 (and &tags=), schemas in Kong's
 * format, PUT create and replace by id, re-read, delete.
 */
describe('decK against the Admin API', () => {
  let portico: Portico;
  beforeAll(async () => {
    portico = await Portico.start();
  });
  afterAll(() => portico?.stop());

  const LISTS = [
    '/services', '/routes', '/plugins', '/consumers', '/acls', '/certificates', '/snis', '/upstreams', '/ca_certificates', '/vaults', '/keys',
    '/key-sets', '/consumer_groups', '/key-auths', '/basic-auths', '/jwts', '/hmac-auths', '/oauth2', '/mtls-auths', '/partials', '/filter-chains',
  ];

  it('ping reads a 3.x version', async () => {
    const res = await portico.admin('GET', '/');
    expect(res.body).toMatchObject({ version: '3.4.0', portico_version: expect.any(String) });
  });

  it('dump: every kind lists, the ones Portico lacks as empty pages', async () => {
    for (const path of LISTS) {
      for (const query of ['?size=1000', '?size=1000&tags=managed-by-deck']) {
        const res = await portico.admin('GET', path + query);
        expect({ path, status: res.status, next: res.body.next, data: Array.isArray(res.body.data) }).toEqual({ path, status: 200, next: null, data: true });
      }
    }
  });

  it("diff: schemas in Kong's format, with defaults to fill", async () => {
    const plugin = await portico.admin('GET', '/schemas/plugins/acl');
    const config = plugin.body.fields.find((f: object) => 'config' in f).config;
    expect(config).toMatchObject({ type: 'record', fields: expect.arrayContaining([{ hide_groups_header: expect.objectContaining({ type: 'boolean', default: false }) }]) });
    expect(plugin.body.fields).toContainEqual({ protocols: expect.objectContaining({ default: ['http', 'https'] }) });
    const services = await portico.admin('GET', '/schemas/services');
    expect(services.body.fields).toContainEqual({ retries: expect.objectContaining({ type: 'integer', default: 5 }) });
    const routes = await portico.admin('GET', '/schemas/routes');
    expect(routes.body.fields).toContainEqual({ strip_path: expect.objectContaining({ type: 'boolean', default: true }) });
    expect(routes.body.fields).toContainEqual({ service: expect.objectContaining({ type: 'foreign', reference: 'services' }) });
    expect((await portico.admin('GET', '/schemas/upstreams')).status).toBe(404);
    expect((await portico.admin('GET', '/schemas/plugins/no-such')).status).toBe(404);
  });

  it('validate: POST /schemas/{entity}/validate', async () => {
    expect(await portico.admin('POST', '/schemas/services/validate', { name: 'v', host: 'h' })).toMatchObject({ status: 200, body: { message: 'schema validation successful' } });
    expect(await portico.admin('POST', '/schemas/routes/validate', { paths: ['nope'], service: { id: randomUUID() } })).toMatchObject({ status: 400, body: { fields: { paths: expect.any(Object) } } });
    expect(await portico.admin('POST', '/schemas/plugins/validate', { name: 'acl', config: { allow: ['a'] } })).toMatchObject({ status: 200 });
    expect(await portico.admin('POST', '/schemas/plugins/validate', { name: 'acl', config: {} })).toMatchObject({ status: 400 });
    expect((await portico.admin('POST', '/schemas/nothing/validate', {})).status).toBe(404);
    expect((await portico.admin('GET', '/services')).body.data).toEqual([]);
  });

  it('sync: PUT creates and replaces by id, re-read matches, delete removes', async () => {
    const serviceId = randomUUID();
    const routeId = randomUUID();
    const pluginId = randomUUID();
    const consumerId = randomUUID();
    const aclId = randomUUID();
    const service = { id: serviceId, name: 'deck-svc', host: 'upstream.internal', port: 80, protocol: 'http', retries: 5, connect_timeout: 60000, read_timeout: 60000, write_timeout: 60000, enabled: true, tags: ['managed-by-deck'], tls_verify: null, ca_certificates: null, client_certificate: null };
    expect(await portico.admin('PUT', `/services/${serviceId}`, service)).toMatchObject({ status: 200, body: { id: serviceId, name: 'deck-svc' } });
    const route = { id: routeId, name: 'deck-route', paths: ['/deck'], protocols: ['http', 'https'], strip_path: true, preserve_host: false, regex_priority: 0, https_redirect_status_code: 426, path_handling: 'v0', request_buffering: true, response_buffering: true, service: { id: serviceId }, tags: ['managed-by-deck'] };
    expect(await portico.admin('PUT', `/routes/${routeId}`, route)).toMatchObject({ status: 200, body: { id: routeId, service: { id: serviceId } } });
    const plugin = { id: pluginId, name: 'acl', config: { allow: ['deck'] }, enabled: true, protocols: ['grpc', 'grpcs', 'http', 'https'], service: { id: serviceId }, tags: ['managed-by-deck'] };
    expect(await portico.admin('PUT', `/plugins/${pluginId}`, plugin)).toMatchObject({ status: 200, body: { id: pluginId, config: { allow: ['deck'], hide_groups_header: false } } });
    expect(await portico.admin('PUT', `/consumers/${consumerId}`, { id: consumerId, username: 'deck-user', tags: ['managed-by-deck'] })).toMatchObject({ status: 200 });
    expect(await portico.admin('PUT', `/consumers/${consumerId}/acls/${aclId}`, { id: aclId, group: 'deck', tags: ['managed-by-deck'] })).toMatchObject({ status: 200, body: { id: aclId, consumer: { id: consumerId } } });

    // Update: the whole entity is replaced (fields not sent are reset, not kept).
    expect(await portico.admin('PUT', `/services/${serviceId}`, { ...service, port: 8080, tags: null })).toMatchObject({ status: 200, body: { port: 8080, tags: null } });
    expect(await portico.admin('PUT', `/routes/${routeId}`, { ...route, paths: ['/deck2'] })).toMatchObject({ status: 200, body: { paths: ['/deck2'] } });
    expect(await portico.admin('PUT', `/plugins/${pluginId}`, { ...plugin, config: { deny: ['x'] } })).toMatchObject({ status: 200, body: { config: { allow: null, deny: ['x'] } } });

    // Re-read, as diff does.
    const tagged = await portico.admin('GET', '/services?size=1000&tags=managed-by-deck');
    expect(tagged.body.data).toEqual([]);
    expect((await portico.admin('GET', '/routes?size=1000&tags=managed-by-deck')).body.data.map((r: { id: string }) => r.id)).toEqual([routeId]);
    expect((await portico.admin('GET', '/acls?size=1000')).body.data).toEqual([expect.objectContaining({ id: aclId, group: 'deck', consumer: { id: consumerId } })]);

    // Mistakes decK could make are refused, not half-applied.
    expect((await portico.admin('PUT', `/services/${serviceId}`, { ...service, id: randomUUID() })).status).toBe(400);
    expect(await portico.admin('PUT', `/routes/${routeId}`, { ...route, path_handling: 'v1' })).toMatchObject({ status: 400, body: { fields: { path_handling: expect.any(String) } } });
    expect(await portico.admin('PUT', `/plugins/${pluginId}`, { ...plugin, protocols: ['grpc'] })).toMatchObject({ status: 400, body: { fields: { protocols: expect.any(String) } } });
    expect(await portico.admin('PUT', `/services/${serviceId}`, { ...service, client_certificate: { id: randomUUID() } })).toMatchObject({ status: 400, body: { fields: { client_certificate: expect.any(String) } } });

    // Reset: delete everything, leaves first.
    for (const path of [`/consumers/${consumerId}/acls/${aclId}`, `/plugins/${pluginId}`, `/consumers/${consumerId}`, `/routes/${routeId}`, `/services/${serviceId}`]) {
      expect((await portico.admin('DELETE', path)).status).toBe(204);
    }
    for (const path of LISTS.slice(0, 5)) expect((await portico.admin('GET', `${path}?size=1000`)).body.data).toEqual([]);
  });

  it('PUT by name creates under that name', async () => {
    const res = await portico.admin('PUT', '/services/by-name', { host: 'h.internal' });
    expect(res).toMatchObject({ status: 200, body: { name: 'by-name', host: 'h.internal' } });
    expect(await portico.admin('PUT', '/services/by-name', { host: 'i.internal' })).toMatchObject({ status: 200, body: { id: res.body.id, host: 'i.internal' } });
  });
});
