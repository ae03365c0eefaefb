import { PorticoError } from '../../common/http-errors';
import type { RejectionReason } from '../../identity/identity-errors';

/** Reasons the plugin itself decides, on top of what token verification reports. */
export type DenialReason =
  | RejectionReason
  | 'no_credentials'
  | 'duplicate_authorization'
  | 'malformed_credentials'
  | 'grant_not_enabled'
  | 'session_invalid'
  | 'session_expired'
  | 'insufficient_scope'
  | 'consumer_not_found';

/** What display_errors shows in parentheses; short, and never about the credential's content. */
const DISPLAY: Record<DenialReason, string> = {
  no_credentials: 'no credentials found',
  duplicate_authorization: 'more than one Authorization header',
  malformed_credentials: 'malformed credentials',
  malformed_token: 'malformed token',
  alg_not_allowed: 'signing algorithm not allowed',
  typ_not_allowed: 'token type not allowed',
  unknown_kid: 'signing key not found',
  bad_signature: 'invalid signature',
  missing_exp: 'token has no expiry',
  token_expired: 'token expired',
  token_not_yet_valid: 'token not yet valid',
  token_issued_in_future: 'token issued in the future',
  wrong_issuer: 'issuer not allowed',
  wrong_audience: 'audience not allowed',
  token_inactive: 'token inactive',
  introspection_refused: 'token could not be introspected',
  introspection_not_configured: 'token could not be introspected',
  bad_client_credentials: 'invalid client credentials',
  bad_password: 'invalid username or password',
  too_many_failures: 'too many failed attempts; retry later',
  grant_not_configured: 'grant not available',
  grant_not_enabled: 'grant not enabled',
  session_invalid: 'invalid session',
  session_expired: 'session expired',
  insufficient_scope: 'missing required scope',
  consumer_not_found: 'no consumer for the token',
};

/** What a reason id means, in words (POST /trace); undefined for reasons this plugin does not give. */
export function describeDenial(reason: string): string | undefined {
  return (DISPLAY as Record<string, string>)[reason];
}

export const IDP_UNAVAILABLE_MESSAGE = 'The identity provider is unavailable';

/** RFC 6750 §3: the realm always; an error code only when a credential was presented. */
export function wwwAuthenticate(realm: string, error?: 'invalid_token' | 'insufficient_scope'): string {
  return error ? `Bearer realm="${realm}", error="${error}"` : `Bearer realm="${realm}"`;
}

/** `realm` is the issuer URL's host, with its port when it has one. */
export function realmOf(issuer: string): string {
  return new URL(issuer).host;
}

export interface DenialMessages {
  display_errors: boolean;
  unauthorized_error_message: string;
  forbidden_error_message: string;
}

/** Builds the plugin's answers (SPEC §3.1) for one plugin's realm and messages. */
export class OidcDenials {
  constructor(
    private readonly realm: string,
    private readonly messages: DenialMessages,
  ) {}

  noCredentials(): PorticoError {
    return this.unauthorized('no_credentials');
  }

  /** 401 invalid_token: invalid, expired, wrong issuer or audience, bad client secret, tampered session. */
  invalid(reason: DenialReason): PorticoError {
    return this.unauthorized(reason, 'invalid_token');
  }

  /** 403 insufficient_scope: scopes missing, or no consumer for the claim. */
  forbidden(reason: DenialReason): PorticoError {
    return new PorticoError(403, { message: this.message(this.messages.forbidden_error_message, reason) }, reason, {
      'www-authenticate': wwwAuthenticate(this.realm, 'insufficient_scope'),
    });
  }

  unavailable(retryAfterSeconds: number): PorticoError {
    return new PorticoError(503, { message: IDP_UNAVAILABLE_MESSAGE }, 'idp_unavailable', { 'retry-after': String(retryAfterSeconds) });
  }

  private unauthorized(reason: DenialReason, error?: 'invalid_token'): PorticoError {
    return new PorticoError(401, { message: this.message(this.messages.unauthorized_error_message, reason) }, reason, {
      'www-authenticate': wwwAuthenticate(this.realm, error),
    });
  }

  private message(base: string, reason: DenialReason): string {
    return this.messages.display_errors ? `${base} (${DISPLAY[reason]})` : base;
  }
}
