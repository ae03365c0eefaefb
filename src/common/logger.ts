import pino, { Logger } from 'pino';
import type { LoggerService } from '@nestjs/common';
import { SyncWriter } from './sync-writer';

/**
 * Paths that could carry a credential are censored by pino itself, so a careless `log.info({req})`
 * still cannot leak a token, a password or a cookie.
 */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.client_secret',
  '*.token',
  '*.access_token',
  '*.secret',
];

/**
 * Lines go to stdout through SyncWriter, like the access log: written at once, and when the reader of
 * stdout falls behind, waited for in 1 ms steps (pino's default destination, sonic-boom, sleeps
 * 100 ms per full pipe).
 */
const stdout = new SyncWriter(1);
const destination = {
  write(line: string) {
    try {
      stdout.write(line);
    } catch {
      // stdout is closed (EPIPE) or refuses: there is nowhere left to say so, and a log line must never
      // fail the request or the task that wrote it.
    }
  },
};
const make = (level: string) => pino({ level, base: undefined, redact: { paths: REDACT, censor: '[redacted]' } }, destination);

let root: Logger = make('info');

export function configureLogger(level: string): Logger {
  root = make(level);
  return root;
}

export function logger(): Logger {
  return root;
}

/**
 * Routes Nest's own messages into the same JSON lines. Its `log` level is start-up chatter (a line per
 * module and per mapped route, ~100 of them): debug, so a normal start prints only Portico's lines.
 */
export class NestPinoLogger implements LoggerService {
  log(message: unknown, context?: string) {
    root.debug({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    root.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    root.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    root.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    root.trace({ context }, String(message));
  }
}

type Level = 'info' | 'warn' | 'error';

export interface RepeatedLinesOptions {
  /** At most one line per reason within this many milliseconds. */
  intervalMs: number;
  /** Reasons tracked at once; the one tracked longest is dropped first. */
  maxReasons: number;
  now: () => number;
  setTimer: (run: () => void, ms: number) => void;
  emit: (level: Level, fields: Record<string, unknown>, message: string) => void;
}

interface ReasonState {
  /** Until when another line of this reason is left out. */
  quietUntil: number;
  /** Lines left out since the last one written. */
  suppressed: number;
  /** The latest line left out: written, with the count, when the quiet time ends. */
  last: { level: Level; fields: Record<string, unknown>; message: string } | null;
}

/**
 * Rate-limits lines that repeat for one reason (SPEC §5: an IdP that is down would otherwise cost a
 * line per request): the first is written at once, the rest of the interval's are held back, and when
 * the interval ends the latest of them is written with `suppressed`, how many others were left out. A
 * flood thus writes one line per interval, and nothing left out goes uncounted.
 */
export class RepeatedLines {
  private readonly reasons = new Map<string, ReasonState>();

  constructor(private readonly opts: RepeatedLinesOptions) {}

  log(level: Level, reason: string, fields: Record<string, unknown>, message: string): void {
    const now = this.opts.now();
    const state = this.reasons.get(reason);
    if (state && (now < state.quietUntil || state.last)) {
      state.suppressed++;
      state.last = { level, fields, message };
      if (state.suppressed === 1) this.opts.setTimer(() => this.flush(reason, state), Math.max(0, state.quietUntil - now));
      return;
    }
    this.reasons.delete(reason);
    if (this.reasons.size >= this.opts.maxReasons) this.reasons.delete(this.reasons.keys().next().value!);
    this.reasons.set(reason, { quietUntil: now + this.opts.intervalMs, suppressed: 0, last: null });
    this.opts.emit(level, fields, message);
  }

  private flush(reason: string, state: ReasonState): void {
    const { last, suppressed } = state;
    // Dropped to make room meanwhile: its count is lost rather than misreported.
    if (this.reasons.get(reason) !== state || !last) return;
    state.suppressed = 0;
    state.last = null;
    state.quietUntil = this.opts.now() + this.opts.intervalMs;
    // `suppressed` counts the lines left out besides the one written.
    this.opts.emit(last.level, suppressed > 1 ? { ...last.fields, suppressed: suppressed - 1 } : last.fields, last.message);
  }
}

const repeatedLines = new RepeatedLines({
  intervalMs: 1000,
  maxReasons: 1000,
  now: Date.now,
  setTimer: (run, ms) => setTimeout(run, ms).unref(),
  emit: (level, fields, message) => root[level](fields, message),
});

/**
 * For lines that can repeat once per request (an identity provider that is down): at most one per
 * `reason` per second, with a count of those left out. `reason` names what is wrong, not the request.
 */
export function logRepeated(level: Level, reason: string, fields: Record<string, unknown>, message: string): void {
  repeatedLines.log(level, reason, fields, message);
}
