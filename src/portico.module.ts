import { DynamicModule, Global, INestApplicationContext, LoggerService, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApplicationsModule } from './applications/applications.module';
import { AuditModule } from './audit/audit.module';
import { PORTICO_CONFIG } from './config/config.token';
import type { PorticoConfig } from './config/portico-config';
import { ConsumersModule } from './consumers/consumers.module';
import { DATABASE_SCHEMA } from './database/data-source';
import { DatabaseModule } from './database/database.module';
import { PORTICO_SCHEMA } from './database-schema';
import { DeclarativeModule } from './declarative/declarative.module';
import { GatewayModule } from './gateway/gateway.module';
import { IdentityModule } from './identity/identity.module';
import { ObservabilityModule } from './observability/observability.module';
import { PluginsModule } from './plugins/plugins.module';
import { ProxyModule } from './proxy/proxy.module';

/** What every feature module may inject without importing anything: the settings and the tables. */
@Global()
@Module({})
class PorticoSettingsModule {
  static of(config: PorticoConfig): DynamicModule {
    const providers = [
      { provide: PORTICO_CONFIG, useValue: config },
      { provide: DATABASE_SCHEMA, useValue: PORTICO_SCHEMA },
    ];
    return { module: PorticoSettingsModule, providers, exports: providers.map((p) => p.provide) };
  }
}

/** The composition root: every feature module, built once per process (the listeners share it). */
@Module({})
export class PorticoModule {
  static forRoot(config: PorticoConfig): DynamicModule {
    return {
      module: PorticoModule,
      imports: [
        PorticoSettingsModule.of(config),
        DatabaseModule,
        AuditModule,
        GatewayModule,
        ConsumersModule,
        ObservabilityModule,
        IdentityModule,
        ApplicationsModule,
        PluginsModule,
        ProxyModule,
        DeclarativeModule,
      ],
    };
  }
}

/** The core context: the database, migrated, and every feature's services, without any listener. */
export async function createCore(config: PorticoConfig, logger: LoggerService | false): Promise<INestApplicationContext> {
  const core = await NestFactory.createApplicationContext(PorticoModule.forRoot(config), { logger });
  await core.init();
  return core;
}
