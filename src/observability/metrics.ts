import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { observeCaches } from '../common/cache';
import { FastCounter, FastCounterChild, FastHistogram } from './fast-metrics';

/**
 * Portico's Prometheus metrics (SPEC §9), in a Registry of its own so nothing another library puts in
 * prom-client's global registry is served, and so tests can read a fresh one. Every label value is the
 * id or name of a configured entity, a status code or a reason id from a fixed list: never a client's
 * path, header or token, so cardinality is bounded by the configuration.
 *
 * One per process, reachable without dependency injection, because the callers (the IdP transport,
 * caches, the change feed) are plain modules.
 */
export class PorticoMetrics {
  readonly registry = new Registry();

  readonly requests = new FastCounter(
    'portico_http_requests_total',
    'Proxied requests, by service, route, application and status code',
    ['service', 'route', 'application', 'code'] as const,
    this.registry,
  );

  private readonly latencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

  readonly latency = new FastHistogram(
    'portico_request_duration_seconds',
    'Proxied request latency: total (client view), upstream (time spent at the upstream), portico (time spent in Portico)',
    ['service', 'route', 'kind'] as const,
    this.latencyBuckets,
    this.registry,
  );

  readonly bytes = new FastCounter(
    'portico_bandwidth_bytes_total',
    'Bytes of proxied traffic: in = request bodies as declared by Content-Length, out = response bytes written to the client',
    ['service', 'route', 'direction'] as const,
    this.registry,
  );

  readonly denials = new FastCounter(
    'portico_denials_total',
    'Proxied requests Portico answered itself with a refusal, by reason id (no_credentials, token_expired, insufficient_scope, instance_status_1 = pending, no_route…)',
    ['service', 'route', 'reason'] as const,
    this.registry,
  );

  readonly idpRequests = new FastCounter(
    'portico_idp_requests_total',
    'Calls to identity providers, by issuer (origin), endpoint (discovery, jwks, token, introspection, other) and outcome (ok, refused, unavailable)',
    ['issuer', 'endpoint', 'outcome'] as const,
    this.registry,
  );

  readonly idpLatency = new FastHistogram(
    'portico_idp_request_duration_seconds',
    'Latency of calls to identity providers',
    ['issuer', 'endpoint'] as const,
    this.latencyBuckets,
    this.registry,
  );

  readonly cacheLookups = new FastCounter('portico_cache_lookups_total', 'Cache lookups by cache name and result (hit, miss)', ['cache', 'result'] as const, this.registry);

  private databaseCheck: () => Promise<boolean> = async () => true;

  readonly databaseReachable: Gauge = (() => {
    const check = () => this.databaseCheck();
    return new Gauge({
      name: 'portico_database_reachable',
      help: '1 when the database answered the last check (made on each scrape), 0 when it did not',
      registers: [this.registry],
      // Checked when scraped, so the value is never older than the scrape itself.
      async collect() {
        this.set((await check()) ? 1 : 0);
      },
    });
  })();

  private configurationVersionNow: () => number = () => 0;

  readonly configurationVersion: Gauge = (() => {
    const read = () => this.configurationVersionNow();
    return new Gauge({
      name: 'portico_configuration_version',
      help: 'Version of the configuration this node serves; equal on every node once changes have converged',
      registers: [this.registry],
      // Read when scraped: the change feed applies versions in the background (other nodes' changes).
      collect() {
        this.set(read());
      },
    });
  })();

  cacheLookup(cache: string, hit: boolean): FastCounterChild {
    return this.cacheLookups.child(cache, hit ? 'hit' : 'miss');
  }

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'portico_' });
  }

  /** How /metrics learns whether the database answers (the core wires it once the data source exists). */
  checkDatabaseWith(check: () => Promise<boolean>): void {
    this.databaseCheck = check;
  }

  /** How /metrics learns the configuration version this node has applied (the change feed wires it). */
  readConfigurationVersionWith(read: () => number): void {
    this.configurationVersionNow = read;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

let current = new PorticoMetrics();

export function metrics(): PorticoMetrics {
  return current;
}

/** A fresh set, for unit tests. */
export function resetMetrics(): PorticoMetrics {
  current = new PorticoMetrics();
  return current;
}

/** Every cache calls this on each lookup; `cache` is the cache's fixed name (`consumers`, `jwks`…). */
export function recordCacheLookup(cache: string, hit: boolean): void {
  current.cacheLookup(cache, hit).inc();
}

// Every Cache (src/common/cache.ts) reports its lookups here; loading the metrics wires it once per process.
observeCaches((cache, outcome) => recordCacheLookup(cache, outcome === 'hit'));

/** The change feed tells where /metrics reads the configuration version this node has applied. */
export function readConfigurationVersionWith(read: () => number): void {
  current.readConfigurationVersionWith(read);
}

export type IdpOutcome = 'ok' | 'refused' | 'unavailable';

/** One call to an identity provider; the label values come from the configured issuer's URLs. */
export function recordIdpCall(url: string, outcome: IdpOutcome, seconds: number): void {
  const { issuer, endpoint } = idpLabels(url);
  current.idpRequests.inc({ issuer, endpoint, outcome });
  current.idpLatency.observe({ issuer, endpoint }, seconds);
}

/**
 * The issuer as its origin and the endpoint as a kind from a fixed list: the URL's path and query are
 * the IdP's, can be long and (for a misconfigured one) vary, so they never become label values.
 */
export function idpLabels(url: string): { issuer: string; endpoint: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { issuer: 'invalid', endpoint: 'other' };
  }
  const path = parsed.pathname.toLowerCase();
  const endpoint = path.endsWith('/.well-known/openid-configuration')
    ? 'discovery'
    : /jwks|certs|keys/.test(path)
      ? 'jwks'
      : path.includes('introspect')
        ? 'introspection'
        : path.includes('token')
          ? 'token'
          : 'other';
  return { issuer: parsed.origin, endpoint };
}
