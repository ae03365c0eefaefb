import type { Provider, Type } from '@nestjs/common';
import type { PluginDefinition } from './plugin-definition';
import { PluginRegistry } from './plugin-registry';
import { AclPlugin } from './acl/acl.plugin';
import { ApplicationRegistrationPlugin } from './application-registration/application-registration.plugin';
import { OpenIdConnectPlugin } from './openid-connect/openid-connect.plugin';

/**
 * Every plugin this build ships, in one list. Their priorities (in each definition) decide the order
 * within a pipeline stage, as Kong's handler priorities do.
 */
export const PLUGIN_TYPES: Type<PluginDefinition>[] = [AclPlugin, ApplicationRegistrationPlugin, OpenIdConnectPlugin];

export const PLUGIN_PROVIDERS: Provider[] = [
  ...PLUGIN_TYPES,
  { provide: PluginRegistry, useFactory: (...definitions: PluginDefinition[]) => new PluginRegistry(definitions), inject: PLUGIN_TYPES },
];
