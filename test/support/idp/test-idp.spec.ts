import * as jose from 'jose';

import { basicAuth, TestIdp } from './test-idp';

interface Discovery { grant_types_supported: string[] }
interface Jwks { keys: jose.JWK[] }
const getJson = async <T>(url: string) => (await (await fetch(url)).json()) as T;

const AUDIENCE = 'https://api.portico.test';
const REDIRECT_URI = 'http://127.0.0.1:9/callback';

describe('TestIdp', () => {
  let idp: TestIdp;

  beforeAll(async () => {
    idp = await TestIdp.start({
      clients: [
        { client_id: 'svc', client_secret: 'svc-secret', application_id: 'app-123' },
        { client_id: 'opaque', client_secret: 'opaque-secret', application_id: 'app-456', token_format: 'opaque' },
        { client_id: 'web', client_secret: 'web-secret', redirect_uris: [REDIRECT_URI] },
        { client_id: 'gateway', client_secret: 'gateway-secret', grant_types: ['client_credentials'] },
      ],
    });
  });

  afterAll(() => idp?.stop());

  const jwks = () => jose.createRemoteJWKSet(new URL(`${idp.issuer}/jwks`));
  const verify = (token: string) =>
    jose.jwtVerify(token, jwks(), { issuer: idp.issuer, audience: AUDIENCE, typ: 'at+jwt', algorithms: ['RS256'] });

  it('serves discovery and a JWKS holding the public half of its key', async () => {
    const discovery = await getJson<Discovery>(`${idp.issuer}/.well-known/openid-configuration`);
    expect(discovery).toMatchObject({
      issuer: idp.issuer,
      jwks_uri: `${idp.issuer}/jwks`,
      token_endpoint: `${idp.issuer}/token`,
      introspection_endpoint: `${idp.issuer}/token/introspection`,
    });
    expect(discovery.grant_types_supported).toEqual(expect.arrayContaining(['client_credentials', 'password']));

    const { keys } = await getJson<Jwks>(`${idp.issuer}/jwks`);
    const [privateKey] = idp.keys;
    expect(keys).toEqual([expect.objectContaining({ kid: privateKey.kid, n: privateKey.n })]);
    expect(keys[0].d).toBeUndefined();
  });

  it('issues RFC 9068 JWT access tokens for client credentials, with aud and application_id', async () => {
    const { access_token, expires_in } = await idp.clientCredentialsToken('svc', 'svc-secret', 'read write');
    const { payload, protectedHeader } = await verify(access_token);
    expect(protectedHeader).toMatchObject({ typ: 'at+jwt', alg: 'RS256', kid: idp.keys[0].kid });
    expect(payload).toMatchObject({ aud: AUDIENCE, client_id: 'svc', application_id: 'app-123', scope: 'read write' });
    expect(expires_in).toBe(300);
  });

  it('rejects a wrong client secret', async () => {
    await expect(idp.clientCredentialsToken('svc', 'nope')).rejects.toThrow(/401.*invalid_client/);
  });

  it('issues opaque tokens that introspection reports active', async () => {
    const { access_token } = await idp.clientCredentialsToken('opaque', 'opaque-secret', 'read');
    expect(access_token.split('.')).toHaveLength(1);

    const introspect = async (token: string) => {
      const res = await fetch(`${idp.issuer}/token/introspection`, {
        method: 'POST',
        headers: { Authorization: basicAuth('gateway', 'gateway-secret') },
        body: new URLSearchParams({ token }),
      });
      return res.json();
    };
    expect(await introspect(access_token)).toMatchObject({
      active: true,
      client_id: 'opaque',
      application_id: 'app-456',
      scope: 'read',
      aud: AUDIENCE,
      exp: expect.any(Number),
    });
    expect(await introspect('not-a-token')).toEqual({ active: false });
  });

  it('supports the password grant for alice only', async () => {
    const { access_token } = await idp.passwordToken('svc', 'svc-secret', 'alice', 'wonderland');
    expect((await verify(access_token)).payload).toMatchObject({ sub: 'alice', client_id: 'svc' });
    await expect(idp.passwordToken('svc', 'svc-secret', 'alice', 'wrong')).rejects.toThrow(/invalid_grant/);
    await expect(idp.passwordToken('svc', 'svc-secret', 'bob', 'wonderland')).rejects.toThrow(/invalid_grant/);
  });

  it('runs the authorization code flow with PKCE', async () => {
    const { access_token, id_token } = await idp.authorizationCodeToken('web', 'web-secret', REDIRECT_URI);
    expect((await verify(access_token)).payload).toMatchObject({ sub: 'alice', client_id: 'web', scope: 'read write' });
    expect(jose.decodeJwt(id_token!)).toMatchObject({ sub: 'alice', aud: 'web' });
  });

  it('counts requests by kind and resets the counts', async () => {
    await idp.resetCounts();
    await fetch(`${idp.issuer}/.well-known/openid-configuration`);
    await fetch(`${idp.issuer}/jwks`);
    await idp.clientCredentialsToken('svc', 'svc-secret');
    await idp.clientCredentialsToken('svc', 'svc-secret');
    expect(await idp.counts()).toEqual({ discovery: 1, jwks: 1, token: 2, introspection: 0, other: 0 });

    await idp.resetCounts();
    expect(await idp.counts()).toEqual({ discovery: 0, jwks: 0, token: 0, introspection: 0, other: 0 });
  });

  it('can answer token requests slowly, and reports the most it answered at once', async () => {
    await idp.resetCounts();
    await idp.setTokenDelay(200);
    try {
      await Promise.all(Array.from({ length: 3 }, () => idp.clientCredentialsToken('svc', 'svc-secret')));
      expect(await idp.maxTokenRequestsInFlight()).toBe(3);
    } finally {
      await idp.setTokenDelay(0);
    }
    await idp.clientCredentialsToken('svc', 'svc-secret');
    expect(await idp.counts()).toEqual({ discovery: 0, jwks: 0, token: 4, introspection: 0, other: 0 });
    await idp.resetCounts();
    expect(await idp.maxTokenRequestsInFlight()).toBe(0);
  });

  it('signingKey() forges tokens the JWKS accepts', async () => {
    const kid = idp.keys[0].kid;
    const forged = await new jose.SignJWT({ client_id: 'svc' })
      .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid })
      .setIssuer(idp.issuer)
      .setAudience('https://elsewhere.test')
      .setExpirationTime('1m')
      .sign(await idp.signingKey());
    await expect(verify(forged)).rejects.toThrow(/aud/);
  });

  it('restarts on the same port, keeping or rotating its key', async () => {
    const { port, issuer } = idp;
    const kid = idp.keys[0].kid;

    await idp.restart();
    expect([idp.port, idp.issuer, idp.keys[0].kid]).toEqual([port, issuer, kid]);

    await idp.restart({ rotateKey: true });
    const rotated = idp.keys[0].kid;
    expect(idp.port).toBe(port);
    expect(rotated).not.toBe(kid);
    const { keys } = await getJson<Jwks>(`${idp.issuer}/jwks`);
    expect(keys.map((k) => k.kid)).toEqual([rotated]);

    const { access_token } = await idp.clientCredentialsToken('svc', 'svc-secret');
    expect(jose.decodeProtectedHeader(access_token).kid).toBe(rotated);
  });
});
