import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { GatewayModule } from '../gateway/gateway.module';
import { PluginsModule } from '../plugins/plugins.module';
import { Forwarder } from './forwarder';
import { RouteTableService } from './route-table';

/** The proxy's process-wide state: the route table (with each route's plugin instances) and the forwarder's agents. */
@Module({
  imports: [DatabaseModule, GatewayModule, PluginsModule],
  providers: [RouteTableService, Forwarder],
  exports: [RouteTableService, Forwarder],
})
export class ProxyModule {}
