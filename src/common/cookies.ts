/** The value of cookie `name` in a Cookie header (the first, as browsers send the most specific first). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq !== -1 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * The Cookie header without cookie `name` (null when nothing else is left), so a session cookie of
 * Portico's never reaches the upstream while the application's own cookies still do.
 */
export function removeCookie(header: string, name: string): string | null {
  const kept = header
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair !== '' && pair.slice(0, Math.max(0, pair.indexOf('='))).trim() !== name);
  return kept.length ? kept.join('; ') : null;
}

export interface CookieAttributes {
  /** Seconds; absent: a browser-session cookie. */
  maxAge?: number;
  sameSite: 'Strict' | 'Lax' | 'None';
  httpOnly: boolean;
  secure: boolean;
}

/** A Set-Cookie value for the whole site (Path=/): every session cookie Portico issues (portal, /manager, openid-connect). */
export function serializeCookie(name: string, value: string, attributes: CookieAttributes): string {
  let cookie = `${name}=${value}; Path=/`;
  if (attributes.maxAge !== undefined) cookie += `; Max-Age=${Math.max(0, Math.floor(attributes.maxAge))}`;
  cookie += `; SameSite=${attributes.sameSite}`;
  if (attributes.httpOnly) cookie += '; HttpOnly';
  if (attributes.secure) cookie += '; Secure';
  return cookie;
}
