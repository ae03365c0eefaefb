import type { RotatingHeader } from './rotating-header';

export interface LoadRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Readonly<Record<string, string>>;
  body?: string;
  /** A header set to the next of its values on every request (overrides the same name in headers). */
  rotating?: RotatingHeader;
}

export interface LoadSettings {
  connections: number;
  durationS: number;
}

export interface LoadResult {
  /** Responses received, whatever their status. */
  requests: number;
  durationS: number;
  p50Us: number;
  p99Us: number;
  /** Responses outside 2xx/3xx. */
  non2xx: number;
  /** Connect, read, write errors and timeouts. */
  errors: number;
}

export interface LoadGenerator {
  /** Name and version, for the report. */
  readonly description: string;
  run(request: LoadRequest, settings: LoadSettings): Promise<LoadResult>;
  close(): void;
}

/** The bench only ever generates load against this machine's loopback interface. */
export function assertLoopback(url: string): void {
  const { hostname } = new URL(url);
  if (hostname !== '127.0.0.1' && hostname !== '[::1]' && hostname !== 'localhost') {
    throw new Error(`refusing to generate load against ${hostname}: the bench only targets loopback addresses`);
  }
}
