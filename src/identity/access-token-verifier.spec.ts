import { AccessTokenVerifier, TokenPolicy } from './access-token-verifier';
import { Deadline } from './deadline';
import { IdpUnavailableError, TokenRejectedError } from './identity-errors';
import { Issuer } from './issuer';
import { UNKNOWN_KID_REFETCH_INTERVAL_MS } from './jwks-key-store';
import { plainJwtAccessTokenStrategy } from './jwt-access-token.strategy';
import { FakeJwks, ManualClock, rsaKey, signRs256 } from './testing/fake-idp';

const ISSUER = 'https://idp.test';
const LEEWAY = 30;

describe('AccessTokenVerifier (JWTs, with an injected clock)', () => {
  const key = rsaKey('k1');
  const accept = { jwt: true, introspection: false };
  const deadline = () => new Deadline(1000);
  let clock: ManualClock;
  let idp: FakeJwks;
  let verifier: AccessTokenVerifier;
  let issuer: Issuer;
  const now = () => Math.floor(clock.nowMs / 1000);
  const token = (claims: Record<string, unknown> = {}, signer = key) => signRs256(signer, { iss: ISSUER, iat: now(), exp: now() + 300, ...claims });
  const rejection = (reason: string) => new TokenRejectedError(reason as never);

  beforeEach(() => {
    clock = new ManualClock();
    idp = new FakeJwks(key);
    const metadata = { issuer: ISSUER, jwks_uri: `${ISSUER}/jwks`, token_endpoint: null, introspection_endpoint: null };
    issuer = new Issuer(ISSUER, { clock: clock.now, discover: async () => metadata, keyStores: { fetchJson: idp.fetchJson } });
    const policy: TokenPolicy = {
      issuersAllowed: null,
      extraJwksUris: [],
      leewaySeconds: LEEWAY,
      introspectionEndpoint: null,
      gatewayClient: null,
      cacheIntrospection: false,
      cacheTtlSeconds: 300,
    };
    verifier = new AccessTokenVerifier(issuer, policy, plainJwtAccessTokenStrategy());
  });

  it('accepts a valid token and reports its expiry', async () => {
    const exp = now() + 300;
    await expect(verifier.verify(token({ exp }), deadline(), accept)).resolves.toMatchObject({ kind: 'jwt', expiresAt: exp });
  });

  it.each([
    ['expired beyond the leeway', { exp: -LEEWAY }, 'token_expired'],
    ['not yet valid beyond the leeway', { nbf: LEEWAY + 1 }, 'token_not_yet_valid'],
    ['issued in the future beyond the leeway', { iat: LEEWAY + 1 }, 'token_issued_in_future'],
  ])('refuses a token %s', async (_name, offsets, reason) => {
    const claims = Object.fromEntries(Object.entries(offsets).map(([claim, offset]) => [claim, now() + offset]));
    await expect(verifier.verify(token(claims), deadline(), accept)).rejects.toEqual(rejection(reason));
  });

  it.each([
    ['expired within the leeway', { exp: -LEEWAY + 1 }],
    ['not yet valid within the leeway', { nbf: LEEWAY }],
    ['issued in the future within the leeway', { iat: LEEWAY }],
  ])('accepts a token %s', async (_name, offsets) => {
    const claims = Object.fromEntries(Object.entries(offsets).map(([claim, offset]) => [claim, now() + offset]));
    await expect(verifier.verify(token(claims), deadline(), accept)).resolves.toMatchObject({ kind: 'jwt' });
  });

  it('checks time on every use: a cached verification stops working when the clock passes exp + leeway', async () => {
    const t = token({ exp: now() + 60 });
    await verifier.verify(t, deadline(), accept);
    clock.advance((60 + LEEWAY - 1) * 1000);
    await expect(verifier.verify(t, deadline(), accept)).resolves.toMatchObject({ kind: 'jwt' });
    clock.advance(1000);
    await expect(verifier.verify(t, deadline(), accept)).rejects.toEqual(rejection('token_expired'));
  });

  it('refuses a forged signature, and a token from another issuer without fetching keys', async () => {
    const forged = signRs256(rsaKey('k1'), { iss: ISSUER, exp: now() + 300 });
    await expect(verifier.verify(forged, deadline(), accept)).rejects.toEqual(rejection('bad_signature'));
    const fetches = idp.fetches;
    await expect(verifier.verify(token({ iss: 'https://evil.test' }), deadline(), accept)).rejects.toEqual(rejection('wrong_issuer'));
    expect(idp.fetches).toBe(fetches);
  });

  it('picks up a rotated key with one refetch, no sooner than 10 s after the last, and drops the withdrawn key', async () => {
    const old = token();
    await verifier.verify(old, deadline(), accept);
    const next = rsaKey('k2');
    idp.published = [next];
    const rotated = token({}, next);

    clock.advance(UNKNOWN_KID_REFETCH_INTERVAL_MS - 1);
    await expect(verifier.verify(rotated, deadline(), accept)).rejects.toEqual(rejection('unknown_kid'));
    expect(idp.fetches).toBe(1);

    clock.advance(1);
    await expect(verifier.verify(rotated, deadline(), accept)).resolves.toMatchObject({ kind: 'jwt' });
    await expect(verifier.verify(rotated, deadline(), accept)).resolves.toMatchObject({ kind: 'jwt' });
    expect(idp.fetches).toBe(2);
    // Verified and cached before the rotation, signed with a key no longer published: refused.
    await expect(verifier.verify(old, deadline(), accept)).rejects.toEqual(rejection('unknown_kid'));
  });

  describe('the verified-token cache admits a token on its second verification', () => {
    it('does not cache a token verified once, caches it when verified again, and answers from the cache then', async () => {
      const t = token();
      await verifier.verify(t, deadline(), accept);
      expect(issuer.verifiedTokens.has(t)).toBe(false);
      await verifier.verify(t, deadline(), accept);
      expect(issuer.verifiedTokens.has(t)).toBe(true);
      // Answered from the cache: the key store is never asked again, even with the IdP down and hours later.
      idp.down = true;
      const fetches = idp.fetches;
      await expect(verifier.verify(t, deadline(), accept)).resolves.toMatchObject({ kind: 'jwt' });
      expect(idp.fetches).toBe(fetches);
    });

    it('leaves a stream of one-off tokens out of the cache', async () => {
      for (let i = 0; i < 50; i++) await verifier.verify(token({ jti: `once-${i}` }), deadline(), accept);
      expect(issuer.verifiedTokens.size).toBe(0);
    });

    it('never admits a token that fails verification, however often it comes', async () => {
      const forged = signRs256(rsaKey('k1'), { iss: ISSUER, exp: now() + 300 });
      for (let i = 0; i < 3; i++) await expect(verifier.verify(forged, deadline(), accept)).rejects.toEqual(rejection('bad_signature'));
      expect(issuer.verifiedTokens.size).toBe(0);
    });

    it('checks time on every use of a cached entry', async () => {
      const t = token({ exp: now() + 60 });
      await verifier.verify(t, deadline(), accept);
      await verifier.verify(t, deadline(), accept);
      expect(issuer.verifiedTokens.has(t)).toBe(true);
      clock.advance((60 + LEEWAY) * 1000);
      await expect(verifier.verify(t, deadline(), accept)).rejects.toEqual(rejection('token_expired'));
    });

    it('voids a cached entry whose key was withdrawn', async () => {
      const old = token();
      await verifier.verify(old, deadline(), accept);
      await verifier.verify(old, deadline(), accept);
      expect(issuer.verifiedTokens.has(old)).toBe(true);
      const next = rsaKey('k2');
      idp.published = [next];
      clock.advance(UNKNOWN_KID_REFETCH_INTERVAL_MS);
      await expect(verifier.verify(token({}, next), deadline(), accept)).resolves.toMatchObject({ kind: 'jwt' });
      await expect(verifier.verify(old, deadline(), accept)).rejects.toEqual(rejection('unknown_kid'));
    });
  });

  it('keeps verifying with cached keys while the IdP is down; a new kid then means 503', async () => {
    await verifier.verify(token(), deadline(), accept);
    idp.down = true;
    clock.advance(2 * 60 * 60 * 1000);
    await expect(verifier.verify(token(), deadline(), accept)).resolves.toMatchObject({ kind: 'jwt' });
    await expect(verifier.verify(token({}, rsaKey('k9')), deadline(), accept)).rejects.toBeInstanceOf(IdpUnavailableError);
  });
});
