import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { PluginInstance } from '../../plugins/plugin-definition';
import { contextOf, ProxyContext } from '../proxy-context';
import type { CompiledRoute } from '../route-table';

/**
 * A pipeline stage that runs the route's plugins taking part in it, in priority order. Routes without
 * such plugins pass straight through, synchronously.
 */
abstract class PluginStageGuard implements CanActivate {
  protected abstract plugins(route: CompiledRoute): readonly PluginInstance[];
  protected abstract run(plugin: PluginInstance, ctx: ProxyContext): Promise<void> | void;

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const ctx = contextOf(context.switchToHttp().getRequest<FastifyRequest>().raw);
    const plugins = this.plugins(ctx.route);
    return plugins.length === 0 ? true : this.runAll(plugins, ctx);
  }

  private async runAll(plugins: readonly PluginInstance[], ctx: ProxyContext): Promise<boolean> {
    for (const plugin of plugins) await this.run(plugin, ctx);
    return true;
  }
}

/** Stage 2: establish who is calling from the credential the request carries. */
@Injectable()
export class AuthenticateGuard extends PluginStageGuard {
  protected plugins = (route: CompiledRoute) => route.authenticators;
  protected run = (plugin: PluginInstance, ctx: ProxyContext) => plugin.authenticate!(ctx);
}

/** Stage 3: map the credential to a consumer (and, for applications, to the application). */
@Injectable()
export class ResolveConsumerGuard extends PluginStageGuard {
  protected plugins = (route: CompiledRoute) => route.consumerResolvers;
  protected run = (plugin: PluginInstance, ctx: ProxyContext) => plugin.resolveConsumer!(ctx);
}

/** Stage 4: check that the consumer may use this route (acl, application-registration). */
@Injectable()
export class CheckAccessGuard extends PluginStageGuard {
  protected plugins = (route: CompiledRoute) => route.accessCheckers;
  protected run = (plugin: PluginInstance, ctx: ProxyContext) => plugin.checkAccess!(ctx);
}
