import { DynamicModule, Global, INestApplicationContext, Module, Provider, Type } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants';

type Token = Type | symbol | string;

const MODULE_KEYS: string[] = Object.values(MODULE_METADATA);

function isModule(value: unknown): value is Type {
  return typeof value === 'function' && Reflect.getMetadataKeys(value).some((key) => MODULE_KEYS.includes(key));
}

/** What a (static) feature module exports, through the modules it re-exports: its public surface. */
export function exportedTokens(module: Type, seen = new Set<Type>()): Token[] {
  if (seen.has(module)) return [];
  seen.add(module);
  const exports: unknown[] = Reflect.getMetadata(MODULE_METADATA.EXPORTS, module) ?? [];
  return exports.flatMap((entry) => {
    if (isModule(entry)) return exportedTokens(entry, seen);
    if (entry && typeof entry === 'object' && 'provide' in entry) return [(entry as { provide: Token }).provide];
    return [entry as Token];
  });
}

/**
 * Each listener is its own Nest application (its own Fastify instance, routes and docs), yet a process
 * has ONE route table, one set of caches, one database: the feature modules are built once, in the core
 * context, and each listener re-provides the instances of the modules it imports, exactly their exports.
 */
@Global()
@Module({})
export class SharedInstancesModule {
  static from(core: INestApplicationContext, modules: Type[], tokens: Token[] = []): DynamicModule {
    const all = [...new Set([...tokens, ...modules.flatMap((module) => exportedTokens(module))])];
    const providers: Provider[] = all.map((token) => ({ provide: token, useValue: core.get(token, { strict: false }) }));
    return { module: SharedInstancesModule, providers, exports: all };
  }
}
