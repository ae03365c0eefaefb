import { recordIdpCall } from '../observability/metrics';
import { IdpUnavailableError } from './identity-errors';

export interface IdpAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** Bigger answers than this from a discovery, JWKS, token or introspection endpoint are not plausible. */
const MAX_BODY_BYTES = 1024 * 1024;

/** Statuses whose response may not carry a body (the Response constructor refuses one). */
const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

/**
 * The one way Portico talks to an identity provider (openid-client's calls go through it as their
 * `customFetch`): a hard timeout covering the body too, credentials never replayed to wherever a
 * redirect points, and anything that is not an answer (network failure, timeout, 5xx, an oversized
 * body) thrown as IdpUnavailableError. Other answers come back read, for the caller to judge.
 */
export async function fetchFromIdp(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: RequestInit['body'] },
  timeoutMs: number,
): Promise<Response> {
  let res: Response;
  let text: string;
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  try {
    res = await fetch(url, {
      method: init.method,
      headers: init.headers,
      body: init.body,
      redirect: init.method === 'GET' ? 'follow' : 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await res.text();
  } catch (err) {
    const name = (err as Error).name;
    recordIdpCall(url, 'unavailable', seconds());
    throw new IdpUnavailableError(name === 'TimeoutError' || name === 'AbortError' ? 'timed out' : 'unreachable');
  }
  const unavailable = res.status >= 500 || text.length > MAX_BODY_BYTES;
  recordIdpCall(url, unavailable ? 'unavailable' : res.status >= 400 ? 'refused' : 'ok', seconds());
  if (res.status >= 500) throw new IdpUnavailableError(`answered ${res.status}`);
  if (text.length > MAX_BODY_BYTES) throw new IdpUnavailableError('answer too large');
  return new Response(NULL_BODY_STATUS.has(res.status) ? null : text, { status: res.status, statusText: res.statusText, headers: res.headers });
}

/**
 * A plain JSON GET (the JWKS, which jwks-rsa parses). A body that is not a JSON object is
 * IdpUnavailableError; a 4xx answer is returned, because only the caller knows what the IdP is refusing.
 */
export async function getIdpJson(url: string, timeoutMs: number): Promise<IdpAnswer> {
  const res = await fetchFromIdp(url, { method: 'GET', headers: { accept: 'application/json' } }, timeoutMs);
  let body: unknown;
  try {
    const text = await res.text();
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
