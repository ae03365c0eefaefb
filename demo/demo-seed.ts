/**
 * Seeds a running Portico through its own APIs, exactly as an operator and a developer would: a
 * service with openid-connect and application-registration, an approved developer, and two
 * applications whose custom_ids are clients of the demo identity provider.
 */

export const DEMO = {
  developer: { email: 'dev@example.com', password: 'portico-demo' },
  approved: { name: 'Demo App', client_id: 'demo-app', secret: 'demo-secret' },
  pending: { name: 'Pending App', client_id: 'demo-pending', secret: 'pending-secret' },
  gateway: { client_id: 'portico-gateway', secret: 'gateway-secret' },
  service: 'demo',
};

export interface Urls {
  proxy: string;
  admin: string;
  portal: string;
  issuer: string;
  upstream: string;
}

export interface Seeded {
  serviceId: string;
  approvedAppId: string;
}

async function call(url: string, method: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

async function expectOk(what: string, answer: Promise<{ status: number; body: any; headers: Headers }>) {
  const res = await answer;
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}

export async function seed(urls: Urls): Promise<Seeded> {
  const admin = (method: string, path: string, body?: unknown) => expectOk(`${method} ${path}`, call(urls.admin + path, method, body));

  // The operator: a service, its route and the two plugins.
  const service = await admin('POST', '/services', { name: DEMO.service, url: urls.upstream });
  await admin('POST', `/services/${DEMO.service}/routes`, { name: DEMO.service, paths: [`/${DEMO.service}`] });
  await admin('POST', `/services/${DEMO.service}/plugins`, {
    name: 'openid-connect',
    config: { issuer: urls.issuer, client_id: [DEMO.gateway.client_id], client_secret: [DEMO.gateway.secret] },
  });
  await admin('POST', `/services/${DEMO.service}/plugins`, {
    name: 'application-registration',
    config: { display_name: 'Demo API', description: 'Echoes every request', show_issuer: true },
  });
  await admin('POST', '/developers', { ...DEMO.developer, status: 'approved' });

  // The developer: logs in to the portal, registers two applications, asks for access with both.
  const login = await expectOk(
    'GET /auth',
    call(`${urls.portal}/auth`, 'GET', undefined, {
      authorization: `Basic ${Buffer.from(`${DEMO.developer.email}:${DEMO.developer.password}`).toString('base64')}`,
    }),
  );
  const cookie = login.headers.getSetCookie()[0].split(';')[0];
  const portal = (method: string, path: string, body?: unknown) => expectOk(`${method} ${path}`, call(urls.portal + path, method, body, { cookie }));
  const approvedApp = await portal('POST', '/applications', { name: DEMO.approved.name, custom_id: DEMO.approved.client_id });
  const pendingApp = await portal('POST', '/applications', { name: DEMO.pending.name, custom_id: DEMO.pending.client_id });
  for (const app of [approvedApp, pendingApp]) {
    await portal('POST', `/applications/${app.body.id}/application_instances`, { service: { id: service.body.id } });
  }

  // The operator approves one of them.
  await admin('PATCH', `/applications/${DEMO.approved.client_id}/application_instances/${DEMO.service}`, { status: 'approved' });
  return { serviceId: service.body.id, approvedAppId: approvedApp.body.id };
}

/** Runs the flows the printed commands show, so the demo only prints commands that work. */
export async function selfCheck(urls: Urls): Promise<string[]> {
  const basic = (id: string, secret: string) => ({ authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });
  const route = `${urls.proxy}/${DEMO.service}/hello`;
  const instance = `${urls.admin}/applications/${DEMO.approved.client_id}/application_instances/${DEMO.service}`;
  const checks: [string, () => Promise<number>, number][] = [
    ['client credentials (Basic) → 200', async () => (await call(route, 'GET', undefined, basic(DEMO.approved.client_id, DEMO.approved.secret))).status, 200],
    [
      'bearer token from the IdP → 200',
      async () => {
        const token = await fetch(`${urls.issuer}/token`, {
          method: 'POST',
          headers: basic(DEMO.approved.client_id, DEMO.approved.secret),
          body: new URLSearchParams({ grant_type: 'client_credentials' }),
        }).then((r) => r.json() as Promise<{ access_token: string }>);
        return (await call(route, 'GET', undefined, { authorization: `Bearer ${token.access_token}` })).status;
      },
      200,
    ],
    ['pending application → 403', async () => (await call(route, 'GET', undefined, basic(DEMO.pending.client_id, DEMO.pending.secret))).status, 403],
    [
      'revoked → 403 on the next request',
      async () => {
        await expectOk('revoke', call(instance, 'PATCH', { status: 'revoked' }));
        return (await call(route, 'GET', undefined, basic(DEMO.approved.client_id, DEMO.approved.secret))).status;
      },
      403,
    ],
    [
      'approved again → 200 on the next request',
      async () => {
        await expectOk('approve', call(instance, 'PATCH', { status: 'approved' }));
        return (await call(route, 'GET', undefined, basic(DEMO.approved.client_id, DEMO.approved.secret))).status;
      },
      200,
    ],
  ];
  const failures: string[] = [];
  for (const [name, run, expected] of checks) {
    const status = await run();
    if (status !== expected) failures.push(`${name}: got ${status}`);
  }
  return failures;
}
