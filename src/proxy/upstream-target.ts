import type { ServiceEntity } from '../gateway/service.entity';

/** Where a service's requests go, computed once per route-table build (the route table holds one per service). */
export interface UpstreamTarget {
  readonly service: ServiceEntity;
  /** In the shape http-proxy uses as-is (a string target would be re-parsed on every request). */
  readonly target: { protocol: 'http:' | 'https:'; hostname: string; host: string; port: number };
  /** Host header for the upstream unless the route preserves the client's. */
  readonly hostHeader: string;
}

export function upstreamTarget(service: ServiceEntity): UpstreamTarget {
  const bracketed = service.host.includes(':') ? `[${service.host}]` : service.host;
  const defaultPort = service.protocol === 'https' ? 443 : 80;
  return {
    service,
    target: { protocol: `${service.protocol}:`, hostname: service.host, host: service.host, port: service.port },
    hostHeader: service.port === defaultPort ? bracketed : `${bracketed}:${service.port}`,
  };
}
