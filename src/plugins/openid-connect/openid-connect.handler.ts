import type { BlockList } from 'node:net';
import type { Strategy } from 'passport-strategy';
import { cameOverHttps, clientAddress } from '../../common/trusted-proxies';
import type { ConsumerDirectory } from '../../consumers/consumer-directory';
import { AccessTokenVerifier, VerifiedToken } from '../../identity/access-token-verifier';
import { ClientGrants } from '../../identity/client-grants';
import { Deadline } from '../../identity/deadline';
import type { IssuerRegistry } from '../../identity/issuer-registry';
import type { SessionCipher } from '../../identity/session-cipher';
import { claimAt, claimValues, satisfiesAnyOf } from '../../identity/token-claims';
import { PLUGIN_PRIORITY } from '../../pipeline-contract/pipeline-order';
import type { AuthenticatedCredential, PluginContext } from '../../pipeline-contract/plugin-context';
import type { PluginFactoryContext, PluginInstance } from '../plugin-definition';
import { consumerFor } from './consumer-mapping';
import { ExtractionRules, extractCredential, FoundCredential, withoutQueryCredentials } from './credential-extraction';
import { DenialScene, toDenial } from './denial-log';
import { GrantExchange, grantsToTry } from './grant-exchange';
import { OidcDenials, realmOf } from './oidc-denials';
import { OidcSessions } from './oidc-sessions';
import type { AuthMethod, OpenIdConnectConfig } from './openid-connect.schema';
import { parseUpstreamTokenHeader, UpstreamTokenHeader } from './upstream-token-header';

export const OPENID_CONNECT = 'openid-connect';
export const OPENID_CONNECT_PRIORITY = PLUGIN_PRIORITY[OPENID_CONNECT];

export interface OpenIdConnectDeps {
  issuers: IssuerRegistry;
  consumers: ConsumerDirectory;
  sessions: SessionCipher;
  /** The passport-jwt strategy every verifier runs. */
  jwtStrategy: Strategy;
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

/**
 * One configured openid-connect plugin: finds the request's credential, turns it into verified
 * claims (bearer JWT, introspection, client credentials or password exchanged at the IdP, or the
 * session cookie), checks audience and scopes, maps the consumer, and hands the upstream the access
 * token. Every refusal is a PorticoError with the SPEC's body and WWW-Authenticate header. The
 * orchestration is here; the grant exchange, the session, the consumer lookup and the denial log are
 * modules of their own.
 */
export class OpenIdConnectHandler implements PluginInstance {
  readonly name = OPENID_CONNECT;
  readonly priority = OPENID_CONNECT_PRIORITY;
  private readonly issuerUrl: string;
  private readonly verifier: AccessTokenVerifier;
  private readonly exchange: GrantExchange;
  private readonly sessions: OidcSessions;
  private readonly denials: OidcDenials;
  private readonly methods: ReadonlySet<AuthMethod>;
  private readonly rules: ExtractionRules;
  private readonly upstreamHeader: UpstreamTokenHeader | null;

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
    }, deps.jwtStrategy);
    const grants = new ClientGrants(issuer, {
      tokenEndpoint: config.token_endpoint,
      gatewayClient,
      scopes: config.scopes,
      cacheTokens: config.cache_tokens,
      cacheTtlSeconds: config.cache_ttl,
    });
    this.exchange = new GrantExchange({ grants, verifier: this.verifier });
    const { pluginId } = context;
    this.sessions = new OidcSessions(config, {
      seal: (payload) => deps.sessions.seal(pluginId, payload),
      open: (sealed) => deps.sessions.open(pluginId, sealed),
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

  async authenticate(ctx: PluginContext): Promise<void> {
    try {
      await this.establish(ctx);
    } catch (err) {
      throw this.denial(err, ctx);
    }
  }

  describeCredential(ctx: PluginContext): { type: string; from: string } | null {
    const found = extractCredential({ headers: ctx.req.headers, rawHeaders: ctx.req.rawHeaders, query: ctx.query }, this.rules);
    if (!found) return null;
    if (found.type === 'malformed') return { type: 'malformed', from: 'authorization header' };
    if (found.type === 'session') return { type: 'session', from: `cookie ${this.config.session_cookie_name}` };
    return { type: found.type, from: found.from };
  }

  async resolveConsumer(ctx: PluginContext): Promise<void> {
    if (!ctx.credential || ctx.consumer) return;
    const consumer = await consumerFor(ctx.credential.claims, this.config, (field, value) => this.deps.consumers.find(field, value));
    if (consumer) ctx.consumer = consumer;
    else if (!this.config.consumer_optional) throw this.denial(this.denials.forbidden('consumer_not_found'), ctx);
  }

  private async establish(ctx: PluginContext): Promise<void> {
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

  private authenticateWith(found: FoundCredential, ctx: PluginContext, deadline: Deadline): Promise<Authenticated> {
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
        return this.fromBasic(found, ctx, deadline);
      case 'session':
        return this.fromSession(found.sealed, deadline);
    }
  }

  private async fromBearer(token: string, deadline: Deadline): Promise<Authenticated> {
    const verified = await this.verifier.verify(token, deadline, { jwt: this.methods.has('bearer'), introspection: this.methods.has('introspection') });
    return { method: verified.kind === 'jwt' ? 'bearer' : 'introspection', kind: verified.kind, token, verified };
  }

  private async fromBasic(found: Extract<FoundCredential, { type: 'basic' }>, ctx: PluginContext, deadline: Deadline): Promise<Authenticated> {
    const grants = grantsToTry(ctx.req.headers['grant-type'], this.methods);
    if (!grants) throw this.denials.invalid('grant_not_enabled');
    const { grant, token, verified } = await this.exchange.exchange(found, grants, deadline, clientAddress(ctx.req, this.deps.trustedProxies));
    return { method: grant, kind: grant, token, verified };
  }

  private async fromSession(sealed: string, deadline: Deadline): Promise<Authenticated> {
    const opened = this.sessions.open(sealed);
    if ('refused' in opened) throw this.denials.invalid(opened.refused);
    const verified = await this.verifier.verify(opened.token, deadline, { jwt: true, introspection: true });
    return { method: 'session', kind: 'session', token: opened.token, verified };
  }

  private issueSession(ctx: PluginContext, authenticated: Authenticated): void {
    if (!this.methods.has('session') || this.config.disable_session.includes(authenticated.method)) return;
    const cookie = this.sessions.cookieFor(authenticated.token, authenticated.verified, cameOverHttps(ctx.req, this.deps.trustedProxies));
    if (!cookie) return;
    const existing = ctx.responseHeaders['set-cookie'];
    ctx.responseHeaders['set-cookie'] = existing === undefined ? [cookie] : [...[existing].flat(), cookie];
  }

  /** The session cookie is Portico's: the upstream gets the client's other cookies, never this one. */
  private keepSessionCookieFromUpstream(ctx: PluginContext): void {
    const rest = this.sessions.cookieHeaderForUpstream(ctx.req.headers.cookie);
    if (rest === null) ctx.dropRequestHeaders.add('cookie');
    else if (rest !== undefined) ctx.upstreamHeaders.cookie = rest;
  }

  private denial(err: unknown, ctx: PluginContext): unknown {
    const scene: DenialScene = { request_id: ctx.requestId, plugin: this.name, issuer: this.issuerUrl, route: ctx.route.id, service: ctx.route.service.id };
    return toDenial(err, this.denials, scene);
  }
}
