import type { Deadline } from './deadline';
import { TokenRejectedError } from './identity-errors';
import { GatewayClient, introspectToken } from './introspection-client';
import type { Issuer, IntrospectionResult } from './issuer';
import type { IssuerMetadata } from './issuer-discovery';
import { JwksKeyStore, resolveKey } from './jwks-key-store';
import type { Strategy } from 'passport-strategy';
import { ASYMMETRIC_ALGORITHMS, JwtVerificationRequest, verificationFailure } from './jwt-access-token.strategy';
import { runStrategy } from './strategy-runner';
import { checkTimeClaims, Claims } from './token-claims';

/** How one plugin wants its tokens checked. */
export interface TokenPolicy {
  /** Values a token's `iss` may take; null: exactly the discovered issuer. */
  issuersAllowed: readonly string[] | null;
  extraJwksUris: readonly string[];
  leewaySeconds: number;
  /** Overrides the discovered introspection endpoint. */
  introspectionEndpoint: string | null;
  /** The gateway's own client, which introspection authenticates as. */
  gatewayClient: GatewayClient | null;
  cacheIntrospection: boolean;
  cacheTtlSeconds: number;
}

export interface VerifiedToken {
  kind: 'jwt' | 'introspection';
  claims: Claims;
  /** Epoch seconds, when the token says. */
  expiresAt: number | null;
}

export interface AcceptedTokens {
  /** Verify JWTs locally against the issuer's keys. */
  jwt: boolean;
  /** Ask the issuer about tokens that are not JWTs (or about every token, when `jwt` is off). */
  introspection: boolean;
}

/** RFC 9068 access tokens say `at+jwt`; many IdPs say `JWT` or nothing (Okta). Other types (logout, DPoP proofs) are not access tokens. */
const ACCEPTED_TYP = new Set(['jwt', 'at+jwt', 'application/at+jwt']);
const ALGORITHMS = new Set<string>(ASYMMETRIC_ALGORITHMS);
/** Inactive tokens are remembered this long (at most), so replaying a dead token is cheap for everyone. */
const INACTIVE_TTL_SECONDS = 30;
/** Tokens longer than this are verified every time rather than held in memory. */
const MAX_CACHED_TOKEN_LENGTH = 8192;

/**
 * Turns an access token into verified claims for one plugin: JWTs locally (with a cache of verified
 * tokens valid until `exp` and void as soon as their key is withdrawn, which a token enters when it is
 * verified for the second time in a while), anything else through
 * introspection (cached until `exp`, at most `cache_ttl`). Issuer, time claims and key validity are
 * checked on every use; audience and scopes are the plugin's to check.
 */
export class AccessTokenVerifier {
  private stores: readonly JwksKeyStore[] = [];
  private allowedIssuers = new Set<string>();
  private storesFor: IssuerMetadata | null = null;

  constructor(
    private readonly issuer: Issuer,
    private readonly policy: TokenPolicy,
    /** The passport-jwt strategy (JwtAccessTokenStrategy, the identity module's provider). */
    private readonly strategy: Strategy,
  ) {}

  async verify(token: string, deadline: Deadline, accept: AcceptedTokens): Promise<VerifiedToken> {
    const metadata = this.issuer.knownMetadata(deadline.timeoutMs) ?? (await this.issuer.metadata(deadline));
    if (metadata !== this.storesFor) this.adopt(metadata);
    if (accept.jwt && isJwtShaped(token)) return this.verifyJwt(token, deadline);
    if (accept.introspection) return this.introspect(token, metadata, deadline);
    throw new TokenRejectedError('malformed_token');
  }

  private adopt(metadata: IssuerMetadata): void {
    const uris = [...(metadata.jwks_uri ? [metadata.jwks_uri] : []), ...this.policy.extraJwksUris];
    this.stores = [...new Set(uris)].map((uri) => this.issuer.keyStore(uri));
    this.allowedIssuers = new Set(this.policy.issuersAllowed ?? [metadata.issuer]);
    this.storesFor = metadata;
  }

  private async verifyJwt(token: string, deadline: Deadline): Promise<VerifiedToken> {
    const cached = this.issuer.verifiedTokens.get(token);
    let claims: Claims;
    if (cached && this.stores.some((store) => store.holds(cached.key))) {
      claims = cached.claims;
    } else {
      const request = this.precheck(token, deadline);
      try {
        claims = await runStrategy<Claims>(this.strategy, request);
      } catch (err) {
        throw verificationFailure(err);
      }
      // A token enters the cache on its second sighting (a one-off token would only be garbage there);
      // one whose entry went void with its key is replaced at once.
      if (typeof claims.exp === 'number' && token.length <= MAX_CACHED_TOKEN_LENGTH && (cached !== undefined || this.issuer.tokenSightings.sighted(token))) {
        this.issuer.verifiedTokens.set(token, { claims, key: request.key! }, claims.exp * 1000);
      }
    }
    this.checkClaims(claims, false);
    return { kind: 'jwt', claims, expiresAt: claims.exp as number };
  }

  /** Refuses what needs no key to refuse, so a foreign or forged token cannot make us refetch keys. */
  private precheck(token: string, deadline: Deadline): JwtVerificationRequest {
    const decoded = decodeJwt(token);
    if (!decoded) throw new TokenRejectedError('malformed_token');
    const { header, payload } = decoded;
    if (typeof header.alg !== 'string' || !ALGORITHMS.has(header.alg)) throw new TokenRejectedError('alg_not_allowed');
    if (header.typ !== undefined && (typeof header.typ !== 'string' || !ACCEPTED_TYP.has(header.typ.toLowerCase()))) {
      throw new TokenRejectedError('typ_not_allowed');
    }
    // No extension Portico understands may be marked critical (RFC 7515 §4.1.11); jku/x5u/jwk/x5c are simply never read.
    if (header.crit !== undefined) throw new TokenRejectedError('malformed_token');
    if (header.kid !== undefined && typeof header.kid !== 'string') throw new TokenRejectedError('malformed_token');
    if (typeof payload.iss !== 'string' || !this.allowedIssuers.has(payload.iss)) throw new TokenRejectedError('wrong_issuer');
    const stores = this.stores;
    return {
      token,
      kid: header.kid as string | undefined,
      alg: header.alg,
      resolveKey: (kid) => resolveKey(stores, kid, deadline),
    };
  }

  /** Introspection answers may leave out `exp` and `iss` (RFC 7662); a JWT access token may not. */
  private checkClaims(claims: Claims, fromIntrospection: boolean): void {
    const timed = fromIntrospection && claims.exp === undefined ? { ...claims, exp: Infinity } : claims;
    const problem = checkTimeClaims(timed, this.policy.leewaySeconds, this.issuer.clock() / 1000);
    if (problem) throw new TokenRejectedError(problem);
    if (fromIntrospection && claims.iss === undefined) return;
    if (typeof claims.iss !== 'string' || !this.allowedIssuers.has(claims.iss)) throw new TokenRejectedError('wrong_issuer');
  }

  private async introspect(token: string, metadata: IssuerMetadata, deadline: Deadline): Promise<VerifiedToken> {
    const endpoint = this.policy.introspectionEndpoint ?? metadata.introspection_endpoint;
    const client = this.policy.gatewayClient;
    if (!endpoint || !client) throw new TokenRejectedError('introspection_not_configured');
    const { cacheIntrospection, cacheTtlSeconds } = this.policy;
    const load = async () => {
      const value = await introspectToken({ issuerUrl: this.issuer.url, issuer: metadata.issuer, endpoint }, token, client, deadline.timeoutMs);
      const nowSeconds = Date.now() / 1000;
      const exp = value.active && typeof value.claims.exp === 'number' ? value.claims.exp : null;
      const ttl = value.active ? Math.min(cacheTtlSeconds, exp === null ? cacheTtlSeconds : exp - nowSeconds) : Math.min(cacheTtlSeconds, INACTIVE_TTL_SECONDS);
      return { value, expiresAt: Date.now() + ttl * 1000 };
    };
    const key = `${endpoint}\u0000${client.id}\u0000${token}`;
    const result: IntrospectionResult = cacheIntrospection
      ? (this.issuer.introspections.get(key) ?? (await deadline.race(this.issuer.introspections.getOrLoad(key, load))))
      : (await deadline.race(load())).value;
    if (!result.active) throw new TokenRejectedError('token_inactive');
    this.checkClaims(result.claims, true);
    const exp = result.claims.exp;
    return { kind: 'introspection', claims: result.claims, expiresAt: typeof exp === 'number' ? exp : null };
  }
}

function isJwtShaped(token: string): boolean {
  const first = token.indexOf('.');
  return first > 0 && token.indexOf('.', first + 1) > first;
}

/** The unverified header and payload, for checks that must not wait for a key; null when not a JWT at all. */
function decodeJwt(token: string): { header: Claims; payload: Claims } | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as unknown;
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown;
    const isObject = (v: unknown): v is Claims => v !== null && typeof v === 'object' && !Array.isArray(v);
    return isObject(header) && isObject(payload) ? { header, payload } : null;
  } catch {
    return null;
  }
}
