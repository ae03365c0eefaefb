import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EchoUpstream } from '../support/echo-upstream';
import { TestIdp } from '../support/idp/test-idp';
import { Portico } from '../support/portico';

/** SPEC §8 DB-less: PORTICO_DATABASE_URL=off serves PORTICO_DECLARATIVE_CONFIG; POST /config replaces it whole. */
describe('DB-less mode', () => {
  let idp: TestIdp;
  let upstream: EchoUpstream;
  let portico: Portico;
  const secretOf = (client: string) => `${client}-secret`;
  const bearer = async (client: string) => ({ authorization: `Bearer ${(await idp.clientCredentialsToken(client, secretOf(client))).access_token}` });

  const file = (first = 'approved', second = 'pending', paths = '/orders') => `_format_version: "3.0"
services:
- name: orders
  url: ${upstream.url}
  routes:
  - name: orders-route
    paths: [${paths}]
  plugins:
  - name: openid-connect
    config: { issuer: "${idp.issuer}", auth_methods: [bearer] }
  - name: application-registration
    config: { display_name: Orders }
developers:
- email: dev@example.com
  status: approved
applications:
- name: Approved app
  custom_id: approved-client
  developer: dev@example.com
  instances:
  - service: orders
    status: ${first}
- name: Pending app
  custom_id: pending-client
  developer: dev@example.com
  instances:
  - service: orders
    status: ${second}
`;

  beforeAll(async () => {
    [idp, upstream] = await Promise.all([
      TestIdp.start({ clients: ['approved-client', 'pending-client'].map((client_id) => ({ client_id, client_secret: secretOf(client_id) })) }),
      EchoUpstream.start(),
    ]);
    const path = join(mkdtempSync(join(tmpdir(), 'portico-dbless-')), 'kong.yaml');
    writeFileSync(path, file());
    portico = await Portico.start({ env: { PORTICO_DATABASE_URL: 'off', PORTICO_DECLARATIVE_CONFIG: path } });
  });
  afterAll(() => Promise.all([portico?.stop(), idp?.stop(), upstream?.stop()]));

  it('serves the file: application registration from its instances (approved 200, pending 403)', async () => {
    expect((await portico.proxy('GET', '/orders/x', undefined, await bearer('approved-client'))).status).toBe(200);
    expect(await portico.proxy('GET', '/orders/x', undefined, await bearer('pending-client'))).toMatchObject({ status: 403, body: { message: 'You cannot consume this service' } });
    expect((await portico.proxy('GET', '/orders/x')).status).toBe(401);
  });

  it('admin reads work, writes answer 405 naming DB-less mode, the portal is off with a warning', async () => {
    expect((await portico.admin('GET', '/services/orders')).body).toMatchObject({ name: 'orders' });
    expect((await portico.admin('GET', '/')).body.configuration).toMatchObject({ database: 'off' });
    for (const [method, path] of [['POST', '/services'], ['PATCH', '/services/orders'], ['PUT', '/services/orders'], ['DELETE', '/services/orders'], ['PATCH', '/developers/dev@example.com']]) {
      const res = await portico.admin(method, path, {});
      expect({ path, status: res.status, message: res.body.message }).toEqual({ path, status: 405, message: expect.stringContaining('DB-less mode') });
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    }
    expect(portico.portalUrl).toBe('');
    expect(portico.logs).toContain('the portal needs a database and is off in DB-less mode');
  });

  it('POST /config with an invalid file changes nothing and lists every problem', async () => {
    const bad = file('approved', 'nonsense', 'orders');
    const res = await portico.admin('POST', '/config', bad, { 'content-type': 'application/yaml' });
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual(
      expect.arrayContaining([
        { place: 'services[0].routes[0].paths[0]', message: expect.any(String) },
        { place: 'applications[1].instances[0].status', message: expect.any(String) },
      ]),
    );
    expect((await portico.proxy('GET', '/orders/x', undefined, await bearer('approved-client'))).status).toBe(200);
  });

  it('a request in flight when POST /config switches the configuration finishes on the old one', async () => {
    const bytes = 8 * 1024 * 1024;
    const res = await fetch(`${portico.proxyUrl}/orders/download?bytes=${bytes}`, { headers: await bearer('approved-client') });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let received = (await reader.read()).value!.length;
    // The rest of the body is still to come (backpressure holds the upstream) while the file changes.
    expect(received).toBeLessThan(bytes);
    expect((await portico.admin('POST', '/config', file('approved', 'pending', '/elsewhere'), { 'content-type': 'application/yaml' })).status).toBe(201);
    expect((await portico.proxy('GET', '/orders/x', undefined, await bearer('approved-client'))).status).toBe(404);
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) received += chunk.value.length;
    expect(received).toBe(bytes);
  });

  it("reads Kong's {\"config\": \"<yaml>\"} body too", async () => {
    expect((await portico.admin('POST', '/config', { config: file() })).status).toBe(201);
    expect((await portico.proxy('GET', '/orders/x', undefined, await bearer('approved-client'))).status).toBe(200);
    expect(await portico.admin('POST', '/config', { config: '{ not yaml' })).toMatchObject({ status: 400, body: { problems: [{ place: '', message: expect.stringContaining('cannot parse') }] } });
  });

  it('records what a POST /config wrote in the audit log, under that request', async () => {
    expect((await portico.admin('POST', '/config', file('approved', 'pending', '/audited'), { 'content-type': 'application/yaml' })).status).toBe(201);
    const requests = await portico.admin('GET', '/audit/requests?size=1000');
    const request = requests.body.data.filter((r: { path: string; status: number }) => r.path === '/config' && r.status === 201).at(-1);
    const objects = await portico.admin('GET', '/audit/objects?entity=routes&size=1000');
    const written = objects.body.data.filter((o: { request_id: string }) => o.request_id === request.id);
    expect(written).toContainEqual(expect.objectContaining({ operation: 'create', after: expect.objectContaining({ paths: ['/audited'] }) }));
  });

  it('POST /config replaces the configuration atomically; the proxy switches', async () => {
    const swapped = file('pending', 'approved', '/orders, /v2/orders');
    const res = await portico.admin('POST', '/config', swapped, { 'content-type': 'application/yaml' });
    expect(res.status).toBe(201);
    expect((await portico.proxy('GET', '/orders/x', undefined, await bearer('approved-client'))).status).toBe(403);
    expect((await portico.proxy('GET', '/v2/orders/x', undefined, await bearer('pending-client'))).status).toBe(200);
    // JSON works too, and an empty configuration empties the proxy.
    expect((await portico.admin('POST', '/config', { _format_version: '3.0' })).status).toBe(201);
    expect((await portico.proxy('GET', '/orders/x')).status).toBe(404);
    expect((await portico.admin('GET', '/services')).body.data).toEqual([]);
  });

  it('does not start on a file with problems, and lists them', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'portico-dbless-bad-')), 'bad.yaml');
    writeFileSync(path, '_format_version: "3.0"\nservices:\n- name: s\n  host: h\n  routes:\n  - paths: [nope]\n');
    await expect(Portico.start({ env: { PORTICO_DATABASE_URL: 'off', PORTICO_DECLARATIVE_CONFIG: path } })).rejects.toThrow(/services\[0\]\.routes\[0\]\.paths\[0\]: should start with/);
  });
});

describe('POST /config with a database', () => {
  it('answers 400: the file replaces the configuration only in DB-less mode', async () => {
    const portico = await Portico.start();
    try {
      expect(await portico.admin('POST', '/config', { _format_version: '3.0' })).toMatchObject({ status: 400, body: { message: expect.stringContaining('PORTICO_DATABASE_URL=off') } });
      expect(await portico.admin('GET', '/config')).toMatchObject({ status: 200, body: { _format_version: '3.0' } });
    } finally {
      await portico.stop();
    }
  });
});
