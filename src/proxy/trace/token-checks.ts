import type { AuthenticatedCredential } from '../../pipeline-contract/plugin-context';

export type CheckVerdict = 'passed' | 'failed' | 'not reached';

export interface TokenCheck {
  check: string;
  verdict: CheckVerdict;
  /** For the failed check: the reason id (as in logs and metrics) and what it means. */
  reason?: string;
}

/** The checks a credential goes through, in the order the verifier and the plugin make them. */
const JWT_CHECKS = ['format', 'algorithm', 'token type', 'issuer', 'signature', 'validity period', 'audience', 'scopes', 'consumer'];
const INTROSPECTION_CHECKS = ['format', 'introspection (active)', 'issuer', 'audience', 'scopes', 'consumer'];
const EXCHANGE_CHECKS = ['grant', 'exchange at the identity provider', ...JWT_CHECKS.slice(1)];
const SESSION_CHECKS = ['session cookie', 'session lifetime', ...JWT_CHECKS.slice(1)];

/** Which check each denial reason id is the failure of. */
const CHECK_OF_REASON: Record<string, string> = {
  duplicate_authorization: 'format',
  malformed_credentials: 'format',
  malformed_token: 'format',
  alg_not_allowed: 'algorithm',
  typ_not_allowed: 'token type',
  wrong_issuer: 'issuer',
  unknown_kid: 'signature',
  bad_signature: 'signature',
  missing_exp: 'validity period',
  token_expired: 'validity period',
  token_not_yet_valid: 'validity period',
  token_issued_in_future: 'validity period',
  wrong_audience: 'audience',
  insufficient_scope: 'scopes',
  token_inactive: 'introspection (active)',
  introspection_refused: 'introspection (active)',
  introspection_not_configured: 'introspection (active)',
  bad_client_credentials: 'exchange at the identity provider',
  bad_password: 'exchange at the identity provider',
  grant_not_configured: 'grant',
  grant_not_enabled: 'grant',
  session_invalid: 'session cookie',
  session_expired: 'session lifetime',
  consumer_not_found: 'consumer',
};

/** The list for a credential the plugin accepted: every check passed. */
export function passedChecks(kind: AuthenticatedCredential['kind']): TokenCheck[] {
  return checksFor(kind).map((check) => ({ check, verdict: 'passed' as const }));
}

/**
 * The list for a refused credential: the checks before the failing one passed (the verifier stops at
 * the first failure), the failing one says why, the rest were never made.
 */
export function failedChecks(credentialType: string, reason: string, explain: (reason: string) => string): TokenCheck[] {
  const failing = CHECK_OF_REASON[reason];
  if (!failing) return [{ check: 'credential', verdict: 'failed', reason: `${reason}: ${explain(reason)}` }];
  const order = orderFor(credentialType, failing);
  const at = order.indexOf(failing);
  return order.map((check, i) =>
    i < at ? { check, verdict: 'passed' as const } : i === at ? { check, verdict: 'failed' as const, reason: `${reason}: ${explain(reason)}` } : { check, verdict: 'not reached' as const },
  );
}

function checksFor(kind: AuthenticatedCredential['kind']): string[] {
  switch (kind) {
    case 'introspection':
      return INTROSPECTION_CHECKS;
    case 'client_credentials':
    case 'password':
      return EXCHANGE_CHECKS;
    case 'session':
      return SESSION_CHECKS;
    default:
      return JWT_CHECKS;
  }
}

function orderFor(credentialType: string, failing: string): string[] {
  if (credentialType === 'basic') return EXCHANGE_CHECKS;
  if (credentialType === 'session') return SESSION_CHECKS;
  return INTROSPECTION_CHECKS.includes(failing) && !JWT_CHECKS.includes(failing) ? INTROSPECTION_CHECKS : JWT_CHECKS;
}
