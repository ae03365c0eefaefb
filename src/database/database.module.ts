import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CHANGE_TRANSPORT, ConfigChanges } from '../common/config-changes';
import { PORTICO_CONFIG } from '../config/config.token';
import type { PorticoConfig } from '../config/portico-config';
import { createDataSource, DATABASE_SCHEMA, DatabaseSchema, migrationDataSource } from './data-source';
import { migrate } from './migrator';
import { PostgresChangeTransport } from './postgres-change-transport';
import { SessionSecret } from './session-secret';
import { SettingsRepository } from './settings.repository';

/** Opens the database, migrated before anything reads it. */
async function openDatabase(config: PorticoConfig, schema: DatabaseSchema): Promise<DataSource> {
  // SQLite in memory is one connection's database: it must be migrated through the one the app uses.
  const dataSource = createDataSource(config.database, schema, config.cluster);
  const migrator = config.database.type === 'postgres' ? migrationDataSource(config.database, schema, config.cluster) : dataSource;
  await migrator.initialize();
  try {
    await migrate(migrator, config.autoMigrate);
  } finally {
    if (migrator !== dataSource) await migrator.destroy();
  }
  if (!dataSource.isInitialized) await dataSource.initialize();
  return dataSource;
}

/**
 * The database (migrated on start), the change feed between writers and caches (across nodes on
 * PostgreSQL) and the cluster's session secret. Global: the audit trail's repository needs the data
 * source too, and audit sits below this folder (repositories record their changes into its scope).
 * Needs PORTICO_CONFIG and DATABASE_SCHEMA from the composition root.
 */
@Global()
@Module({
  providers: [
    { provide: DataSource, inject: [PORTICO_CONFIG, DATABASE_SCHEMA], useFactory: openDatabase },
    {
      provide: CHANGE_TRANSPORT,
      inject: [PORTICO_CONFIG, DataSource],
      useFactory: (config: PorticoConfig, dataSource: DataSource) =>
        config.database.type === 'postgres' ? new PostgresChangeTransport(config.database.url, config.cluster, dataSource) : null,
    },
    ConfigChanges,
    SettingsRepository,
    SessionSecret,
  ],
  exports: [DataSource, ConfigChanges, SessionSecret],
})
export class DatabaseModule {}
