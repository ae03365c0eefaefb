import { kongConfigFields } from '../support/kong-expect';
import { randomUUID } from 'node:crypto';
import { EchoUpstream } from '../support/echo-upstream';
import { TestIdp } from '../support/idp/test-idp';
import { Portico } from '../support/portico';
import { rawRequest } from '../support/raw-http';
import {
  AttackerServer,
  attackerKeys,
  bearer,
  createConsumer,
  expectDenied,
  forge,
  hs256WithPublicKey,
  protectedRoute,
  realmOf,
  unsigned,
} from './openid-connect.fixtures';

/**
 * Bearer JWTs against two real issuers: every way a token can be wrong, audience and scopes,
 * consumer mapping with its cache, the headers the upstream gets, and what the IdP is asked.
 */
describe('openid-connect: bearer tokens', () => {
  let idpA: TestIdp;
  let idpB: TestIdp;
  let upstream: EchoUpstream;
  let portico: Portico;
  let attacker: AttackerServer;
  const attackerKey = attackerKeys();
  /** Every token sent in this file, to prove none of them reaches the logs. */
  const sentTokens: string[] = [];

  const tokenA = async (scope?: string, clientId = 'svc') => {
    const { access_token } = await idpA.clientCredentialsToken(clientId, `${clientId}-secret`, scope);
    sentTokens.push(access_token);
    return access_token;
  };
  const get = (path: string, headers: Record<string, string> = {}) => portico.proxy('GET', path, undefined, headers);

  beforeAll(async () => {
    const clients = (prefix = '') => [
      { client_id: `${prefix}svc`, client_secret: `${prefix}svc-secret`, application_id: `app-${prefix}svc` },
      { client_id: `${prefix}nomap`, client_secret: `${prefix}nomap-secret` },
    ];
    [idpA, idpB, upstream, portico, attacker] = await Promise.all([
      TestIdp.start({ clients: clients() }),
      TestIdp.start({ clients: clients('b-') }),
      EchoUpstream.start(),
      Portico.start(),
      AttackerServer.start(attackerKey.publicJwk),
    ]);
    const a = { issuer: idpA.issuer };
    await protectedRoute(portico, upstream, 'a', a);
    await protectedRoute(portico, upstream, 'a-display', { ...a, display_errors: true });
    await protectedRoute(portico, upstream, 'a-aud', { ...a, audience_required: ['https://other.test', 'https://api.portico.test https://also.test'] });
    await protectedRoute(portico, upstream, 'a-aud-ok', { ...a, audience_required: ['https://api.portico.test'] });
    await protectedRoute(portico, upstream, 'a-scope', { ...a, scopes_required: ['read write', 'admin'] });
    await protectedRoute(portico, upstream, 'a-query', { ...a, bearer_token_param_type: ['header', 'query'] });
    await protectedRoute(portico, upstream, 'a-optional', { ...a, consumer_optional: true });
    await protectedRoute(portico, upstream, 'a-by-custom-id', { ...a, consumer_claim: ['client_id'], consumer_by: ['custom_id'] });
    await protectedRoute(portico, upstream, 'a-token-header', { ...a, upstream_access_token_header: 'x-access-token', hide_credentials: true });
    await protectedRoute(portico, upstream, 'a-extra', {
      ...a,
      extra_jwks_uris: [`${idpB.issuer}/jwks`],
      issuers_allowed: [idpA.issuer, idpB.issuer],
    });
    await protectedRoute(portico, upstream, 'b', { issuer: idpB.issuer });
    await createConsumer(portico, { username: 'app-svc' });
    await createConsumer(portico, { username: 'app-b-svc' });
    await createConsumer(portico, { username: 'by-custom-id', custom_id: 'svc' });
  });

  afterAll(async () => {
    await Promise.all([portico?.stop(), idpA?.stop(), idpB?.stop(), upstream?.stop(), attacker?.stop()]);
  });

  it('never asked the IdP anything while the plugins were created', async () => {
    expect(await idpA.counts()).toEqual({ discovery: 0, jwks: 0, token: 0, introspection: 0, other: 0 });
  });

  it('accepts a valid token: the upstream gets the Bearer token and the consumer headers, the client a session cookie', async () => {
    const token = await tokenA();
    const res = await get('/a/hello', { ...bearer(token), 'x-consumer-id': 'spoofed', 'x-consumer-username': 'spoofed' });
    expect(res.status).toBe(200);
    expect(res.body.headers).toMatchObject({ authorization: `Bearer ${token}`, 'x-consumer-username': 'app-svc' });
    expect(res.body.headers['x-consumer-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.headers['x-consumer-custom-id']).toBeUndefined();
    expect(res.headers.get('set-cookie')).toMatch(/^portico_session=[A-Za-z0-9_-]+; Path=\/; Max-Age=\d+; SameSite=Lax; HttpOnly$/);
  });

  it('accepts the scheme in any case', async () => {
    expect((await get('/a', { authorization: `bEaReR ${await tokenA()}` })).status).toBe(200);
  });

  describe('refuses', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const cases: [string, () => Promise<Record<string, string>>, string | null][] = [
      ['no credentials', async () => ({}), 'no credentials found'],
      ['an Authorization scheme that is not ours', async () => ({ authorization: 'Digest abc' }), 'no credentials found'],
      ['an empty bearer', async () => ({ authorization: 'Bearer ' }), 'malformed credentials'],
      ['a malformed JWT', async () => bearer('abc.def.ghi'), 'malformed token'],
      ['an opaque token with no introspection client configured', async () => bearer('not-a-jwt'), 'token could not be introspected'],
      ['an expired token', async () => bearer(await forge(idpA, { claims: { iat: now() - 400, exp: now() - 100 } })), 'token expired'],
      ['a token not yet valid (nbf)', async () => bearer(await forge(idpA, { claims: { nbf: now() + 120 } })), 'token not yet valid'],
      ['a token issued in the future (iat)', async () => bearer(await forge(idpA, { claims: { iat: now() + 120 } })), 'token issued in the future'],
      ['a token without exp', async () => bearer(await forge(idpA, { claims: { exp: undefined } })), 'token has no expiry'],
      [
        'alg: none',
        async () => bearer(unsigned({ alg: 'none', typ: 'at+jwt', kid: idpA.keys[0].kid }, { iss: idpA.issuer, aud: 'https://api.portico.test', application_id: 'app-svc', exp: now() + 300 })),
        'signing algorithm not allowed',
      ],
      [
        'HS256 signed with the RSA public key',
        async () => bearer(await hs256WithPublicKey(idpA, { iss: idpA.issuer, aud: 'https://api.portico.test', application_id: 'app-svc', exp: now() + 300 })),
        'signing algorithm not allowed',
      ],
      ['an unknown kid', async () => bearer(await forge(idpA, { key: attackerKey.privateKey, header: { kid: randomUUID() } })), 'signing key not found'],
      [
        'a jku header pointing at the attacker',
        async () => bearer(await forge(idpA, { key: attackerKey.privateKey, header: { kid: 'attacker', jku: `${attacker.url}/jwks` } })),
        'signing key not found',
      ],
      [
        'an x5u header pointing at the attacker',
        async () => bearer(await forge(idpA, { key: attackerKey.privateKey, header: { kid: 'attacker', x5u: `${attacker.url}/cert` } })),
        'signing key not found',
      ],
      [
        "an embedded jwk with the issuer's kid",
        async () => bearer(await forge(idpA, { key: attackerKey.privateKey, header: { jwk: attackerKey.publicJwk } })),
        'invalid signature',
      ],
      ['a wrong issuer', async () => bearer(await forge(idpA, { claims: { iss: 'https://evil.example' } })), 'issuer not allowed'],
      ['a token of issuer B', async () => bearer((await idpB.clientCredentialsToken('b-svc', 'b-svc-secret')).access_token), 'issuer not allowed'],
      ['a token that is not an access token (typ)', async () => bearer(await forge(idpA, { header: { typ: 'dpop+jwt' } })), 'token type not allowed'],
      [
        'a token whose payload was altered',
        async () => {
          const [header, , signature] = (await tokenA()).split('.');
          const payload = Buffer.from(JSON.stringify({ iss: idpA.issuer, application_id: 'app-svc', exp: now() + 300 })).toString('base64url');
          return bearer(`${header}.${payload}.${signature}`);
        },
        'invalid signature',
      ],
    ];

    it.each(cases)('%s', async (_name, headers, reason) => {
      const sent = await headers();
      if (sent.authorization) sentTokens.push(sent.authorization);
      const error = reason === 'no credentials found' ? undefined : 'invalid_token';
      const before = upstream.requests;
      expectDenied(await get('/a', sent), 401, realmOf(idpA), error);
      expectDenied(await get('/a-display', sent), 401, realmOf(idpA), error, `Unauthorized (${reason})`);
      expect(upstream.requests).toBe(before);
    });

    it('and never fetched what a token header pointed at', () => {
      expect(attacker.hits).toBe(0);
    });
  });

  it('refuses a request carrying two Authorization headers', async () => {
    const token = await tokenA();
    const { host } = new URL(portico.proxyUrl);
    const res = await rawRequest(portico.proxyUrl, {
      path: '/a-display',
      // As an array, headers go out exactly as listed: Host included, both Authorization lines kept.
      headers: ['Host', host, 'Authorization', `Bearer ${token}`, 'Authorization', 'Bearer other'] as never,
    });
    expect({ status: res.status, body: res.body, challenge: res.headers['www-authenticate'] }).toEqual({
      status: 401,
      body: { message: 'Unauthorized (more than one Authorization header)' },
      challenge: `Bearer realm="${realmOf(idpA)}", error="invalid_token"`,
    });
  });

  it('checks the audience: any listed entry, all values of an entry', async () => {
    const token = await tokenA();
    expectDenied(await get('/a-aud', bearer(token)), 401, realmOf(idpA), 'invalid_token');
    const both = await forge(idpA, { claims: { aud: ['https://api.portico.test', 'https://also.test'] } });
    expect((await get('/a-aud', bearer(both))).status).toBe(200);
    expect((await get('/a-aud-ok', bearer(token))).status).toBe(200);
  });

  it('checks scopes: all of an entry, any entry', async () => {
    expectDenied(await get('/a-scope', bearer(await tokenA('read'))), 403, realmOf(idpA), 'insufficient_scope');
    expectDenied(await get('/a-scope', bearer(await tokenA('write'))), 403, realmOf(idpA), 'insufficient_scope');
    expectDenied(await get('/a-scope', bearer(await tokenA())), 403, realmOf(idpA), 'insufficient_scope');
    expect((await get('/a-scope', bearer(await tokenA('read write')))).status).toBe(200);
    expect((await get('/a-scope', bearer(await forge(idpA, { claims: { scope: 'admin' } })))).status).toBe(200);
    expect((await get('/a-scope', bearer(await forge(idpA, { claims: { scope: ['read', 'write'] } })))).status).toBe(200);
  });

  it('ignores a token in the query string by default, and keeps it from the upstream where allowed', async () => {
    const token = await tokenA();
    sentTokens.push(token);
    const before = upstream.requests;
    expectDenied(await get(`/a?access_token=${token}`), 401, realmOf(idpA));
    expect(upstream.requests).toBe(before);

    const res = await get(`/a-query/x?keep=1&access_token=${token}`);
    expect(res.status).toBe(200);
    expect(res.body.url).toBe('/x?keep=1');
    expect(res.body.headers.authorization).toBe(`Bearer ${token}`);
  });

  describe('consumer mapping', () => {
    it('answers 403 when no consumer matches the claim, and sees a new consumer on the very next request', async () => {
      const token = await tokenA(undefined, 'nomap');
      expectDenied(await get('/a', bearer(token)), 403, realmOf(idpA), 'insufficient_scope');
      expectDenied(await get('/a-display', bearer(token)), 403, realmOf(idpA), 'insufficient_scope', 'Forbidden (no consumer for the token)');

      // No application_id claim: client_id is the next claim in consumer_claim.
      const id = await createConsumer(portico, { username: 'nomap' });
      const res = await get('/a', bearer(token));
      expect(res.status).toBe(200);
      expect(res.body.headers).toMatchObject({ 'x-consumer-id': id, 'x-consumer-username': 'nomap' });

      expect((await portico.admin('DELETE', `/consumers/${id}`)).status).toBe(204);
      expectDenied(await get('/a', bearer(token)), 403, realmOf(idpA), 'insufficient_scope');
    });

    it('looks the claim up by the configured fields', async () => {
      const res = await get('/a-by-custom-id', bearer(await tokenA()));
      expect(res.status).toBe(200);
      expect(res.body.headers).toMatchObject({ 'x-consumer-username': 'by-custom-id', 'x-consumer-custom-id': 'svc' });
    });

    it('lets the request through without a consumer when consumer_optional', async () => {
      const res = await get('/a-optional', bearer(await tokenA(undefined, 'nomap')));
      expect(res.status).toBe(200);
      expect(res.body.headers['x-consumer-id']).toBeUndefined();
      expect(res.body.headers.authorization).toMatch(/^Bearer /);
    });
  });

  it('sends the token in the configured header and hides the client credential', async () => {
    const token = await tokenA();
    const res = await get('/a-token-header', bearer(token));
    expect(res.status).toBe(200);
    expect(res.body.headers['x-access-token']).toBe(token);
    expect(res.body.headers.authorization).toBeUndefined();
  });

  it('keeps issuers apart: B on its own service, and on A only through extra_jwks_uris and issuers_allowed', async () => {
    const tokenB = (await idpB.clientCredentialsToken('b-svc', 'b-svc-secret')).access_token;
    sentTokens.push(tokenB);
    const onB = await get('/b', bearer(tokenB));
    expect(onB.status).toBe(200);
    expect(onB.body.headers['x-consumer-username']).toBe('app-b-svc');
    expectDenied(await get('/b', bearer(await tokenA())), 401, realmOf(idpB), 'invalid_token');
    expectDenied(await get('/a', bearer(tokenB)), 401, realmOf(idpA), 'invalid_token');
    expect((await get('/a-extra', bearer(tokenB))).status).toBe(200);
    expect((await get('/a-extra', bearer(await tokenA()))).status).toBe(200);
  });

  it('verifies with cached keys: N requests and new tokens cost no discovery or JWKS request', async () => {
    const tokens = [await tokenA(), await tokenA(), await forge(idpA)];
    expect((await get('/a', bearer(tokens[0]))).status).toBe(200);
    await idpA.resetCounts();
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => get('/a', bearer(tokens[i % tokens.length]))));
    expect(results.map((r) => r.status)).toEqual(Array(30).fill(200));
    expect(await idpA.counts()).toMatchObject({ discovery: 0, jwks: 0, introspection: 0 });
  });

  it('refetches the JWKS for unknown kids at most once per 10 s', async () => {
    await idpA.resetCounts();
    for (let i = 0; i < 5; i++) {
      const res = await get('/a', bearer(await forge(idpA, { key: attackerKey.privateKey, header: { kid: randomUUID() } })));
      expect(res.status).toBe(401);
    }
    expect((await idpA.counts()).jwks).toBeLessThanOrEqual(1);
  });

  describe('configuration on the Admin API', () => {
    it('serves the schema with descriptions and defaults', async () => {
      const res = await portico.admin('GET', '/schemas/plugins/openid-connect');
      expect(res.status).toBe(200);
      expect(res.body.portico).toMatchObject({ priority: 1050, scopes: ['service', 'route'] });
      const fields = kongConfigFields(res.body);
      expect(Object.keys(fields).filter((name) => fields[name].required && fields[name].default === undefined)).toEqual(['issuer']);
      expect(fields.auth_methods).toMatchObject({
        default: ['bearer', 'introspection', 'client_credentials', 'session'],
        description: expect.stringContaining('password'),
      });
    });

    it('validates the config and fills in the defaults, without asking the IdP', async () => {
      const service = await portico.admin('POST', '/services', { name: 'cfg', url: upstream.url });
      expect(service.status).toBe(201);
      const post = (config: object) => portico.admin('POST', '/services/cfg/plugins', { name: 'openid-connect', config });

      const missing = await post({});
      expect(missing.status).toBe(400);
      expect(missing.body).toMatchObject({ code: 2, message: 'schema violation (config.issuer: required field missing)' });
      const password = await post({ issuer: 'https://idp.example.com', auth_methods: ['password'] });
      expect(password.body).toMatchObject({ code: 2, fields: { config: { client_id: 'required field missing (auth_methods includes password)' } } });

      const created = await portico.admin('POST', '/services/cfg/plugins', 'name=openid-connect&config.issuer=https://idp.unreachable.invalid&config.leeway=5', {
        'content-type': 'application/x-www-form-urlencoded',
      });
      expect(created.status).toBe(201);
      expect(created.body.config).toMatchObject({ issuer: 'https://idp.unreachable.invalid', leeway: 5, timeout: 10000, session_cookie_name: 'portico_session' });
    });
  });

  it('never logs a token, and logs the reason of each denial', () => {
    const logs = portico.logs;
    for (const token of sentTokens) {
      const raw = token.replace(/^Bearer /, '');
      if (raw.length > 20) expect(logs).not.toContain(raw);
    }
    expect(logs).not.toContain('svc-secret');
    expect(logs).toMatch(/"reason":"token_expired"/);
    expect(logs).toMatch(/"reason":"consumer_not_found"/);
  });
});
