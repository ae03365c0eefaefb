import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { EchoUpstream } from '../support/echo-upstream';
import { TestIdp } from '../support/idp/test-idp';
import { Portico } from '../support/portico';
import { basic, createConsumer, expectDenied, IDP_UNAVAILABLE, protectedRoute, realmOf } from './openid-connect.fixtures';

const TOO_MANY = 'Unauthorized (too many failed attempts; retry later)';
const BAD_SECRET = 'Unauthorized (invalid client credentials)';

/**
 * SPEC §5 identity-provider protection, proven by the real IdP's own count of token-endpoint calls:
 * guessed secrets and made-up client ids cost it a handful of calls instead of one per request, and
 * never more than 32 token calls per issuer run at once. 127.0.0.1 (the test) is a trusted proxy, so
 * X-Forwarded-For names the client address each request stands for.
 */
describe('openid-connect: identity-provider protection', () => {
  let idp: TestIdp;
  let upstream: EchoUpstream;
  let portico: Portico;
  let realm: string;
  let goneIssuer: string;
  const from = (address: string) => ({ 'x-forwarded-for': address });
  const get = (path: string, headers: Record<string, string>) => portico.proxy('GET', path, undefined, headers);
  const tokenCalls = async () => (await idp.counts()).token;
  const guess = () => `guess-${randomUUID()}`;

  beforeAll(async () => {
    [idp, upstream, portico] = await Promise.all([
      TestIdp.start({ clients: [{ client_id: 'svc', client_secret: 'svc-secret', application_id: 'app-svc' }] }),
      EchoUpstream.start(),
      Portico.start({ env: { PORTICO_TRUSTED_IPS: '127.0.0.1' } }),
    ]);
    realm = realmOf(idp);
    await protectedRoute(portico, upstream, 'cc', { issuer: idp.issuer, display_errors: true });
    // Another route on the same issuer: the same secret is a different cache entry there (scope).
    await protectedRoute(portico, upstream, 'cc-read', { issuer: idp.issuer, scopes: ['read'], display_errors: true });
    await protectedRoute(portico, upstream, 'cc-quick', { issuer: idp.issuer, timeout: 500, display_errors: true });
    await createConsumer(portico, { username: 'app-svc' });
    goneIssuer = await closedPortUrl();
    await protectedRoute(portico, upstream, 'idp-gone', { issuer: goneIssuer });
  });

  afterAll(async () => {
    await Promise.all([portico?.stop(), idp?.stop(), upstream?.stop()]);
  });

  it('a spray of guessed secrets for one client id costs the IdP 5 calls, and a known-good secret keeps working', async () => {
    const sprayer = '203.0.113.1';
    expect((await get('/cc', { ...basic('svc', 'svc-secret'), ...from(sprayer) })).status).toBe(200);
    await idp.resetCounts();

    for (let i = 0; i < 5; i++) expectDenied(await get('/cc', { ...basic('svc', guess()), ...from(sprayer) }), 401, realm, 'invalid_token', BAD_SECRET);
    for (let i = 0; i < 200; i++) expectDenied(await get('/cc', { ...basic('svc', guess()), ...from(sprayer) }), 401, realm, 'invalid_token', TOO_MANY);
    expect(await tokenCalls()).toBe(5);

    // The secret with a cached token still works from the spraying address...
    expect((await get('/cc', { ...basic('svc', 'svc-secret'), ...from(sprayer) })).status).toBe(200);
    // ...but the same secret where it is not yet known good (another route's cache entry) waits out the window there.
    expectDenied(await get('/cc-read', { ...basic('svc', 'svc-secret'), ...from(sprayer) }), 401, realm, 'invalid_token', TOO_MANY);
    expect(await tokenCalls()).toBe(5);

    // Other addresses are unaffected.
    expect((await get('/cc-read', { ...basic('svc', 'svc-secret'), ...from('198.51.100.2') })).status).toBe(200);
    expectDenied(await get('/cc', { ...basic('svc', guess()), ...from('198.51.100.2') }), 401, realm, 'invalid_token', BAD_SECRET);
    expect(await tokenCalls()).toBe(7);
  });

  it('concurrent guesses: the ones queued behind the first are refused without asking', async () => {
    await idp.resetCounts();
    const answers = await Promise.all(Array.from({ length: 200 }, () => get('/cc', { ...basic('svc', guess()), ...from('203.0.113.2') })));
    expect(new Set(answers.map((r) => r.status))).toEqual(new Set([401]));
    // At most the 32 let through at once before any answer came back, plus the 5 allowed failures.
    expect(await tokenCalls()).toBeLessThanOrEqual(32 + 5);
  });

  it('a spray of made-up client ids from one address costs the IdP at most 50 calls', async () => {
    await idp.resetCounts();
    for (let i = 0; i < 150; i++) expect((await get('/cc', { ...basic(`client-${randomUUID()}`, 'x'), ...from('203.0.113.3') })).status).toBe(401);
    expect(await tokenCalls()).toBe(50);
    // From elsewhere, the IdP is asked as usual.
    expect((await get('/cc', { ...basic(`client-${randomUUID()}`, 'x'), ...from('203.0.113.4') })).status).toBe(401);
    expect(await tokenCalls()).toBe(51);
  });

  describe('token calls per issuer', () => {
    afterEach(() => idp.setTokenDelay(0));

    it('run at most 32 at a time; the rest wait their turn', async () => {
      await idp.resetCounts();
      await idp.setTokenDelay(300);
      // Distinct addresses, so the failure limit stays out of the way: every request is a real token call.
      const answers = await Promise.all(Array.from({ length: 80 }, (_, i) => get('/cc', { ...basic('svc', guess()), ...from(`192.0.2.${i + 1}`) })));
      expect(new Set(answers.map((r) => r.status))).toEqual(new Set([401]));
      expect(await tokenCalls()).toBe(80);
      expect(await idp.maxTokenRequestsInFlight()).toBe(32);
    });

    it('a request that cannot get a turn within the plugin’s timeout gets 503', async () => {
      await idp.resetCounts();
      await idp.setTokenDelay(2000);
      // 32 slow calls (10 s timeout) hold every turn...
      const hogs = Promise.all(Array.from({ length: 32 }, (_, i) => get('/cc', { ...basic('svc', guess()), ...from(`192.0.2.${100 + i}`) })));
      for (let i = 0; i < 100 && (await idp.maxTokenRequestsInFlight()) < 32; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await idp.maxTokenRequestsInFlight()).toBe(32);
      // ...so requests whose plugin allows 500 ms give up waiting for one.
      const waiters = await Promise.all(Array.from({ length: 8 }, (_, i) => get('/cc-quick', { ...basic('svc', guess()), ...from(`192.0.2.${200 + i}`) })));
      for (const res of waiters) {
        expect({ status: res.status, body: res.body }).toEqual({ status: 503, body: IDP_UNAVAILABLE });
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
      expect((await hogs).map((r) => r.status)).toEqual(Array(32).fill(401));
      expect(await tokenCalls()).toBe(32);
      expect(portico.logs).toContain('32 token requests already in flight');
    });
  });

  it('while the IdP is down, logs one line per cause per second with a count of those left out', async () => {
    const flood = 300;
    const answers = await Promise.all(Array.from({ length: flood }, () => get('/idp-gone', basic('svc', 'svc-secret'))));
    expect(new Set(answers.map((r) => r.status))).toEqual(new Set([503]));

    const unavailableLines = () =>
      portico.logs
        .split('\n')
        .filter((line) => line.includes('"msg":"identity provider unavailable"'))
        .map((line) => JSON.parse(line) as { issuer: string; suppressed?: number })
        .filter((line) => line.issuer === goneIssuer);
    // The count of the last second's lines arrives when that second ends.
    const accounted = () => unavailableLines().reduce((sum, line) => sum + 1 + (line.suppressed ?? 0), 0);
    for (let i = 0; i < 60 && accounted() < flood; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(accounted()).toBe(flood);
    expect(unavailableLines().length).toBeLessThan(20);
  });
});

/** An http URL on a loopback port nothing listens on. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}
