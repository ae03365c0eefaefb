import { kongConfigFields } from '../support/kong-expect';
import { EchoUpstream } from '../support/echo-upstream';
import { basicAuth as basicOf, TestIdp } from '../support/idp/test-idp';
import { Portico } from '../support/portico';

const CANNOT_CONSUME = { message: 'You cannot consume this service' };

/** The acl plugin (SPEC §3.3) after openid-connect has mapped a consumer, and its config rules. */
describe('acl', () => {
  let idp: TestIdp;
  let upstream: EchoUpstream;
  let portico: Portico;
  let consumerId: string;

  const get = (path: string, client = 'member') => portico.proxy('GET', path, undefined, { authorization: basicOf(client, `${client}-secret`) });

  /** A route at `/<name>` with openid-connect on its service and acl on the route. */
  async function aclRoute(name: string, acl: Record<string, unknown>): Promise<{ path: string; pluginId: string }> {
    expect((await portico.admin('POST', '/services', { name, url: upstream.url })).status).toBe(201);
    const route = await portico.admin('POST', `/services/${name}/routes`, { name, paths: [`/${name}`] });
    expect((await portico.admin('POST', `/services/${name}/plugins`, { name: 'openid-connect', config: { issuer: idp.issuer } })).status).toBe(201);
    const plugin = await portico.admin('POST', `/routes/${route.body.id}/plugins`, { name: 'acl', config: acl });
    expect(plugin.status).toBe(201);
    return { path: `/${name}`, pluginId: plugin.body.id };
  }

  beforeAll(async () => {
    [idp, upstream, portico] = await Promise.all([
      TestIdp.start({ clients: [{ client_id: 'member', client_secret: 'member-secret' }, { client_id: 'stranger', client_secret: 'stranger-secret' }] }),
      EchoUpstream.start(),
      Portico.start(),
    ]);
    consumerId = (await portico.admin('POST', '/consumers', { username: 'member-app', custom_id: 'member' })).body.id;
    await portico.admin('POST', `/consumers/${consumerId}/acls`, { group: 'gold' });
    await portico.admin('POST', `/consumers/${consumerId}/acls`, { group: 'beta' });
    await portico.admin('POST', '/consumers', { custom_id: 'stranger' });
  });
  afterAll(async () => {
    await Promise.all([portico?.stop(), idp?.stop(), upstream?.stop()]);
  });

  it('lets an allowed group through, with its groups upstream', async () => {
    const { path } = await aclRoute('allow-gold', { allow: ['gold', 'platinum'] });
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(res.body.headers['x-consumer-groups']).toBe('beta, gold');
    expect(res.body.headers['x-consumer-id']).toBe(consumerId);
    expect(await get(path, 'stranger')).toMatchObject({ status: 403, body: CANNOT_CONSUME });
  });

  it('refuses a denied group and lets others through', async () => {
    const { path } = await aclRoute('deny-beta', { deny: ['beta'] });
    expect(await get(path)).toMatchObject({ status: 403, body: CANNOT_CONSUME });
    expect((await get(path, 'stranger')).status).toBe(200);
  });

  it('hides the groups header when asked, and drops a client-sent copy either way', async () => {
    const { path } = await aclRoute('hidden', { allow: ['gold'], hide_groups_header: true });
    const res = await portico.proxy('GET', path, undefined, { authorization: basicOf('member', 'member-secret'), 'x-consumer-groups': 'admins' });
    expect(res.status).toBe(200);
    expect(res.body.headers['x-consumer-groups']).toBeUndefined();
  });

  it('enforces a group change on the very next request', async () => {
    const { path } = await aclRoute('platinum-only', { allow: ['platinum'] });
    expect((await get(path)).status).toBe(403);
    const acl = await portico.admin('POST', `/consumers/${consumerId}/acls`, { group: 'platinum' });
    expect((await get(path)).status).toBe(200);
    expect((await portico.admin('DELETE', `/consumers/${consumerId}/acls/${acl.body.id}`)).status).toBe(204);
    expect((await get(path)).status).toBe(403);
  });

  it('enforces a config change on the very next request', async () => {
    const { path, pluginId } = await aclRoute('reconfigured', { allow: ['gold'] });
    expect((await get(path)).status).toBe(200);
    expect((await portico.admin('PATCH', `/plugins/${pluginId}`, { config: { allow: null, deny: ['gold'] } })).status).toBe(200);
    expect((await get(path)).status).toBe(403);
  });

  it('answers 401 when nothing mapped a consumer', async () => {
    expect((await portico.admin('POST', '/services', { name: 'acl-alone', url: upstream.url })).status).toBe(201);
    await portico.admin('POST', '/services/acl-alone/routes', { paths: ['/acl-alone'] });
    expect((await portico.admin('POST', '/services/acl-alone/plugins', { name: 'acl', config: { deny: ['nobody'] } })).status).toBe(201);
    expect(await portico.proxy('GET', '/acl-alone', undefined, { 'x-consumer-id': consumerId })).toMatchObject({ status: 401, body: { message: 'Unauthorized' } });
  });

  describe('config', () => {
    const create = (config: Record<string, unknown>) => portico.admin('POST', '/plugins', { name: 'acl', config, service: { id: serviceId } });
    let serviceId: string;

    beforeAll(async () => {
      serviceId = (await portico.admin('POST', '/services', { name: 'acl-config', url: upstream.url })).body.id;
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['both lists', { allow: ['a'], deny: ['b'] }, "only one of these fields must be non-empty: 'config.allow', 'config.deny'"],
      ['neither list', {}, "at least one of these fields must be non-empty: 'config.allow', 'config.deny'"],
      ['empty lists', { allow: [], deny: [] }, "at least one of these fields must be non-empty: 'config.allow', 'config.deny'"],
    ])('refuses %s', async (_name, config, message) => {
      const res = await create(config);
      expect(res).toMatchObject({ status: 400, body: { code: 2, name: 'schema violation', fields: { config: { allow: message } } } });
    });

    it('refuses unknown fields and fills defaults', async () => {
      expect((await create({ allow: ['a'], groups: ['x'] })).body.fields).toEqual({ config: { groups: 'unknown field' } });
      const res = await portico.admin('POST', '/services/acl-config/plugins', 'name=acl&config.allow[]=a&config.allow[]=b', {
        'content-type': 'application/x-www-form-urlencoded',
      });
      expect(res).toMatchObject({ status: 201, body: { config: { allow: ['a', 'b'], deny: null, hide_groups_header: false } } });
    });

    it('publishes its schema', async () => {
      const res = await portico.admin('GET', '/schemas/plugins/acl');
      expect(res.status).toBe(200);
      expect(res.body.portico).toMatchObject({ scopes: ['service', 'route'], priority: 950 });
      expect(Object.keys(kongConfigFields(res.body))).toEqual(['allow', 'deny', 'hide_groups_header']);
    });
  });
});
