export interface WindowLimiterOptions {
  /** Events allowed per key within one window. */
  limit: number;
  windowMs: number;
  /** Keys tracked at once; when full, the key whose window began longest ago is forgotten first. */
  maxKeys: number;
  now?: () => number;
}

interface Window {
  startedAt: number;
  count: number;
}

/**
 * Counts events per key (failed logins, registrations, refused token exchanges) in fixed windows, each
 * beginning at the key's first event after the previous window ended. Once a key has had `limit`
 * events, it is refused until its window ends: a flood cannot keep pushing the end further away, so a
 * refusal always comes with a true Retry-After. In memory, one node's view; bounded by `maxKeys`.
 */
export class WindowLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly now: () => number;

  constructor(private readonly opts: WindowLimiterOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** Milliseconds until the key may have another event; 0 when it may now. */
  retryAfterMs(key: string): number {
    const window = this.current(key, this.now());
    if (!window || window.count < this.opts.limit) return 0;
    return window.startedAt + this.opts.windowMs - this.now();
  }

  /** Counts one event for the key. */
  record(key: string): void {
    const now = this.now();
    const window = this.current(key, now);
    if (window) {
      window.count++;
      return;
    }
    if (this.windows.size >= this.opts.maxKeys) this.windows.delete(this.windows.keys().next().value!);
    this.windows.set(key, { startedAt: now, count: 1 });
  }

  /**
   * Checks and counts in one step, so concurrent callers cannot all pass before any is counted:
   * 0 when the event is allowed (and now counted), else the milliseconds until it would be.
   */
  take(key: string): number {
    const wait = this.retryAfterMs(key);
    if (wait === 0) this.record(key);
    return wait;
  }

  forget(key: string): void {
    this.windows.delete(key);
  }

  private current(key: string, now: number): Window | undefined {
    const window = this.windows.get(key);
    if (window && now - window.startedAt >= this.opts.windowMs) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }
}
