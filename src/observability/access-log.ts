import pino from 'pino';
import type { AccessLogTarget } from '../config/portico-config';

/** One access-log line (SPEC §9). Field values are Portico's own or already scrubbed of credentials. */
export interface AccessLogEntry {
  time: string;
  request_id: string;
  client: string;
  method: string;
  path: string;
  status: number;
  latencies: { total_ms: number; upstream_ms: number | null; portico_ms: number };
  service: string | null;
  route: string | null;
  consumer: string | null;
  application: string | null;
  denial_reason: string | null;
}

export interface AccessLogSink {
  write(entry: AccessLogEntry): void;
  flush(): void;
}

/** Lines are written in chunks of about this size, and at least this often. */
const CHUNK_BYTES = 8 * 1024;
const FLUSH_EVERY_MS = 250;

/**
 * PORTICO_ACCESS_LOG: `stdout`, `off` or a file path. Lines are buffered and written asynchronously in
 * chunks (pino's sonic-boom) rather than one system call per request, which cost more than the rest of
 * the access log together; a timer writes what is pending at least every quarter second.
 */
export function openAccessLog(target: AccessLogTarget): AccessLogSink | null {
  if (target.type === 'off') return null;
  const stream = pino.destination({
    dest: target.type === 'stdout' ? 1 : target.path,
    sync: false,
    mkdir: true,
    minLength: CHUNK_BYTES,
    periodicFlush: FLUSH_EVERY_MS,
  } as Parameters<typeof pino.destination>[0]);
  return {
    write: (entry) => stream.write(`${JSON.stringify(entry)}\n`),
    flush: () => stream.flushSync(),
  };
}

/**
 * Query parameters whose values are credentials (the ones openid-connect reads, and the usual names
 * elsewhere): the access log keeps the name, so a reader sees one was sent, never the value.
 */
const CREDENTIAL_PARAMS = new Set([
  'access_token',
  'id_token',
  'refresh_token',
  'token',
  'client_secret',
  'client_id',
  'password',
  'code',
  'api_key',
  'apikey',
  'key',
  'session',
]);

/** The path and query as the client sent them, with credential parameters' values replaced. */
export function loggablePath(path: string, query: string): string {
  if (query.length <= 1) return path;
  const parts = query.slice(1).split('&');
  for (let i = 0; i < parts.length; i++) {
    const eq = parts[i].indexOf('=');
    if (eq === -1) continue;
    let name: string;
    try {
      name = decodeURIComponent(parts[i].slice(0, eq).replace(/\+/g, ' ')).toLowerCase();
    } catch {
      name = parts[i].slice(0, eq).toLowerCase();
    }
    if (CREDENTIAL_PARAMS.has(name)) parts[i] = `${parts[i].slice(0, eq)}=[redacted]`;
  }
  return `${path}?${parts.join('&')}`;
}
