import { logRepeated } from '../common/logger';
import type { AccessLogTarget } from '../config/portico-config';
import { SyncWriter } from '../common/sync-writer';

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

/** Entries wait for this many others before they are written together, and at most this long. */
const BATCH_ENTRIES = 64;
const FLUSH_EVERY_MS = 250;

/**
 * PORTICO_ACCESS_LOG: `stdout`, `off` or a file path.
 *
 * A request only queues its entry; entries are turned into lines and written in batches: one system
 * call per 64 requests under load, or every quarter second when traffic is light; flush() at shutdown
 * writes what is pending. Serializing a batch in one go runs the same few functions 64 times while
 * they are hot in the CPU's caches; serializing each line at the end of its request, between the
 * proxy's own work, measured several times dearer per line in the gateway's profile. The batch is
 * written synchronously (SyncWriter): writing asynchronously hands every write to libuv's thread pool,
 * which on a gateway pinned to one core cost far more than the line. A reader that stops reading
 * stdout altogether stalls the proxy rather than lose lines or grow memory.
 */
export function openAccessLog(target: AccessLogTarget): AccessLogSink | null {
  if (target.type === 'off') return null;
  const writer = target.type === 'stdout' ? new SyncWriter(1) : SyncWriter.append(target.path);
  const batch = new Batch<AccessLogEntry>((entries) => writeBatch(writer, entries), BATCH_ENTRIES, FLUSH_EVERY_MS);
  return {
    write: (entry) => batch.add(entry),
    flush: () => batch.drain(),
  };
}

/** A refused write (EPIPE: the reader is gone; ENOSPC…) loses that batch and says so, never the request. */
function writeBatch(writer: SyncWriter, entries: readonly AccessLogEntry[]): void {
  try {
    writer.write(accessLogLines(entries));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown';
    logRepeated('error', `access-log:${code}`, { code, lines: entries.length }, 'could not write to the access log; these lines are lost');
  }
}

/** The entries as JSON lines, one after the other. */
export function accessLogLines(entries: readonly AccessLogEntry[]): string {
  let text = '';
  for (let i = 0; i < entries.length; i++) text += accessLogLine(entries[i]);
  return text;
}

/**
 * The entry as one line of JSON, newline included: the same text JSON.stringify gives (same keys, same
 * order, same escaping), written out field by field. The shape is fixed, so the generic walk over
 * the object (property enumeration, the nested latencies object, escaping checks on every key) is
 * work the line does not need; it was the access log's largest frame in the gateway's CPU profile.
 */
export function accessLogLine(e: AccessLogEntry): string {
  const l = e.latencies;
  return (
    `{"time":${jsonString(e.time)},"request_id":${jsonString(e.request_id)},"client":${jsonString(e.client)}` +
    `,"method":${jsonString(e.method)},"path":${jsonString(e.path)},"status":${jsonNumber(e.status)}` +
    `,"latencies":{"total_ms":${jsonNumber(l.total_ms)},"upstream_ms":${jsonNumber(l.upstream_ms)},"portico_ms":${jsonNumber(l.portico_ms)}}` +
    `,"service":${jsonString(e.service)},"route":${jsonString(e.route)},"consumer":${jsonString(e.consumer)}` +
    `,"application":${jsonString(e.application)},"denial_reason":${jsonString(e.denial_reason)}}\n`
  );
}

/** Characters JSON.stringify escapes in a string: quote, backslash, controls and (lone) surrogates. */
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

function jsonString(value: string | null): string {
  if (value === null) return 'null';
  // Almost every value (ids, names, addresses, ordinary paths) needs no escaping at all.
  return NEEDS_ESCAPING.test(value) ? JSON.stringify(value) : `"${value}"`;
}

/** As JSON.stringify writes a number: NaN and the infinities become null. */
function jsonNumber(value: number | null): string {
  return value !== null && Number.isFinite(value) ? String(value) : 'null';
}

/** Collects items and hands them on together once there are `size` of them, or after `everyMs` at most. */
export class Batch<T> {
  private pending: T[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly onTimer = () => {
    this.timer = null;
    this.drain();
  };

  constructor(
    private readonly sink: (items: T[]) => void,
    private readonly size: number,
    private readonly everyMs: number,
  ) {}

  add(item: T): void {
    this.pending.push(item);
    if (this.pending.length >= this.size) this.drain();
    else if (this.timer === null) {
      // A timer already running drains whatever is pending when it fires; one per quiet period, not per item.
      this.timer = setTimeout(this.onTimer, this.everyMs);
      this.timer.unref();
    }
  }

  /** Hands on everything pending (nothing when empty). */
  drain(): void {
    if (this.pending.length === 0) return;
    const items = this.pending;
    this.pending = [];
    this.sink(items);
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
