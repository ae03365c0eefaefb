import type { IncomingHttpHeaders } from 'node:http';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a request is a browser's state change sent from another origin. Browsers say where a
 * request comes from (Sec-Fetch-Site, else Origin); API clients such as curl send neither and are
 * not affected. Another port on the same host is another origin but the same *site*, so SameSite
 * cookies alone would not stop a page served by the proxy listener: this does.
 */
export function isCrossOriginWrite(method: string, headers: IncomingHttpHeaders): boolean {
  if (SAFE_METHODS.has(method)) return false;
  const site = headers['sec-fetch-site'];
  if (typeof site === 'string') return site !== 'same-origin' && site !== 'none';
  const origin = headers.origin;
  if (typeof origin !== 'string') return false;
  try {
    return new URL(origin).host !== headers.host;
  } catch {
    return true; // "null" (a sandboxed or privacy-sensitive context) and anything unparseable
  }
}
