import { callOpenIdClient, IdpRefusal, readDiscoveryDocument } from './idp-openid-client';
import { IdpUnavailableError } from './identity-errors';

/** The parts of an OpenID Provider's metadata Portico uses. */
export interface IssuerMetadata {
  issuer: string;
  jwks_uri: string | null;
  token_endpoint: string | null;
  introspection_endpoint: string | null;
}

const WELL_KNOWN = '/.well-known/openid-configuration';

/** Kong accepts the issuer either as the issuer identifier or as its discovery document's URL. */
export function discoveryUrl(issuer: string): string {
  if (issuer.endsWith(WELL_KNOWN)) return issuer;
  return issuer.replace(/\/+$/, '') + WELL_KNOWN;
}

export async function discover(issuer: string, timeoutMs: number): Promise<IssuerMetadata> {
  const document = await callOpenIdClient(timeoutMs, (fetch) => readDiscoveryDocument(discoveryUrl(issuer), issuer, fetch, timeoutMs));
  if (document instanceof IdpRefusal) throw new IdpUnavailableError(`discovery answered ${document.status}`);
  const url = (value: unknown) => (typeof value === 'string' && /^https?:\/\//.test(value) ? value : null);
  return {
    issuer: document.issuer,
    jwks_uri: url(document.jwks_uri),
    token_endpoint: url(document.token_endpoint),
    introspection_endpoint: url(document.introspection_endpoint),
  };
}
