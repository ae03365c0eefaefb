import { basicCredentials, callIdp } from './idp-http';
import { TokenRejectedError } from './identity-errors';
import type { IntrospectionResult } from './issuer';
import type { Claims } from './token-claims';

export interface GatewayClient {
  id: string;
  secret: string;
}

/**
 * RFC 7662 introspection, authenticated as the gateway's own client (client_secret_basic). The IdP
 * refusing the gateway's credentials is a refusal of the token here: the caller cannot be served.
 */
export async function introspectToken(endpoint: string, token: string, client: GatewayClient, timeoutMs: number): Promise<IntrospectionResult> {
  const { status, body } = await callIdp(endpoint, timeoutMs, {
    form: { token, token_type_hint: 'access_token' },
    authorization: basicCredentials(client.id, client.secret),
  });
  if (status !== 200) throw new TokenRejectedError('introspection_refused');
  if (body.active !== true) return { active: false };
  const { active: _active, ...claims } = body;
  return { active: true, claims: claims as Claims };
}
