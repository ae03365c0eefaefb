import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import type { ClusterSettings, DatabaseTarget } from '../config/portico-config';

/**
 * What a data source maps: every feature's entities, the migrations and the subscribers. The
 * composition root (src/database-schema.ts) knows the features and passes them in, so this folder
 * depends on none of them.
 */
export interface DatabaseSchema {
  entities: Function[];
  migrations: Function[];
  subscribers: Function[];
}

/** Nest token of the DatabaseSchema the composition root provides. */
export const DATABASE_SCHEMA = Symbol('DATABASE_SCHEMA');

/** Migrations, never `synchronize`: the schema an operator runs is the one the code was tested with. */
export function dataSourceOptions(target: DatabaseTarget, schema: DatabaseSchema, cluster: ClusterSettings = DEFAULT_CLUSTER): DataSourceOptions {
  const common = { entities: schema.entities, migrations: schema.migrations, subscribers: schema.subscribers, synchronize: false, logging: false, migrationsRun: false };
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
export function migrationDataSource(target: DatabaseTarget, schema: DatabaseSchema, cluster: ClusterSettings): DataSource {
  return createDataSource(target, schema, { ...cluster, poolSize: 2, timeoutMs: 0 });
}

export function createDataSource(target: DatabaseTarget, schema: DatabaseSchema, cluster?: ClusterSettings): DataSource {
  return new DataSource(dataSourceOptions(target, schema, cluster));
}
