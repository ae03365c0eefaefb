const SLASH = 0x2f;
const DOT = 0x2e;
const PERCENT = 0x25;
const HEX_DIGITS = '0123456789ABCDEF';

/**
 * Normalizes a request path (RFC 3986 §6.2.2, plus nginx's merge_slashes) so that routing, plugins
 * and the upstream all see the same path and a route cannot be bypassed with `/a/../b`, `/%61` or
 * `//a`. Returns null for a path the proxy must answer with 400: not absolute, malformed
 * percent-encoding, an encoded NUL, or a `..` above the root.
 */
export function normalizePath(rawPath: string): string | null {
  if (rawPath.charCodeAt(0) !== SLASH) return null;
  if (!needsNormalizing(rawPath)) return rawPath;
  const decoded = decodeUnreservedOctets(rawPath);
  return decoded === null ? null : removeDotSegments(decoded);
}

// Nearly every real path is already normal; one pass over char codes keeps that case allocation-free.
function needsNormalizing(path: string): boolean {
  for (let i = 1; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c === PERCENT) return true;
    if (path.charCodeAt(i - 1) !== SLASH) continue;
    if (c === SLASH || (c === DOT && isDotSegmentAt(path, i))) return true;
  }
  return false;
}

function isDotSegmentAt(path: string, i: number): boolean {
  const next = i + 1;
  if (next === path.length || path.charCodeAt(next) === SLASH) return true;
  return (
    path.charCodeAt(next) === DOT && (next + 1 === path.length || path.charCodeAt(next + 1) === SLASH)
  );
}

// Only unreserved octets are decoded: decoding anything else (notably %2F) would change what the
// upstream sees as path structure. The rest are upper-cased so equivalent spellings compare equal.
function decodeUnreservedOctets(path: string): string | null {
  let i = path.indexOf('%');
  if (i === -1) return path;
  let out = '';
  let copiedUpTo = 0;
  while (i !== -1) {
    const hi = hexValue(path.charCodeAt(i + 1));
    const lo = hexValue(path.charCodeAt(i + 2));
    if (hi < 0 || lo < 0) return null;
    const octet = hi * 16 + lo;
    if (octet === 0) return null;
    out += path.slice(copiedUpTo, i);
    out += isUnreserved(octet) ? String.fromCharCode(octet) : '%' + HEX_DIGITS[hi] + HEX_DIGITS[lo];
    copiedUpTo = i + 3;
    i = path.indexOf('%', copiedUpTo);
  }
  return out + path.slice(copiedUpTo);
}

// Empty segments are dropped, which is what merges duplicate slashes.
function removeDotSegments(path: string): string | null {
  const segments = path.split('/');
  const kept: string[] = [];
  for (let i = 1; i < segments.length; i++) {
    const segment = segments[i];
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (kept.length === 0) return null;
      kept.pop();
      continue;
    }
    kept.push(segment);
  }
  if (kept.length === 0) return '/';
  const last = segments[segments.length - 1];
  const trailingSlash = last === '' || last === '.' || last === '..';
  return '/' + kept.join('/') + (trailingSlash ? '/' : '');
}

/** -1 for anything that is not a hex digit, including NaN past the end of the string. */
export function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** RFC 3986 §2.3: ALPHA / DIGIT / "-" / "." / "_" / "~" */
export function isUnreserved(octet: number): boolean {
  return (
    (octet >= 0x41 && octet <= 0x5a) ||
    (octet >= 0x61 && octet <= 0x7a) ||
    (octet >= 0x30 && octet <= 0x39) ||
    octet === 0x2d ||
    octet === DOT ||
    octet === 0x5f ||
    octet === 0x7e
  );
}
