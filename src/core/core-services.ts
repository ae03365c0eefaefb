import type { Provider, Type } from '@nestjs/common';
import { ConsumerDirectory } from '../consumers/consumer-directory';
import { Forwarder } from '../proxy/forwarder';
import { RouteTableService } from '../proxy/route-table';
import { PLUGIN_PROVIDERS, PLUGIN_TYPES } from '../plugins/plugin-catalog';
import { PluginRegistry } from '../plugins/plugin-registry';

/**
 * Stateful services the listeners share (route table, caches, plugin registry). Feature modules add
 * theirs here so one list decides what lives once per process.
 */
export const CORE_SERVICES: Type[] = [Forwarder, RouteTableService, ConsumerDirectory, PluginRegistry, ...PLUGIN_TYPES];
export const CORE_PROVIDERS: Provider[] = [Forwarder, RouteTableService, ConsumerDirectory, ...PLUGIN_PROVIDERS];
