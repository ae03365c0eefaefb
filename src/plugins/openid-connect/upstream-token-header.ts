export interface UpstreamTokenHeader {
  /** Lower-case header name. */
  name: string;
  /** What goes before the token: `Bearer ` for `authorization:bearer`, nothing for a bare name. */
  prefix: string;
}

/** Kong's `upstream_access_token_header`: `name` or `name:scheme`; null sends no token upstream. */
export function parseUpstreamTokenHeader(setting: string | null): UpstreamTokenHeader | null {
  if (!setting) return null;
  const colon = setting.indexOf(':');
  const name = (colon === -1 ? setting : setting.slice(0, colon)).toLowerCase();
  const scheme = colon === -1 ? '' : setting.slice(colon + 1);
  if (!scheme) return { name, prefix: '' };
  return { name, prefix: `${scheme.toLowerCase() === 'bearer' ? 'Bearer' : scheme} ` };
}
