import { DynamicModule, Global, INestApplicationContext, Module, Provider } from '@nestjs/common';
import { exportedTokens, Token } from './module-exports';

/**
 * Each listener is its own Nest application (its own Fastify instance, routes and docs), yet a process
 * has ONE route table, one set of caches, one database: the feature modules are built once, in the core
 * context, and each listener re-provides the instances of the modules it names, exactly their exports.
 */
@Global()
@Module({})
export class SharedInstancesModule {
  static from(core: INestApplicationContext, modules: Function[], tokens: Token[] = []): DynamicModule {
    const all = [...new Set([...tokens, ...modules.flatMap((module) => exportedTokens(module))])];
    const providers: Provider[] = all.map((token) => ({ provide: token as symbol, useValue: core.get(token as symbol, { strict: false }) }));
    return { module: SharedInstancesModule, providers, exports: all as symbol[] };
  }
}
