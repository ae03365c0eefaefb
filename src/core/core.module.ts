import { DynamicModule, Global, INestApplicationContext, Module, Provider, Type } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PorticoConfig } from '../config/portico-config';
import { createDataSource, migrationDataSource } from '../database/data-source';
import { migrate } from '../database/migrator';
import { SettingsRepository } from '../database/settings.repository';
import { ServicesRepository } from '../gateway/services.repository';
import { RoutesRepository } from '../gateway/routes.repository';
import { ConsumersRepository } from '../consumers/consumers.repository';
import { ConsumerAclsRepository } from '../consumers/consumer-acls.repository';
import { PluginsRepository } from '../gateway/plugins.repository';
import { CHANGE_TRANSPORT, ConfigChanges } from '../common/config-changes';
import { PostgresChangeTransport } from '../database/postgres-change-transport';
import { AuditRepository } from '../audit/audit.repository';
import { PORTICO_CONFIG } from '../config/config.token';
import { CORE_PROVIDERS, CORE_SERVICES } from './core-services';

const REPOSITORIES: Type[] = [
  SettingsRepository,
  ServicesRepository,
  RoutesRepository,
  ConsumersRepository,
  ConsumerAclsRepository,
  PluginsRepository,
  AuditRepository,
];

/** Everything the three listeners share: one database, one route table, one set of caches. */
export const SHARED_TOKENS: (Type | symbol)[] = [PORTICO_CONFIG, DataSource, ConfigChanges, ...REPOSITORIES];

@Global()
@Module({})
export class CoreModule {
  static forRoot(config: PorticoConfig): DynamicModule {
    const providers: Provider[] = [
      { provide: PORTICO_CONFIG, useValue: config },
      {
        provide: DataSource,
        useFactory: async () => {
          // SQLite in memory is one connection's database: it must be migrated through the one the app uses.
          const dataSource = createDataSource(config.database, config.cluster);
          const migrator = config.database.type === 'postgres' ? migrationDataSource(config.database, config.cluster) : dataSource;
          await migrator.initialize();
          try {
            await migrate(migrator, config.autoMigrate);
          } finally {
            if (migrator !== dataSource) await migrator.destroy();
          }
          if (!dataSource.isInitialized) await dataSource.initialize();
          return dataSource;
        },
      },
      {
        provide: CHANGE_TRANSPORT,
        inject: [DataSource],
        useFactory: (dataSource: DataSource) =>
          config.database.type === 'postgres' ? new PostgresChangeTransport(config.database.url, config.cluster, dataSource) : null,
      },
      ConfigChanges,
      ...REPOSITORIES,
      ...CORE_PROVIDERS,
    ];
    return { module: CoreModule, providers, exports: providers };
  }
}

/**
 * Each listener is its own Nest application (its own Fastify instance, routes and docs), but they
 * must share the core's singletons: this module re-provides the instances the core context built.
 */
@Global()
@Module({})
export class SharedCoreModule {
  static from(core: INestApplicationContext): DynamicModule {
    const providers: Provider[] = [...SHARED_TOKENS, ...CORE_SERVICES].map((token) => ({
      provide: token,
      useValue: core.get(token as Type, { strict: false }),
    }));
    return { module: SharedCoreModule, providers, exports: providers };
  }
}
