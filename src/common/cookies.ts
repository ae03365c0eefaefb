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
