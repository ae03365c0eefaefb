import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { PluginsRepository } from './plugins.repository';
import { RoutesRepository } from './routes.repository';
import { ServicesRepository } from './services.repository';

/** Kong's configuration entities: services, routes and plugin rows. */
@Module({
  imports: [DatabaseModule],
  providers: [ServicesRepository, RoutesRepository, PluginsRepository],
  exports: [ServicesRepository, RoutesRepository, PluginsRepository],
})
export class GatewayModule {}
