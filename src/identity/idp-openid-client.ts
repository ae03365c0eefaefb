import * as oidc from 'openid-client';
import { fetchFromIdp } from './idp-http';
import { IdpUnavailableError } from './identity-errors';

/** The IdP answered and said no (a 4xx): whose fault that is, only the caller knows. */
export class IdpRefusal {
  constructor(readonly status: number) {}
}

/**
 * Runs one openid-client call with fetchFromIdp as its transport (timeout, no redirects with
 * credentials, 5xx and network trouble as IdpUnavailableError). A 4xx answer comes back as an
 * IdpRefusal; anything else openid-client could not use (a missing field, a wrong content type, a
 * token type it does not know) means the IdP gave nothing usable: IdpUnavailableError.
 */
export async function callOpenIdClient<T>(timeoutMs: number, run: (fetch: oidc.CustomFetch) => Promise<T>): Promise<T | IdpRefusal> {
  let answered: number | undefined;
  const fetch: oidc.CustomFetch = async (url, options) => {
    const res = await fetchFromIdp(url, { method: options.method, headers: options.headers, body: options.body }, timeoutMs);
    answered = res.status;
    return res;
  };
  try {
    return await run(fetch);
  } catch (err) {
    // openid-client wraps what the transport threw; the transport's own verdict is the one that counts.
    const unavailable = causes(err).find((e): e is IdpUnavailableError => e instanceof IdpUnavailableError);
    if (unavailable) throw unavailable;
    // Nothing was asked and openid-client did not refuse the request itself: a fault of ours, not the IdP's.
    if (answered === undefined && !(err instanceof oidc.ClientError)) throw err;
    if (answered !== undefined && answered >= 400 && answered < 500) return new IdpRefusal(answered);
    const innermost = causes(err).at(-1);
    throw new IdpUnavailableError(`answered something unusable: ${innermost instanceof Error ? innermost.message : 'unknown error'}`);
  }
}

function causes(err: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = err; e instanceof Error && chain.length < 10; e = e.cause) chain.push(e);
  return chain;
}

/** Plain-HTTP identity providers exist only in tests and labs; anything else must be https. */
export function allowsHttp(issuerUrl: string): boolean {
  return issuerUrl.startsWith('http:');
}

/** openid-client needs a client id even to read a discovery document, which no client owns. */
const DISCOVERY_CLIENT_ID = 'portico-discovery';

/** Reads a discovery document from exactly this URL (Kong's way: no issuer comparison). */
export async function readDiscoveryDocument(discoveryUrl: string, issuerUrl: string, fetch: oidc.CustomFetch, timeoutMs: number): Promise<oidc.ServerMetadata> {
  const config = await oidc.discovery(new URL(discoveryUrl), DISCOVERY_CLIENT_ID, undefined, oidc.None(), {
    [oidc.customFetch]: fetch,
    timeout: timeoutMs / 1000,
    execute: allowsHttp(issuerUrl) ? [oidc.allowInsecureRequests] : [],
  });
  return config.serverMetadata();
}

/** A configuration for one call to one endpoint, authenticated as `clientId` by `auth`. */
export function endpointConfiguration(
  server: oidc.ServerMetadata,
  issuerUrl: string,
  clientId: string,
  auth: oidc.ClientAuth,
  fetch: oidc.CustomFetch,
  timeoutMs: number,
): oidc.Configuration {
  const config = new oidc.Configuration(server, clientId, undefined, auth);
  config[oidc.customFetch] = fetch;
  config.timeout = timeoutMs / 1000;
  if (allowsHttp(issuerUrl)) oidc.allowInsecureRequests(config);
  return config;
}

/**
 * Authenticates with a ready Basic header: the client's own, exactly as it came (the IdP then reads
 * its id and secret as if the client had called), or the gateway client's from basicCredentials.
 * openid-client's ClientSecretBasic also percent-encodes `-_.!~*'()`, which an IdP that does not
 * form-decode Basic credentials (several do not) would read as a different id or secret.
 */
export function BasicAuthorization(header: string): oidc.ClientAuth {
  return (_as, _client, _body, headers) => {
    headers.set('authorization', header);
  };
}
