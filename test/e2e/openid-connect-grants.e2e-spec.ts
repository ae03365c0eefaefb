import { EchoUpstream } from '../support/echo-upstream';
import { TestIdp } from '../support/idp/test-idp';
import { Portico } from '../support/portico';
import { basic, bearer, createConsumer, expectDenied, protectedRoute, realmOf } from './openid-connect.fixtures';

/**
 * Credentials the gateway exchanges or asks about at the IdP: client credentials and password grants
 * (Basic), and opaque tokens (introspection). Cached answers are proven by the IdP's request counts.
 */
describe('openid-connect: client credentials, password and introspection', () => {
  let idp: TestIdp;
  let upstream: EchoUpstream;
  let portico: Portico;
  let realm: string;
  const gateway = { client_id: ['gateway'], client_secret: ['gateway-secret'] };
  const get = (path: string, headers: Record<string, string> = {}) => portico.proxy('GET', path, undefined, headers);
  const tokenCalls = async () => (await idp.counts()).token;
  const introspections = async () => (await idp.counts()).introspection;

  beforeAll(async () => {
    [idp, upstream, portico] = await Promise.all([
      TestIdp.start({
        clients: [
          { client_id: 'svc', client_secret: 'svc-secret', application_id: 'app-svc' },
          { client_id: 'many', client_secret: 'many-secret', application_id: 'app-svc' },
          { client_id: 'opaque', client_secret: 'opaque-secret', application_id: 'app-opaque', token_format: 'opaque' },
          { client_id: 'gateway', client_secret: 'gateway-secret', application_id: 'app-gateway' },
        ],
      }),
      EchoUpstream.start(),
      Portico.start(),
    ]);
    realm = realmOf(idp);
    const issuer = idp.issuer;
    await protectedRoute(portico, upstream, 'cc', { issuer, ...gateway, display_errors: true });
    await protectedRoute(portico, upstream, 'cc-nocache', { issuer, cache_tokens: false, cache_introspection: false, ...gateway });
    await protectedRoute(portico, upstream, 'cc-query', { issuer, client_credentials_param_type: ['query'] });
    await protectedRoute(portico, upstream, 'cc-scoped', { issuer, scopes: ['read'], scopes_required: ['read'] });
    await protectedRoute(portico, upstream, 'pw', { issuer, ...gateway, auth_methods: ['client_credentials', 'password'], display_errors: true });
    await createConsumer(portico, { username: 'app-svc' });
    await createConsumer(portico, { username: 'app-opaque' });
    await createConsumer(portico, { username: 'app-gateway' });
  });

  afterAll(async () => {
    await Promise.all([portico?.stop(), idp?.stop(), upstream?.stop()]);
  });

  describe('client credentials', () => {
    it('exchanges Basic client credentials: the upstream gets the Bearer token, never the Basic header', async () => {
      const res = await get('/cc/x', { ...basic('svc', 'svc-secret'), 'grant-type': 'client_credentials' });
      expect(res.status).toBe(200);
      expect(res.body.headers.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
      expect(res.body.headers['x-consumer-username']).toBe('app-svc');
      expect(res.body.headers['grant-type']).toBeUndefined();
    });

    it('costs one token call for N requests, even concurrent ones', async () => {
      await idp.resetCounts();
      const results = await Promise.all(Array.from({ length: 20 }, () => get('/cc', basic('many', 'many-secret'))));
      expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
      const tokens = new Set(results.map((r) => r.body.headers.authorization));
      expect(tokens.size).toBe(1);
      expect(await idp.counts()).toMatchObject({ token: 1, jwks: 0, discovery: 0 });
    });

    it('never serves a cached token to a wrong secret, and remembers the wrong secret', async () => {
      await get('/cc', basic('svc', 'svc-secret'));
      await idp.resetCounts();
      for (let i = 0; i < 5; i++) {
        expectDenied(await get('/cc', basic('svc', 'wrong')), 401, realm, 'invalid_token', 'Unauthorized (invalid client credentials)');
      }
      expect(await tokenCalls()).toBe(1);
    });

    it('asks the IdP every time when cache_tokens is off', async () => {
      await idp.resetCounts();
      for (let i = 0; i < 3; i++) expect((await get('/cc-nocache', basic('svc', 'svc-secret'))).status).toBe(200);
      expect(await tokenCalls()).toBe(3);
    });

    it('reads client_id and client_secret from the query where configured, and keeps them from the upstream', async () => {
      const res = await get('/cc-query/y?a=1&client_id=svc&client_secret=svc-secret');
      expect(res.status).toBe(200);
      expect(res.body.url).toBe('/y?a=1');
      expect((await get('/cc-query/y', basic('svc', 'svc-secret'))).status).toBe(401);
    });

    it('asks for the configured scopes', async () => {
      const res = await get('/cc-scoped', basic('svc', 'svc-secret'));
      expect(res.status).toBe(200);
      const token = res.body.headers.authorization.slice('Bearer '.length);
      expect(JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString())).toMatchObject({ scope: 'read' });
    });

    it('verifies an opaque token the token endpoint returned through introspection', async () => {
      const res = await get('/cc', basic('opaque', 'opaque-secret'));
      expect(res.status).toBe(200);
      expect(res.body.headers['x-consumer-username']).toBe('app-opaque');
    });

    it.each([
      ['not base64 with a colon', 'Basic bm9jb2xvbg=='],
      ['not base64 at all', 'Basic !!!'],
    ])('refuses Basic credentials that are %s', async (_name, authorization) => {
      expectDenied(await get('/cc', { authorization }), 401, realm, 'invalid_token', 'Unauthorized (malformed credentials)');
    });
  });

  describe('password grant', () => {
    it('exchanges user credentials as the gateway client when client credentials do not apply', async () => {
      await idp.resetCounts();
      const res = await get('/pw', basic('alice', 'wonderland'));
      expect(res.status).toBe(200);
      expect(res.body.headers.authorization).toMatch(/^Bearer /);
      expect(res.body.headers['x-consumer-username']).toBe('app-gateway');
      expect(await tokenCalls()).toBe(2);
      expect((await get('/pw', basic('alice', 'wonderland'))).status).toBe(200);
      expect(await tokenCalls()).toBe(2);
    });

    it('goes straight to the grant Grant-Type names', async () => {
      await idp.resetCounts();
      expect((await get('/pw', { ...basic('alice', 'wonderland'), 'grant-type': 'password' })).status).toBe(200);
      expectDenied(
        await get('/pw', { ...basic('alice', 'wonderland'), 'grant-type': 'client_credentials' }),
        401,
        realm,
        'invalid_token',
        'Unauthorized (invalid client credentials)',
      );
    });

    it('refuses a wrong password, and a grant the plugin does not enable', async () => {
      expectDenied(await get('/pw', basic('alice', 'wrong')), 401, realm, 'invalid_token', 'Unauthorized (invalid username or password)');
      expectDenied(await get('/cc', { ...basic('alice', 'wonderland'), 'grant-type': 'password' }), 401, realm, 'invalid_token', 'Unauthorized (grant not enabled)');
      expectDenied(await get('/cc', basic('alice', 'wonderland')), 401, realm, 'invalid_token', 'Unauthorized (invalid client credentials)');
    });
  });

  describe('introspection', () => {
    let opaqueToken: string;
    beforeAll(async () => {
      opaqueToken = (await idp.clientCredentialsToken('opaque', 'opaque-secret')).access_token;
    });

    it('accepts an opaque bearer token the IdP says is active, asking once for N requests', async () => {
      await idp.resetCounts();
      const results = await Promise.all(Array.from({ length: 15 }, () => get('/cc', bearer(opaqueToken))));
      expect(results.map((r) => r.status)).toEqual(Array(15).fill(200));
      expect(results[0].body.headers).toMatchObject({ authorization: `Bearer ${opaqueToken}`, 'x-consumer-username': 'app-opaque' });
      expect(await introspections()).toBe(1);
    });

    it('refuses an inactive token, and remembers that too', async () => {
      await idp.resetCounts();
      for (let i = 0; i < 4; i++) expectDenied(await get('/cc', bearer('inactive-token-value')), 401, realm, 'invalid_token', 'Unauthorized (token inactive)');
      expect(await introspections()).toBe(1);
    });

    it('asks every time when cache_introspection is off', async () => {
      await idp.resetCounts();
      for (let i = 0; i < 3; i++) expect((await get('/cc-nocache', bearer(opaqueToken))).status).toBe(200);
      expect(await introspections()).toBe(3);
    });
  });

  it('never logs a secret, a password or a token', () => {
    for (const secret of ['svc-secret', 'many-secret', 'gateway-secret', 'wonderland', 'opaque-secret']) expect(portico.logs).not.toContain(secret);
    expect(portico.logs).not.toMatch(/eyJ[\w-]{20,}/);
    expect(portico.logs).toMatch(/"reason":"bad_client_credentials"/);
  });
});
