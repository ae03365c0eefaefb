import { EchoUpstream } from '../support/echo-upstream';
import { basicAuth, TestIdp } from '../support/idp/test-idp';
import { Portico } from '../support/portico';
import { approvedDeveloper, CANNOT_CONSUME, DeveloperSession, PASSWORD, registeredService, uniqueEmail } from './applications.fixtures';

const REDIRECT_URI = 'http://127.0.0.1:9/callback';
const UNAUTHORIZED = { message: 'Unauthorized' };

/**
 * SPEC §3.2 and §4 end to end against a real identity provider: a developer's application is the
 * IdP client whose id is its custom_id; the token is mapped to it, and only approved access passes.
 * Every status change is checked on the very next request.
 */
describe('applications end to end, with a real identity provider', () => {
  let idp: TestIdp;
  let upstream: EchoUpstream;
  let portico: Portico;
  let dev: DeveloperSession;
  let svcA: { id: string; path: string };
  let svcB: { id: string; path: string };

  const plainClients = ['app-a', 'app-b', 'orphan', 'plain', 'app-pw', 'pending-dev', 'leaver'];
  const secretOf = (client: string) => `${client}-secret`;
  const viaBasic = (path: string, client: string) => portico.proxy('GET', path, undefined, { authorization: basicAuth(client, secretOf(client)) });
  const viaBearer = (path: string, token: string) => portico.proxy('GET', path, undefined, { authorization: `Bearer ${token}` });
  const tokenOf = async (client: string) => (await idp.clientCredentialsToken(client, secretOf(client))).access_token;
  const decide = (appId: string, serviceId: string, body: Record<string, unknown>) =>
    portico.admin('PATCH', `/applications/${appId}/application_instances/${serviceId}`, body).then((res) => {
      expect(res.status).toBe(200);
      return res.body;
    });

  /** An oidc-protected, application-registration service at `/<name>`. */
  async function appService(name: string, oidc: Record<string, unknown> = {}, registration: Record<string, unknown> = {}) {
    const svc = await registeredService(portico, upstream, name, registration);
    const plugin = await portico.admin('POST', `/services/${name}/plugins`, {
      name: 'openid-connect',
      config: { issuer: idp.issuer, client_id: ['gateway'], client_secret: ['gateway-secret'], ...oidc },
    });
    expect(plugin.status).toBe(201);
    return svc;
  }

  beforeAll(async () => {
    [idp, upstream, portico] = await Promise.all([
      TestIdp.start({
        clients: [
          ...plainClients.map((client_id) => ({ client_id, client_secret: secretOf(client_id) })),
          { client_id: 'opaque', client_secret: secretOf('opaque'), token_format: 'opaque' },
          { client_id: 'okta', client_secret: secretOf('okta'), application_id: 'okta-app-id' },
          { client_id: 'web', client_secret: secretOf('web'), redirect_uris: [REDIRECT_URI] },
          { client_id: 'gateway', client_secret: 'gateway-secret', grant_types: ['client_credentials'] },
        ],
      }),
      EchoUpstream.start(),
      Portico.start(),
    ]);
    dev = await approvedDeveloper(portico);
    svcA = await appService('svc-a', {}, { show_issuer: true });
    svcB = await appService('svc-b');
  });

  afterAll(async () => {
    await Promise.all([portico?.stop(), idp?.stop(), upstream?.stop()]);
  });

  describe('client credentials at the proxy (the seed flow)', () => {
    let app: { id: string; consumer: { id: string } };

    beforeAll(async () => {
      app = await dev.createApplication({ name: 'seed', custom_id: 'app-a' });
      await dev.requestAccess(app.id, svcA.id);
    });

    it('pending 403 → approved 200 → revoked 403 → approved 200, each on the very next request', async () => {
      expect(await viaBasic(svcA.path, 'app-a')).toMatchObject({ status: 403, body: CANNOT_CONSUME });

      await decide(app.id, svcA.id, { status: 'approved' });
      const ok = await viaBasic(`${svcA.path}/orders?x=1`, 'app-a');
      expect(ok.status).toBe(200);
      expect(ok.body.url).toBe('/orders?x=1');
      expect(ok.body.headers).toMatchObject({
        'x-application-id': app.id,
        'x-consumer-id': app.consumer.id,
        'x-consumer-custom-id': 'app-a',
        'x-consumer-username': `${dev.developer.id}_seed`,
        'x-consumer-groups': svcA.id,
        authorization: expect.stringMatching(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/),
      });

      await decide(app.id, svcA.id, { status: 3 });
      expect(await viaBasic(svcA.path, 'app-a')).toMatchObject({ status: 403, body: CANNOT_CONSUME });
      await decide(app.id, svcA.id, { status: 0 });
      expect((await viaBasic(svcA.path, 'app-a')).status).toBe(200);
      await decide(app.id, svcA.id, { status: 'rejected' });
      expect((await viaBasic(svcA.path, 'app-a')).status).toBe(403);
      await decide(app.id, svcA.id, { status: 'pending' });
      expect((await viaBasic(svcA.path, 'app-a')).status).toBe(403);
      await decide(app.id, svcA.id, { status: 0 });
      expect((await viaBasic(svcA.path, 'app-a')).status).toBe(200);
    });

    it('suspension, and the developer leaving approved, take effect on the very next request', async () => {
      await decide(app.id, svcA.id, { status: 0, suspended: false });
      expect((await viaBasic(svcA.path, 'app-a')).status).toBe(200);
      await decide(app.id, svcA.id, { suspended: true });
      expect(await viaBasic(svcA.path, 'app-a')).toMatchObject({ status: 403, body: CANNOT_CONSUME });
      await decide(app.id, svcA.id, { suspended: false });
      expect((await viaBasic(svcA.path, 'app-a')).status).toBe(200);

      for (const status of [3, 1, 2]) {
        expect((await portico.admin('PATCH', `/developers/${dev.developer.id}`, { status })).status).toBe(200);
        expect(await viaBasic(svcA.path, 'app-a')).toMatchObject({ status: 403, body: CANNOT_CONSUME });
        expect((await portico.admin('PATCH', `/developers/${dev.developer.id}`, { status: 0 })).status).toBe(200);
        expect((await viaBasic(svcA.path, 'app-a')).status).toBe(200);
      }
    });

    it('the bearer token of the same client reaches the same decisions', async () => {
      const token = await tokenOf('app-a');
      await decide(app.id, svcA.id, { status: 0 });
      expect((await viaBearer(svcA.path, token)).body.headers['x-application-id']).toBe(app.id);
      await decide(app.id, svcA.id, { status: 3 });
      expect(await viaBearer(svcA.path, token)).toMatchObject({ status: 403, body: CANNOT_CONSUME });
      await decide(app.id, svcA.id, { status: 0 });
      expect((await viaBearer(svcA.path, token)).status).toBe(200);
    });

    it('a token for an application approved on service A is refused on service B', async () => {
      await decide(app.id, svcA.id, { status: 0 });
      expect((await viaBasic(svcA.path, 'app-a')).status).toBe(200);
      expect(await viaBasic(svcB.path, 'app-a')).toMatchObject({ status: 403, body: CANNOT_CONSUME });
      expect(await viaBearer(svcB.path, await tokenOf('app-a'))).toMatchObject({ status: 403, body: CANNOT_CONSUME });
      // Requesting B does not help until an administrator approves it.
      await dev.requestAccess(app.id, svcB.id);
      expect((await viaBasic(svcB.path, 'app-a')).status).toBe(403);
      await decide(app.id, svcB.id, { status: 0 });
      expect(await viaBasic(svcB.path, 'app-a')).toMatchObject({ status: 200, body: { headers: { 'x-consumer-groups': [svcA.id, svcB.id].sort().join(', ') } } });
    });

    it('stops the moment the application is deleted', async () => {
      const doomed = await dev.createApplication({ name: 'short-lived', custom_id: 'leaver' });
      await dev.requestAccess(doomed.id, svcA.id);
      await decide(doomed.id, svcA.id, { status: 0 });
      expect((await viaBasic(svcA.path, 'leaver')).status).toBe(200);
      expect((await portico.admin('DELETE', `/applications/${doomed.id}`)).status).toBe(204);
      // No consumer for the claim any more: openid-connect's own 403.
      expect(await viaBasic(svcA.path, 'leaver')).toMatchObject({ status: 403, body: { message: 'Forbidden' } });
    });
  });

  describe('other ways to present a token', () => {
    it('an opaque token goes through introspection to the same decision', async () => {
      const app = await dev.createApplication({ name: 'opaque-app', custom_id: 'opaque' });
      await dev.requestAccess(app.id, svcA.id);
      const token = await tokenOf('opaque');
      expect(token.split('.')).toHaveLength(1);
      expect(await viaBearer(svcA.path, token)).toMatchObject({ status: 403, body: CANNOT_CONSUME });
      await decide(app.id, svcA.id, { status: 0 });
      expect((await viaBearer(svcA.path, token)).body.headers['x-application-id']).toBe(app.id);
    });

    it("maps Okta's application_id claim before client_id", async () => {
      const app = await dev.createApplication({ name: 'okta-app', custom_id: 'okta-app-id' });
      await dev.requestAccess(app.id, svcA.id);
      await decide(app.id, svcA.id, { status: 0 });
      expect((await viaBasic(svcA.path, 'okta')).body.headers['x-application-id']).toBe(app.id);
    });

    it('the password grant (when enabled) reaches the same decision for the client users log in through', async () => {
      const svc = await appService('svc-pw', { client_id: ['app-pw'], client_secret: ['app-pw-secret'], auth_methods: ['password'] });
      const app = await dev.createApplication({ name: 'first-party', custom_id: 'app-pw' });
      await dev.requestAccess(app.id, svc.id);
      const asAlice = () => portico.proxy('GET', svc.path, undefined, { authorization: basicAuth('alice', 'wonderland') });
      expect(await asAlice()).toMatchObject({ status: 403, body: CANNOT_CONSUME });
      await decide(app.id, svc.id, { status: 0 });
      expect((await asAlice()).body.headers['x-application-id']).toBe(app.id);
      await decide(app.id, svc.id, { status: 3 });
      expect((await asAlice()).status).toBe(403);
    });

    it('authorization code with PKCE: issuer from the catalog, then bearer, then the session cookie alone', async () => {
      const app = await dev.createApplication({ name: 'web-app', custom_id: 'web', redirect_uri: REDIRECT_URI });
      const catalog = await dev.request('GET', `/application_services?app_id=${app.id}`);
      const entryA = catalog.body.data.find((e: { id: string }) => e.id === svcA.id);
      const entryB = catalog.body.data.find((e: { id: string }) => e.id === svcB.id);
      expect(entryA.auth_plugin_config).toEqual({
        auth_methods: ['bearer', 'introspection', 'client_credentials', 'session'],
        scopes_required: null,
        issuer: idp.issuer,
      });
      expect(entryB.auth_plugin_config).not.toHaveProperty('issuer');
      expect(JSON.stringify(catalog.body)).not.toContain('gateway-secret');
      expect(entryA.instance).toBeNull();

      await dev.requestAccess(app.id, svcA.id);
      await decide(app.id, svcA.id, { status: 0 });
      expect(new URL(entryA.auth_plugin_config.issuer).origin).toBe(new URL(idp.issuer).origin);
      const { access_token } = await idp.authorizationCodeToken('web', secretOf('web'), REDIRECT_URI);

      const withBearer = await viaBearer(svcA.path, access_token);
      expect(withBearer.status).toBe(200);
      expect(withBearer.body.headers['x-application-id']).toBe(app.id);
      const cookie = withBearer.headers.getSetCookie().find((c) => c.startsWith('portico_session='))!.split(';')[0];

      const withCookie = () => portico.proxy('GET', svcA.path, undefined, { cookie });
      expect((await withCookie()).body.headers['x-application-id']).toBe(app.id);
      await decide(app.id, svcA.id, { status: 'revoked' });
      expect(await withCookie()).toMatchObject({ status: 403, body: CANNOT_CONSUME });
      expect(await viaBearer(svcA.path, access_token)).toMatchObject({ status: 403, body: CANNOT_CONSUME });
    });
  });

  describe('abuse', () => {
    it('self-approval: the status a developer sends is ignored and they cannot change it afterwards', async () => {
      const owner = await approvedDeveloper(portico);
      const app = await owner.createApplication({ name: 'sneaky', custom_id: 'app-b' });
      const req = await owner.request('POST', `/applications/${app.id}/application_instances`, { service: { id: svcA.id }, status: 0, suspended: false });
      expect(req.body.status).toBe(1);
      expect((await owner.request('PATCH', `/applications/${app.id}/application_instances/${req.body.id}`, { status: 0 })).status).toBe(405);
      expect((await owner.request('PATCH', `/applications/${app.id}`, { status: 0 })).status).toBe(400);
      expect((await owner.request('POST', `/consumers/${app.consumer.id}/acls`, { group: svcA.id })).status).toBe(404);
      expect((await owner.request('PATCH', `/developers/${owner.developer.id}/applications/${app.id}/application_instances/${req.body.id}`, { status: 0 })).status).toBe(404);
      expect(await viaBasic(svcA.path, 'app-b')).toMatchObject({ status: 403, body: CANNOT_CONSUME });
    });

    it("IDOR: another developer can neither see, change nor request access for someone's application", async () => {
      const victim = await approvedDeveloper(portico);
      const attacker = await approvedDeveloper(portico);
      const app = await victim.createApplication({ name: 'victim-app', custom_id: 'victim-client' });
      expect((await attacker.request('GET', `/applications/${app.id}`)).status).toBe(404);
      expect((await attacker.request('POST', `/applications/${app.id}/application_instances`, { service: { id: svcA.id } })).status).toBe(404);
      expect((await attacker.request('PATCH', `/applications/${app.id}`, { custom_id: 'attacker-client' })).status).toBe(404);
      expect((await attacker.request('DELETE', `/applications/${app.id}`)).status).toBe(404);
      expect((await victim.request('GET', `/applications/${app.id}/application_instances`)).body.total).toBe(0);
    });

    it('a custom_id cannot be claimed twice', async () => {
      const attacker = await approvedDeveloper(portico);
      const res = await attacker.request('POST', '/applications', { name: 'copycat', custom_id: 'app-a' });
      expect(res).toMatchObject({ status: 409, body: { message: "application already exists with custom_id: 'app-a'" } });
    });

    it('a token whose claim matches no application or consumer is refused by openid-connect', async () => {
      const res = await viaBasic(svcA.path, 'orphan');
      expect(res).toMatchObject({ status: 403, body: { message: 'Forbidden' } });
      expect(res.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    });

    it('a plain consumer is refused on an application-registration service, unless the service allows it', async () => {
      await portico.admin('POST', '/consumers', { username: 'plain-consumer', custom_id: 'plain' });
      expect(await viaBasic(svcA.path, 'plain')).toMatchObject({ status: 401, body: UNAUTHORIZED });
      const lenient = await appService('svc-lenient', {}, { enable_proxy_with_consumer_credential: true });
      const res = await viaBasic(lenient.path, 'plain');
      expect(res.status).toBe(200);
      expect(res.body.headers['x-consumer-username']).toBe('plain-consumer');
      expect(res.body.headers['x-application-id']).toBeUndefined();
    });

    it('pending and revoked developers get nothing, whatever their instances say', async () => {
      const email = uniqueEmail('pending');
      const pending = (await portico.portal('POST', '/register', { email, password: PASSWORD })).body;
      const app = (await portico.admin('POST', `/developers/${pending.id}/applications`, { name: 'early', custom_id: 'pending-dev' })).body;
      const instance = await portico.admin('POST', `/applications/${app.id}/application_instances`, { service: { id: svcA.id }, status: 0 });
      expect(instance.body).toMatchObject({ status: 0, suspended: true });
      expect(await viaBasic(svcA.path, 'pending-dev')).toMatchObject({ status: 403, body: CANNOT_CONSUME });
      expect((await portico.admin('PATCH', `/developers/${email}`, { status: 'approved' })).status).toBe(200);
      expect((await viaBasic(svcA.path, 'pending-dev')).status).toBe(200);
      expect((await portico.admin('PATCH', `/developers/${email}`, { status: 'revoked' })).status).toBe(200);
      expect(await viaBasic(svcA.path, 'pending-dev')).toMatchObject({ status: 403, body: CANNOT_CONSUME });
    });

    it('identity headers sent by the client never reach the upstream', async () => {
      const res = await portico.proxy('GET', svcA.path, undefined, {
        authorization: basicAuth('app-a', secretOf('app-a')),
        'x-application-id': 'spoofed',
        'x-consumer-groups': 'admins',
      });
      expect(res.status).toBe(200);
      expect(res.body.headers['x-application-id']).not.toBe('spoofed');
      expect(res.body.headers['x-consumer-groups']).not.toContain('admins');
    });
  });

  it('never logs a client secret, a token or a developer password', () => {
    expect(portico.logs).not.toContain(secretOf('app-a'));
    expect(portico.logs).not.toContain('gateway-secret');
    expect(portico.logs).not.toContain(PASSWORD);
    expect(portico.logs).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
  });
});
