export interface CookieAttributes {
  /** Seconds; absent: a browser-session cookie. */
  maxAge?: number;
  sameSite: 'Strict' | 'Lax' | 'None';
  httpOnly: boolean;
  secure: boolean;
}

export function serializeCookie(name: string, value: string, attributes: CookieAttributes): string {
  let cookie = `${name}=${value}; Path=/`;
  if (attributes.maxAge !== undefined) cookie += `; Max-Age=${Math.max(0, Math.floor(attributes.maxAge))}`;
  cookie += `; SameSite=${attributes.sameSite}`;
  if (attributes.httpOnly) cookie += '; HttpOnly';
  if (attributes.secure) cookie += '; Secure';
  return cookie;
}
