import type { IncomingMessage } from 'node:http';
import type { BlockList } from 'node:net';
import { removeCookie } from '../../common/cookies';
import { PorticoError } from '../../common/http-errors';
import { logger, logRepeated } from '../../common/logger';
import { cameOverHttps, clientAddress } from '../../common/trusted-proxies';
import type { ConsumerDirectory } from '../../consumers/consumer-directory';
import { AccessTokenVerifier, VerifiedToken } from '../../identity/access-token-verifier';
import { ClientGrants, GrantType, PresentedCredentials } from '../../identity/client-grants';
import { Deadline } from '../../identity/deadline';
import { Cache } from '../../common/cache';
import { IdpUnavailableError, TokenRejectedError } from '../../identity/identity-errors';
import type { IssuerRegistry } from '../../identity/issuer-registry';
import type { SessionCipher } from '../../identity/session-cipher';
import { claimAt, claimValues, firstPresentClaim, satisfiesAnyOf } from '../../identity/token-claims';
import type { AuthenticatedCredential, ProxyContext } from '../../proxy/proxy-context';
import type { PluginFactoryContext, PluginInstance } from '../plugin-definition';
import { ExtractionRules, extractCredential, FoundCredential, withoutQueryCredentials } from './credential-extraction';
import { OidcDenials, realmOf } from './oidc-denials';
import type { AuthMethod, OpenIdConnectConfig } from './openid-connect.schema';
import { serializeCookie } from './session-cookie';
import { parseUpstreamTokenHeader, UpstreamTokenHeader } from './upstream-token-header';

export const OPENID_CONNECT = 'openid-connect';
/** Kong's priority for openid-connect: before acl (950) and application-registration. */
export const OPENID_CONNECT_PRIORITY = 1050;

/** Browsers drop cookies larger than 4096 bytes (name and attributes included); a token too big for one gets no session. */
const MAX_COOKIE_VALUE_BYTES = 3900;
/** Sealed sessions kept per plugin for tokens seen again. */
const MAX_SEALED_SESSIONS = 1000;

export interface OpenIdConnectDeps {
  issuers: IssuerRegistry;
  consumers: ConsumerDirectory;
  sessions: SessionCipher;
  /** Peers whose X-Forwarded-* headers are believed: the request's scheme and client address. */
  trustedProxies: BlockList;
}

/** What authenticating produced, whichever credential it came from. */
interface Authenticated {
  method: AuthMethod;
  kind: AuthenticatedCredential['kind'];
  token: string;
  verified: VerifiedToken;
}

interface SealedSession {
  sealed: string;
  /** When the session ends (epoch seconds): the token's expiry or the absolute timeout, whichever first. */
  endsAt: number | null;
}

interface SessionPayload {
  /** The access token. */
  t: string;
  /** Its expiry (epoch seconds), when known. */
  e: number | null;
  /** When the session began (epoch seconds), for session_absolute_timeout. */
  c: number;
}

/**
 * One configured openid-connect plugin: finds the request's credential, turns it into verified
 * claims (bearer JWT, introspection, client credentials or password exchanged at the IdP, or the
 * session cookie), checks audience and scopes, maps the consumer, and hands the upstream the access
 * token. Every refusal is a PorticoError with the SPEC's body and WWW-Authenticate header.
 */
export class OpenIdConnectHandler implements PluginInstance {
  readonly name = OPENID_CONNECT;
  readonly priority = OPENID_CONNECT_PRIORITY;
  private readonly issuerUrl: string;
  private readonly verifier: AccessTokenVerifier;
  private readonly grants: ClientGrants;
  private readonly denials: OidcDenials;
  private readonly methods: ReadonlySet<AuthMethod>;
  private readonly rules: ExtractionRules;
  private readonly upstreamHeader: UpstreamTokenHeader | null;
  private readonly sealedSessions = new Cache<SealedSession>({ name: 'oidc-sessions', max: MAX_SEALED_SESSIONS });

  constructor(
    private readonly config: OpenIdConnectConfig,
    private readonly context: PluginFactoryContext,
    private readonly deps: OpenIdConnectDeps,
  ) {
    this.issuerUrl = config.issuer;
    const issuer = deps.issuers.get(config.issuer);
    const gatewayClient = config.client_id?.length && config.client_secret?.length ? { id: config.client_id[0], secret: config.client_secret[0] } : null;
    this.verifier = new AccessTokenVerifier(issuer, {
      issuersAllowed: config.issuers_allowed,
      extraJwksUris: config.extra_jwks_uris ?? [],
      leewaySeconds: config.leeway,
      introspectionEndpoint: config.introspection_endpoint,
      gatewayClient,
      cacheIntrospection: config.cache_introspection,
      cacheTtlSeconds: config.cache_ttl,
    });
    this.grants = new ClientGrants(issuer, {
      tokenEndpoint: config.token_endpoint,
      gatewayClient,
      scopes: config.scopes,
      cacheTokens: config.cache_tokens,
      cacheTtlSeconds: config.cache_ttl,
    });
    this.denials = new OidcDenials(realmOf(config.issuer), config);
    this.methods = new Set(config.auth_methods);
    const has = (m: AuthMethod) => this.methods.has(m);
    this.rules = {
      bearer: has('bearer') || has('introspection') ? config.bearer_token_param_type : null,
      basic: has('client_credentials') || has('password') ? config.client_credentials_param_type : null,
      sessionCookie: has('session') ? config.session_cookie_name : null,
    };
    this.upstreamHeader = parseUpstreamTokenHeader(config.upstream_access_token_header);
  }

  async authenticate(ctx: ProxyContext): Promise<void> {
    try {
      await this.establish(ctx);
    } catch (err) {
      throw this.denial(err, ctx);
    }
  }

  describeCredential(ctx: ProxyContext): { type: string; from: string } | null {
    const found = extractCredential({ headers: ctx.req.headers, rawHeaders: ctx.req.rawHeaders, query: ctx.query }, this.rules);
    if (!found) return null;
    if (found.type === 'malformed') return { type: 'malformed', from: 'authorization header' };
    if (found.type === 'session') return { type: 'session', from: `cookie ${this.config.session_cookie_name}` };
    return { type: found.type, from: found.from };
  }

  async resolveConsumer(ctx: ProxyContext): Promise<void> {
    if (!ctx.credential || ctx.consumer) return;
    const value = firstPresentClaim(ctx.credential.claims, this.config.consumer_claim);
    if (value !== null) {
      for (const field of this.config.consumer_by) {
        const consumer = await this.deps.consumers.find(field, value);
        if (consumer) {
          ctx.consumer = consumer;
          return;
        }
      }
    }
    if (!this.config.consumer_optional) throw this.denial(this.denials.forbidden('consumer_not_found'), ctx);
  }

  private async establish(ctx: ProxyContext): Promise<void> {
    const { req } = ctx;
    const found = extractCredential({ headers: req.headers, rawHeaders: req.rawHeaders, query: ctx.query }, this.rules);
    this.keepSessionCookieFromUpstream(ctx);
    if (!found) throw this.denials.noCredentials();

    const deadline = new Deadline(this.config.timeout);
    const authenticated = await this.authenticateWith(found, ctx, deadline);
    const { claims, expiresAt } = authenticated.verified;
    // Audience first: a token meant for another resource is invalid here, not merely short of scopes.
    if (!satisfiesAnyOf(this.config.audience_required, claimValues(claims.aud))) throw this.denials.invalid('wrong_audience');
    if (!satisfiesAnyOf(this.config.scopes_required, claimValues(claimAt(claims, this.config.scopes_claim)))) {
      throw this.denials.forbidden('insufficient_scope');
    }

    ctx.credential = {
      kind: authenticated.kind,
      accessToken: authenticated.token,
      claims,
      issuer: typeof claims.iss === 'string' ? claims.iss : this.issuerUrl,
      expiresAt,
    };
    if (this.upstreamHeader) ctx.upstreamHeaders[this.upstreamHeader.name] = this.upstreamHeader.prefix + authenticated.token;
    if (found.type !== 'session') this.issueSession(ctx, authenticated);
  }

  private authenticateWith(found: FoundCredential, ctx: ProxyContext, deadline: Deadline): Promise<Authenticated> {
    switch (found.type) {
      case 'malformed':
        throw this.denials.invalid(found.reason);
      case 'bearer':
        if (found.from === 'query') ctx.query = withoutQueryCredentials(ctx.query, ['access_token']);
        else if (this.config.hide_credentials) ctx.dropRequestHeaders.add('authorization');
        return this.fromBearer(found.token, deadline);
      case 'basic':
        // Basic credentials are never forwarded, whatever hide_credentials says.
        if (found.from === 'query') ctx.query = withoutQueryCredentials(ctx.query, ['client_id', 'client_secret']);
        else ctx.dropRequestHeaders.add('authorization');
        ctx.dropRequestHeaders.add('grant-type');
        return this.fromBasic(found, this.grantsFor(ctx.req), deadline, clientAddress(ctx.req, this.deps.trustedProxies));
      case 'session':
        return this.fromSession(found.sealed, deadline);
    }
  }

  private async fromBearer(token: string, deadline: Deadline): Promise<Authenticated> {
    const verified = await this.verifier.verify(token, deadline, { jwt: this.methods.has('bearer'), introspection: this.methods.has('introspection') });
    return { method: verified.kind === 'jwt' ? 'bearer' : 'introspection', kind: verified.kind, token, verified };
  }

  /** `Grant-Type` picks one grant; without it, client credentials are tried before password. */
  private grantsFor(req: IncomingMessage): GrantType[] {
    const asked = req.headers['grant-type'];
    if (asked === undefined) return (['client_credentials', 'password'] as const).filter((grant) => this.methods.has(grant));
    const grant = String(asked).trim().toLowerCase();
    if ((grant === 'client_credentials' || grant === 'password') && this.methods.has(grant)) return [grant];
    throw this.denials.invalid('grant_not_enabled');
  }

  private async fromBasic(found: Extract<FoundCredential, { type: 'basic' }>, grants: GrantType[], deadline: Deadline, from: string): Promise<Authenticated> {
    let refusal: unknown;
    for (const grant of grants) {
      const credentials: PresentedCredentials = { grant, username: found.username, password: found.password, basic: found.basic };
      try {
        const { token, verified } = await this.exchange(credentials, deadline, from);
        return { method: grant, kind: grant, token, verified };
      } catch (err) {
        // Not a client the IdP knows (or not one we may ask about now): the same Basic header may still be a user's (password grant).
        if (!(err instanceof TokenRejectedError && (err.reason === 'bad_client_credentials' || err.reason === 'too_many_failures'))) throw err;
        refusal = err;
      }
    }
    throw refusal;
  }

  /** The token from the IdP, verified like a bearer token; a cached one that no longer verifies is fetched anew once. */
  private async exchange(credentials: PresentedCredentials, deadline: Deadline, from: string): Promise<{ token: string; verified: VerifiedToken }> {
    const accept = { jwt: true, introspection: true };
    const obtained = await this.grants.obtain(credentials, deadline, from);
    try {
      return { token: obtained.accessToken, verified: await this.verifier.verify(obtained.accessToken, deadline, accept) };
    } catch (err) {
      if (!(err instanceof TokenRejectedError && obtained.cached)) throw err;
      this.grants.forget(credentials, deadline);
      const fresh = await this.grants.obtain(credentials, deadline, from);
      return { token: fresh.accessToken, verified: await this.verifier.verify(fresh.accessToken, deadline, accept) };
    }
  }

  private async fromSession(sealed: string, deadline: Deadline): Promise<Authenticated> {
    const payload = this.deps.sessions.open(this.context.pluginId, sealed);
    if (!isSessionPayload(payload)) throw this.denials.invalid('session_invalid');
    const now = Date.now() / 1000;
    const absolute = this.config.session_absolute_timeout;
    if ((absolute > 0 && now >= payload.c + absolute) || (payload.e !== null && now >= payload.e)) throw this.denials.invalid('session_expired');
    const verified = await this.verifier.verify(payload.t, deadline, { jwt: true, introspection: true });
    return { method: 'session', kind: 'session', token: payload.t, verified };
  }

  private issueSession(ctx: ProxyContext, authenticated: Authenticated): void {
    if (!this.methods.has('session') || this.config.disable_session.includes(authenticated.method)) return;
    // Fractional seconds: a session must last its full absolute timeout, not up to a second less.
    const now = Date.now() / 1000;
    const session = this.sealedSessions.get(authenticated.token) ?? this.startSession(authenticated, now);
    if (!session) return;
    const maxAge = session.endsAt === null ? undefined : session.endsAt - now;
    if (maxAge !== undefined && maxAge <= 0) return;
    const cookie = serializeCookie(this.config.session_cookie_name, session.sealed, {
      maxAge,
      sameSite: this.config.session_cookie_same_site,
      httpOnly: this.config.session_cookie_http_only,
      secure: this.config.session_cookie_secure ?? cameOverHttps(ctx.req, this.deps.trustedProxies),
    });
    const existing = ctx.responseHeaders['set-cookie'];
    ctx.responseHeaders['set-cookie'] = existing === undefined ? [cookie] : [...[existing].flat(), cookie];
  }

  /**
   * Seals a session for a token, once: a client repeating the same bearer token gets the same cookie
   * (its session began when the token was first seen) without a seal per request.
   */
  private startSession(authenticated: Authenticated, now: number): SealedSession | null {
    const { expiresAt } = authenticated.verified;
    const absolute = this.config.session_absolute_timeout;
    const limits = [expiresAt, absolute > 0 ? now + absolute : null].filter((limit): limit is number => limit !== null);
    const endsAt = limits.length ? Math.min(...limits) : null;
    if (endsAt !== null && endsAt <= now) return null;
    const payload: SessionPayload = { t: authenticated.token, e: expiresAt, c: now };
    const sealed = this.deps.sessions.seal(this.context.pluginId, payload);
    if (sealed.length > MAX_COOKIE_VALUE_BYTES) return null;
    const session = { sealed, endsAt };
    if (endsAt !== null) this.sealedSessions.set(authenticated.token, session, endsAt * 1000);
    return session;
  }

  /** The session cookie is Portico's: the upstream gets the client's other cookies, never this one. */
  private keepSessionCookieFromUpstream(ctx: ProxyContext): void {
    const header = ctx.req.headers.cookie;
    const name = this.config.session_cookie_name;
    if (!header || !header.includes(name)) return;
    const rest = removeCookie(header, name);
    if (rest === null) ctx.dropRequestHeaders.add('cookie');
    else ctx.upstreamHeaders.cookie = rest;
  }

  /** Every refusal becomes the SPEC's answer and one log line with its reason id (never the credential). */
  private denial(err: unknown, ctx: ProxyContext): unknown {
    let error: PorticoError;
    if (err instanceof PorticoError) error = err;
    else if (err instanceof TokenRejectedError) error = this.denials.invalid(err.reason);
    else if (err instanceof IdpUnavailableError) {
      // Once per request while the IdP is down: rate-limited per issuer and cause, with a count of the rest.
      logRepeated('warn', `idp_unavailable ${this.issuerUrl} ${err.detail}`, { request_id: ctx.requestId, plugin: this.name, issuer: this.issuerUrl, route: ctx.route.id, detail: err.detail }, 'identity provider unavailable');
      error = this.denials.unavailable(err.retryAfterSeconds);
    } else return err;
    logger().info({ request_id: ctx.requestId, plugin: this.name, route: ctx.route.id, service: ctx.route.service.id, status: error.status, reason: error.reason }, 'request denied');
    return error;
  }
}

function isSessionPayload(value: unknown): value is SessionPayload {
  if (value === null || typeof value !== 'object') return false;
  const { t, e, c } = value as Record<string, unknown>;
  return typeof t === 'string' && t !== '' && (e === null || typeof e === 'number') && typeof c === 'number';
}
