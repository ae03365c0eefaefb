import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ConfigChanges } from '../common/config-changes';
import { logger } from '../common/logger';
import { ServiceEntity } from '../gateway/service.entity';
import { RoutesRepository } from '../gateway/routes.repository';
import { ServicesRepository } from '../gateway/services.repository';
import { PluginsRepository } from '../gateway/plugins.repository';
import { PluginRegistry } from '../plugins/plugin-registry';
import type { PluginInstance } from '../plugins/plugin-definition';
import { UpstreamTarget, upstreamTarget } from './upstream-target';
import { PluginInstances, pluginsForRoute } from './plugin-instances';
import { RouteMatch, RouteMatcher } from './route-matcher';

/** A route as the proxy uses it: its upstream and its plugins, resolved ahead of time. */
export interface CompiledRoute {
  readonly id: string;
  readonly name: string | null;
  readonly created_at: number;
  readonly hosts: string[] | null;
  readonly methods: string[] | null;
  readonly paths: string[] | null;
  readonly regex_priority: number;
  readonly strip_path: boolean;
  readonly preserve_host: boolean;
  readonly service: ServiceEntity;
  readonly upstream: UpstreamTarget;
  /** Each stage's plugins in priority order, so a stage with nothing to do costs one length check. */
  readonly authenticators: readonly PluginInstance[];
  readonly consumerResolvers: readonly PluginInstance[];
  readonly accessCheckers: readonly PluginInstance[];
  readonly plugins: readonly PluginInstance[];
}

export class RouteTable {
  private readonly matcher: RouteMatcher<CompiledRoute>;

  constructor(readonly routes: readonly CompiledRoute[]) {
    this.matcher = new RouteMatcher(routes);
  }

  match(method: string, host: string | undefined, path: string): RouteMatch<CompiledRoute> | null {
    return this.matcher.match(method, host, path);
  }
}

/**
 * The in-memory route table: compiled from the database at start-up and again whenever the Admin API
 * changes services, routes or plugins, then swapped in one assignment. The proxied request path never
 * queries the database.
 */
@Injectable()
export class RouteTableService implements OnApplicationBootstrap, OnModuleDestroy {
  private table = new RouteTable([]);
  private rebuilding: Promise<void> = Promise.resolve();
  private readonly pluginInstances: PluginInstances;
  private unsubscribe: () => void = () => undefined;

  constructor(
    private readonly services: ServicesRepository,
    private readonly routes: RoutesRepository,
    private readonly plugins: PluginsRepository,
    registry: PluginRegistry,
    private readonly changes: ConfigChanges,
  ) {
    this.pluginInstances = new PluginInstances(registry);
  }

  private bootstrapped: Promise<void> | null = null;

  /** Once: each listener's application re-provides this instance and Nest calls its hooks again. */
  onApplicationBootstrap() {
    this.bootstrapped ??= (async () => {
      this.unsubscribe = this.changes.subscribe(['services', 'routes', 'plugins'], () => this.rebuild());
      await this.rebuild();
    })();
    return this.bootstrapped;
  }

  onModuleDestroy() {
    this.unsubscribe();
    this.pluginInstances.disposeAll();
  }

  get current(): RouteTable {
    return this.table;
  }

  /** Rebuilds run one after another, so a slow older rebuild never overwrites a newer table. */
  rebuild(): Promise<void> {
    this.rebuilding = this.rebuilding.then(
      () => this.compile(),
      () => this.compile(),
    );
    return this.rebuilding;
  }

  private async compile(): Promise<void> {
    const [services, routes, plugins] = await Promise.all([this.services.all(), this.routes.all(), this.plugins.all()]);
    const serviceById = new Map(services.map((s) => [s.id, s]));
    const upstreams = new Map(services.map((s) => [s.id, upstreamTarget(s)]));
    const configured = this.pluginInstances.instantiate(plugins);

    const compiled: CompiledRoute[] = [];
    for (const route of routes) {
      const service = serviceById.get(route.service_id);
      if (!service?.enabled) continue;
      const active = pluginsForRoute(route, configured);
      compiled.push({
        id: route.id,
        name: route.name,
        created_at: route.created_at,
        hosts: route.hosts,
        methods: route.methods,
        paths: route.paths,
        regex_priority: route.regex_priority,
        strip_path: route.strip_path,
        preserve_host: route.preserve_host,
        service,
        upstream: upstreams.get(service.id)!,
        plugins: active,
        authenticators: active.filter((p) => p.authenticate),
        consumerResolvers: active.filter((p) => p.resolveConsumer),
        accessCheckers: active.filter((p) => p.checkAccess),
      });
    }
    this.table = new RouteTable(compiled);
    logger().debug({ routes: compiled.length }, 'route table rebuilt');
  }
}
