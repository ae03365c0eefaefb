import type { TSchema } from '@sinclair/typebox';
import type { PluginContext } from '../pipeline-contract/plugin-context';

export type PluginScope = 'service' | 'route';

/**
 * A configured plugin, built once per route-table compile from its validated config. Each hook is a
 * pipeline stage it takes part in (PLUGIN_STAGES); within a stage the pipeline calls them in
 * PLUGIN_PRIORITY order (src/pipeline-contract/pipeline-order.ts).
 *
 * authenticate: establish `ctx.credential` or throw a denial. A plugin that finds no credential of
 * its kind must not deny on that alone when another credential source may follow ("not mine" is not
 * "denied"). Today no plugin passes: openid-connect denies every request without a credential of
 * its kind (401 with its challenge), since it is the only authenticator Portico has.
 */
export interface PluginInstance {
  readonly name: string;
  /** PLUGIN_PRIORITY[name]. */
  readonly priority: number;
  authenticate?(ctx: PluginContext): Promise<void> | void;
  resolveConsumer?(ctx: PluginContext): Promise<void> | void;
  checkAccess?(ctx: PluginContext): Promise<void> | void;
  /** For POST /trace: the kind of credential this plugin would read from the request (never its value), or null. */
  describeCredential?(ctx: PluginContext): { type: string; from: string } | null;
  /** Release timers, caches or sockets when the route table replaces this instance. */
  dispose?(): void;
}

export interface PluginFactoryContext {
  /** The plugin row's id: ties sessions and caches to the plugin that issued them. */
  pluginId: string;
  serviceId: string | null;
  routeId: string | null;
}

export interface PluginDefinition<Config = Record<string, unknown>> {
  readonly name: string;
  /** PLUGIN_PRIORITY[name]: higher runs first within a stage. */
  readonly priority: number;
  readonly scopes: readonly PluginScope[];
  /** JSON Schema of `config`, with a description and default for every field. */
  readonly configSchema: TSchema;
  /** Cross-field rules the schema cannot express; returns Kong field errors or null. */
  validateConfig?(config: Config): Record<string, string> | null;
  create(config: Config, context: PluginFactoryContext): PluginInstance;
}
