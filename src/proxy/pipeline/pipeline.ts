import { MatchRouteGuard } from './match-route.guard';
import { AUTHENTICATE, AuthenticateGuard, CHECK_ACCESS, CheckAccessGuard, RESOLVE_CONSUMER, ResolveConsumerGuard } from './plugin-stage.guard';

/**
 * THE order of a proxied request, in one place: match the route, authenticate, resolve the consumer,
 * check access — then ProxyController forwards. Nest runs guards in this order and stops at the
 * first that throws; the thrown PorticoError is the response.
 */
export const PROXY_PIPELINE = [MatchRouteGuard, AuthenticateGuard, ResolveConsumerGuard, CheckAccessGuard] as const;

/** The plugin stages of PROXY_PIPELINE, in the same order, for POST /trace (which runs them without forwarding). */
export const PLUGIN_STAGES = [AUTHENTICATE, RESOLVE_CONSUMER, CHECK_ACCESS] as const;
