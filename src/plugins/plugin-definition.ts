import type { TSchema } from '@sinclair/typebox';
import type { ProxyContext } from '../proxy/proxy-context';

export type PluginScope = 'service' | 'route';

/**
 * A configured plugin, built once per route-table compile from its validated config. Each hook is a
 * pipeline stage it takes part in; the pipeline calls them in plugin priority order.
 *
 * authenticate: establish `ctx.credential` or throw a denial. A plugin that finds no credential of
 * its kind must not deny on that alone when another credential source may follow ("not mine" is not
 * "denied"). Today no plugin passes: openid-connect denies every request without a credential of
 * its kind (401 with its challenge), since it is the only authenticator Portico has.
 */
export interface PluginInstance {
  readonly name: string;
  readonly priority: number;
  authenticate?(ctx: ProxyContext): Promise<void> | void;
  resolveConsumer?(ctx: ProxyContext): Promise<void> | void;
  checkAccess?(ctx: ProxyContext): Promise<void> | void;
  /** For POST /trace: the kind of credential this plugin would read from the request (never its value), or null. */
  describeCredential?(ctx: ProxyContext): { type: string; from: string } | null;
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
  /** Kong-style priority: higher runs first within a stage. */
  readonly priority: number;
  readonly scopes: readonly PluginScope[];
  /** JSON Schema of `config`, with a description and default for every field. */
  readonly configSchema: TSchema;
  /** Cross-field rules the schema cannot express; returns Kong field errors or null. */
  validateConfig?(config: Config): Record<string, string> | null;
  create(config: Config, context: PluginFactoryContext): PluginInstance;
}
