/**
 * Why a credential was not accepted. Each id goes to the log (and, with display_errors, a readable
 * form of it to the client); none of them ever carries the credential itself.
 */
export type RejectionReason =
  | 'malformed_token'
  | 'alg_not_allowed'
  | 'typ_not_allowed'
  | 'unknown_kid'
  | 'bad_signature'
  | 'missing_exp'
  | 'token_expired'
  | 'token_not_yet_valid'
  | 'token_issued_in_future'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'token_inactive'
  | 'introspection_refused'
  | 'introspection_not_configured'
  | 'bad_client_credentials'
  | 'bad_password'
  | 'too_many_failures'
  | 'grant_not_configured';

/** The identity provider answered, and its answer (or the token itself) says no. */
export class TokenRejectedError extends Error {
  constructor(readonly reason: RejectionReason) {
    super(reason);
  }
}

/**
 * The identity provider could not be asked: unreachable, timing out, answering 5xx or nonsense, with
 * nothing usable cached. Callers answer 503 with Retry-After, never 500.
 */
export class IdpUnavailableError extends Error {
  constructor(
    readonly detail: string,
    /** Seconds until asking again makes sense (the back-off still running, or a short default). */
    readonly retryAfterSeconds = 5,
  ) {
    super(`identity provider unavailable: ${detail}`);
  }
}
