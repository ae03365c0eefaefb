import { callIdp } from './idp-http';
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
  const { status, body } = await callIdp(discoveryUrl(issuer), timeoutMs);
  if (status !== 200) throw new IdpUnavailableError(`discovery answered ${status}`);
  if (typeof body.issuer !== 'string' || !body.issuer) throw new IdpUnavailableError('discovery document has no issuer');
  const url = (value: unknown) => (typeof value === 'string' && /^https?:\/\//.test(value) ? value : null);
  return {
    issuer: body.issuer,
    jwks_uri: url(body.jwks_uri),
    token_endpoint: url(body.token_endpoint),
    introspection_endpoint: url(body.introspection_endpoint),
  };
}
