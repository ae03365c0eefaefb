import type { Provider, Type } from '@nestjs/common';
import { ConsumerDirectory } from '../consumers/consumer-directory';
import { SessionSecret } from '../database/session-secret';
import { Forwarder } from '../proxy/forwarder';
import { RouteTableService } from '../proxy/route-table';
import { PLUGIN_PROVIDERS, PLUGIN_TYPES } from '../plugins/plugin-catalog';
import { PluginRegistry } from '../plugins/plugin-registry';
import { APPLICATION_SERVICES } from '../applications/application-services';
import { IDENTITY_SERVICES } from '../identity/identity.providers';
import { DeclarativeConfigService } from '../declarative/declarative-config.service';
import { OBSERVABILITY_SERVICES } from '../observability/observability.providers';

/**
 * Stateful services the listeners share (route table, caches, plugin registry). Feature modules add
 * theirs here so one list decides what lives once per process.
 */
export const CORE_SERVICES: Type[] = [Forwarder, RouteTableService, ConsumerDirectory, SessionSecret, PluginRegistry, ...PLUGIN_TYPES, ...APPLICATION_SERVICES, ...IDENTITY_SERVICES, DeclarativeConfigService, ...OBSERVABILITY_SERVICES];
export const CORE_PROVIDERS: Provider[] = [Forwarder, RouteTableService, ConsumerDirectory, SessionSecret, ...PLUGIN_PROVIDERS, ...APPLICATION_SERVICES, ...IDENTITY_SERVICES, DeclarativeConfigService, ...OBSERVABILITY_SERVICES];
