import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import type { AuthenticatedCredential, ConsumerIdentity, PluginContext } from '../pipeline-contract/plugin-context';
import type { CompiledRoute } from './route-table';

/**
 * One per proxied request: what plugins see (PluginContext) plus what the proxy keeps for itself.
 * Each pipeline stage fills its own field; the forward stage turns the result into upstream headers.
 * Nothing here is read back from the client's headers.
 */
export class ProxyContext implements PluginContext {
  route!: CompiledRoute;
  /** Normalized request path (what routing matched) and the raw query string including '?', or ''. */
  path!: string;
  query!: string;
  matchedPrefix = '';
  credential: AuthenticatedCredential | null = null;
  consumer: ConsumerIdentity | null = null;
  /** Set by application-registration for application consumers. */
  applicationId: string | null = null;
  /** Headers to add on the way to the upstream (e.g. Authorization: Bearer <access token>). */
  readonly upstreamHeaders: Record<string, string> = {};
  /** Headers to add to the client's response (e.g. Set-Cookie for the session). */
  readonly responseHeaders: Record<string, string | string[]> = {};
  /** Names (lower-case) of request headers the forward stage must not pass on (e.g. consumed credentials). */
  readonly dropRequestHeaders = new Set<string>();

  /** Set by the acl plugin's hide_groups_header. */
  hideGroups = false;
  /** Connection-failure retries used so far. */
  retries = 0;
  /** When the request to the upstream was sent (for the latency headers). */
  upstreamStartedAt = 0n;
  /** The path as the client sent it (X-Forwarded-Path). */
  rawPath = '';
  /** The request to the upstream once it has a socket, so a client-side timeout can abort it. */
  upstreamRequest: ClientRequest | null = null;
  /** The upstream's answer while it is being relayed to the client (see client-response.ts). */
  upstreamResponse: IncomingMessage | null = null;
  /** Bounds the time the client takes to send its body (the service's read_timeout). */
  bodyTimer: NodeJS.Timeout | null = null;
  /** The query as the client sent it (ctx.query loses credential parameters on the way). */
  clientQuery = '';
  /** X-Portico-Request-Id, set when the request arrives. */
  requestId = '';
  /** The reason id of the refusal Portico answered with, if it refused. */
  denial: string | null = null;
  /** The connection's bytesWritten when this request began (keep-alive connections carry several). */
  bytesWrittenBefore = 0;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    /** process.hrtime.bigint() when the request arrived. */
    readonly startedAt: bigint,
  ) {}
}

const CONTEXT = Symbol('portico.proxyContext');

export function attachContext(req: IncomingMessage, ctx: ProxyContext): void {
  (req as IncomingMessage & { [CONTEXT]?: ProxyContext })[CONTEXT] = ctx;
}

export function contextOf(req: IncomingMessage): ProxyContext {
  return (req as IncomingMessage & { [CONTEXT]: ProxyContext })[CONTEXT];
}
