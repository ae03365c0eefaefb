import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { GatewayModule } from '../gateway/gateway.module';
import { ApplicationAccessDirectory } from './application-access.directory';
import { ApplicationCatalogService } from './application-catalog.service';
import { ApplicationInstancesRepository } from './application-instances.repository';
import { ApplicationInstancesService } from './application-instances.service';
import { ApplicationStore } from './application-store';
import { ApplicationsRepository } from './applications.repository';
import { ApplicationsService } from './applications.service';
import { DevelopersRepository } from './developers.repository';
import { DevelopersService } from './developers.service';

/**
 * Developers, applications, their instances (access to services) and the catalog of services open to
 * registration. Once per process, shared by the proxy (access decisions), the admin API (approval) and
 * the portal: the access cache must be the one every writer invalidates, the login throttle one per node.
 */
@Module({
  imports: [DatabaseModule, GatewayModule],
  providers: [
    DevelopersRepository,
    ApplicationsRepository,
    ApplicationInstancesRepository,
    ApplicationStore,
    ApplicationAccessDirectory,
    ApplicationCatalogService,
    DevelopersService,
    ApplicationsService,
    ApplicationInstancesService,
  ],
  exports: [
    DevelopersRepository,
    ApplicationsRepository,
    ApplicationInstancesRepository,
    ApplicationAccessDirectory,
    ApplicationCatalogService,
    DevelopersService,
    ApplicationsService,
    ApplicationInstancesService,
  ],
})
export class ApplicationsModule {}
