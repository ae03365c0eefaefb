import type { CanActivate, Type } from '@nestjs/common';
import { PIPELINE_STAGES, PipelineStage } from '../../pipeline-contract/pipeline-order';
import { AuthenticateGuard } from './authenticate.guard';
import { CheckAccessGuard } from './check-access.guard';
import { MatchRouteGuard } from './match-route.guard';
import { ReceiveGuard } from './receive.guard';
import { ResolveConsumerGuard } from './resolve-consumer.guard';

/**
 * Each stage of PIPELINE_STAGES (the one declared order) and the guard that runs it. `forward` is the
 * last stage: ForwardController's handler, which Nest calls once every guard passed.
 */
const STAGE_GUARDS: { readonly [stage in Exclude<PipelineStage, 'forward'>]: Type<CanActivate> } = {
  receive: ReceiveGuard,
  match_route: MatchRouteGuard,
  authenticate: AuthenticateGuard,
  resolve_consumer: ResolveConsumerGuard,
  check_access: CheckAccessGuard,
};

/** The guards in PIPELINE_STAGES order. Nest runs them in this order and stops at the first that throws; the thrown PorticoError is the response. */
export const PROXY_PIPELINE: readonly Type<CanActivate>[] = PIPELINE_STAGES.flatMap((stage) => (stage === 'forward' ? [] : [STAGE_GUARDS[stage]]));
