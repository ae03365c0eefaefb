import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EchoUpstream } from '../support/echo-upstream';
import { basicAuth, TestIdp } from '../support/idp/test-idp';
import { JsonResponse, Portico } from '../support/portico';
import { basicAuth as loginHeaders } from './applications.fixtures';
import { forge } from './openid-connect.fixtures';
import { parseHead, rawExchange } from '../support/raw-http';

/**
 * SPEC §9 end to end: the status listener, metrics that count exactly what was sent, the access log,
 * request ids, the audit log (with the actor of an approval) and POST /trace. Every credential used
 * here starts with SECRET so one search proves none of them reaches a log, a metric or the audit.
 */
describe('operating Portico', () => {
  const ADMIN_TOKEN = 'SECRET-admin-token-7f3a';
  const GATEWAY_SECRET = 'SECRET-gateway-client-91b2';
  const APP_SECRET = 'SECRET-app-client-55c1';
  const DEV_PASSWORD = 'SECRET-developer-password-0d9e';
  const asAdmin = { 'kong-admin-token': ADMIN_TOKEN };

  let idp: TestIdp;
  let upstream: EchoUpstream;
  let portico: Portico;
  let logDir: string;
  let accessLogPath: string;
  let applicationId: string;
  let appServiceId: string;
  let developerEmail: string;

  const admin = (method: string, path: string, body?: unknown) => portico.admin(method, path, body, asAdmin);

  beforeAll(async () => {
    logDir = mkdtempSync(join(tmpdir(), 'portico-operating-'));
    accessLogPath = join(logDir, 'access.log');
    [idp, upstream] = await Promise.all([
      TestIdp.start({
        clients: [
          { client_id: 'gateway', client_secret: GATEWAY_SECRET, grant_types: ['client_credentials'] },
          { client_id: 'ops-app', client_secret: APP_SECRET },
        ],
      }),
      EchoUpstream.start(),
    ]);
    portico = await Portico.start({ env: { PORTICO_ADMIN_TOKEN: ADMIN_TOKEN, PORTICO_ACCESS_LOG: accessLogPath } });

    // A plain route, and an application route (openid-connect + application-registration).
    expect((await admin('POST', '/services', { name: 'plain', url: upstream.url })).status).toBe(201);
    expect((await admin('POST', '/services/plain/routes', { name: 'plain-route', paths: ['/plain'] })).status).toBe(201);
    const svc = await admin('POST', '/services', { name: 'apps', url: upstream.url });
    appServiceId = svc.body.id;
    expect((await admin('POST', '/services/apps/routes', { name: 'apps-route', paths: ['/apps'] })).status).toBe(201);
    expect(
      (
        await admin('POST', '/services/apps/plugins', {
          name: 'openid-connect',
          config: { issuer: idp.issuer, client_id: ['gateway'], client_secret: [GATEWAY_SECRET] },
        })
      ).status,
    ).toBe(201);
    expect((await admin('POST', '/services/apps/plugins', { name: 'application-registration', config: { display_name: 'Apps' } })).status).toBe(201);

    // A developer registers and logs in with a recognisable password, and asks access for an application.
    developerEmail = `ops-${process.pid}@example.com`;
    const registered = await portico.portal('POST', '/register', { email: developerEmail, password: DEV_PASSWORD });
    expect(registered.status).toBe(201);
    expect((await admin('PATCH', `/developers/${registered.body.id}`, { status: 0 })).status).toBe(200);
    const login = await portico.portal('GET', '/auth', undefined, loginHeaders(developerEmail, DEV_PASSWORD));
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie()[0].split(';')[0];
    const app = await portico.portal('POST', '/applications', { name: 'ops', custom_id: 'ops-app' }, { cookie });
    expect(app.status).toBe(201);
    applicationId = app.body.id;
    expect((await portico.portal('POST', `/applications/${applicationId}/application_instances`, { service: { id: appServiceId } }, { cookie })).status).toBe(201);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([portico?.stop(), idp?.stop(), upstream?.stop()]);
    rmSync(logDir, { recursive: true, force: true });
  });

  describe('status listener', () => {
    it('answers /status and /metrics without the admin token', async () => {
      const status = await portico.status('GET', '/status');
      expect(status.status).toBe(200);
      expect(status.body.database).toEqual({ reachable: true });
      const scraped = await portico.status('GET', '/metrics');
      expect(scraped.status).toBe(200);
      expect(scraped.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(scraped.text).toMatch(/^portico_database_reachable 1$/m);
    });

    it('serves nothing else', async () => {
      const res = await portico.status('GET', '/services');
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    });

    it('the admin listener keeps /status and /metrics behind its token', async () => {
      expect((await portico.admin('GET', '/metrics')).status).toBe(401);
      expect((await admin('GET', '/metrics')).status).toBe(200);
      expect((await admin('GET', '/status')).status).toBe(200);
    });

    it('is printed at start like the other listeners', () => {
      expect(portico.logs).toMatch(/^portico: status listening on http:\/\/127\.0\.0\.1:\d+$/m);
    });
  });

  describe('metrics', () => {
    it('count exactly the requests made, by service, route, application and status code', async () => {
      const ok = 'portico_http_requests_total{service="plain",route="plain-route",application="none",code="200"}';
      const missing = 'portico_http_requests_total{service="none",route="none",application="none",code="404"}';
      const noRoute = 'portico_denials_total{service="none",route="none",reason="no_route"}';
      const before = await scrape();
      for (let i = 0; i < 3; i++) expect((await portico.proxy('GET', `/plain/${i}?q=${i}`)).status).toBe(200);
      for (let i = 0; i < 2; i++) expect((await portico.proxy('GET', `/nowhere/${i}`)).status).toBe(404);
      const after = await eventually(scrape, (m) => value(m, ok) === value(before, ok) + 3 && value(m, missing) === value(before, missing) + 2);
      expect(value(after, ok) - value(before, ok)).toBe(3);
      expect(value(after, missing) - value(before, missing)).toBe(2);
      expect(value(after, noRoute) - value(before, noRoute)).toBe(2);
      // No more than that either: a second scrape sees the same numbers.
      const again = await scrape();
      expect(value(again, ok)).toBe(value(after, ok));
      expect(value(again, 'portico_request_duration_seconds_count{service="plain",route="plain-route",kind="total"}')).toBe(value(again, ok));
      // Bounded labels: the paths clients asked for never become label values.
      expect(again).not.toMatch(/\/nowhere|\/plain\/\d/);
    });

    it('count request bytes in exactly as declared, and response bytes out', async () => {
      const bytesIn = 'portico_bandwidth_bytes_total{service="plain",route="plain-route",direction="in"}';
      const bytesOut = 'portico_bandwidth_bytes_total{service="plain",route="plain-route",direction="out"}';
      const before = await scrape();
      const body = 'x'.repeat(1234);
      const res = await portico.proxy('POST', '/plain/upload', body, { 'content-type': 'text/plain' });
      expect(res.status).toBe(200);
      const after = await eventually(scrape, (m) => value(m, bytesIn) === value(before, bytesIn) + 1234);
      expect(value(after, bytesIn) - value(before, bytesIn)).toBe(1234);
      // Out: at least the body the client received (headers come on top).
      expect(value(after, bytesOut) - value(before, bytesOut)).toBeGreaterThanOrEqual(Buffer.byteLength(res.text));
    });

    it('count denials by reason and calls to the identity provider', async () => {
      const before = await scrape();
      expect((await portico.proxy('GET', '/apps')).status).toBe(401);
      const reason = 'portico_denials_total{service="apps",route="apps-route",reason="no_credentials"}';
      const after = await eventually(scrape, (m) => value(m, reason) === value(before, reason) + 1);
      expect(value(after, reason) - value(before, reason)).toBe(1);
      const token = `portico_idp_requests_total{issuer="${new URL(idp.issuer).origin}",endpoint="token",outcome="ok"}`;
      expect((await portico.proxy('GET', '/apps', undefined, { authorization: basicAuth('ops-app', APP_SECRET) })).status).toBe(403);
      const exchanged = await eventually(scrape, (m) => value(m, token) === value(after, token) + 1);
      expect(value(exchanged, token) - value(after, token)).toBe(1);
      expect(exchanged).toMatch(/^portico_cache_lookups_total\{cache="consumers",result="miss"\} \d+$/m);
      expect(exchanged).toMatch(/^portico_idp_request_duration_seconds_count\{issuer="[^"]+",endpoint="token"\} \d+$/m);
      expect(after).toMatch(/^portico_configuration_version \d+$/m);
    });
  });

  describe("requests Node's parser refuses on the proxy listener", () => {
    const LONG_URL = `/SECRET-url-${'u'.repeat(20_000)}`;
    const BIG_HEADER = `SECRET-header-${'h'.repeat(20_000)}`;
    /** Raw bytes, status, reason id. The first 414 is Node's (over its 16 KB head), the second the pipeline's (over 8 KB). */
    const REFUSED: [string, string, number, string][] = [
      ['a request line over the head limit', `GET ${LONG_URL} HTTP/1.1\r\nHost: gw\r\n\r\n`, 414, 'uri_too_long'],
      ['a request line over 8 KB', `GET ${LONG_URL.slice(0, 10_000)} HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n`, 414, 'uri_too_long'],
      ['headers over the head limit', `GET /plain HTTP/1.1\r\nHost: gw\r\nX-Big: ${BIG_HEADER}\r\n\r\n`, 431, 'headers_too_large'],
      ['a cookie over the head limit', `GET /plain HTTP/1.1\r\nHost: gw\r\nCookie: session=${BIG_HEADER}\r\n\r\n`, 431, 'headers_too_large'],
      ['a malformed head', `GET /plain HTTP/1.1\r\nHost: gw\r\nSECRET-no-colon-header\r\n\r\n`, 400, 'malformed_request'],
      ['an unknown expectation', `GET /plain HTTP/1.1\r\nHost: gw\r\nExpect: SECRET-expect\r\n\r\n`, 417, 'expectation_failed'],
    ];
    const requests = (code: number) => `portico_http_requests_total{service="none",route="none",application="none",code="${code}"}`;
    const denials = (reason: string) => `portico_denials_total{service="none",route="none",reason="${reason}"}`;

    it('are counted under the unmatched labels by exactly the requests made, each with one access-log line and a request id', async () => {
      const before = await scrape();
      const ids: string[] = [];
      for (const [name, bytes, status] of REFUSED) {
        const head = parseHead((await rawExchange(portico.proxyUrl, bytes, { waitMs: 5_000 })).text);
        expect({ name, status: head?.status }).toEqual({ name, status });
        const id = head?.headers.find(([header]) => header === 'x-portico-request-id')?.[1];
        expect({ name, id }).toEqual({ name, id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
        ids.push(id!);
      }
      const expected = (m: string) =>
        [414, 431, 400, 417].every((code) => value(m, requests(code)) - value(before, requests(code)) === REFUSED.filter(([, , s]) => s === code).length);
      const after = await eventually(scrape, expected);
      for (const code of [414, 431, 400, 417]) {
        expect({ code, counted: value(after, requests(code)) - value(before, requests(code)) }).toEqual({ code, counted: REFUSED.filter(([, , s]) => s === code).length });
      }
      for (const reason of ['uri_too_long', 'headers_too_large', 'malformed_request', 'expectation_failed']) {
        expect({ reason, counted: value(after, denials(reason)) - value(before, denials(reason)) }).toEqual({ reason, counted: REFUSED.filter(([, , , r]) => r === reason).length });
      }
      expect(after).not.toMatch(/uuuu|hhhh|SECRET/);

      const lines = await eventually(
        () => ids.map((id) => accessLines().filter((l) => l.request_id === id)),
        (found) => found.every((l) => l.length === 1),
      );
      lines.forEach((found, i) => {
        const [name, , status, reason] = REFUSED[i];
        expect({ name, lines: found }).toEqual({
          name,
          lines: [expect.objectContaining({ request_id: ids[i], status, denial_reason: reason, path: '', client: '127.0.0.1', service: null, route: null })],
        });
      });
      const log = readFileSync(accessLogPath, 'utf8') + portico.logs;
      expect(log).not.toMatch(/uuuu|hhhh|SECRET-(url|header|no-colon|expect)/);
    });
  });

  describe('request ids and the access log', () => {
    it('every proxied response carries X-Portico-Request-Id, the upstream gets the same, denials too', async () => {
      const forwarded = await portico.proxy('GET', '/plain/id', undefined, { 'x-portico-request-id': 'forged-by-client' });
      const id = forwarded.headers.get('x-portico-request-id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(forwarded.body.headers['x-portico-request-id']).toBe(id);
      const denied = await portico.proxy('GET', '/apps');
      expect(denied.headers.get('x-portico-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      const missing = await portico.proxy('GET', '/nowhere');
      expect(missing.headers.get('x-portico-request-id')).toMatch(/^[0-9a-f-]{36}$/);

      const line = await eventually(
        () => accessLines().find((l) => l.request_id === denied.headers.get('x-portico-request-id')),
        (l) => l !== undefined,
      );
      expect(line).toMatchObject({ method: 'GET', path: '/apps', status: 401, service: 'apps', route: 'apps-route', denial_reason: 'no_credentials', client: '127.0.0.1' });
      expect(portico.logs).toContain(`"request_id":"${denied.headers.get('x-portico-request-id')}"`);
    });

    it('writes one line per proxied request with its latencies, consumer and application', async () => {
      const res = await portico.proxy('GET', '/plain/log?keep=1&access_token=SECRET-query-token-1&client_secret=SECRET-query-secret-2');
      const id = res.headers.get('x-portico-request-id');
      const line = await eventually(() => accessLines().find((l) => l.request_id === id), (l) => l !== undefined);
      expect(line).toEqual({
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        request_id: id,
        client: '127.0.0.1',
        method: 'GET',
        path: '/plain/log?keep=1&access_token=[redacted]&client_secret=[redacted]',
        status: 200,
        latencies: { total_ms: expect.any(Number), upstream_ms: expect.any(Number), portico_ms: expect.any(Number) },
        service: 'plain',
        route: 'plain-route',
        consumer: null,
        application: null,
        denial_reason: null,
      });
      expect(accessLines().filter((l) => l.request_id === id)).toHaveLength(1);
    });
  });

  describe('audit log', () => {
    it('records an approval made through the Admin API, with the admin token as actor and the instance before and after', async () => {
      const instances = await admin('GET', `/applications/${applicationId}/application_instances`);
      const instance = instances.body.data[0];
      expect(instance.status).toBe(1);
      const approved = await admin('PATCH', `/applications/${applicationId}/application_instances/${instance.id}`, { status: 0 });
      expect(approved.status).toBe(200);

      const requests = await admin('GET', `/audit/requests?since=${Math.floor(Date.now() / 1000) - 3600}&entity=application_instances&entity_id=${instance.id}`);
      expect(requests.status).toBe(200);
      // The instance's creation (by the developer, on the portal) comes first; the approval is the latest.
      expect(requests.body.data.map((r: { actor: string }) => r.actor)).toEqual([developerEmail, 'admin-token']);
      expect(requests.body.data.at(-1)).toEqual(
        {
          id: expect.any(String),
          created_at: expect.any(Number),
          listener: 'admin',
          actor: 'admin-token',
          client_address: '127.0.0.1',
          method: 'PATCH',
          path: `/applications/${applicationId}/application_instances/${instance.id}`,
          status: 200,
        },
      );
      const objects = await admin('GET', `/audit/objects?entity=application_instances&entity_id=${instance.id}`);
      const update = objects.body.data.find((o: { request_id: string }) => o.request_id === requests.body.data.at(-1).id);
      expect(update).toMatchObject({ entity: 'application_instances', operation: 'update', before: { status: 1 }, after: { status: 0 } });
    });

    it("records portal writes with the developer's email, and refused admin writes as unauthenticated", async () => {
      const refused = await portico.admin('POST', '/services', { name: 'nope', url: upstream.url }, { authorization: 'Bearer SECRET-wrong-admin-token' });
      expect(refused.status).toBe(401);
      const all = await allPages('/audit/requests');
      expect(all).toContainEqual(expect.objectContaining({ listener: 'admin', actor: 'unauthenticated', method: 'POST', path: '/services', status: 401 }));
      expect(all).toContainEqual(expect.objectContaining({ listener: 'portal', actor: developerEmail, method: 'POST', path: '/applications', status: 201 }));
      expect(all).toContainEqual(expect.objectContaining({ listener: 'portal', actor: 'anonymous', method: 'POST', path: '/register', status: 201 }));
    });

    it('attributes writes made at the same moment by two actors each to its own request, with only its own changes', async () => {
      const login = await portico.portal('GET', '/auth', undefined, loginHeaders(developerEmail, DEV_PASSWORD));
      const cookie = login.headers.getSetCookie()[0].split(';')[0];
      const labels = [1, 2, 3].flatMap((i) => [`conc-a-${i}`, `conc-d-${i}`]);
      const answers = await Promise.all(
        labels.map((label) =>
          label.startsWith('conc-a')
            ? admin('POST', '/services', { name: label, url: upstream.url })
            : portico.portal('POST', '/applications', { name: label, custom_id: `${label}-client` }, { cookie }),
        ),
      );
      expect(answers.map((res) => res.status)).toEqual(labels.map(() => 201));

      const requests = new Map((await allPages('/audit/requests')).map((r: { id: string }) => [r.id, r as unknown as { actor: string; listener: string; path: string }]));
      const changesByRequest = new Map<string, string[]>();
      for (const object of await allPages('/audit/objects')) {
        const label = /conc-[ad]-\d/.exec(JSON.stringify(object.after ?? object.before))?.[0];
        if (!label) continue;
        changesByRequest.set(object.request_id, [...(changesByRequest.get(object.request_id) ?? []), `${object.operation} ${object.entity} ${label}`]);
      }
      const seen: string[] = [];
      for (const [requestId, changes] of changesByRequest) {
        const request = requests.get(requestId) as { actor: string; listener: string; path: string };
        const label = changes[0].split(' ')[2];
        seen.push(label);
        if (label.startsWith('conc-a')) {
          expect({ actor: request.actor, listener: request.listener, path: request.path, changes }).toEqual({
            actor: 'admin-token',
            listener: 'admin',
            path: '/services',
            changes: [`create services ${label}`],
          });
        } else {
          expect({ actor: request.actor, listener: request.listener, path: request.path, changes: [...changes].sort() }).toEqual({
            actor: developerEmail,
            listener: 'portal',
            path: '/applications',
            changes: [`create applications ${label}`, `create consumers ${label}`],
          });
        }
      }
      expect(seen.sort()).toEqual([...labels].sort());
    });

    it('keeps secrets out of the recorded entities', async () => {
      const plugins = await admin('GET', '/audit/objects?entity=plugins');
      const oidc = plugins.body.data.find((o: { after: { name: string } | null }) => o.after?.name === 'openid-connect');
      expect(oidc.after.config.client_secret).toBe('[redacted]');
      const developers = await admin('GET', '/audit/objects?entity=developers');
      expect(developers.body.data.length).toBeGreaterThan(0);
      for (const row of developers.body.data) if (row.after) expect(row.after.password_hash).toBe('[redacted]');
    });

    it('leaves out POSTs that change nothing (trace, validation), answered or refused, while a real write is recorded', async () => {
      const readOnly: [string, unknown][] = [
        ['/trace', { method: 'GET', url: '/plain', headers: {} }],
        ['/schemas/services/validate', { name: 'audit-probe', url: upstream.url }],
        ['/schemas/plugins/validate', { name: 'acl', config: { allow: ['a'] } }],
      ];
      for (const [path, body] of readOnly) {
        expect({ path, status: (await admin('POST', path, body)).status }).toEqual({ path, status: 200 });
        expect({ path, status: (await portico.admin('POST', path, body)).status }).toEqual({ path, status: 401 });
        expect({ path, status: (await admin('POST', path, { unknown: 1 })).status }).toEqual({ path, status: 400 });
      }
      const written = await admin('POST', '/services', { name: 'audit-probe-written', url: upstream.url });
      expect(written.status).toBe(201);

      const rows = await allPages('/audit/requests');
      expect(rows).toContainEqual(expect.objectContaining({ method: 'POST', path: '/services', status: 201, actor: 'admin-token' }));
      const recordedAfterProbe = rows.filter((r: { path: string }) => readOnly.some(([path]) => r.path === path));
      expect(recordedAfterProbe).toEqual([]);
    });

    it('pages like other lists and refuses bad filters', async () => {
      const first = await admin('GET', '/audit/requests?size=1');
      expect(first.body.data).toHaveLength(1);
      expect(first.body.next).toMatch(/^\/audit\/requests\?offset=[\w-]+&size=1$/);
      const second = await admin('GET', first.body.next);
      expect(second.body.data[0].id > first.body.data[0].id).toBe(true);
      for (const query of ['since=yesterday', 'entity=settings', 'size=0', 'offset=%%%']) {
        const res = await admin('GET', `/audit/objects?${query}`);
        expect({ query, status: res.status, type: res.headers.get('content-type') }).toEqual({ query, status: 400, type: 'application/json; charset=utf-8' });
      }
    });
  });

  describe('POST /trace', () => {
    const trace = (body: unknown) => admin('POST', '/trace', body);

    it('explains an expired token and forwards nothing', async () => {
      const now = Math.floor(Date.now() / 1000);
      const expired = await forge(idp, { claims: { client_id: 'ops-app', aud: undefined, iat: now - 600, exp: now - 60 } });
      const before = upstream.requests;
      const res = await trace({ method: 'GET', url: '/apps/orders', headers: { authorization: `Bearer ${expired}` } });
      expect(res.status).toBe(200);
      expect(res.body.decision).toEqual({ allowed: false, status: 401, reason: 'token_expired', response: { message: 'Unauthorized' }, upstream: null });
      expect(res.body.summary).toContain('token expired');
      const auth = res.body.steps.find((s: { stage: string }) => s.stage === 'authenticate');
      expect(auth.checks).toContainEqual({ check: 'signature', verdict: 'passed' });
      expect(auth.checks).toContainEqual({ check: 'validity period', verdict: 'failed', reason: 'token_expired: token expired' });
      expect(res.body.steps.find((s: { stage: string }) => s.stage === 'credential')).toMatchObject({ verdict: 'passed', detail: 'bearer credential found (header)' });
      expect(res.text).not.toContain(expired);
      expect(upstream.requests).toBe(before);
    });

    it('explains a pending application', async () => {
      const other = await admin('POST', '/services', { name: 'apps-two', url: upstream.url });
      await admin('POST', '/services/apps-two/routes', { name: 'apps-two-route', paths: ['/apps-two'] });
      await admin('POST', '/services/apps-two/plugins', { name: 'openid-connect', config: { issuer: idp.issuer, client_id: ['gateway'], client_secret: [GATEWAY_SECRET] } });
      await admin('POST', '/services/apps-two/plugins', { name: 'application-registration', config: { display_name: 'Two' } });
      const login = await portico.portal('GET', '/auth', undefined, loginHeaders(developerEmail, DEV_PASSWORD));
      const cookie = login.headers.getSetCookie()[0].split(';')[0];
      expect((await portico.portal('POST', `/applications/${applicationId}/application_instances`, { service: { id: other.body.id } }, { cookie })).status).toBe(201);

      const before = upstream.requests;
      const res = await trace({ method: 'GET', url: '/apps-two', headers: { authorization: basicAuth('ops-app', APP_SECRET) } });
      expect(res.body.decision).toMatchObject({ allowed: false, status: 403, reason: 'instance_status_1', response: { message: 'You cannot consume this service' } });
      expect(res.body.summary).toContain('pending approval');
      expect(res.body.steps.map((s: { stage: string; verdict: string }) => `${s.stage}:${s.verdict}`)).toEqual([
        'route:passed',
        'credential:passed',
        'authenticate:passed',
        'resolve_consumer:passed',
        'check_access:failed',
      ]);
      expect(res.text).not.toContain(APP_SECRET);
      expect(upstream.requests).toBe(before);
    });

    it('explains an allowed call without calling the upstream', async () => {
      const { access_token } = await idp.clientCredentialsToken('ops-app', APP_SECRET);
      const before = upstream.requests;
      const res = await trace({ method: 'GET', url: '/apps/orders?x=1', headers: { authorization: `Bearer ${access_token}` } });
      expect(res.body.decision).toEqual({ allowed: true, status: null, reason: null, response: null, upstream: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
      expect(res.body.summary).toContain(`for application ${applicationId}`);
      const access = res.body.steps.find((s: { stage: string }) => s.stage === 'check_access');
      expect(access).toMatchObject({ verdict: 'passed', application_id: applicationId });
      expect(res.text).not.toContain(access_token);
      expect(upstream.requests).toBe(before);
    });

    it('explains a path no route matches', async () => {
      const res = await trace({ method: 'GET', url: '/nowhere', headers: {} });
      expect(res.body.decision).toMatchObject({ allowed: false, status: 404, reason: 'no_route' });
      expect(res.body.steps).toEqual([{ stage: 'route', verdict: 'failed', detail: 'no route matches the method, host and path' }]);
    });

    it.each([
      [{ url: 'orders', headers: {} }, 'url'],
      [{ method: 'GET', headers: {} }, 'url'],
      [{ method: 'G ET', url: '/x', headers: {} }, 'method'],
      [{ url: '/x', headers: { 'bad header': 'x' } }, 'headers'],
      [{ url: '/x', headers: {}, extra: 1 }, 'extra'],
    ])('refuses %p', async (body, field) => {
      const res = await trace(body);
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.fields)).toContain(field);
    });
  });

  describe('no secret anywhere', () => {
    it('never prints, counts, audits or traces back a credential, wherever it travelled', async () => {
      const secrets = {
        bearer: 'SECRET-bearer-aa11',
        basic: 'SECRET-basic-bb22',
        cookie: 'SECRET-cookie-cc33',
        query: 'SECRET-query-dd44',
        form: 'SECRET-form-ee55',
        adminToken: 'SECRET-kong-admin-token-ff66',
        portalCookie: 'SECRET-portal-cookie-0a77',
        password: 'SECRET-admin-made-password-1b88',
      };
      const form = { 'content-type': 'application/x-www-form-urlencoded' };
      // Proxy: every place openid-connect reads a credential from, and a few it does not.
      await portico.proxy('GET', '/apps', undefined, { authorization: `Bearer ${secrets.bearer}` });
      await portico.proxy('GET', '/apps', undefined, { authorization: basicAuth('ops-app', secrets.basic) });
      await portico.proxy('GET', '/apps', undefined, { cookie: `portico_session=${secrets.cookie}; session=${secrets.cookie}; other=${secrets.cookie}` });
      await portico.proxy('GET', `/apps?access_token=${secrets.query}`);
      await portico.proxy('GET', `/apps?client_id=ops-app&client_secret=${secrets.query}`);
      await portico.proxy('GET', `/plain/x?client_id=ops-app&client_secret=${secrets.query}&password=${secrets.query}&id_token=${secrets.query}&refresh_token=${secrets.query}`);
      await portico.proxy('POST', '/plain/token', `grant_type=client_credentials&client_id=ops-app&client_secret=${secrets.form}`, form);
      await portico.proxy('POST', '/apps/token', `grant_type=client_credentials&client_id=ops-app&client_secret=${secrets.form}`, form);
      // Admin: a wrong token in both headers, a form body with a secret, a developer created with a password, /manager's login.
      await portico.admin('POST', '/services', { name: 'nope', url: upstream.url }, { 'kong-admin-token': secrets.adminToken });
      await portico.admin('GET', '/services', undefined, { authorization: `Bearer ${secrets.adminToken}` });
      await portico.admin('POST', '/manager/session', { token: secrets.adminToken });
      expect((await admin('POST', '/services', { name: 'secret-form', url: upstream.url })).status).toBe(201);
      expect(
        (await portico.admin('POST', '/services/secret-form/plugins', `name=openid-connect&config.issuer=${encodeURIComponent(idp.issuer)}&config.client_id=gateway&config.client_secret=${secrets.form}`, { ...asAdmin, ...form }))
          .status,
      ).toBe(201);
      expect((await admin('POST', '/developers', { email: `ops3-${process.pid}@example.com`, password: secrets.password })).status).toBe(201);
      // Portal: a wrong password, a registration's password, a forged session cookie.
      await portico.portal('GET', '/auth', undefined, loginHeaders(developerEmail, 'SECRET-wrong-password'));
      await portico.portal('POST', '/register', { email: `ops2-${process.pid}@example.com`, password: DEV_PASSWORD });
      await portico.portal('GET', '/applications', undefined, { cookie: `portico_portal_session=${secrets.portalCookie}` });
      // Trace: the credentials are used, never echoed in the answer.
      const traced = [
        await trace({ url: '/apps', headers: { authorization: `Bearer ${secrets.bearer}`, cookie: `portico_session=${secrets.cookie}` } }),
        await trace({ url: '/apps', headers: { authorization: basicAuth('ops-app', secrets.basic) } }),
        await trace({ url: `/apps?client_id=ops-app&client_secret=${secrets.query}` }),
        await trace({ url: `/apps?access_token=${secrets.query}` }),
      ];

      await new Promise((resolve) => setTimeout(resolve, 200));
      const places: Record<string, string> = {
        logs: portico.logs,
        accessLog: readFileSync(accessLogPath, 'utf8'),
        metrics: (await portico.status('GET', '/metrics')).text,
        auditRequests: JSON.stringify(await allPages('/audit/requests')),
        auditObjects: JSON.stringify(await allPages('/audit/objects')),
        traceAnswers: traced.map((t) => t.text).join('\n'),
      };
      for (const [place, text] of Object.entries(places)) {
        expect({ place, leaked: text.match(/SECRET-[\w-]+/g) }).toEqual({ place, leaked: null });
      }
      // Each was really sent, and seen where it would have leaked from: the checks above are not vacuous.
      expect(traced.map((t) => t.status)).toEqual([200, 200, 200, 200]);
      expect(places.accessLog).toContain('access_token=[redacted]');
      expect(places.accessLog).toContain('client_secret=[redacted]');
      expect(places.accessLog).toContain('"path":"/plain/token"');
      expect(places.auditRequests).toContain('"path":"/manager/session"');
      expect(places.auditObjects).toContain(`ops3-${process.pid}@example.com`);
    });

    function trace(body: unknown) {
      return admin('POST', '/trace', body);
    }
  });

  async function scrape(): Promise<string> {
    return (await portico.status('GET', '/metrics')).text;
  }

  function accessLines(): Record<string, any>[] {
    return readFileSync(accessLogPath, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  }

  async function allPages(path: string): Promise<any[]> {
    const rows: any[] = [];
    let next: string | null = path;
    while (next) {
      const page: JsonResponse = await admin('GET', next);
      expect(page.status).toBe(200);
      rows.push(...page.body.data);
      next = page.body.next;
    }
    return rows;
  }
});

/** A sample's value in Prometheus text (0 when absent). */
function value(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

/**
 * The response's 'close' (where a request is counted and logged) can follow the client's receipt of
 * the body by a moment: poll briefly rather than sleep.
 */
async function eventually<T>(read: () => T | Promise<T>, done: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const current = await read();
    if (done(current) || Date.now() > until) return current;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

