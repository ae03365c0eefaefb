import type { PluginInstance } from '../../plugins/plugin-definition';
import type { ProxyContext } from '../proxy-context';
import type { CompiledRoute } from '../route-table';
import { PLUGIN_STAGE, PLUGIN_STAGES_IN_ORDER, runPluginStage } from './plugin-stage';

const contextFor = (route: Partial<CompiledRoute>) => ({ route }) as unknown as ProxyContext;

describe('runPluginStage', () => {
  it('passes synchronously when no plugin on the route takes part in the stage', () => {
    expect(runPluginStage(PLUGIN_STAGE.authenticate, contextFor({ authenticators: [] }))).toBe(true);
  });

  it('passes synchronously after a lone plugin whose hook is synchronous', () => {
    const checked: string[] = [];
    const acl = { name: 'acl', priority: 950, checkAccess: () => void checked.push('acl') } as PluginInstance;
    expect(runPluginStage(PLUGIN_STAGE.check_access, contextFor({ accessCheckers: [acl] }))).toBe(true);
    expect(checked).toEqual(['acl']);
  });

  it('runs several plugins one after another, each waiting for the one before', async () => {
    const order: string[] = [];
    const slow = { name: 'a', priority: 2, checkAccess: async () => { await new Promise((r) => setImmediate(r)); order.push('a'); } } as PluginInstance;
    const fast = { name: 'b', priority: 1, checkAccess: () => void order.push('b') } as PluginInstance;
    await expect(runPluginStage(PLUGIN_STAGE.check_access, contextFor({ accessCheckers: [slow, fast] }))).resolves.toBe(true);
    expect(order).toEqual(['a', 'b']);
  });

  it('stops at the first plugin that refuses, and the refusal is the outcome', async () => {
    const refusal = new Error('denied');
    const ran: string[] = [];
    const first = { name: 'a', priority: 2, authenticate: async () => { throw refusal; } } as PluginInstance;
    const second = { name: 'b', priority: 1, authenticate: () => void ran.push('b') } as PluginInstance;
    await expect(runPluginStage(PLUGIN_STAGE.authenticate, contextFor({ authenticators: [first, second] }))).rejects.toBe(refusal);
    expect(ran).toEqual([]);
    const lone = { name: 'a', priority: 1, resolveConsumer: async () => { throw refusal; } } as PluginInstance;
    await expect(runPluginStage(PLUGIN_STAGE.resolve_consumer, contextFor({ consumerResolvers: [lone] }))).rejects.toBe(refusal);
  });

  it('lists the plugin stages in pipeline order, each reading its own plugins off the route', () => {
    expect(PLUGIN_STAGES_IN_ORDER.map((s) => s.name)).toEqual(['authenticate', 'resolve_consumer', 'check_access']);
    const route = { authenticators: ['x'], consumerResolvers: ['y'], accessCheckers: ['z'] } as unknown as CompiledRoute;
    expect(PLUGIN_STAGES_IN_ORDER.map((s) => s.plugins(route))).toEqual([['x'], ['y'], ['z']]);
  });
});
