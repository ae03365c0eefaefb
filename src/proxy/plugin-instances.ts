import { logger } from '../common/logger';
import { inRunOrder } from '../pipeline-contract/pipeline-order';
import type { PluginInstance } from '../plugins/plugin-definition';
import type { PluginEntity } from '../gateway/plugin.entity';
import type { PluginRegistry } from '../plugins/plugin-registry';

/** A plugin row of the database and the instance built from it. */
export interface ConfiguredPlugin {
  readonly row: PluginEntity;
  readonly instance: PluginInstance;
}

interface CachedInstance {
  /** What the instance was built from; updated_at alone has one-second resolution and misses quick edits. */
  fingerprint: string;
  instance: PluginInstance;
}

const fingerprintOf = (row: PluginEntity) => JSON.stringify([row.name, row.config, row.service_id, row.route_id]);

/**
 * Builds each enabled plugin row into its instance, at every route-table compile. An instance
 * survives a recompile while its row is unchanged, keeping its caches (verified tokens, grants) warm;
 * one whose row changed or went away is disposed of.
 */
export class PluginInstances {
  private instances = new Map<string, CachedInstance>();

  constructor(private readonly registry: Pick<PluginRegistry, 'get'>) {}

  /** The instances for these rows (enabled or not: disabled rows are left out), by row id. */
  instantiate(rows: readonly PluginEntity[]): Map<string, ConfiguredPlugin> {
    const next = new Map<string, CachedInstance>();
    const out = new Map<string, ConfiguredPlugin>();
    for (const row of rows) {
      if (!row.enabled) continue;
      const definition = this.registry.get(row.name);
      if (!definition) {
        logger().warn({ plugin: row.name, id: row.id }, 'skipping a plugin this build does not know');
        continue;
      }
      const cached = this.instances.get(row.id);
      const fingerprint = fingerprintOf(row);
      const instance =
        cached && cached.fingerprint === fingerprint
          ? cached.instance
          : definition.create(row.config, { pluginId: row.id, serviceId: row.service_id, routeId: row.route_id });
      next.set(row.id, { fingerprint, instance });
      out.set(row.id, { row, instance });
    }
    for (const [id, old] of this.instances) {
      if (next.get(id)?.instance !== old.instance) old.instance.dispose?.();
    }
    this.instances = next;
    return out;
  }

  disposeAll(): void {
    for (const { instance } of this.instances.values()) instance.dispose?.();
    this.instances.clear();
  }
}

/**
 * The plugins that apply to a route, in run order: its own, and its service's where the route has
 * none of the same name (a route-level plugin replaces the service-level one, as in Kong).
 */
export function pluginsForRoute(route: { id: string; service_id: string }, all: ReadonlyMap<string, ConfiguredPlugin>): PluginInstance[] {
  const byName = new Map<string, ConfiguredPlugin>();
  for (const entry of all.values()) {
    const { row } = entry;
    if (row.route_id === route.id) byName.set(row.name, entry);
    else if (!row.route_id && row.service_id === route.service_id && !byName.has(row.name)) byName.set(row.name, entry);
  }
  return inRunOrder([...byName.values()].map((e) => e.instance));
}
