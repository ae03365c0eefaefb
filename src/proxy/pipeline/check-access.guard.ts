import { Injectable } from '@nestjs/common';
import { PLUGIN_STAGE } from './plugin-stage';
import { PluginStageGuard } from './plugin-stage.guard';

/** Stage `check_access`: check that the consumer may use this route (acl, application-registration). */
@Injectable()
export class CheckAccessGuard extends PluginStageGuard {
  protected readonly stage = PLUGIN_STAGE.check_access;
}
