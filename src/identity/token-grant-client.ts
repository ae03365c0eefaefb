import * as oidc from 'openid-client';
import { callOpenIdClient, endpointConfiguration, IdpRefusal } from './idp-openid-client';
import type { RejectionReason } from './identity-errors';

export interface TokenAnswer {
  accessToken: string;
  /** Seconds, when the IdP said. */
  expiresIn: number | null;
}

export interface TokenRequest {
  grant: 'client_credentials' | 'password';
  /** The issuer as configured (whether plain http is allowed) and as its discovery document names itself. */
  issuerUrl: string;
  issuer: string;
  endpoint: string;
  /** Who the grant is requested as, and how it proves that. */
  clientId: string;
  auth: oidc.ClientAuth;
  parameters: Record<string, string>;
}

/**
 * Requests one grant at the token endpoint. A 4xx answer (invalid_client, invalid_grant,
 * unauthorized_client) is the caller's credentials being wrong: `refused` is returned so the caller
 * can remember it; network trouble, 5xx and unusable answers are thrown as IdpUnavailableError.
 */
export async function requestToken(request: TokenRequest, timeoutMs: number, refused: RejectionReason): Promise<TokenAnswer | RejectionReason> {
  const answer = await callOpenIdClient(timeoutMs, (fetch) => {
    const server = { issuer: request.issuer, token_endpoint: request.endpoint };
    const config = endpointConfiguration(server, request.issuerUrl, request.clientId, request.auth, fetch, timeoutMs);
    return request.grant === 'client_credentials'
      ? oidc.clientCredentialsGrant(config, request.parameters)
      : oidc.genericGrantRequest(config, request.grant, request.parameters);
  });
  if (answer instanceof IdpRefusal) return refused;
  const expiresIn = typeof answer.expires_in === 'number' && answer.expires_in > 0 ? answer.expires_in : null;
  return { accessToken: answer.access_token, expiresIn };
}
