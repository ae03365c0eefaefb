import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { ConsumersModule } from '../consumers/consumers.module';
import { IdentityModule } from '../identity/identity.module';
import { PLUGIN_PROVIDERS } from './plugin-catalog';
import { PluginRegistry } from './plugin-registry';

/** The plugins this build ships, behind one registry (the proxy builds route instances through it). */
@Module({
  imports: [IdentityModule, ConsumersModule, ApplicationsModule],
  providers: PLUGIN_PROVIDERS,
  exports: [PluginRegistry],
})
export class PluginsModule {}
