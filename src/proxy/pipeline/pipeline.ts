import { MatchRouteGuard } from './match-route.guard';
import { AuthenticateGuard, CheckAccessGuard, ResolveConsumerGuard } from './plugin-stage.guard';

/**
 * THE order of a proxied request, in one place: match the route, authenticate, resolve the consumer,
 * check access — then ProxyController forwards. Nest runs guards in this order and stops at the
 * first that throws; the thrown PorticoError is the response.
 */
export const PROXY_PIPELINE = [MatchRouteGuard, AuthenticateGuard, ResolveConsumerGuard, CheckAccessGuard] as const;
