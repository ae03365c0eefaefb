import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import type { ClusterSettings, DatabaseTarget } from '../config/portico-config';
import { ServiceEntity } from '../gateway/service.entity';
import { RouteEntity } from '../gateway/route.entity';
import { ConsumerEntity } from '../consumers/consumer.entity';
import { ConsumerAclEntity } from '../consumers/consumer-acl.entity';
import { PluginEntity } from '../plugins/plugin.entity';
import { SettingEntity } from './setting.entity';
import { GatewayCore1764140000000 } from './migrations/1764140000000-gateway-core';
import { DeveloperEntity } from '../applications/developer.entity';
import { ApplicationEntity } from '../applications/application.entity';
import { ApplicationInstanceEntity } from '../applications/application-instance.entity';
import { Applications1764160000000 } from './migrations/1764160000000-applications';
import { Audit1764180000000 } from './migrations/1764180000000-audit';
import { AuditRequestEntity } from '../audit/audit-request.entity';
import { AuditObjectEntity } from '../audit/audit-object.entity';
import { AuditSubscriber } from '../audit/audit-subscriber';

export const ENTITIES = [ServiceEntity, RouteEntity, ConsumerEntity, ConsumerAclEntity, PluginEntity, SettingEntity, DeveloperEntity, ApplicationEntity, ApplicationInstanceEntity, AuditRequestEntity, AuditObjectEntity];
export const MIGRATIONS = [GatewayCore1764140000000, Applications1764160000000, Audit1764180000000];

/** Migrations, never `synchronize`: the schema an operator runs is the one the code was tested with. */
export function dataSourceOptions(target: DatabaseTarget, cluster: ClusterSettings = DEFAULT_CLUSTER): DataSourceOptions {
  const common = { entities: ENTITIES, migrations: MIGRATIONS, subscribers: [AuditSubscriber], synchronize: false, logging: false, migrationsRun: false };
  if (target.type === 'postgres') {
    return { ...common, type: 'postgres', url: target.url, applicationName: 'portico', poolSize: cluster.poolSize, extra: postgresPoolOptions(cluster) };
  }
  if (target.path !== ':memory:') mkdirSync(dirname(target.path), { recursive: true });
  // TypeORM 1.x drives SQLite through better-sqlite3 only (its sqlite3 driver is gone). WAL lets
  // readers proceed while the Admin API writes; `timeout` rides out another writer's lock.
  return { ...common, type: 'better-sqlite3', database: target.path, enableWAL: target.path !== ':memory:', timeout: 5000 };
}

const DEFAULT_CLUSTER: ClusterSettings = { updateFrequencyMs: 5000, poolSize: 10, timeoutMs: 3000 };

/**
 * node-postgres pool and per-connection settings: a dead or unreachable database fails a request in
 * `timeoutMs` (waiting for a connection, then the statement itself) instead of hanging it, so the
 * management APIs can answer 503 well within the 5 s SPEC §7 allows.
 */
export function postgresPoolOptions(cluster: ClusterSettings) {
  const common = { idleTimeoutMillis: 30_000, keepAlive: true };
  if (!cluster.timeoutMs) return common;
  return { ...common, connectionTimeoutMillis: cluster.timeoutMs, statement_timeout: cluster.timeoutMs, query_timeout: cluster.timeoutMs + 500 };
}

/**
 * Migrations run on a connection of their own without the request timeouts: a schema change on a big
 * table may take minutes, and waiting for another node's migration must not time out either.
 */
export function migrationDataSource(target: DatabaseTarget, cluster: ClusterSettings): DataSource {
  return createDataSource(target, { ...cluster, poolSize: 2, timeoutMs: 0 });
}

export function createDataSource(target: DatabaseTarget, cluster?: ClusterSettings): DataSource {
  return new DataSource(dataSourceOptions(target, cluster));
}
