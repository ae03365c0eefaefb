import type { CanActivate, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { contextOf } from '../proxy-context';
import { PluginStage, runPluginStage } from './plugin-stage';

/** What the three plugin-stage guards share: find the request's context, run the stage's plugins on it. */
export abstract class PluginStageGuard implements CanActivate {
  protected abstract readonly stage: PluginStage;

  canActivate(context: ExecutionContext): true | Promise<true> {
    return runPluginStage(this.stage, contextOf(context.switchToHttp().getRequest<FastifyRequest>().raw));
  }
}
