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
  /** Writes every pending line now (at shutdown). */
  flush(): void;
}

/** Lines are handed to the file or stdout in chunks of about this many characters, and at least this often. */
const CHUNK_CHARS = 16 * 1024;
const FLUSH_EVERY_MS = 250;

/**
 * PORTICO_ACCESS_LOG: `stdout`, `off` or a file path.
 *
 * Lines collect in memory and are written in chunks: one system call per ~50 requests under load, or
 * every quarter second when traffic is light; flush() at shutdown writes what is pending. The chunk
 * is written synchronously (sonic-boom's sync mode, which retries EAGAIN on a full pipe): the
 * asynchronous mode hands every write to libuv's thread pool, and on a gateway pinned to one core the
 * pool thread, its wake-ups and sonic-boom's per-line bookkeeping (it re-measured its whole pending
 * buffer on every line) cost about 40 µs of CPU per request, ten times the log line itself. A reader
 * that stops reading stdout altogether will stall the proxy rather than lose lines or grow memory.
 */
export function openAccessLog(target: AccessLogTarget): AccessLogSink | null {
  if (target.type === 'off') return null;
  const stream = pino.destination({ dest: target.type === 'stdout' ? 1 : target.path, sync: true, mkdir: true });
  const lines = new LineBuffer((chunk) => stream.write(chunk), CHUNK_CHARS, FLUSH_EVERY_MS);
  return {
    write: (entry) => lines.write(`${JSON.stringify(entry)}\n`),
    flush: () => {
      lines.drain();
      stream.flushSync();
    },
  };
}

/** Collects text and hands it on in chunks of at least `chunkChars`, or after `everyMs` at most. */
export class LineBuffer {
  private pending = '';
  private timer: NodeJS.Timeout | null = null;
  private readonly onTimer = () => {
    this.timer = null;
    this.drain();
  };

  constructor(
    private readonly sink: (chunk: string) => void,
    private readonly chunkChars: number,
    private readonly everyMs: number,
  ) {}

  write(line: string): void {
    this.pending += line;
    if (this.pending.length >= this.chunkChars) this.drain();
    else if (this.timer === null) {
      // A timer already running drains whatever is pending when it fires; one per quiet period, not per line.
      this.timer = setTimeout(this.onTimer, this.everyMs);
      this.timer.unref();
    }
  }

  /** Hands on everything pending (nothing when empty). */
  drain(): void {
    const chunk = this.pending;
    if (chunk === '') return;
    this.pending = '';
    this.sink(chunk);
  }
}

let isoMs = 0;
let isoText = '';

/** The time as ISO 8601, formatted once per millisecond however many lines share it. */
export function isoTimeNow(): string {
  const now = Date.now();
  if (now !== isoMs) {
    isoMs = now;
    isoText = new Date(now).toISOString();
  }
  return isoText;
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
