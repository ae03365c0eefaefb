import type { IncomingHttpHeaders } from 'node:http';
import { basicCredentials } from '../../identity/idp-http';
import { parseBasicAuthorization } from '../../common/basic-authorization';
import { readCookie } from '../../common/cookies';

export type ParamType = 'header' | 'query';

/** A credential found in the request, before anything checked it. */
export type FoundCredential =
  | { type: 'bearer'; token: string; from: ParamType }
  /** `basic` is the base64 part of the Basic header as sent (or built from query parameters). */
  | { type: 'basic'; username: string; password: string; basic: string; from: ParamType }
  | { type: 'session'; sealed: string }
  /** Present but unusable: several Authorization headers, an empty bearer, Basic that does not decode. */
  | { type: 'malformed'; reason: 'duplicate_authorization' | 'malformed_credentials' };

export interface ExtractionRules {
  /** Where bearer tokens are accepted; null when neither `bearer` nor `introspection` is enabled. */
  bearer: readonly ParamType[] | null;
  /** Where Basic credentials are accepted; null when neither `client_credentials` nor `password` is enabled. */
  basic: readonly ParamType[] | null;
  /** The session cookie's name; null when `session` is disabled. */
  sessionCookie: string | null;
}

export interface RequestParts {
  headers: IncomingHttpHeaders;
  rawHeaders: readonly string[];
  /** The raw query string, '' or starting with '?'. */
  query: string;
}

const BEARER = /^bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * Finds the request's credential in SPEC order, Portico's way: what the request carries explicitly
 * (bearer, then Basic; headers before the query) wins over a session cookie sent with it. Returns
 * null when there is no credential of any accepted kind ("not mine").
 */
export function extractCredential(req: RequestParts, rules: ExtractionRules): FoundCredential | null {
  const authorization = req.headers.authorization;
  if (authorization !== undefined && countHeader(req.rawHeaders, 'authorization') > 1) {
    // Node keeps only the first Authorization header; an intermediary may have read another one.
    return { type: 'malformed', reason: 'duplicate_authorization' };
  }
  const scheme = authorization ? authorization.slice(0, 7).toLowerCase() : '';
  const query = rules.bearer?.includes('query') || rules.basic?.includes('query') ? new URLSearchParams(req.query) : null;

  if (rules.bearer) {
    if (rules.bearer.includes('header') && scheme.startsWith('bearer')) {
      const match = BEARER.exec(authorization!);
      return match ? { type: 'bearer', token: match[1], from: 'header' } : { type: 'malformed', reason: 'malformed_credentials' };
    }
    const token = query && rules.bearer.includes('query') ? query.get('access_token') : null;
    if (token) return { type: 'bearer', token, from: 'query' };
  }

  if (rules.basic) {
    if (rules.basic.includes('header') && scheme.startsWith('basic')) {
      const credentials = parseBasicAuthorization(authorization);
      if (!credentials) return { type: 'malformed', reason: 'malformed_credentials' };
      return { type: 'basic', username: credentials.username, password: credentials.password, basic: credentials.encoded, from: 'header' };
    }
    const id = query && rules.basic.includes('query') ? query.get('client_id') : null;
    const secret = id ? query!.get('client_secret') : null;
    if (id && secret) return { type: 'basic', username: id, password: secret, basic: basicCredentials(id, secret).slice('Basic '.length), from: 'query' };
  }

  if (rules.sessionCookie) {
    const sealed = readCookie(req.headers.cookie, rules.sessionCookie);
    if (sealed) return { type: 'session', sealed };
  }
  return null;
}

/** The query string without the parameters a credential was read from, so they never reach the upstream. */
export function withoutQueryCredentials(query: string, names: readonly string[]): string {
  const params = new URLSearchParams(query);
  for (const name of names) params.delete(name);
  const rest = params.toString();
  return rest ? `?${rest}` : '';
}

function countHeader(rawHeaders: readonly string[], lowerName: string): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i];
    if (name.length === lowerName.length && name.toLowerCase() === lowerName) count++;
  }
  return count;
}
