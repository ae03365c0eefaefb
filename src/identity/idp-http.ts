import { IdpUnavailableError } from './identity-errors';

export interface IdpAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** Bigger answers than this from a discovery, JWKS, token or introspection endpoint are not plausible. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * One call to the identity provider with a hard timeout. Anything that is not a readable answer
 * (network failure, timeout, 5xx, a body that is not a JSON object) becomes IdpUnavailableError; a
 * 4xx answer is returned, because only the caller knows what the IdP is refusing.
 */
export async function callIdp(
  url: string,
  timeoutMs: number,
  init: { form?: Record<string, string>; authorization?: string } = {},
): Promise<IdpAnswer> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.authorization) headers.authorization = init.authorization;
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, {
      method: init.form ? 'POST' : 'GET',
      headers,
      body: init.form ? new URLSearchParams(init.form) : undefined,
      // Credentials are never replayed to wherever a redirect points.
      redirect: init.form ? 'error' : 'follow',
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await res.text();
  } catch (err) {
    const name = (err as Error).name;
    throw new IdpUnavailableError(name === 'TimeoutError' || name === 'AbortError' ? 'timed out' : 'unreachable');
  }
  if (res.status >= 500) throw new IdpUnavailableError(`answered ${res.status}`);
  if (text.length > MAX_BODY_BYTES) throw new IdpUnavailableError('answer too large');
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    if (res.status >= 400) return { status: res.status, body: {} };
    throw new IdpUnavailableError('answered something that is not JSON');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    if (res.status >= 400) return { status: res.status, body: {} };
    throw new IdpUnavailableError('answered something that is not a JSON object');
  }
  if (res.status >= 300 && res.status < 400) throw new IdpUnavailableError(`answered ${res.status}`);
  return { status: res.status, body: body as Record<string, unknown> };
}

/** RFC 6749 §2.3.1: client id and secret are form-urlencoded before they are joined and base64-encoded. */
export function basicCredentials(id: string, secret: string): string {
  const encode = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(id)}:${encode(secret)}`).toString('base64')}`;
}
