import { JsonWebTokenError, NotBeforeError, TokenExpiredError } from 'jsonwebtoken';
import type { KeyObject } from 'node:crypto';
import { Strategy, StrategyOptionsWithRequest } from 'passport-jwt';
import { IdpUnavailableError, RejectionReason, TokenRejectedError } from './identity-errors';
import type { VerificationKey } from './jwks-key-store';
import type { Claims } from './token-claims';

/**
 * Asymmetric algorithms only: `none` and HS* are refused (an HS256 token "signed" with the issuer's
 * public key would otherwise verify). EdDSA is not here because jsonwebtoken cannot verify it.
 */
export const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'] as const;

/** One token to verify, and how to find the key its header names. */
export interface JwtVerificationRequest {
  readonly token: string;
  readonly kid: string | undefined;
  readonly alg: string;
  resolveKey(kid: string | undefined): Promise<VerificationKey>;
  /** Set once the key is found: the verified-token cache remembers which key vouched for the token. */
  key?: VerificationKey;
}

/**
 * The design card's passport-jwt strategy, as options shared by its Nest provider
 * (jwt-access-token.passport-strategy.ts) and unit specs: jsonwebtoken checks the signature and
 * algorithm with a KeyObject handed out by the issuer's key store (never a PEM string, which costs a
 * key parse per verification). Time claims are left to checkTimeClaims, which runs on cached tokens
 * too, so one rule applies whether or not the token was verified just now.
 */
export const JWT_ACCESS_TOKEN_OPTIONS: StrategyOptionsWithRequest = {
  jwtFromRequest: (req) => (req as unknown as JwtVerificationRequest).token,
  secretOrKeyProvider: (raw, _token, done) => {
    const req = raw as unknown as JwtVerificationRequest;
    req.resolveKey(req.kid).then(
      (key) => {
        const refusal = structuralRefusal(req, key);
        if (refusal) return done(new TokenRejectedError(refusal));
        req.key = key;
        done(null, key.key as never);
      },
      (err: unknown) => done(err),
    );
  },
  algorithms: [...ASYMMETRIC_ALGORITHMS],
  ignoreExpiration: true,
  jsonWebTokenOptions: { ignoreNotBefore: true },
  passReqToCallback: true,
};

/** The strategy without Nest (for unit specs, which cannot load @nestjs/*): the verified payload is the user. */
export function plainJwtAccessTokenStrategy(): Strategy {
  return new Strategy(JWT_ACCESS_TOKEN_OPTIONS, (_req: unknown, payload: Claims, done: (err: unknown, user?: unknown) => void) => done(null, payload));
}

/**
 * What jsonwebtoken would refuse before checking the signature, checked here first (after the key is
 * found, where jsonwebtoken checks it): jsonwebtoken reports all of these with one error class and a
 * message, so once they are ruled out, its JsonWebTokenError can only mean the signature.
 */
function structuralRefusal(req: JwtVerificationRequest, key: VerificationKey): RejectionReason | null {
  // The JWK naming an algorithm pins it: the same RSA key must not verify a PS token it was not published for.
  if (key.alg && key.alg !== req.alg) return 'alg_not_allowed';
  // Three base64url parts, the signature not empty (jws's compact form).
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(req.token)) return 'malformed_token';
  if (!keyFitsAlgorithm(key.key, req.alg)) return 'alg_not_allowed';
  return null;
}

const CURVES: Record<string, string> = { ES256: 'prime256v1', ES384: 'secp384r1', ES512: 'secp521r1' };

/** jsonwebtoken's rule for asymmetric keys: RS* need an RSA key, PS* an RSA (or RSA-PSS) key, ES* an EC key on the algorithm's curve. */
export function keyFitsAlgorithm(key: KeyObject, alg: string): boolean {
  const type = key.asymmetricKeyType;
  if (alg.startsWith('RS')) return type === 'rsa';
  if (alg.startsWith('PS')) return type === 'rsa' || type === 'rsa-pss';
  if (alg.startsWith('ES')) return type === 'ec' && key.asymmetricKeyDetails?.namedCurve === CURVES[alg];
  return false;
}

/** What a failed verification means: the IdP being unreachable stays that; everything else is a refusal. */
export function verificationFailure(err: unknown): TokenRejectedError | IdpUnavailableError {
  if (err instanceof TokenRejectedError || err instanceof IdpUnavailableError) return err;
  return new TokenRejectedError(reasonOf(err));
}

/** By class, never by message. Time claims are checked by checkTimeClaims; the two time classes are mapped all the same. */
function reasonOf(err: unknown): RejectionReason {
  if (err instanceof TokenExpiredError) return 'token_expired';
  if (err instanceof NotBeforeError) return 'token_not_yet_valid';
  if (err instanceof JsonWebTokenError) return 'bad_signature';
  return 'malformed_token';
}
