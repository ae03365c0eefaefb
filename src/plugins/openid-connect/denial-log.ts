import { PorticoError } from '../../common/http-errors';
import { logger, logRepeated } from '../../common/logger';
import { IdpUnavailableError, TokenRejectedError } from '../../identity/identity-errors';
import type { OidcDenials } from './oidc-denials';

/** Where a refusal happened, for its log line. */
export interface DenialScene {
  /** X-Portico-Request-Id, so the line can be found from the client's answer. */
  request_id: string;
  plugin: string;
  issuer: string;
  route: string;
  service: string;
}

/**
 * Every refusal becomes the SPEC's answer and one log line with its reason id (never the credential).
 * Anything else (a bug, a database error) is returned as it is, for the pipeline's own handling.
 */
export function toDenial(err: unknown, denials: OidcDenials, scene: DenialScene): unknown {
  let error: PorticoError;
  if (err instanceof PorticoError) error = err;
  else if (err instanceof TokenRejectedError) error = denials.invalid(err.reason);
  else if (err instanceof IdpUnavailableError) {
    // Once per request while the IdP is down: rate-limited per issuer and cause, with a count of the rest.
    logRepeated('warn', `idp_unavailable ${scene.issuer} ${err.detail}`, { request_id: scene.request_id, plugin: scene.plugin, issuer: scene.issuer, route: scene.route, detail: err.detail }, 'identity provider unavailable');
    error = denials.unavailable(err.retryAfterSeconds);
  } else return err;
  logger().info({ request_id: scene.request_id, plugin: scene.plugin, route: scene.route, service: scene.service, status: error.status, reason: error.reason }, 'request denied');
  return error;
}
