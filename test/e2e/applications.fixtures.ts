import type { EchoUpstream } from '../support/echo-upstream';
import type { JsonResponse, Portico } from '../support/portico';

/** Shared by the developer, application and approval e2e specs: portal sessions and registered services. */

export const CANNOT_CONSUME = { message: 'You cannot consume this service' };
export const PASSWORD = 'correct horse battery';
export const basicAuth = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

let counter = 0;
/** A fresh email per call, so throttling or uniqueness in one test never touches another. */
export const uniqueEmail = (label = 'dev') => `${label}-${process.pid}-${++counter}@example.com`;

/** A logged-in developer: their portal requests carry the session cookie. */
export class DeveloperSession {
  constructor(
    private readonly portico: Portico,
    readonly developer: { id: string; email: string },
    readonly cookie: string,
  ) {}

  request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonResponse<T>> {
    return this.portico.portal<T>(method, path, body, { cookie: this.cookie, ...headers });
  }

  async createApplication(body: Record<string, unknown>): Promise<{ id: string; consumer: { id: string }; custom_id: string }> {
    const res = await this.request('POST', '/applications', body);
    expect(res.status).toBe(201);
    return res.body;
  }

  async requestAccess(applicationId: string, serviceId: string): Promise<{ id: string; status: number }> {
    const res = await this.request('POST', `/applications/${applicationId}/application_instances`, { service: { id: serviceId } });
    expect(res.status).toBe(201);
    return res.body;
  }
}

/** The `name=value` of the session cookie a login answer set. */
export function sessionCookie(res: JsonResponse): string {
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('portico_portal_session='));
  if (!setCookie) throw new Error(`no session cookie in ${res.status} ${res.text}`);
  return setCookie.split(';')[0];
}

export async function login(portico: Portico, email: string, password = PASSWORD): Promise<JsonResponse> {
  return portico.portal('GET', '/auth', undefined, basicAuth(email, password));
}

/** Registers a developer, has the administrator approve them, logs them in. */
export async function approvedDeveloper(portico: Portico, email = uniqueEmail()): Promise<DeveloperSession> {
  const registered = await portico.portal('POST', '/register', { email, password: PASSWORD });
  expect(registered.status).toBe(201);
  const approved = await portico.admin('PATCH', `/developers/${registered.body.id}`, { status: 0 });
  expect(approved.status).toBe(200);
  const res = await login(portico, email);
  expect(res.status).toBe(200);
  return new DeveloperSession(portico, res.body, sessionCookie(res));
}

/** A service to the echo upstream with a route at `/<name>` and an application-registration plugin. */
export async function registeredService(
  portico: Portico,
  upstream: EchoUpstream,
  name: string,
  config: Record<string, unknown> = {},
): Promise<{ id: string; path: string }> {
  const service = await portico.admin('POST', '/services', { name, url: upstream.url });
  expect(service.status).toBe(201);
  const route = await portico.admin('POST', `/services/${name}/routes`, { name, paths: [`/${name}`] });
  expect(route.status).toBe(201);
  const plugin = await portico.admin('POST', `/services/${name}/plugins`, {
    name: 'application-registration',
    config: { display_name: `The ${name} API`, ...config },
  });
  expect(plugin.status).toBe(201);
  return { id: service.body.id, path: `/${name}` };
}

/** The ACL groups of a consumer, as the Admin API shows them. */
export async function aclGroups(portico: Portico, consumerId: string): Promise<string[]> {
  const res = await portico.admin('GET', `/consumers/${consumerId}/acls`);
  expect(res.status).toBe(200);
  return res.body.data.map((acl: { group: string }) => acl.group).sort();
}
