import { Injectable } from '@nestjs/common';
import { PLUGIN_STAGE } from './plugin-stage';
import { PluginStageGuard } from './plugin-stage.guard';

/** Stage `authenticate`: establish who is calling from the credential the request carries (openid-connect). */
@Injectable()
export class AuthenticateGuard extends PluginStageGuard {
  protected readonly stage = PLUGIN_STAGE.authenticate;
}
