import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { PluginInstance } from '../../plugins/plugin-definition';
import { contextOf, ProxyContext } from '../proxy-context';
import type { CompiledRoute } from '../route-table';

/** One plugin stage of the pipeline: which of the route's plugins take part, and how each is run. */
export interface PluginStage {
  readonly name: 'authenticate' | 'resolve_consumer' | 'check_access';
  plugins(route: CompiledRoute): readonly PluginInstance[];
  run(plugin: PluginInstance, ctx: ProxyContext): Promise<void> | void;
}

export const AUTHENTICATE: PluginStage = {
  name: 'authenticate',
  plugins: (route) => route.authenticators,
  run: (plugin, ctx) => plugin.authenticate!(ctx),
};
export const RESOLVE_CONSUMER: PluginStage = {
  name: 'resolve_consumer',
  plugins: (route) => route.consumerResolvers,
  run: (plugin, ctx) => plugin.resolveConsumer!(ctx),
};
export const CHECK_ACCESS: PluginStage = {
  name: 'check_access',
  plugins: (route) => route.accessCheckers,
  run: (plugin, ctx) => plugin.checkAccess!(ctx),
};

/**
 * A pipeline stage that runs the route's plugins taking part in it, in priority order. Routes without
 * such plugins pass straight through, synchronously.
 */
abstract class PluginStageGuard implements CanActivate {
  protected abstract readonly stage: PluginStage;

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const ctx = contextOf(context.switchToHttp().getRequest<FastifyRequest>().raw);
    const plugins = this.stage.plugins(ctx.route);
    return plugins.length === 0 ? true : this.runAll(plugins, ctx);
  }

  private async runAll(plugins: readonly PluginInstance[], ctx: ProxyContext): Promise<boolean> {
    for (const plugin of plugins) await this.stage.run(plugin, ctx);
    return true;
  }
}

/** Stage 2: establish who is calling from the credential the request carries. */
@Injectable()
export class AuthenticateGuard extends PluginStageGuard {
  protected readonly stage = AUTHENTICATE;
}

/** Stage 3: map the credential to a consumer (and, for applications, to the application). */
@Injectable()
export class ResolveConsumerGuard extends PluginStageGuard {
  protected readonly stage = RESOLVE_CONSUMER;
}

/** Stage 4: check that the consumer may use this route (acl, application-registration). */
@Injectable()
export class CheckAccessGuard extends PluginStageGuard {
  protected readonly stage = CHECK_ACCESS;
}
