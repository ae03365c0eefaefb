import type { IncomingMessage } from 'node:http';
import type { ConsumerIdentity } from '../consumers/consumer-identity';

export type { ConsumerIdentity };

/*
 * What the proxy pipeline and its plugins agree on, in a leaf folder both import: plugins see a
 * request through PluginContext and never import the proxy, which builds the context (ProxyContext).
 */

/** What the authenticate stage learned about the caller's credential. */
export interface AuthenticatedCredential {
  /** How it was presented: bearer JWT, introspected opaque token, exchanged client credentials or password, session cookie. */
  kind: 'jwt' | 'introspection' | 'client_credentials' | 'password' | 'session';
  accessToken: string;
  claims: Record<string, unknown>;
  issuer: string;
  /** Token expiry (epoch seconds), used for session cookies. */
  expiresAt: number | null;
}

/** The route a request matched, as far as a plugin needs it (ids for its logs). */
export interface MatchedRoute {
  readonly id: string;
  readonly service: { readonly id: string };
}

/**
 * One proxied request as a plugin sees it. Each stage fills its own field; the forward stage turns
 * the result into upstream headers. Nothing here is read back from the client's headers.
 */
export interface PluginContext {
  readonly req: IncomingMessage;
  /** X-Portico-Request-Id, for log lines about this request. */
  readonly requestId: string;
  readonly route: MatchedRoute;
  /** The raw query string including '?', or ''; a plugin may remove the credential parameters it consumed. */
  query: string;
  credential: AuthenticatedCredential | null;
  consumer: ConsumerIdentity | null;
  /** Set by application-registration for application consumers. */
  applicationId: string | null;
  /** Set by the acl plugin's hide_groups_header. */
  hideGroups: boolean;
  /** Headers to add on the way to the upstream (e.g. Authorization: Bearer <access token>). */
  readonly upstreamHeaders: Record<string, string>;
  /** Headers to add to the client's response (e.g. Set-Cookie for the session). */
  readonly responseHeaders: Record<string, string | string[]>;
  /** Names (lower-case) of request headers the forward stage must not pass on (e.g. consumed credentials). */
  readonly dropRequestHeaders: Set<string>;
}
