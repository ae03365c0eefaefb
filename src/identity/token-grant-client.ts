import { callIdp } from './idp-http';
import { IdpUnavailableError, RejectionReason } from './identity-errors';

export interface TokenAnswer {
  accessToken: string;
  /** Seconds, when the IdP said. */
  expiresIn: number | null;
}

/**
 * Posts one grant to the token endpoint. A 4xx answer (invalid_client, invalid_grant,
 * unauthorized_client) is the caller's credentials being wrong: `refused` is returned so the caller
 * can remember it; network trouble and 5xx are thrown as IdpUnavailableError by callIdp.
 */
export async function requestToken(
  endpoint: string,
  authorization: string,
  form: Record<string, string>,
  timeoutMs: number,
  refused: RejectionReason,
): Promise<TokenAnswer | RejectionReason> {
  const { status, body } = await callIdp(endpoint, timeoutMs, { form, authorization });
  if (status >= 400) return refused;
  if (typeof body.access_token !== 'string' || body.access_token === '') throw new IdpUnavailableError('token endpoint answered without an access token');
  const expiresIn = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : null;
  return { accessToken: body.access_token, expiresIn };
}
