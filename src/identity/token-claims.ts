import type { RejectionReason } from './identity-errors';

export type Claims = Record<string, unknown>;

/**
 * `exp` required; `exp`, `nbf` and `iat` compared with `leeway` seconds of tolerance for clock skew.
 * Run on every use of a token, cached or not, so a cached verification never outlives the token.
 */
export function checkTimeClaims(claims: Claims, leewaySeconds: number, nowSeconds: number): RejectionReason | null {
  const { exp, nbf, iat } = claims;
  if (exp === undefined) return 'missing_exp';
  if (typeof exp !== 'number' || (nbf !== undefined && typeof nbf !== 'number') || (iat !== undefined && typeof iat !== 'number')) {
    return 'malformed_token';
  }
  if (nowSeconds >= exp + leewaySeconds) return 'token_expired';
  if (typeof nbf === 'number' && nbf > nowSeconds + leewaySeconds) return 'token_not_yet_valid';
  if (typeof iat === 'number' && iat > nowSeconds + leewaySeconds) return 'token_issued_in_future';
  return null;
}

/** A claim by path (Kong's `scopes_claim` is a path: `["realm_access", "roles"]`). */
export function claimAt(claims: Claims, path: readonly string[]): unknown {
  let node: unknown = claims;
  for (const segment of path) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as Claims)[segment];
  }
  return node;
}

/** A claim holding several values: a space-separated string (`scope`) or an array (`scp`, `aud`). */
export function claimValues(value: unknown): string[] {
  if (typeof value === 'string') return value.split(' ').filter(Boolean);
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/**
 * Kong's rule for `scopes_required` and `audience_required`: an entry with spaces needs all of its
 * values, and any one entry is enough. Nothing required is always satisfied.
 */
export function satisfiesAnyOf(required: readonly string[] | null | undefined, present: readonly string[]): boolean {
  if (!required || required.length === 0) return true;
  return required.some((entry) => {
    const needed = entry.split(' ').filter(Boolean);
    return needed.length > 0 && needed.every((value) => present.includes(value));
  });
}

/** The first of `names` the claims carry as a usable identifier (consumer_claim). */
export function firstPresentClaim(claims: Claims, names: readonly string[]): string | null {
  for (const name of names) {
    const value = claims[name];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  }
  return null;
}
