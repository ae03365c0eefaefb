/** Credentials of an `Authorization: Basic` header, decoded, with the base64 part as the client sent it. */
export interface BasicCredentials {
  username: string;
  password: string;
  /** The token68 part, for passing on unchanged (an IdP reads it exactly as the client wrote it). */
  encoded: string;
}

/** RFC 7617: the scheme (any case), one or more spaces, base64 (RFC 7235 token68 padding), optional trailing spaces. */
const BASIC = /^basic +([A-Za-z0-9+/]+=*) *$/i;

/**
 * The portal's login and openid-connect's client credentials read Basic headers the same way: null
 * when the header is not Basic, is not base64, or has no `:` after a non-empty user name.
 */
export function parseBasicAuthorization(header: string | undefined): BasicCredentials | null {
  const match = header === undefined ? null : BASIC.exec(header);
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), encoded: match[1] };
}
