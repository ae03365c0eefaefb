import * as oidc from 'openid-client';
import { basicCredentials } from './idp-http';
import { BasicAuthorization, callOpenIdClient, endpointConfiguration, IdpRefusal } from './idp-openid-client';
import { TokenRejectedError } from './identity-errors';
import type { IntrospectionResult } from './issuer';
import type { Claims } from './token-claims';

export interface GatewayClient {
  id: string;
  secret: string;
}

export interface IntrospectionEndpoint {
  /** The issuer as configured (whether plain http is allowed) and as its discovery document names itself. */
  issuerUrl: string;
  issuer: string;
  endpoint: string;
}

/**
 * RFC 7662 introspection, authenticated as the gateway's own client (client_secret_basic). The IdP
 * refusing the gateway's credentials is a refusal of the token here: the caller cannot be served.
 */
export async function introspectToken(at: IntrospectionEndpoint, token: string, client: GatewayClient, timeoutMs: number): Promise<IntrospectionResult> {
  const answer = await callOpenIdClient(timeoutMs, (fetch) => {
    const server = { issuer: at.issuer, introspection_endpoint: at.endpoint };
    const config = endpointConfiguration(server, at.issuerUrl, client.id, BasicAuthorization(basicCredentials(client.id, client.secret)), fetch, timeoutMs);
    return oidc.tokenIntrospection(config, token, { token_type_hint: 'access_token' });
  });
  if (answer instanceof IdpRefusal) throw new TokenRejectedError('introspection_refused');
  if (answer.active !== true) return { active: false };
  const { active: _active, ...claims } = answer;
  return { active: true, claims: claims as Claims };
}
