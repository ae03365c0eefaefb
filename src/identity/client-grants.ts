import { createHash } from 'node:crypto';
import type { Deadline } from './deadline';
import { basicCredentials } from './idp-http';
import { BasicAuthorization } from './idp-openid-client';
import { IdpUnavailableError, RejectionReason, TokenRejectedError } from './identity-errors';
import type { GatewayClient } from './introspection-client';
import type { GrantResult, Issuer } from './issuer';
import { requestToken, TokenAnswer, TokenRequest } from './token-grant-client';

export type GrantType = 'client_credentials' | 'password';

/** Basic credentials a client sent: its own client id and secret, or (password grant) a user's. */
export interface PresentedCredentials {
  grant: GrantType;
  username: string;
  password: string;
  /**
   * The base64 part of the client's Basic header, passed on as is for client credentials: the IdP then
   * reads the client's id and secret exactly as if the client had called it.
   */
  basic: string;
}

export interface GrantPolicy {
  /** Overrides the discovered token endpoint. */
  tokenEndpoint: string | null;
  /** The gateway's own client: the password grant is requested as it. */
  gatewayClient: GatewayClient | null;
  /** Requested with every grant (space-joined), when set. */
  scopes: readonly string[] | null;
  cacheTokens: boolean;
  cacheTtlSeconds: number;
}

type GrantTarget = Pick<TokenRequest, 'grant' | 'issuerUrl' | 'issuer' | 'endpoint'>;

export interface ObtainedToken {
  accessToken: string;
  /** True when the token came from the cache: if it is refused now, asking the IdP again may help. */
  cached: boolean;
}

/** Wrong credentials are remembered this long (at most), so a client retrying them does not hammer the IdP. */
const REFUSED_TTL_SECONDS = 30;
/** A cached token is given up this long before the IdP says it expires, so it is not used at the last second. */
const EXPIRY_MARGIN_SECONDS = 5;

/**
 * Exchanges Basic credentials for an access token at the issuer's token endpoint (client credentials,
 * or the password grant as the gateway's client). Answers are cached per issuer under a hash of the
 * endpoint, grant and every credential part, so N requests cost one IdP call per token lifetime and a
 * different secret for the same client id is never served another's token.
 */
export class ClientGrants {
  constructor(
    private readonly issuer: Issuer,
    private readonly policy: GrantPolicy,
  ) {}

  /**
   * `clientAddress` is who presented the credentials (SPEC §5): refused exchanges are limited per client
   * id and address, so a spray of guessed secrets or client ids costs the IdP a handful of calls.
   */
  async obtain(credentials: PresentedCredentials, deadline: Deadline, clientAddress: string): Promise<ObtainedToken> {
    const metadata = this.issuer.knownMetadata(deadline.timeoutMs) ?? (await this.issuer.metadata(deadline));
    const endpoint = this.policy.tokenEndpoint ?? metadata.token_endpoint;
    const gateway = this.policy.gatewayClient;
    if (!endpoint || (credentials.grant === 'password' && !gateway)) throw new TokenRejectedError('grant_not_configured');

    const scope = this.policy.scopes?.length ? this.policy.scopes.join(' ') : null;
    const load = () => this.request(metadata.issuer, endpoint, credentials, gateway, scope, deadline, clientAddress);
    let result: GrantResult | undefined;
    let cached = false;
    if (this.policy.cacheTokens) {
      const key = grantCacheKey(endpoint, credentials, gateway, scope);
      // A known answer goes first: a secret with a cached token keeps working whatever the failures.
      result = this.issuer.grants.get(key);
      cached = result !== undefined;
      if (!cached) this.refuseWhileLimited(credentials, clientAddress);
      // Only a miss waits (and pays for a deadline timer); a hit is the common case.
      result ??= await deadline.race(this.issuer.grants.getOrLoad(key, load));
    } else {
      this.refuseWhileLimited(credentials, clientAddress);
      result = (await deadline.race(load())).value;
    }
    if (!result.ok) throw new TokenRejectedError(result.reason);
    return { accessToken: result.accessToken, cached };
  }

  /** Drops a cached answer whose token turned out to be refused (expired early, key withdrawn). */
  forget(credentials: PresentedCredentials, deadline: Deadline): void {
    const metadata = this.issuer.knownMetadata(deadline.timeoutMs);
    const endpoint = this.policy.tokenEndpoint ?? metadata?.token_endpoint;
    const scope = this.policy.scopes?.length ? this.policy.scopes.join(' ') : null;
    if (endpoint) this.issuer.grants.delete(grantCacheKey(endpoint, credentials, this.policy.gatewayClient, scope));
  }

  private refuseWhileLimited(credentials: PresentedCredentials, clientAddress: string): void {
    if (this.issuer.grantFailures.blocked(credentials.grant, credentials.username, clientAddress)) throw new TokenRejectedError('too_many_failures');
  }

  private async request(
    issuer: string,
    endpoint: string,
    credentials: PresentedCredentials,
    gateway: GatewayClient | null,
    scope: string | null,
    deadline: Deadline,
    clientAddress: string,
  ) {
    const at: GrantTarget = { grant: credentials.grant, issuerUrl: this.issuer.url, issuer, endpoint };
    const answer = await this.issuer.tokenCalls.run(
      () => {
        // Checked again once a slot is free: failures recorded while this call waited count too, so
        // a burst of guesses queued behind the cap does not reach the IdP either.
        this.refuseWhileLimited(credentials, clientAddress);
        return this.ask(at, credentials, gateway, scope, Math.max(1, deadline.remainingMs()));
      },
      { maxWaitMs: deadline.remainingMs(), onTimeout: () => new IdpUnavailableError(`${this.issuer.tokenCalls.limit} token requests already in flight`) },
    );
    const ttlCap = this.policy.cacheTtlSeconds;
    if (typeof answer === 'string') {
      this.issuer.grantFailures.recordFailure(credentials.grant, credentials.username, clientAddress);
      return { value: { ok: false, reason: answer } as GrantResult, expiresAt: Date.now() + Math.min(ttlCap, REFUSED_TTL_SECONDS) * 1000 };
    }
    const lifetime = answer.expiresIn === null ? ttlCap : answer.expiresIn - (answer.expiresIn > 2 * EXPIRY_MARGIN_SECONDS ? EXPIRY_MARGIN_SECONDS : 0);
    return { value: { ok: true, accessToken: answer.accessToken } as GrantResult, expiresAt: Date.now() + Math.min(ttlCap, lifetime) * 1000 };
  }

  private ask(at: GrantTarget, credentials: PresentedCredentials, gateway: GatewayClient | null, scope: string | null, timeoutMs: number): Promise<TokenAnswer | RejectionReason> {
    const { username, password } = credentials;
    const scoped: Record<string, string> = scope ? { scope } : {};
    if (at.grant === 'password') {
      const asGateway = { clientId: gateway!.id, auth: BasicAuthorization(basicCredentials(gateway!.id, gateway!.secret)) };
      return requestToken({ ...at, ...asGateway, parameters: { username, password, ...scoped } }, timeoutMs, 'bad_password');
    }
    // openid-client needs a client id, and no IdP registers an empty one: refused without asking.
    if (username === '') return Promise.resolve('bad_client_credentials' as const);
    const asClient = { clientId: username, auth: BasicAuthorization(`Basic ${credentials.basic}`) };
    return requestToken({ ...at, ...asClient, parameters: scoped }, timeoutMs, 'bad_client_credentials');
  }
}

/**
 * Every part of the credentials goes into the key (a different secret for the same client id is a
 * different entry), hashed so the cache is not a plain-text store of everyone's secrets.
 */
export function grantCacheKey(endpoint: string, credentials: PresentedCredentials, gateway: GatewayClient | null, scope: string | null): string {
  const parts = [endpoint, credentials.grant, scope ?? '', credentials.basic, credentials.username, credentials.password];
  if (credentials.grant === 'password') parts.push(gateway?.id ?? '', gateway?.secret ?? '');
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}
