import { Portico } from '../support/portico';
import { approvedDeveloper, basicAuth, login, PASSWORD, sessionCookie, uniqueEmail } from './applications.fixtures';

const INVALID = { message: 'Invalid authentication credentials' };
const UNAUTHORIZED = { message: 'Unauthorized' };
const NOT_JSON = { message: 'Content-Type must be application/json' };

describe('portal: developers, login and sessions', () => {
  let portico: Portico;

  beforeAll(async () => {
    portico = await Portico.start();
  });
  afterAll(() => portico?.stop());

  const register = (body: Record<string, unknown>) => portico.portal('POST', '/register', body);

  describe('POST /register', () => {
    it('creates a pending developer and never shows the password', async () => {
      const email = uniqueEmail('Reg');
      const res = await register({ email, password: PASSWORD, meta: { full_name: 'Ada' } });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        email: email.toLowerCase(),
        status: 1,
        custom_id: null,
        meta: { full_name: 'Ada' },
        tags: null,
        created_at: expect.any(Number),
        updated_at: expect.any(Number),
      });
      expect(res.text).not.toContain(PASSWORD);
      expect(res.text).not.toMatch(/scrypt|password/);
      const stored = await portico.admin('GET', `/developers/${res.body.id}`);
      expect(stored.text).not.toMatch(/scrypt|password/);
    });

    it('refuses an email that is taken, whatever its case', async () => {
      const email = uniqueEmail();
      expect((await register({ email, password: PASSWORD })).status).toBe(201);
      const again = await register({ email: email.toUpperCase(), password: PASSWORD });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 5, fields: { email } });
    });

    it.each<[string, Record<string, unknown>, Record<string, string>]>([
      ['a self-chosen status', { status: 0 }, { status: 'unknown field' }],
      ['a self-chosen custom_id', { custom_id: 'x' }, { custom_id: 'unknown field' }],
      ['a short password', { password: 'short' }, { password: 'length must be at least 8' }],
      ['a bad email', { email: 'not-an-email' }, { email: 'invalid email address' }],
    ])('refuses %s', async (_name, override, fields) => {
      const res = await register({ email: uniqueEmail(), password: PASSWORD, ...override });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 2, name: 'schema violation', fields });
    });
  });

  describe('GET /auth', () => {
    it('refuses a pending developer by the status label, after checking the password', async () => {
      const email = uniqueEmail();
      await register({ email, password: PASSWORD });
      expect(await login(portico, email)).toMatchObject({ status: 401, body: { message: 'Unauthorized: Developer status: PENDING' } });
      // The wrong password never reveals the status.
      expect(await login(portico, email, 'wrong password')).toMatchObject({ status: 401, body: INVALID });
    });

    it.each([
      ['an unknown email', { authorization: `Basic ${Buffer.from('nobody@example.com:whatever1').toString('base64')}` }],
      ['no credentials', {} as Record<string, string>],
      ['a bearer token', { authorization: 'Bearer abc' }],
      ['Basic without a colon', { authorization: `Basic ${Buffer.from('nocolon').toString('base64')}` }],
      ['Basic that is not base64', { authorization: 'Basic !!!' }],
    ])('refuses %s', async (_name, headers) => {
      expect(await portico.portal('GET', '/auth', undefined, headers)).toMatchObject({ status: 401, body: INVALID });
    });

    it('logs an approved developer in with an HttpOnly, SameSite=Lax session cookie', async () => {
      const session = await approvedDeveloper(portico);
      const res = await login(portico, session.developer.email);
      const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('portico_portal_session='))!;
      expect(setCookie).toMatch(/; Path=\/; Max-Age=86400; SameSite=Lax; HttpOnly$/);
      expect(setCookie).not.toContain('Secure');
      expect(res.body).toMatchObject({ id: session.developer.id, status: 0 });

      const me = await session.request('GET', '/developer');
      expect(me).toMatchObject({ status: 200, body: { id: session.developer.id, email: session.developer.email } });
    });

    it("ignores an untrusted client's claim that it came over https", async () => {
      const session = await approvedDeveloper(portico);
      const res = await portico.portal('GET', '/auth', undefined, { ...basicAuth(session.developer.email, PASSWORD), 'x-forwarded-proto': 'https' });
      expect(res.headers.getSetCookie()[0]).not.toContain('Secure');
    });

    it('takes the email in any case', async () => {
      const session = await approvedDeveloper(portico);
      expect((await login(portico, session.developer.email.toUpperCase())).status).toBe(200);
    });

    it('slows down repeated failures for one email, even when the password is finally right', async () => {
      const session = await approvedDeveloper(portico);
      const email = session.developer.email;
      for (let i = 0; i < 5; i++) expect((await login(portico, email, `wrong-${i}`)).status).toBe(401);
      const throttled = await login(portico, email, 'wrong again');
      expect(throttled).toMatchObject({ status: 429, body: { message: 'Too many failed login attempts; retry later' } });
      expect(throttled.headers.get('content-type')).toBe('application/json; charset=utf-8');
      // The window (15 minutes) began with the first failure; the wait running out is LoginThrottle's unit test.
      expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(800);
      expect(Number(throttled.headers.get('retry-after'))).toBeLessThanOrEqual(900);
      expect((await login(portico, email)).status).toBe(429);

      // Another email is not affected.
      const other = await approvedDeveloper(portico);
      expect((await login(portico, other.developer.email)).status).toBe(200);
    });

    it('forgets the failures after a success', async () => {
      const session = await approvedDeveloper(portico);
      const email = session.developer.email;
      for (let i = 0; i < 4; i++) expect((await login(portico, email, `wrong-${i}`)).status).toBe(401);
      expect((await login(portico, email)).status).toBe(200);
      for (let i = 0; i < 5; i++) expect((await login(portico, email, `wrong-${i}`)).status).toBe(401);
      expect((await login(portico, email)).status).toBe(429);
    });

    it('throttles parallel guesses too', async () => {
      const session = await approvedDeveloper(portico);
      const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => login(portico, session.developer.email, `guess-${i}`)));
      expect(answers.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(6);
    });
  });

  describe('sessions', () => {
    it('are refused without a cookie, with a tampered one, or with garbage — never a 500', async () => {
      const session = await approvedDeveloper(portico);
      const value = session.cookie.split('=')[1];
      const flipped = value.slice(0, 20) + (value[20] === 'A' ? 'B' : 'A') + value.slice(21);
      for (const cookie of ['', `portico_portal_session=${flipped}`, 'portico_portal_session=garbage', `portico_portal_session=${value}x`]) {
        expect(await portico.portal('GET', '/developer', undefined, cookie ? { cookie } : {})).toMatchObject({ status: 401, body: UNAUTHORIZED });
      }
    });

    it('end on logout, for every cookie of the developer', async () => {
      const session = await approvedDeveloper(portico);
      const second = sessionCookie(await login(portico, session.developer.email));
      const out = await session.request('DELETE', '/auth');
      expect(out.status).toBe(204);
      expect(out.headers.getSetCookie()[0]).toMatch(/^portico_portal_session=; Path=\/; Max-Age=0; SameSite=Lax; HttpOnly/);
      expect((await session.request('GET', '/developer')).status).toBe(401);
      expect((await portico.portal('GET', '/developer', undefined, { cookie: second })).status).toBe(401);
      // Logging out without a session is harmless, and logging in again works.
      expect((await portico.portal('DELETE', '/auth')).status).toBe(204);
      const again = sessionCookie(await login(portico, session.developer.email));
      expect((await portico.portal('GET', '/developer', undefined, { cookie: again })).status).toBe(200);
    });

    it.each([
      [2, 'REJECTED'],
      [3, 'REVOKED'],
      ['pending', 'PENDING'],
    ])('end on the next request when an administrator sets status %p', async (status, label) => {
      const session = await approvedDeveloper(portico);
      expect((await session.request('GET', '/developer')).status).toBe(200);
      expect((await portico.admin('PATCH', `/developers/${session.developer.id}`, { status })).status).toBe(200);
      const message = `Unauthorized: Developer status: ${label}`;
      expect(await session.request('GET', '/developer')).toMatchObject({ status: 401, body: { message } });
      expect(await login(portico, session.developer.email)).toMatchObject({ status: 401, body: { message } });
      expect((await portico.admin('PATCH', `/developers/${session.developer.id}`, { status: 'approved' })).status).toBe(200);
      expect((await session.request('GET', '/developer')).status).toBe(200);
    });

    it('end when an administrator sets a new password', async () => {
      const session = await approvedDeveloper(portico);
      expect((await portico.admin('PATCH', `/developers/${session.developer.email}`, { password: 'a brand new one' })).status).toBe(200);
      expect((await session.request('GET', '/developer')).status).toBe(401);
      expect((await login(portico, session.developer.email)).status).toBe(401);
      expect((await login(portico, session.developer.email, 'a brand new one')).status).toBe(200);
    });
  });

  describe('write requests must be JSON', () => {
    it.each([
      ['a form', 'email=a%40b.co&password=12345678', { 'content-type': 'application/x-www-form-urlencoded' }],
      ['plain text', '{"email":"a@b.co","password":"12345678"}', { 'content-type': 'text/plain' }],
      ['no content type', '{"email":"a@b.co","password":"12345678"}', {}],
      ['multipart', '--x\r\n\r\n--x--', { 'content-type': 'multipart/form-data; boundary=x' }],
    ])('refuses %s with 415', async (_name, body, headers) => {
      const res = await portico.portal('POST', '/register', body, headers);
      expect(res).toMatchObject({ status: 415, body: NOT_JSON });
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    });

    it('refuses a form even with a valid session, before anything is written', async () => {
      const session = await approvedDeveloper(portico);
      const res = await session.request('POST', '/applications', 'name=x&custom_id=y', { 'content-type': 'application/x-www-form-urlencoded' });
      expect(res).toMatchObject({ status: 415, body: NOT_JSON });
      expect((await session.request('GET', '/applications')).body.total).toBe(0);
    });

    it('takes JSON with a charset', async () => {
      const res = await portico.portal('POST', '/register', JSON.stringify({ email: uniqueEmail(), password: PASSWORD }), {
        'content-type': 'application/json; charset=utf-8',
      });
      expect(res.status).toBe(201);
    });
  });

  describe('GET /docs-json', () => {
    it('documents every portal endpoint, with the session required unless public', async () => {
      const res = await portico.portal('GET', '/docs-json');
      expect(res.status).toBe(200);
      const operations = Object.entries(res.body.paths as Record<string, Record<string, { security?: unknown[] }>>).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, op]) => ({ op: `${method.toUpperCase()} ${path}`, public: Array.isArray(op.security) && op.security.length === 0 })),
      );
      expect(operations.sort((a, b) => a.op.localeCompare(b.op))).toEqual(
        [
          { op: 'DELETE /applications/{id}', public: false },
          { op: 'DELETE /applications/{id}/application_instances/{instance}', public: false },
          { op: 'DELETE /auth', public: true },
          { op: 'GET /application_services', public: false },
          { op: 'GET /applications', public: false },
          { op: 'GET /applications/{id}', public: false },
          { op: 'GET /applications/{id}/application_instances', public: false },
          { op: 'GET /applications/{id}/application_instances/{instance}', public: false },
          { op: 'GET /auth', public: true },
          { op: 'GET /developer', public: false },
          { op: 'PATCH /applications/{id}', public: false },
          { op: 'PATCH /applications/{id}/application_instances/{instance}', public: false },
          { op: 'POST /applications', public: false },
          { op: 'POST /applications/{id}/application_instances', public: false },
          { op: 'POST /register', public: true },
        ].sort((a, b) => a.op.localeCompare(b.op)),
      );
      expect(res.body.security).toEqual([{ portal_session: [] }]);
      expect(res.body.components.securitySchemes.portal_session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'portico_portal_session' });
      // The request schemas (named components now) are the validating ones.
      const { $ref } = res.body.paths['/applications'].post.requestBody.content['application/json'].schema;
      expect(res.body.components.schemas[$ref.split('/').pop()]).toMatchObject({
        required: ['name', 'custom_id'],
        additionalProperties: false,
      });
      expect((await portico.portal('GET', '/docs')).status).toBe(200);
    });
  });

  it('never logs a password or a session cookie', async () => {
    const session = await approvedDeveloper(portico);
    await login(portico, session.developer.email, 'a wrong password here');
    expect(portico.logs).not.toContain(PASSWORD);
    expect(portico.logs).not.toContain('a wrong password here');
    expect(portico.logs).not.toContain(session.cookie.split('=')[1]);
  });
});

describe('portal with PORTICO_PORTAL_AUTO_APPROVE, behind a trusted TLS proxy', () => {
  let portico: Portico;

  beforeAll(async () => {
    portico = await Portico.start({ env: { PORTICO_PORTAL_AUTO_APPROVE: 'true', PORTICO_TRUSTED_IPS: '127.0.0.1' } });
  });
  afterAll(() => portico?.stop());

  it('approves new developers at once', async () => {
    const email = uniqueEmail();
    const res = await portico.portal('POST', '/register', { email, password: PASSWORD });
    expect(res).toMatchObject({ status: 201, body: { status: 0 } });
    expect((await portico.portal('GET', '/auth', undefined, basicAuth(email, PASSWORD))).status).toBe(200);
  });

  it('marks the session cookie Secure when the trusted proxy says the client used https', async () => {
    const email = uniqueEmail();
    await portico.portal('POST', '/register', { email, password: PASSWORD });
    const res = await portico.portal('GET', '/auth', undefined, { ...basicAuth(email, PASSWORD), 'x-forwarded-proto': 'https' });
    expect(res.headers.getSetCookie()[0]).toMatch(/; SameSite=Lax; HttpOnly; Secure$/);
  });
});
