export interface LoginThrottleOptions {
  /** Failures allowed before any waiting is imposed. */
  freeFailures: number;
  /** Wait after the first failure past the free ones; doubles with every further failure. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Emails tracked at once; the least recently failed are forgotten first. */
  maxEntries: number;
  now: () => number;
}

interface Failures {
  count: number;
  lastAt: number;
}

const DEFAULTS: LoginThrottleOptions = {
  freeFailures: 5,
  baseDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
  maxEntries: 10_000,
  now: Date.now,
};

/**
 * Slows password guessing per email: after a few failures each further attempt must wait, twice as
 * long every time (up to a cap), whether the password is then right or not — otherwise the throttle
 * would only slow the guesses that fail. A success clears the email's record. Kept in memory: one
 * node's view, which bounds the guessing rate per node.
 */
export class LoginThrottle {
  private readonly opts: LoginThrottleOptions;
  private readonly failures = new Map<string, Failures>();

  constructor(opts: Partial<LoginThrottleOptions> = {}) {
    this.opts = { ...DEFAULTS, ...opts };
  }

  /** Milliseconds until the next attempt for this key is allowed; 0 when it is allowed now. */
  retryAfterMs(key: string): number {
    const entry = this.failures.get(key);
    if (!entry) return 0;
    const elapsed = this.opts.now() - entry.lastAt;
    if (elapsed >= this.opts.maxDelayMs) {
      // Quiet for as long as the longest wait: start afresh.
      this.failures.delete(key);
      return 0;
    }
    return Math.max(0, this.delayAfter(entry.count) - elapsed);
  }

  recordFailure(key: string): void {
    const count = (this.failures.get(key)?.count ?? 0) + 1;
    this.failures.delete(key);
    if (this.failures.size >= this.opts.maxEntries) this.failures.delete(this.failures.keys().next().value!);
    this.failures.set(key, { count, lastAt: this.opts.now() });
  }

  recordSuccess(key: string): void {
    this.failures.delete(key);
  }

  private delayAfter(count: number): number {
    const over = count - this.opts.freeFailures;
    if (over < 0) return 0;
    return Math.min(this.opts.maxDelayMs, this.opts.baseDelayMs * 2 ** Math.min(over, 30));
  }
}
