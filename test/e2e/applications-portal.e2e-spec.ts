import { EchoUpstream } from '../support/echo-upstream';
import { Portico } from '../support/portico';
import { aclGroups, approvedDeveloper, DeveloperSession, registeredService } from './applications.fixtures';

const NOT_FOUND = { message: 'Not found' };
const HELD = { message: 'Access an administrator rejected, revoked or suspended can only be changed by an administrator' };

describe('portal: applications, catalog and access requests', () => {
  let portico: Portico;
  let upstream: EchoUpstream;
  let alice: DeveloperSession;
  let bob: DeveloperSession;
  let pets: { id: string; path: string };
  let weather: { id: string; path: string };
  let plain: { id: string };
  let seq = 0;
  const clientId = (label = 'client') => `${label}-${++seq}`;

  beforeAll(async () => {
    upstream = await EchoUpstream.start();
    portico = await Portico.start();
    [alice, bob] = await Promise.all([approvedDeveloper(portico), approvedDeveloper(portico)]);
    pets = await registeredService(portico, upstream, 'pets', { description: 'Pets for everyone' });
    weather = await registeredService(portico, upstream, 'weather', { auto_approve: true });
    const service = await portico.admin('POST', '/services', { name: 'plain', url: upstream.url });
    plain = service.body;
  });
  afterAll(async () => {
    await portico?.stop();
    await upstream?.stop();
  });

  describe('applications', () => {
    it('creates the application and its consumer, hidden from GET /consumers', async () => {
      const custom_id = clientId();
      const res = await alice.request('POST', '/applications', { name: 'My App', custom_id, description: 'd', redirect_uri: 'https://app.example.com/cb' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        name: 'My App',
        custom_id,
        description: 'd',
        redirect_uri: 'https://app.example.com/cb',
        meta: null,
        developer: { id: alice.developer.id },
        consumer: { id: expect.any(String) },
        tags: null,
        created_at: expect.any(Number),
        updated_at: expect.any(Number),
      });
      const consumer = await portico.admin('GET', `/consumers/${res.body.consumer.id}`);
      expect(consumer.body).toMatchObject({ type: 'application', username: `${alice.developer.id}_My App`, custom_id });
      const listed = await portico.admin('GET', '/consumers');
      expect(listed.body.data.map((c: { id: string }) => c.id)).not.toContain(res.body.consumer.id);
    });

    it('keeps custom_id unique across developers and names unique per developer', async () => {
      const custom_id = clientId();
      await alice.createApplication({ name: 'unique-name', custom_id });
      const taken = await bob.request('POST', '/applications', { name: 'other', custom_id });
      expect(taken).toMatchObject({
        status: 409,
        body: { code: 5, message: `application already exists with custom_id: '${custom_id}'`, fields: { custom_id } },
      });
      const sameName = await alice.request('POST', '/applications', { name: 'unique-name', custom_id: clientId() });
      expect(sameName).toMatchObject({ status: 409, body: { message: "application already exists with name: 'unique-name'" } });
      expect((await bob.request('POST', '/applications', { name: 'unique-name', custom_id: clientId() })).status).toBe(201);
    });

    it("refuses a custom_id a plain consumer already holds, creating nothing", async () => {
      const custom_id = clientId('plain-consumer');
      expect((await portico.admin('POST', '/consumers', { username: custom_id, custom_id })).status).toBe(201);
      const before = (await alice.request('GET', '/applications')).body.total;
      const res = await alice.request('POST', '/applications', { name: 'clashing', custom_id });
      expect(res).toMatchObject({ status: 409, body: { code: 5, fields: { custom_id } } });
      expect((await alice.request('GET', '/applications')).body.total).toBe(before);
    });

    it.each<[string, Record<string, unknown>]>([
      ['developer', { developer: { id: '00000000-0000-4000-8000-000000000000' } }],
      ['consumer', { consumer: { id: '00000000-0000-4000-8000-000000000000' } }],
      ['status', { status: 0 }],
      ['id', { id: '00000000-0000-4000-8000-000000000000' }],
    ])('refuses a developer-supplied %s on create and update', async (field, extra) => {
      const created = await alice.request('POST', '/applications', { name: `mass-${field}`, custom_id: clientId(), ...extra });
      expect(created).toMatchObject({ status: 400, body: { fields: { [field]: 'unknown field' } } });
      const app = await alice.createApplication({ name: `mass-ok-${field}`, custom_id: clientId() });
      const patched = await alice.request('PATCH', `/applications/${app.id}`, extra);
      expect(patched).toMatchObject({ status: 400, body: { fields: { [field]: 'unknown field' } } });
    });

    it('moves the consumer along with a new name or custom_id', async () => {
      const app = await alice.createApplication({ name: 'before', custom_id: clientId() });
      const custom_id = clientId('moved');
      const res = await alice.request('PATCH', `/applications/${app.id}`, { name: 'after', custom_id, meta: { tier: 'gold' } });
      expect(res).toMatchObject({ status: 200, body: { name: 'after', custom_id, meta: { tier: 'gold' } } });
      const consumer = await portico.admin('GET', `/consumers/${app.consumer.id}`);
      expect(consumer.body).toMatchObject({ username: `${alice.developer.id}_after`, custom_id });
    });

    it('writes an application and its consumer together or not at all', async () => {
      // A plain consumer already has the username the application's consumer would get.
      expect((await portico.admin('POST', '/consumers', { username: `${alice.developer.id}_squatted` })).status).toBe(201);
      const custom_id = clientId('atomic');
      const created = await alice.request('POST', '/applications', { name: 'squatted', custom_id });
      expect(created).toMatchObject({ status: 409, body: { code: 5, fields: { username: `${alice.developer.id}_squatted` } } });
      expect((await portico.admin('GET', `/applications/${custom_id}`)).status).toBe(404);

      // The application row is written first, then its consumer fails: the rename must roll back.
      const app = await alice.createApplication({ name: 'innocent', custom_id });
      const renamed = await alice.request('PATCH', `/applications/${app.id}`, { name: 'squatted' });
      expect(renamed.status).toBe(409);
      expect((await alice.request('GET', `/applications/${app.id}`)).body.name).toBe('innocent');
      expect((await portico.admin('GET', `/consumers/${app.consumer.id}`)).body.username).toBe(`${alice.developer.id}_innocent`);
    });

    it('lists only your own, with their instances on request', async () => {
      const dev = await approvedDeveloper(portico);
      const one = await dev.createApplication({ name: 'one', custom_id: clientId() });
      await dev.createApplication({ name: 'two', custom_id: clientId() });
      const instance = await dev.requestAccess(one.id, pets.id);
      const list = await dev.request('GET', '/applications');
      expect(list.body).toMatchObject({ total: 2, next: null });
      expect(list.body.data.map((a: { name: string }) => a.name).sort()).toEqual(['one', 'two']);
      expect(list.body.data[0].application_instances).toBeUndefined();
      const withInstances = await dev.request('GET', '/applications?include_instances=true');
      const embedded = Object.fromEntries(withInstances.body.data.map((a: { name: string; application_instances: unknown[] }) => [a.name, a.application_instances]));
      expect(embedded).toEqual({ one: [expect.objectContaining({ id: instance.id, status: 1, service: { id: pets.id } })], two: [] });

      const paged = await dev.request('GET', '/applications?size=1');
      expect(paged.body).toMatchObject({ total: 2, next: expect.stringMatching(/^\/applications\?offset=/) });
      expect((await dev.request('GET', paged.body.next)).body.data).toHaveLength(1);
    });

    it('has no credential endpoints under external-oauth2: the IdP holds the secrets', async () => {
      const app = await alice.createApplication({ name: 'no-credentials', custom_id: clientId() });
      expect(await alice.request('GET', `/applications/${app.id}/credentials`)).toMatchObject({ status: 404, body: NOT_FOUND });
      expect(await alice.request('POST', `/applications/${app.id}/credentials`, {})).toMatchObject({ status: 404, body: NOT_FOUND });
      expect((await alice.request('GET', `/applications/${app.id}`)).text).not.toMatch(/secret/);
    });

    it('deletes an application with its access and its consumer', async () => {
      const app = await alice.createApplication({ name: 'doomed', custom_id: clientId() });
      await alice.requestAccess(app.id, weather.id);
      expect(await aclGroups(portico, app.consumer.id)).toEqual([weather.id]);
      expect((await alice.request('DELETE', `/applications/${app.id}`)).status).toBe(204);
      expect((await alice.request('GET', `/applications/${app.id}`)).status).toBe(404);
      expect((await portico.admin('GET', `/consumers/${app.consumer.id}`)).status).toBe(404);
      expect((await portico.admin('GET', `/services/weather/application_instances`)).body.data.map((i: { application: { id: string } }) => i.application.id)).not.toContain(app.id);
    });
  });

  describe("another developer's application is a 404", () => {
    let app: { id: string; consumer: { id: string } };
    let instance: { id: string };

    beforeAll(async () => {
      app = await alice.createApplication({ name: 'private', custom_id: clientId() });
      instance = await alice.requestAccess(app.id, pets.id);
    });

    it.each<[string, string, string, Record<string, unknown> | null]>([
      ['read', 'GET', '/applications/{app}', null],
      ['update', 'PATCH', '/applications/{app}', { name: 'stolen' }],
      ['delete', 'DELETE', '/applications/{app}', null],
      ['list its instances', 'GET', '/applications/{app}/application_instances', null],
      ['read its instance', 'GET', '/applications/{app}/application_instances/{instance}', null],
      ['delete its instance', 'DELETE', '/applications/{app}/application_instances/{instance}', null],
      ['change its instance', 'PATCH', '/applications/{app}/application_instances/{instance}', { status: 0 }],
      ['request access for it', 'POST', '/applications/{app}/application_instances', { service: { id: 'weather' } }],
      ['see it in the catalog', 'GET', '/application_services?app_id={app}', null],
    ])('%s', async (_name, method, template, body) => {
      const path = template.replace('{app}', app.id).replace('{instance}', instance.id);
      const payload = body?.service ? { service: { id: weather.id } } : (body ?? undefined);
      expect(await bob.request(method, path, payload)).toMatchObject({ status: 404, body: NOT_FOUND });
      // Untouched: still there, still pending, not in anybody else's list.
      expect((await alice.request('GET', `/applications/${app.id}`)).body.name).toBe('private');
      expect((await alice.request('GET', `/applications/${app.id}/application_instances/${instance.id}`)).body.status).toBe(1);
      expect((await bob.request('GET', '/applications')).body.data.map((a: { id: string }) => a.id)).not.toContain(app.id);
    });

    it('refuses ids that are not UUIDs the same way', async () => {
      expect((await bob.request('GET', `/applications/${app.id.toUpperCase()}x`)).status).toBe(404);
      expect((await bob.request('GET', '/applications/..%2F..%2Fdevelopers')).status).toBe(404);
    });
  });

  describe('access requests', () => {
    it('start pending, or approved under auto_approve, whatever status the developer sends', async () => {
      const app = await alice.createApplication({ name: 'requester', custom_id: clientId() });
      const pending = await alice.request('POST', `/applications/${app.id}/application_instances`, { service: { id: pets.id }, status: 0, suspended: false });
      expect(pending).toMatchObject({ status: 201, body: { status: 1, suspended: false, service: { id: pets.id }, application: { id: app.id } } });
      expect(await aclGroups(portico, app.consumer.id)).toEqual([]);

      const approved = await alice.request('POST', `/applications/${app.id}/application_instances`, { service: { id: weather.id }, status: 3, suspended: true });
      expect(approved).toMatchObject({ status: 201, body: { status: 0, suspended: false } });
      expect(await aclGroups(portico, app.consumer.id)).toEqual([weather.id]);

      const again = await alice.request('POST', `/applications/${app.id}/application_instances`, { service: { id: pets.id } });
      expect(again).toMatchObject({ status: 409, body: { code: 5 } });
    });

    it("answers 405 code 12 for a service without application-registration", async () => {
      const app = await alice.createApplication({ name: 'no-plugin', custom_id: clientId() });
      const res = await alice.request('POST', `/applications/${app.id}/application_instances`, { service: { id: plain.id } });
      expect(res).toMatchObject({ status: 405, body: { code: 12, message: "'Application Registration' plugin must be enabled." } });
      const unknown = await alice.request('POST', `/applications/${app.id}/application_instances`, { service: { id: '00000000-0000-4000-8000-000000000000' } });
      expect(unknown.status).toBe(405);
    });

    it('cannot be changed by the developer', async () => {
      const app = await alice.createApplication({ name: 'self-approver', custom_id: clientId() });
      const instance = await alice.requestAccess(app.id, pets.id);
      for (const body of [{ status: 0 }, { status: 'approved' }, { suspended: false }, {}]) {
        const res = await alice.request('PATCH', `/applications/${app.id}/application_instances/${instance.id}`, body);
        expect(res).toMatchObject({ status: 405, body: { message: 'Method not allowed' } });
      }
      for (const method of ['PUT', 'POST']) {
        expect((await alice.request(method, `/applications/${app.id}/application_instances/${instance.id}`, { status: 0 })).status).toBe(404);
      }
      expect((await alice.request('GET', `/applications/${app.id}/application_instances/${instance.id}`)).body.status).toBe(1);
      expect(await aclGroups(portico, app.consumer.id)).toEqual([]);
    });

    it("cannot be erased by the developer once an administrator said no, so auto_approve cannot re-grant it", async () => {
      const app = await alice.createApplication({ name: 'revoked-one', custom_id: clientId() });
      const instance = await alice.requestAccess(app.id, weather.id);
      expect(instance.status).toBe(0);
      expect((await portico.admin('PATCH', `/applications/${app.id}/application_instances/${instance.id}`, { status: 'revoked' })).status).toBe(200);

      expect(await alice.request('DELETE', `/applications/${app.id}/application_instances/${instance.id}`)).toMatchObject({ status: 403, body: HELD });
      expect(await alice.request('DELETE', `/applications/${app.id}`)).toMatchObject({ status: 403, body: HELD });
      expect(await alice.request('PATCH', `/applications/${app.id}`, { custom_id: clientId() })).toMatchObject({ status: 403, body: HELD });
      expect((await alice.request('PATCH', `/applications/${app.id}`, { name: 'renamed-revoked-one' })).status).toBe(200);
      expect((await alice.request('GET', `/applications/${app.id}/application_instances/${instance.id}`)).body.status).toBe(3);

      // A pending request can be withdrawn.
      const pending = await alice.requestAccess(app.id, pets.id);
      expect((await alice.request('DELETE', `/applications/${app.id}/application_instances/${pending.id}`)).status).toBe(204);
      // An administrator may still remove it all.
      expect((await portico.admin('DELETE', `/applications/${app.id}`)).status).toBe(204);
      expect((await portico.admin('GET', `/consumers/${app.consumer.id}`)).status).toBe(404);
    });

    it('can be addressed by the service id', async () => {
      const app = await alice.createApplication({ name: 'by-service', custom_id: clientId() });
      const instance = await alice.requestAccess(app.id, pets.id);
      expect((await alice.request('GET', `/applications/${app.id}/application_instances/${pets.id}`)).body.id).toBe(instance.id);
      expect((await alice.request('GET', `/applications/${app.id}/application_instances`)).body).toMatchObject({ total: 1, data: [{ id: instance.id }] });
    });
  });

  describe('GET /application_services', () => {
    it('lists the services with application-registration, with your instance when asked', async () => {
      // A second route: its plain path joins proxy_paths, its regular expression does not.
      expect((await portico.admin('POST', `/services/${pets.id}/routes`, { name: 'pets-by-id', paths: ['~/pets/\\d+$', '/animals'] })).status).toBe(201);
      const catalog = await alice.request('GET', '/application_services');
      expect(catalog.status).toBe(200);
      expect(catalog.body).toMatchObject({ total: 2, next: null });
      const byId = Object.fromEntries(catalog.body.data.map((e: { id: string }) => [e.id, e]));
      expect(byId[pets.id]).toEqual({
        id: pets.id,
        name: 'The pets API',
        description: 'Pets for everyone',
        app_registration_config: {
          display_name: 'The pets API',
          description: 'Pets for everyone',
          auto_approve: false,
          show_issuer: false,
          enable_proxy_with_consumer_credential: false,
        },
        auth_plugin_config: null,
        // Where the proxy serves it, for the portal's "how to call it".
        proxy_paths: expect.arrayContaining(['/pets', '/animals']),
      });
      expect(byId[pets.id].proxy_paths).toHaveLength(2);
      expect(byId[plain.id]).toBeUndefined();

      const app = await alice.createApplication({ name: 'catalog-reader', custom_id: clientId() });
      const instance = await alice.requestAccess(app.id, weather.id);
      const mine = await alice.request('GET', `/application_services?app_id=${app.id}`);
      const instances = Object.fromEntries(mine.body.data.map((e: { id: string; instance: unknown }) => [e.id, e.instance]));
      expect(instances).toEqual({ [pets.id]: null, [weather.id]: expect.objectContaining({ id: instance.id, status: 0 }) });
    });

    it('forgets a service whose plugin is disabled, and then refuses requests for it', async () => {
      const svc = await registeredService(portico, upstream, 'flaky');
      const plugin = (await portico.admin('GET', '/services/flaky/plugins')).body.data[0];
      expect((await portico.admin('PATCH', `/plugins/${plugin.id}`, { enabled: false })).status).toBe(200);
      const catalog = await alice.request('GET', '/application_services');
      expect(catalog.body.data.map((e: { id: string }) => e.id)).not.toContain(svc.id);
      const app = await alice.createApplication({ name: 'flaky-user', custom_id: clientId() });
      expect((await alice.request('POST', `/applications/${app.id}/application_instances`, { service: { id: svc.id } })).status).toBe(405);
    });
  });

  describe('at the proxy, without any authentication plugin', () => {
    it('application-registration refuses a request that mapped no consumer', async () => {
      const res = await portico.proxy('GET', `${pets.path}/anything`);
      expect(res).toMatchObject({ status: 401, body: { message: 'Unauthorized' } });
      expect(upstream.requests).toBe(0);
    });

    it('refuses spoofed identity headers the same way', async () => {
      const res = await portico.proxy('GET', pets.path, undefined, { 'x-consumer-id': 'x', 'x-application-id': 'y', 'x-consumer-groups': pets.id });
      expect(res).toMatchObject({ status: 401, body: { message: 'Unauthorized' } });
      expect(upstream.requests).toBe(0);
    });
  });
});
