import { PLUGIN_STAGES, PluginStageName } from '../../pipeline-contract/pipeline-order';
import type { PluginInstance } from '../../plugins/plugin-definition';
import type { ProxyContext } from '../proxy-context';
import type { CompiledRoute } from '../route-table';

/** One plugin stage of the pipeline: which of the route's plugins take part in it, and how each is run. */
export interface PluginStage {
  readonly name: PluginStageName;
  plugins(route: CompiledRoute): readonly PluginInstance[];
  run(plugin: PluginInstance, ctx: ProxyContext): Promise<void> | void;
}

export const PLUGIN_STAGE: { readonly [name in PluginStageName]: PluginStage } = {
  authenticate: { name: 'authenticate', plugins: (route) => route.authenticators, run: (plugin, ctx) => plugin.authenticate!(ctx) },
  resolve_consumer: { name: 'resolve_consumer', plugins: (route) => route.consumerResolvers, run: (plugin, ctx) => plugin.resolveConsumer!(ctx) },
  check_access: { name: 'check_access', plugins: (route) => route.accessCheckers, run: (plugin, ctx) => plugin.checkAccess!(ctx) },
};

/** The plugin stages in pipeline order, for POST /trace (which runs them without forwarding). */
export const PLUGIN_STAGES_IN_ORDER: readonly PluginStage[] = PLUGIN_STAGES.map((name) => PLUGIN_STAGE[name]);

/**
 * Runs the route's plugins that take part in `stage`, one after another in priority order (the route
 * table sorted them); the first to throw is the answer. Routes without such plugins pass straight
 * through, synchronously: no promise, no microtask.
 */
export function runPluginStage(stage: PluginStage, ctx: ProxyContext): true | Promise<true> {
  const plugins = stage.plugins(ctx.route);
  if (plugins.length === 0) return true;
  if (plugins.length === 1) {
    const done = stage.run(plugins[0], ctx);
    return done ? done.then(passed) : true;
  }
  return runInTurn(stage, plugins, ctx);
}

async function runInTurn(stage: PluginStage, plugins: readonly PluginInstance[], ctx: ProxyContext): Promise<true> {
  for (const plugin of plugins) await stage.run(plugin, ctx);
  return true;
}

const passed = (): true => true;
