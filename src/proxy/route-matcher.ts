import { hexValue, isUnreserved, normalizePath } from './normalize-path';

export interface MatchableRoute {
  id: string;
  /** epoch seconds; the last tie-breaker: oldest wins (then id) */
  created_at: number;
  /** exact ("api.example.com", may carry ":port") or wildcard: leading "*.example.com" or trailing "example.*" */
  hosts: string[] | null;
  /** upper-case HTTP methods */
  methods: string[] | null;
  /** prefix paths ("/foo"), or regexes when starting with "~" ("~/users/\\d+$") */
  paths: string[] | null;
  regex_priority: number;
}

export interface RouteMatch<R> {
  route: R;
  /** the part of the normalized path that the route's path matched: the prefix for a prefix path, the regex's match[0] for a regex path, "" when the route has no paths */
  matchedPrefix: string;
}

export class RouteCompileError extends Error {
  constructor(
    readonly routeId: string,
    message: string,
  ) {
    super(`route ${routeId}: ${message}`);
    this.name = 'RouteCompileError';
  }
}

type HostKind = 'exact' | 'suffix' | 'prefix';

interface HostPattern {
  kind: HostKind;
  /** lower-case; for wildcards the fixed part: ".example.com" or "example." */
  name: string;
  /** null: any port */
  port: string | null;
}

interface CompiledRoute<R> {
  route: R;
  methods: readonly string[] | null;
  hosts: readonly HostPattern[] | null;
  attributeCount: number;
  exactHostsOnly: boolean;
}

/** One (route, path) pair: Kong also splits a route per path so each path gets its own priority. */
interface Candidate<R> {
  compiled: CompiledRoute<R>;
  prefix: string | null;
  regex: RegExp | null;
}

export class RouteMatcher<R extends MatchableRoute> {
  private readonly candidates: readonly Candidate<R>[];
  private readonly anyHosts: boolean;

  constructor(routes: readonly R[]) {
    const candidates: Candidate<R>[] = [];
    for (const route of routes) {
      const compiled = compileRoute(route);
      if (isEmpty(route.paths)) {
        candidates.push({ compiled, prefix: null, regex: null });
        continue;
      }
      for (const path of route.paths) {
        candidates.push(
          path.startsWith('~')
            ? { compiled, prefix: null, regex: compileRegexPath(route.id, path) }
            : { compiled, prefix: compilePrefixPath(route.id, path), regex: null },
        );
      }
    }
    this.candidates = candidates.sort(compareCandidates);
    this.anyHosts = candidates.some((c) => c.compiled.hosts !== null);
  }

  /** `path` must already be normalized (normalizePath). */
  match(method: string, host: string | undefined, path: string): RouteMatch<R> | null {
    let hostName: string | null = null;
    let hostPort: string | null = null;
    if (this.anyHosts && host !== undefined && host !== '') {
      const lower = host.toLowerCase();
      const colon = portSeparatorIndex(lower);
      hostName = colon === -1 ? lower : lower.slice(0, colon);
      hostPort = colon === -1 ? null : lower.slice(colon + 1);
    }

    const candidates = this.candidates;
    for (let i = 0; i < candidates.length; i++) {
      const candidate = candidates[i];
      const { methods, hosts } = candidate.compiled;
      if (methods !== null && !methods.includes(method)) continue;
      if (hosts !== null && (hostName === null || !anyHostMatches(hosts, hostName, hostPort))) continue;

      if (candidate.regex !== null) {
        candidate.regex.lastIndex = 0;
        const found = candidate.regex.exec(path);
        if (found === null) continue;
        return { route: candidate.compiled.route, matchedPrefix: found[0] };
      }
      if (candidate.prefix !== null) {
        if (!path.startsWith(candidate.prefix)) continue;
        return { route: candidate.compiled.route, matchedPrefix: candidate.prefix };
      }
      return { route: candidate.compiled.route, matchedPrefix: '' };
    }
    return null;
  }
}

/**
 * Evaluation order of Kong 3.x's `traditional_compatible` router, so that a Kong configuration
 * routes the same way here. Kong documents it under "Route priority" (Traditional router
 * reference) and encodes it in the route priority of kong/router/transform.lua `get_priority`:
 *   1. more attribute kinds set (hosts, methods, paths) first, so a specific route is never
 *      shadowed by a broader one;
 *   2. routes whose hosts are all exact before routes with any wildcard host (a route without
 *      hosts does not get this bonus, as in Kong's code);
 *   3. regex paths before prefix paths; regexes by `regex_priority` (higher first), prefixes by
 *      length (longer first), so `/service/resource` is not shadowed by `/service`;
 *   4. Kong leaves equal priorities unordered; we pick the oldest route, then the smaller id, so
 *      the choice is deterministic and matches Kong's `traditional` router.
 * Array#sort is stable, so one route's equal-priority paths keep their configured order.
 */
function compareCandidates<R extends MatchableRoute>(a: Candidate<R>, b: Candidate<R>): number {
  const ra = a.compiled;
  const rb = b.compiled;
  if (ra.attributeCount !== rb.attributeCount) return rb.attributeCount - ra.attributeCount;
  if (ra.exactHostsOnly !== rb.exactHostsOnly) return ra.exactHostsOnly ? -1 : 1;
  const aIsRegex = a.regex !== null;
  if (aIsRegex !== (b.regex !== null)) return aIsRegex ? -1 : 1;
  if (aIsRegex) {
    if (ra.route.regex_priority !== rb.route.regex_priority) {
      return rb.route.regex_priority - ra.route.regex_priority;
    }
  } else {
    const lengthA = a.prefix?.length ?? 0;
    const lengthB = b.prefix?.length ?? 0;
    if (lengthA !== lengthB) return lengthB - lengthA;
  }
  if (ra.route.created_at !== rb.route.created_at) return ra.route.created_at - rb.route.created_at;
  return ra.route.id < rb.route.id ? -1 : ra.route.id > rb.route.id ? 1 : 0;
}

function compileRoute<R extends MatchableRoute>(route: R): CompiledRoute<R> {
  const methods = isEmpty(route.methods) ? null : route.methods.map((m) => m.toUpperCase());
  const hosts = isEmpty(route.hosts) ? null : route.hosts.map(parseHostPattern);
  return {
    route,
    methods,
    hosts,
    attributeCount: Number(methods !== null) + Number(hosts !== null) + Number(!isEmpty(route.paths)),
    exactHostsOnly: hosts !== null && hosts.every((h) => h.kind === 'exact'),
  };
}

function isEmpty<T>(list: readonly T[] | null | undefined): list is null | undefined {
  return list === null || list === undefined || list.length === 0;
}

// Route paths are normalized like request paths, or `/foo%2fbar` and `/a//b` could never match.
function compilePrefixPath(routeId: string, path: string): string {
  const normalized = normalizePath(path);
  if (normalized === null) throw new RouteCompileError(routeId, `invalid path "${path}"`);
  return normalized;
}

// Sticky ("y") anchors the regex at the start of the path as Kong does, without rewriting the
// user's source (wrapping it in "^(?:…)" could turn an unbalanced pattern into a valid one).
function compileRegexPath(routeId: string, path: string): RegExp {
  try {
    return new RegExp(normalizeRegexSource(path.slice(1)), 'y');
  } catch (err) {
    throw new RouteCompileError(routeId, `invalid regex path "${path}": ${(err as Error).message}`);
  }
}

// Kong applies the request-path percent-encoding rules to regex paths as well (decoded
// unreserved octets, upper-case hex for the rest); a decoded "." is escaped so it stays literal.
function normalizeRegexSource(source: string): string {
  return source.replace(/%([0-9a-fA-F]{2})/g, (encoded, hex: string) => {
    const octet = hexValue(hex.charCodeAt(0)) * 16 + hexValue(hex.charCodeAt(1));
    if (octet === 0 || !isUnreserved(octet)) return encoded.toUpperCase();
    const char = String.fromCharCode(octet);
    return char === '.' ? '\\.' : char;
  });
}

function parseHostPattern(entry: string): HostPattern {
  const lower = entry.toLowerCase();
  const colon = portSeparatorIndex(lower);
  const name = colon === -1 ? lower : lower.slice(0, colon);
  const port = colon === -1 ? null : lower.slice(colon + 1);
  if (name.startsWith('*')) return { kind: 'suffix', name: name.slice(1), port };
  if (name.endsWith('*')) return { kind: 'prefix', name: name.slice(0, -1), port };
  return { kind: 'exact', name, port };
}

/** Index of the ":" before the port, or -1; IPv6 literals ("[::1]:8000") carry colons of their own. */
function portSeparatorIndex(host: string): number {
  if (host.charCodeAt(0) !== 0x5b) return host.lastIndexOf(':');
  const afterBracket = host.indexOf(']') + 1;
  return afterBracket > 0 && host.charCodeAt(afterBracket) === 0x3a ? afterBracket : -1;
}

function anyHostMatches(patterns: readonly HostPattern[], name: string, port: string | null): boolean {
  for (const pattern of patterns) {
    if (pattern.port !== null && pattern.port !== port) continue;
    switch (pattern.kind) {
      case 'exact':
        if (name === pattern.name) return true;
        break;
      // The wildcard stands for at least one character: "*.example.com" does not match "example.com".
      case 'suffix':
        if (name.length > pattern.name.length && name.endsWith(pattern.name)) return true;
        break;
      case 'prefix':
        if (name.length > pattern.name.length && name.startsWith(pattern.name)) return true;
        break;
    }
  }
  return false;
}
