import { kongConfigFields } from '../support/kong-expect';
import { EchoUpstream } from '../support/echo-upstream';
import { Portico } from '../support/portico';
import { aclGroups, approvedDeveloper, DeveloperSession, PASSWORD, registeredService, uniqueEmail } from './applications.fixtures';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('admin: developers, applications and approval', () => {
  let portico: Portico;
  let upstream: EchoUpstream;
  let dev: DeveloperSession;
  let orders: { id: string };
  let billing: { id: string };
  let seq = 0;
  const clientId = () => `approval-client-${++seq}`;

  beforeAll(async () => {
    upstream = await EchoUpstream.start();
    portico = await Portico.start();
    dev = await approvedDeveloper(portico);
    orders = await registeredService(portico, upstream, 'orders');
    billing = await registeredService(portico, upstream, 'billing');
  });
  afterAll(async () => {
    await portico?.stop();
    await upstream?.stop();
  });

  const instanceOf = async (appId: string, serviceId: string) => (await portico.admin('GET', `/applications/${appId}/application_instances/${serviceId}`)).body;

  describe('instance approval', () => {
    it.each<[string, number, unknown]>([
      ['0', 0, 0],
      ['"approved"', 0, 'approved'],
      ['"rejected"', 2, 'rejected'],
      ['3', 3, 3],
      ['"pending"', 1, 'pending'],
    ])('PATCH {"status": %s} stores %p', async (_label, expected, status) => {
      const app = await dev.createApplication({ name: `patch-${seq}`, custom_id: clientId() });
      const instance = await dev.requestAccess(app.id, orders.id);
      const res = await portico.admin('PATCH', `/applications/${app.id}/application_instances/${instance.id}`, { status });
      expect(res).toMatchObject({ status: 200, body: { id: instance.id, status: expected, suspended: false } });
      expect(await aclGroups(portico, app.consumer.id)).toEqual(expected === 0 ? [orders.id] : []);
    });

    it('keeps the ACL group in step with every change, addressed through the service too', async () => {
      const app = await dev.createApplication({ name: 'acl-sync', custom_id: clientId() });
      const instance = await dev.requestAccess(app.id, orders.id);
      const viaService = `/services/orders/application_instances/${app.id}`;
      expect((await portico.admin('GET', viaService)).body.id).toBe(instance.id);
      expect((await portico.admin('GET', `/services/${orders.id}/application_instances/${app.custom_id}`)).body.id).toBe(instance.id);
      expect((await portico.admin('GET', `/applications/${app.custom_id}/application_instances/orders`)).body.id).toBe(instance.id);
      expect((await portico.admin('GET', `/applications/${app.id}/application_instances/billing`)).status).toBe(404);

      expect((await portico.admin('PATCH', viaService, 'status=0', FORM)).body.status).toBe(0);
      expect(await aclGroups(portico, app.consumer.id)).toEqual([orders.id]);
      expect((await portico.admin('PATCH', viaService, { suspended: true })).body).toMatchObject({ status: 0, suspended: true });
      expect(await aclGroups(portico, app.consumer.id)).toEqual([]);
      expect((await portico.admin('PATCH', viaService, 'suspended=false', FORM)).body.suspended).toBe(false);
      expect(await aclGroups(portico, app.consumer.id)).toEqual([orders.id]);
      expect((await portico.admin('PATCH', viaService, { status: 'revoked' })).body.status).toBe(3);
      expect(await aclGroups(portico, app.consumer.id)).toEqual([]);
      expect((await portico.admin('PATCH', viaService, { status: 0 })).body.status).toBe(0);
      expect((await portico.admin('DELETE', viaService)).status).toBe(204);
      expect(await aclGroups(portico, app.consumer.id)).toEqual([]);
    });

    it('leaves ACL groups an administrator added by hand alone', async () => {
      const app = await dev.createApplication({ name: 'hand-acl', custom_id: clientId() });
      expect((await portico.admin('POST', `/consumers/${app.consumer.id}/acls`, { group: 'partners' })).status).toBe(201);
      const instance = await dev.requestAccess(app.id, orders.id);
      await portico.admin('PATCH', `/applications/${app.id}/application_instances/${instance.id}`, { status: 0 });
      expect(await aclGroups(portico, app.consumer.id)).toEqual([orders.id, 'partners'].sort());
      await portico.admin('PATCH', `/applications/${app.id}/application_instances/${instance.id}`, { status: 3 });
      expect(await aclGroups(portico, app.consumer.id)).toEqual(['partners']);
    });

    it.each<[string, Record<string, unknown>, Record<string, string>]>([
      ['a status out of range', { status: 4 }, { status: 'expected one of: 0, 1, 2, 3, approved, pending, rejected, revoked' }],
      ['an unknown label', { status: 'invited' }, { status: 'expected one of: 0, 1, 2, 3, approved, pending, rejected, revoked' }],
      ['a non-boolean suspension', { suspended: 'maybe' }, { suspended: 'expected a boolean' }],
      ['an unknown field', { service: { id: 'x' } }, { service: 'unknown field' }],
    ])('refuses %s', async (_name, body, fields) => {
      const app = await dev.createApplication({ name: `bad-${seq}`, custom_id: clientId() });
      const instance = await dev.requestAccess(app.id, orders.id);
      const res = await portico.admin('PATCH', `/applications/${app.id}/application_instances/${instance.id}`, body);
      expect(res).toMatchObject({ status: 400, body: { code: 2, fields } });
    });

    it('lets an administrator create an instance with a decision', async () => {
      const app = await dev.createApplication({ name: 'admin-made', custom_id: clientId() });
      const res = await portico.admin('POST', `/applications/${app.custom_id}/application_instances`, { service: { id: orders.id }, status: 'approved' });
      expect(res).toMatchObject({ status: 201, body: { status: 0, suspended: false } });
      expect(await aclGroups(portico, app.consumer.id)).toEqual([orders.id]);
      const viaService = await portico.admin('POST', '/services/billing/application_instances', { application: { id: app.id } });
      expect(viaService).toMatchObject({ status: 201, body: { status: 1, service: { id: billing.id } } });
      const list = await portico.admin('GET', `/applications/${app.id}/application_instances`);
      expect(list.body.data).toHaveLength(2);
      expect((await portico.admin('POST', `/applications/${app.id}/application_instances`, { service: { id: orders.id } })).status).toBe(409);
    });
  });

  describe('the application-registration plugin', () => {
    it('goes on services only, and needs a display name', async () => {
      const route = (await portico.admin('GET', '/services/orders/routes')).body.data[0];
      const onRoute = await portico.admin('POST', `/routes/${route.id}/plugins`, { name: 'application-registration', config: { display_name: 'x' } });
      expect(onRoute).toMatchObject({ status: 400, body: { fields: { route: "plugin 'application-registration' cannot be applied to a route" } } });
      const service = await portico.admin('POST', '/services', { name: 'unnamed', url: upstream.url });
      const nameless = await portico.admin('POST', `/services/${service.body.id}/plugins`, { name: 'application-registration', config: {} });
      expect(nameless).toMatchObject({ status: 400, body: { fields: { config: { display_name: 'required field missing' } } } });
      const schema = await portico.admin('GET', '/schemas/plugins/application-registration');
      expect(schema.body.portico).toMatchObject({ scopes: ['service'], priority: 995 });
      expect(Object.keys(kongConfigFields(schema.body))).toEqual(['display_name', 'description', 'auto_approve', 'show_issuer', 'enable_proxy_with_consumer_credential']);
    });
  });

  describe('developer status', () => {
    it('leaving approved suspends all their access; approving again restores exactly that', async () => {
      const owner = await approvedDeveloper(portico);
      const app = await owner.createApplication({ name: 'suspendable', custom_id: clientId() });
      const one = await owner.requestAccess(app.id, orders.id);
      const two = await owner.requestAccess(app.id, billing.id);
      await portico.admin('PATCH', `/applications/${app.id}/application_instances/${one.id}`, { status: 0 });
      await portico.admin('PATCH', `/applications/${app.id}/application_instances/${two.id}`, { status: 0 });
      expect(await aclGroups(portico, app.consumer.id)).toEqual([orders.id, billing.id].sort());

      for (const status of [3, 'rejected', 1]) {
        expect((await portico.admin('PATCH', `/developers/${owner.developer.email}`, { status })).status).toBe(200);
        expect(await instanceOf(app.id, orders.id)).toMatchObject({ status: 0, suspended: true });
        expect(await instanceOf(app.id, billing.id)).toMatchObject({ status: 0, suspended: true });
        expect(await aclGroups(portico, app.consumer.id)).toEqual([]);
      }

      // Meanwhile an administrator suspends one by hand: approving the developer must not lift that.
      await portico.admin('PATCH', `/applications/${app.id}/application_instances/${two.id}`, { suspended: true });
      expect((await portico.admin('PATCH', `/developers/${owner.developer.id}`, 'status=0', FORM)).body.status).toBe(0);
      expect(await instanceOf(app.id, orders.id)).toMatchObject({ status: 0, suspended: false });
      expect(await instanceOf(app.id, billing.id)).toMatchObject({ status: 0, suspended: true });
      expect(await aclGroups(portico, app.consumer.id)).toEqual([orders.id]);
    });

    it("an administrator's new instance for a developer who is not approved starts suspended", async () => {
      const email = uniqueEmail();
      const developer = (await portico.admin('POST', '/developers', { email, password: PASSWORD, status: 'pending' })).body;
      const app = (await portico.admin('POST', `/developers/${email}/applications`, { name: 'pre-approved', custom_id: clientId() })).body;
      const instance = await portico.admin('POST', `/applications/${app.id}/application_instances`, { service: { id: orders.id }, status: 0 });
      expect(instance.body).toMatchObject({ status: 0, suspended: true });
      expect(await aclGroups(portico, app.consumer.id)).toEqual([]);
      // Un-suspending by hand does not grant access while the developer is not approved.
      await portico.admin('PATCH', `/applications/${app.id}/application_instances/${instance.body.id}`, { suspended: false });
      expect(await aclGroups(portico, app.consumer.id)).toEqual([]);
      await portico.admin('PATCH', `/developers/${developer.id}`, { status: 0 });
      expect(await aclGroups(portico, app.consumer.id)).toEqual([orders.id]);
    });
  });

  describe('developers', () => {
    it('are listed, addressed by id or email in any case, and validated', async () => {
      const email = uniqueEmail('Admin-Made');
      const created = await portico.admin('POST', '/developers', `email=${encodeURIComponent(email)}&password=${encodeURIComponent(PASSWORD)}&status=approved&meta.team=core`, FORM);
      expect(created).toMatchObject({ status: 201, body: { email: email.toLowerCase(), status: 0, meta: { team: 'core' } } });
      expect((await portico.admin('GET', `/developers/${email.toUpperCase()}`)).body.id).toBe(created.body.id);
      const list = await portico.admin('GET', '/developers?size=1');
      expect(list.body).toMatchObject({ data: [expect.any(Object)], next: expect.stringMatching(/^\/developers\?offset=/) });
      expect(list.text).not.toMatch(/password|scrypt/);
      expect((await portico.admin('PATCH', `/developers/${created.body.id}`, { status: 9 })).status).toBe(400);
      expect((await portico.admin('PATCH', `/developers/${created.body.id}`, { password_hash: 'x' })).status).toBe(400);
      expect((await portico.admin('PATCH', `/developers/${created.body.id}`, { email: dev.developer.email })).status).toBe(409);
      expect((await portico.admin('POST', '/developers', { email: uniqueEmail() })).body.fields).toEqual({ password: 'required field missing' });
      expect((await portico.admin('GET', '/developers/nobody@example.com')).status).toBe(404);
    });

    it('deleting one removes their applications, access, consumers and ACLs', async () => {
      const owner = await approvedDeveloper(portico);
      const app = await owner.createApplication({ name: 'gone-with-owner', custom_id: clientId() });
      const instance = await owner.requestAccess(app.id, orders.id);
      await portico.admin('PATCH', `/applications/${app.id}/application_instances/${instance.id}`, { status: 0 });
      expect((await portico.admin('DELETE', `/developers/${owner.developer.email}`)).status).toBe(204);
      expect((await portico.admin('GET', `/developers/${owner.developer.id}`)).status).toBe(404);
      expect((await portico.admin('GET', `/applications/${app.id}`)).status).toBe(404);
      expect((await portico.admin('GET', `/consumers/${app.consumer.id}`)).status).toBe(404);
      expect((await portico.admin('GET', `/consumers/${app.consumer.id}/acls`)).status).toBe(404);
      expect((await owner.request('GET', '/developer')).status).toBe(401);
      expect((await portico.admin('DELETE', `/developers/${owner.developer.id}`)).status).toBe(204);
    });
  });

  describe('applications', () => {
    it('are listed, addressed by id or custom_id, per developer too', async () => {
      const app = await dev.createApplication({ name: 'listed', custom_id: clientId() });
      expect((await portico.admin('GET', `/applications/${app.custom_id}`)).body.id).toBe(app.id);
      expect((await portico.admin('GET', `/developers/${dev.developer.email}/applications/${app.id}`)).body.id).toBe(app.id);
      const mine = await portico.admin('GET', `/developers/${dev.developer.id}/applications?size=1000`);
      expect(mine.body.data.map((a: { id: string }) => a.id)).toContain(app.id);
      const other = await approvedDeveloper(portico);
      expect((await portico.admin('GET', `/developers/${other.developer.id}/applications/${app.id}`)).status).toBe(404);
      expect((await portico.admin('GET', '/applications')).body.data.length).toBeGreaterThan(0);
    });

    it("are changed and deleted under their own developer only; a missing one's DELETE is quiet at the top level", async () => {
      const app = await dev.createApplication({ name: 'nested-writes', custom_id: clientId() });
      const other = await approvedDeveloper(portico);
      const underOther = `/developers/${other.developer.id}/applications/${app.id}`;
      expect((await portico.admin('PATCH', underOther, { description: 'not theirs' })).status).toBe(404);
      expect((await portico.admin('DELETE', underOther)).status).toBe(404);
      expect((await portico.admin('GET', `/developers/no-such-developer@example.com/applications/${app.id}`)).status).toBe(404);
      const underOwner = `/developers/${dev.developer.email}/applications/${app.id}`;
      const patched = await portico.admin('PATCH', underOwner, { description: 'changed by an administrator' });
      expect(patched).toMatchObject({ status: 200, body: { id: app.id, description: 'changed by an administrator' } });
      expect((await portico.admin('DELETE', underOwner)).status).toBe(204);
      expect((await portico.admin('GET', `/applications/${app.id}`)).status).toBe(404);
      expect((await portico.admin('DELETE', `/applications/${app.id}`)).status).toBe(204);
      expect((await portico.admin('DELETE', underOwner)).status).toBe(404);
    });

    it('are created for a developer, and updated with their consumer', async () => {
      const custom_id = clientId();
      const created = await portico.admin('POST', '/applications', { name: 'by-admin', custom_id, developer: { id: dev.developer.id }, tags: ['t1'] });
      expect(created).toMatchObject({ status: 201, body: { developer: { id: dev.developer.id }, tags: ['t1'] } });
      expect((await portico.admin('POST', '/applications', { name: 'no-owner', custom_id: clientId() })).body.fields).toEqual({ developer: 'required field missing' });
      const tagged = await portico.admin('GET', '/applications?tags=t1');
      expect(tagged.body.data.map((a: { id: string }) => a.id)).toEqual([created.body.id]);
      const patched = await portico.admin('PATCH', `/applications/${created.body.id}`, { name: 'renamed-by-admin' });
      expect(patched.body.name).toBe('renamed-by-admin');
      expect((await portico.admin('GET', `/consumers/${created.body.consumer.id}`)).body.username).toBe(`${dev.developer.id}_renamed-by-admin`);
      expect((await portico.admin('PATCH', `/applications/${created.body.id}`, { developer: { id: dev.developer.id } })).status).toBe(400);
    });

    it('keep their consumer out of reach of the consumer endpoints', async () => {
      const app = await dev.createApplication({ name: 'guarded-consumer', custom_id: clientId() });
      const refused = { status: 400, body: { message: 'application consumers are managed through /applications' } };
      expect(await portico.admin('PATCH', `/consumers/${app.consumer.id}`, { username: 'hijacked' })).toMatchObject(refused);
      expect(await portico.admin('DELETE', `/consumers/${app.consumer.id}`)).toMatchObject(refused);
      expect(await portico.admin('DELETE', `/consumers/${dev.developer.id}_guarded-consumer`)).toMatchObject(refused);
      expect((await portico.admin('GET', `/consumers/${app.consumer.id}`)).body.username).toBe(`${dev.developer.id}_guarded-consumer`);
      expect((await portico.admin('GET', `/applications/${app.id}`)).status).toBe(200);
    });
  });
});
