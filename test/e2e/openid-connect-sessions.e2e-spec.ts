import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EchoUpstream } from '../support/echo-upstream';
import { TestIdp } from '../support/idp/test-idp';
import { Portico } from '../support/portico';
import { basic, bearer, createConsumer, expectDenied, protectedRoute, realmOf, sleep } from './openid-connect.fixtures';

/** The session cookie: issued after a successful authentication, accepted alone, never forwarded, never forgeable. */
describe('openid-connect: sessions', () => {
  let idp: TestIdp;
  let upstream: EchoUpstream;
  let portico: Portico;
  let realm: string;
  const dir = mkdtempSync(join(tmpdir(), 'portico-sessions-'));
  const database = { PORTICO_DATABASE_URL: `sqlite:${join(dir, 'portico.sqlite')}` };
  const cookies: string[] = [];

  const get = (path: string, headers: Record<string, string> = {}) => portico.proxy('GET', path, undefined, headers);
  const token = async (client = 'svc') => (await idp.clientCredentialsToken(client, `${client}-secret`)).access_token;
  /** The name=value part of the session cookie a response set. */
  const sessionOf = (res: { headers: Headers }) => {
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('portico_session='));
    if (!cookie) throw new Error('no session cookie was set');
    const pair = cookie.split(';')[0];
    cookies.push(pair);
    return pair;
  };
  const login = async (path: string, headers?: Record<string, string>) => sessionOf(await get(path, headers ?? bearer(await token())));

  beforeAll(async () => {
    [idp, upstream, portico] = await Promise.all([
      TestIdp.start({
        clients: [
          { client_id: 'svc', client_secret: 'svc-secret', application_id: 'app-svc' },
          { client_id: 'other', client_secret: 'other-secret', application_id: 'app-other' },
        ],
      }),
      EchoUpstream.start(),
      Portico.start({ env: database }),
    ]);
    realm = realmOf(idp);
    const issuer = idp.issuer;
    await protectedRoute(portico, upstream, 'sa', { issuer, display_errors: true });
    await protectedRoute(portico, upstream, 'sb', { issuer, display_errors: true });
    await protectedRoute(portico, upstream, 'short', { issuer, session_absolute_timeout: 1, display_errors: true });
    await protectedRoute(portico, upstream, 'no-bearer-session', { issuer, disable_session: ['bearer'] });
    await protectedRoute(portico, upstream, 'strict', { issuer, session_cookie_secure: true, session_cookie_same_site: 'Strict', session_cookie_http_only: false });
    await protectedRoute(portico, upstream, 'auto-secure', { issuer });
    await createConsumer(portico, { username: 'app-svc' });
    await createConsumer(portico, { username: 'app-other' });
  });

  afterAll(async () => {
    await Promise.all([portico?.stop(), idp?.stop(), upstream?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts the cookie alone; the upstream gets the Bearer token and the other cookies, never the session cookie', async () => {
    const accessToken = await token();
    const first = await get('/sa', bearer(accessToken));
    const session = sessionOf(first);
    expect(first.headers.getSetCookie()[0]).toMatch(/; Path=\/; Max-Age=(29\d|300); SameSite=Lax; HttpOnly$/);

    const res = await get('/sa/page', { cookie: `theme=dark; ${session}; lang=en` });
    expect(res.status).toBe(200);
    expect(res.body.headers).toMatchObject({ authorization: `Bearer ${accessToken}`, cookie: 'theme=dark; lang=en', 'x-consumer-username': 'app-svc' });
    expect(res.headers.getSetCookie()).toEqual([]);

    const alone = await get('/sa', { cookie: session });
    expect(alone.status).toBe(200);
    expect(alone.body.headers.cookie).toBeUndefined();
  });

  it('prefers an explicit credential to the session cookie sent with it', async () => {
    const session = await login('/sa');
    const otherToken = await token('other');
    const res = await get('/sa', { ...bearer(otherToken), cookie: session });
    expect(res.status).toBe(200);
    expect(res.body.headers).toMatchObject({ authorization: `Bearer ${otherToken}`, 'x-consumer-username': 'app-other' });
    expect(res.body.headers.cookie).toBeUndefined();
  });

  it('turns client credentials into a session too, without ever forwarding them', async () => {
    const session = await login('/sa', basic('svc', 'svc-secret'));
    const res = await get('/sa', { cookie: session });
    expect(res.status).toBe(200);
    expect(res.body.headers.authorization).toMatch(/^Bearer /);
  });

  it.each([
    ['a tampered cookie', (s: string) => s.slice(0, -6) + (s.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA')],
    ['a truncated cookie', (s: string) => s.slice(0, 40)],
    ['garbage', () => 'portico_session=not-a-session'],
  ])('refuses %s with invalid_token (not a 500)', async (_name, mangle) => {
    const session = await login('/sa');
    expectDenied(await get('/sa', { cookie: mangle(session) }), 401, realm, 'invalid_token', 'Unauthorized (invalid session)');
  });

  it('treats an empty session cookie as no credential', async () => {
    expectDenied(await get('/sa', { cookie: 'portico_session=' }), 401, realm, undefined, 'Unauthorized (no credentials found)');
  });

  it("refuses another plugin's cookie", async () => {
    const session = await login('/sa');
    expectDenied(await get('/sb', { cookie: session }), 401, realm, 'invalid_token', 'Unauthorized (invalid session)');
  });

  it('ends the session after session_absolute_timeout, however long the token lives', async () => {
    const first = await get('/short', bearer(await token()));
    expect(first.headers.getSetCookie()[0]).toMatch(/Max-Age=1;/);
    const session = sessionOf(first);
    expect((await get('/short', { cookie: session })).status).toBe(200);
    await sleep(1100);
    expectDenied(await get('/short', { cookie: session }), 401, realm, 'invalid_token', 'Unauthorized (session expired)');
  });

  it('sets no cookie after the methods in disable_session', async () => {
    const res = await get('/no-bearer-session', bearer(await token()));
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect((await get('/no-bearer-session', basic('svc', 'svc-secret'))).headers.getSetCookie()).toHaveLength(1);
  });

  it('honours the cookie attributes in the config', async () => {
    const res = await get('/strict', bearer(await token()));
    expect(res.headers.getSetCookie()[0]).toMatch(/; SameSite=Strict; Secure$/);
  });

  it('keeps working after a restart on the same database (the generated secret is stored), and Secure follows a trusted proxy', async () => {
    const session = await login('/sa');
    const plainBefore = await get('/auto-secure', bearer(await token()));
    expect(plainBefore.headers.getSetCookie()[0]).not.toMatch(/Secure/);
    await portico.stop();

    portico = await Portico.start({ env: { ...database, PORTICO_TRUSTED_IPS: '127.0.0.1' } });
    expect((await get('/sa', { cookie: session })).status).toBe(200);
    const behindTls = await get('/auto-secure', { ...bearer(await token()), 'x-forwarded-proto': 'https' });
    expect(behindTls.headers.getSetCookie()[0]).toMatch(/; HttpOnly; Secure$/);
    await portico.stop();

    // Another secret (PORTICO_SESSION_SECRET) opens none of the old cookies.
    portico = await Portico.start({ env: { ...database, PORTICO_SESSION_SECRET: 'x'.repeat(40) } });
    expectDenied(await get('/sa', { cookie: session }), 401, realm, 'invalid_token', 'Unauthorized (invalid session)');
    const fresh = await login('/sa');
    expect((await get('/sa', { cookie: fresh })).status).toBe(200);
  });

  it('never logs a session cookie', () => {
    for (const cookie of cookies) expect(portico.logs).not.toContain(cookie.split('=')[1]);
  });
});
