import { Injectable } from '@nestjs/common';
import { PLUGIN_STAGE } from './plugin-stage';
import { PluginStageGuard } from './plugin-stage.guard';

/** Stage `resolve_consumer`: map the credential to a consumer (and, for applications, to the application). */
@Injectable()
export class ResolveConsumerGuard extends PluginStageGuard {
  protected readonly stage = PLUGIN_STAGE.resolve_consumer;
}
