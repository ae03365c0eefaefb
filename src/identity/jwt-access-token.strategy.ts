import { Strategy } from 'passport-jwt';
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
 * The design card's passport-jwt strategy: jsonwebtoken checks the signature and algorithm with a
 * KeyObject handed out by the issuer's key store (never a PEM string, which costs a key parse per
 * verification). Time claims are left to checkTimeClaims, which runs on cached tokens too, so one rule
 * applies whether or not the token was verified just now.
 */
export class JwtAccessTokenStrategy extends Strategy {
  constructor() {
    super(
      {
        jwtFromRequest: (req: JwtVerificationRequest) => req.token,
        secretOrKeyProvider: (req: JwtVerificationRequest, _raw: string, done: (err: unknown, key?: never) => void) => {
          req.resolveKey(req.kid).then(
            (key) => {
              // The JWK naming an algorithm pins it: the same RSA key must not verify a PS token it was not published for.
              if (key.alg && key.alg !== req.alg) return done(new TokenRejectedError('alg_not_allowed'));
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
      },
      (_req: JwtVerificationRequest, payload: Claims, done: (err: unknown, user?: unknown) => void) => done(null, payload),
    );
  }
}

/** What a failed verification means: the IdP being unreachable stays that; everything else is a refusal. */
export function verificationFailure(err: unknown): TokenRejectedError | IdpUnavailableError {
  if (err instanceof TokenRejectedError || err instanceof IdpUnavailableError) return err;
  return new TokenRejectedError(reasonOf(err));
}

function reasonOf(err: unknown): RejectionReason {
  const message = (err as Error)?.message ?? '';
  // By name: jsonwebtoken is passport-jwt's dependency, not ours to import.
  if ((err as Error)?.name === 'JsonWebTokenError' || message.startsWith('"alg" parameter')) {
    if (message === 'invalid signature') return 'bad_signature';
    if (/algorithm|alg|key/.test(message)) return 'alg_not_allowed';
  }
  return 'malformed_token';
}
