import type { EntityManager } from 'typeorm';
import { stringify as toYaml } from 'yaml';
import { ApplicationInstanceEntity } from '../applications/application-instance.entity';
import { ApplicationEntity } from '../applications/application.entity';
import { DeveloperEntity } from '../applications/developer.entity';
import { ConsumerAclEntity } from '../consumers/consumer-acl.entity';
import { ConsumerEntity } from '../consumers/consumer.entity';
import { RouteEntity } from '../gateway/route.entity';
import { ServiceEntity } from '../gateway/service.entity';
import { PluginEntity } from '../gateway/plugin.entity';
import { FORMAT_VERSION } from './declarative-file';

type Doc = Record<string, unknown>;

/**
 * The database as a decK-format file. Ids are kept (as `deck dump --with-id` does) so a re-import
 * updates rather than duplicates unnamed routes and plugins, and ACL groups named after service ids
 * stay true. Timestamps, nulls, password hashes and the session secret are left out. Entities are
 * sorted by their names so the same configuration always gives the same file.
 */
export async function exportDeclarative(em: EntityManager): Promise<Doc> {
  const [services, routes, plugins, consumers, acls, developers, applications, instances] = await Promise.all([
    em.find(ServiceEntity),
    em.find(RouteEntity),
    em.find(PluginEntity),
    em.find(ConsumerEntity),
    em.find(ConsumerAclEntity),
    em.find(DeveloperEntity),
    em.find(ApplicationEntity),
    em.find(ApplicationInstanceEntity),
  ]);
  const serviceById = new Map(services.map((s) => [s.id, s]));
  const routeById = new Map(routes.map((r) => [r.id, r]));
  const plugin = (p: PluginEntity, refs: Doc = {}) => clean({ id: p.id, name: p.name, ...refs, config: p.config, enabled: p.enabled, tags: p.tags });
  const pluginsWhere = (test: (p: PluginEntity) => boolean) => sortBy(plugins.filter(test), (p) => p.name).map((p) => plugin(p));

  const route = (r: RouteEntity, refs: Doc = {}) =>
    clean({
      id: r.id, name: r.name, ...refs, protocols: r.protocols, methods: r.methods, hosts: r.hosts, paths: r.paths,
      strip_path: r.strip_path, preserve_host: r.preserve_host, regex_priority: r.regex_priority, tags: r.tags,
      plugins: nonEmpty(pluginsWhere((p) => p.route_id === r.id && !p.service_id)),
    });

  const doc: Doc = { _format_version: FORMAT_VERSION };
  doc.services = nonEmpty(
    sortBy(services, (s) => s.name ?? s.id).map((s) =>
      clean({
        id: s.id, name: s.name, protocol: s.protocol, host: s.host, port: s.port, path: s.path, retries: s.retries,
        connect_timeout: s.connect_timeout, read_timeout: s.read_timeout, write_timeout: s.write_timeout, enabled: s.enabled, tags: s.tags,
        routes: nonEmpty(sortBy(routes.filter((r) => r.service_id === s.id), (r) => r.name ?? r.id).map((r) => route(r))),
        plugins: nonEmpty(pluginsWhere((p) => p.service_id === s.id && !p.route_id)),
      }),
    ),
  );
  // A plugin on a route and a service at once has no single place to nest.
  doc.plugins = nonEmpty(
    sortBy(plugins.filter((p) => p.service_id && p.route_id), (p) => p.name).map((p) =>
      plugin(p, { service: nameOrId(serviceById.get(p.service_id!)), route: nameOrId(routeById.get(p.route_id!)) }),
    ),
  );
  // Application consumers (and their ACL groups) follow their applications and instances.
  doc.consumers = nonEmpty(
    sortBy(consumers.filter((c) => c.type === 'proxy'), (c) => c.username ?? c.custom_id ?? c.id).map((c) =>
      clean({
        id: c.id, username: c.username, custom_id: c.custom_id, tags: c.tags,
        acls: nonEmpty(sortBy(acls.filter((a) => a.consumer_id === c.id), (a) => a.group).map((a) => clean({ id: a.id, group: a.group, tags: a.tags }))),
      }),
    ),
  );
  const developerById = new Map(developers.map((d) => [d.id, d]));
  doc.developers = nonEmpty(
    sortBy(developers, (d) => d.email).map((d) => clean({ id: d.id, email: d.email, status: d.status, custom_id: d.custom_id, meta: d.meta, tags: d.tags })),
  );
  doc.applications = nonEmpty(
    sortBy(applications, (a) => a.custom_id).map((a) =>
      clean({
        id: a.id, name: a.name, custom_id: a.custom_id, description: a.description, redirect_uri: a.redirect_uri, meta: a.meta, tags: a.tags,
        developer: developerById.get(a.developer_id)?.email,
        instances: nonEmpty(
          sortBy(instances.filter((i) => i.application_id === a.id), (i) => nameOrId(serviceById.get(i.service_id)) ?? i.service_id).map((i) =>
            clean({
              id: i.id,
              service: nameOrId(serviceById.get(i.service_id)) ?? i.service_id,
              status: i.status,
              // Only an administrator's suspension is configuration; the developer's status implies the rest.
              suspended: i.suspended && !i.suspended_by_developer ? true : undefined,
              tags: i.tags,
            }),
          ),
        ),
      }),
    ),
  );
  return clean(doc);
}

export function formatDeclarative(doc: Doc, as: 'yaml' | 'json'): string {
  return as === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : toYaml(doc, { lineWidth: 0 });
}

const nameOrId = (row: { id: string; name: string | null } | undefined) => (row ? (row.name ?? row.id) : undefined);
const nonEmpty = <T>(list: T[]) => (list.length ? list : undefined);

function sortBy<T>(rows: T[], key: (row: T) => string): T[] {
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function clean(record: Doc): Doc {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== null && v !== undefined));
}
