import type { PluginDefinition, PluginInstance } from '../plugins/plugin-definition';
import type { PluginEntity } from '../gateway/plugin.entity';
import { PluginInstances, pluginsForRoute } from './plugin-instances';

const row = (over: Partial<PluginEntity>): PluginEntity =>
  ({ id: 'p1', name: 'acl', enabled: true, config: { allow: ['a'] }, service_id: 's1', route_id: null, ...over }) as PluginEntity;

function registry() {
  const created: Array<PluginInstance & { disposed: boolean }> = [];
  const definition = (name: string, priority: number) =>
    ({
      name,
      priority,
      create: () => {
        const instance = { name, priority, disposed: false, dispose() { instance.disposed = true; } };
        created.push(instance);
        return instance;
      },
    }) as unknown as PluginDefinition;
  const known = new Map([['acl', definition('acl', 950)], ['openid-connect', definition('openid-connect', 1050)]]);
  return { created, get: (name: string) => known.get(name) };
}

describe('PluginInstances', () => {
  it('builds each enabled row once and keeps the instance while its row is unchanged', () => {
    const reg = registry();
    const instances = new PluginInstances(reg);
    const first = instances.instantiate([row({}), row({ id: 'p2', enabled: false })]);
    expect([...first.keys()]).toEqual(['p1']);
    const second = instances.instantiate([row({})]);
    expect(second.get('p1')!.instance).toBe(first.get('p1')!.instance);
    expect(reg.created).toHaveLength(1);
  });

  it('rebuilds an instance whose config changed and disposes of the old one, and of removed ones', () => {
    const reg = registry();
    const instances = new PluginInstances(reg);
    instances.instantiate([row({}), row({ id: 'p2', name: 'openid-connect' })]);
    const next = instances.instantiate([row({ config: { allow: ['b'] } })]);
    expect(reg.created.map((i) => i.disposed)).toEqual([true, true, false]);
    expect(next.get('p1')!.instance).toBe(reg.created[2]);
    instances.disposeAll();
    expect(reg.created[2].disposed).toBe(true);
  });

  it('skips a plugin this build does not know', () => {
    const instances = new PluginInstances(registry());
    expect(instances.instantiate([row({ name: 'rate-limiting' })]).size).toBe(0);
  });
});

describe('pluginsForRoute', () => {
  it("takes the route's plugins and its service's, a route-level plugin replacing the service's of the same name, in run order", () => {
    const instances = new PluginInstances(registry());
    const all = instances.instantiate([
      row({ id: 'svc-acl', name: 'acl', service_id: 's1' }),
      row({ id: 'svc-oidc', name: 'openid-connect', service_id: 's1' }),
      row({ id: 'route-acl', name: 'acl', service_id: null, route_id: 'r1', config: { allow: ['x'] } }),
      row({ id: 'other', name: 'acl', service_id: 's2' }),
    ]);
    const active = pluginsForRoute({ id: 'r1', service_id: 's1' }, all);
    expect(active.map((p) => p.name)).toEqual(['openid-connect', 'acl']);
    expect(active[1]).toBe(all.get('route-acl')!.instance);
    expect(pluginsForRoute({ id: 'r2', service_id: 's1' }, all)[1]).toBe(all.get('svc-acl')!.instance);
    expect(pluginsForRoute({ id: 'r3', service_id: 's3' }, all)).toEqual([]);
  });
});
