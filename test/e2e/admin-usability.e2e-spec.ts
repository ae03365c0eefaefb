import { EchoUpstream } from '../support/echo-upstream';
import { Portico } from '../support/portico';

/**
 * What a new user trips over (issue 11): JSON sent as a form, a URL without a scheme, a plugin that
 * does not exist, application-registration with nothing to authenticate, and a noisy start-up.
 */
describe('Admin API usability', () => {
  let portico: Portico;
  let upstream: EchoUpstream;

  beforeAll(async () => {
    [portico, upstream] = await Promise.all([Portico.start({ env: { PORTICO_ACCESS_LOG: 'off' } }), EchoUpstream.start()]);
  });
  afterAll(async () => {
    await Promise.all([portico?.stop(), upstream?.stop()]);
  });

  it('start-up prints only the listener lines', () => {
    const lines = portico.logs.split('\n').filter(Boolean);
    expect(lines).toEqual([
      expect.stringMatching(/^portico: proxy listening on http:\/\/127\.0\.0\.1:\d+$/),
      expect.stringMatching(/^portico: admin listening on http:\/\/127\.0\.0\.1:\d+$/),
      expect.stringMatching(/^portico: portal listening on http:\/\/127\.0\.0\.1:\d+$/),
      expect.stringMatching(/^portico: status listening on http:\/\/127\.0\.0\.1:\d+$/),
    ]);
  });

  it('a JSON body sent as a form (curl -d without Content-Type) is refused with a message that says so', async () => {
    const res = await portico.admin('POST', '/services', JSON.stringify({ name: 'x', url: upstream.url }), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.body.message).toContain("looks like JSON but was sent as application/x-www-form-urlencoded");
    expect(res.body.message).toContain("'Content-Type: application/json'");
    expect((await portico.admin('GET', '/services/x')).status).toBe(404);
  });

  it.each([
    ['localhost:9999', 'missing scheme in url (did you mean http://localhost:9999?)'],
    ['127.0.0.1:8080/v1', 'missing scheme in url (did you mean http://127.0.0.1:8080/v1?)'],
    ['example.com/path', 'missing host in url'],
  ])('url %p says what is missing', async (url, message) => {
    const res = await portico.admin('POST', '/services', { name: 'no-scheme', url });
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual({ url: message });
  });

  it('an unknown plugin name lists the plugins that exist', async () => {
    await portico.admin('POST', '/services', { name: 'plugged', url: upstream.url });
    const res = await portico.admin('POST', '/services/plugged/plugins', { name: 'rate-limiting' });
    expect(res.status).toBe(400);
    expect(res.body.fields.name).toMatch(/^plugin 'rate-limiting' does not exist; available plugins: .*application-registration.*openid-connect/);
  });

  it('application-registration on a service nothing authenticates is accepted with a warning; none once openid-connect is there', async () => {
    await portico.admin('POST', '/services', { name: 'unguarded', url: upstream.url });
    await portico.admin('POST', '/services/unguarded/routes', { name: 'unguarded', paths: ['/unguarded'] });
    const added = await portico.admin('POST', '/services/unguarded/plugins', { name: 'application-registration', config: { display_name: 'U' } });
    expect(added.status).toBe(201);
    expect(added.headers.get('x-portico-warning')).toMatch(/has application-registration but no authentication plugin \(openid-connect\): every call to it is refused with 401/);
    // The log line travels through a pipe: it may arrive just after the answer.
    for (let waited = 0; waited < 5_000 && !portico.logs.includes('no authentication plugin'); waited += 20) await new Promise((r) => setTimeout(r, 20));
    expect(portico.logs).toContain('has application-registration but no authentication plugin');

    const oidc = await portico.admin('POST', '/routes/unguarded/plugins', { name: 'openid-connect', config: { issuer: 'https://idp.example' } });
    expect(oidc.status).toBe(201);
    const patched = await portico.admin('PATCH', `/plugins/${added.body.id}`, { config: { display_name: 'Guarded' } });
    expect(patched.status).toBe(200);
    expect(patched.headers.get('x-portico-warning')).toBeNull();
  });
});
