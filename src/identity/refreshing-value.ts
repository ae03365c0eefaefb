import { countLookup } from '../common/cache';
import { logger } from '../common/logger';
import { Clock, systemClock } from './clock';
import type { Deadline } from './deadline';
import { IdpUnavailableError } from './identity-errors';

const FIRST_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;

/**
 * Not a Cache (src/common/cache.ts) on purpose: one value that must keep serving while a refresh is in
 * flight or failing, with a back-off between failures, which a keyed cache with expiry does not
 * express. It reports hits and misses through the same observer.
 *
 * A document fetched from the identity provider (discovery, a JWKS): loaded on first use, shared by
 * every request, refreshed in the background once older than `maxAgeMs` while the old copy keeps
 * serving, and kept as long as the IdP cannot give a new one. After a failure nobody asks again
 * before an exponential back-off has passed, so an IdP that is down is not hammered and requests
 * that find nothing cached fail fast with a Retry-After.
 */
export class RefreshingValue<T> {
  private value: T | undefined;
  private fetchedAt = 0;
  private inflight: Promise<T> | null = null;
  private failures = 0;
  private retryAt = 0;
  /** When the last fetch started, successful or not. */
  lastAttemptAt = 0;
  lastAttemptFailed = false;

  constructor(
    private readonly load: (timeoutMs: number) => Promise<T>,
    private readonly maxAgeMs: number,
    /** For logs: what this is and whose (a URL; never anything secret). */
    private readonly label: string,
    /** For cache metrics, shared by every value of the kind ("oidc-discovery", "jwks"). */
    private readonly cacheName: string,
    private readonly clock: Clock = systemClock,
  ) {}

  /** The value if there is one, however old, and nothing else. */
  current(): T | undefined {
    return this.value;
  }

  /** The value if there is one, however old; starts a background refresh when it is stale. */
  peek(timeoutMs: number): T | undefined {
    if (this.value !== undefined && !this.inflight) {
      const now = this.clock();
      if (now - this.fetchedAt > this.maxAgeMs && now >= this.retryAt) this.refresh(timeoutMs).catch(() => undefined);
    }
    return this.value;
  }

  async get(deadline: Deadline): Promise<T> {
    const current = this.peek(deadline.timeoutMs);
    countLookup(this.cacheName, current === undefined ? 'miss' : 'hit');
    if (current !== undefined) return current;
    if (!this.inflight && this.clock() < this.retryAt) {
      throw new IdpUnavailableError(`${this.label}: backing off after a failure`, this.retryAfterSeconds());
    }
    return deadline.race(this.refresh(deadline.timeoutMs));
  }

  /** Fetches now (joining a fetch already running), whatever the age of the current value. */
  refresh(timeoutMs: number): Promise<T> {
    if (this.inflight) return this.inflight;
    this.lastAttemptAt = this.clock();
    const attempt = this.load(timeoutMs).then(
      (value) => {
        this.value = value;
        this.fetchedAt = this.clock();
        this.failures = 0;
        this.retryAt = 0;
        this.lastAttemptFailed = false;
        return value;
      },
      (err: unknown) => {
        this.failures++;
        this.retryAt = this.clock() + Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (this.failures - 1));
        this.lastAttemptFailed = true;
        logger().warn({ what: this.label, detail: (err as Error).message, failures: this.failures, kept: this.value !== undefined }, 'identity provider fetch failed');
        // Whatever went wrong (network, a 5xx, a document that does not parse), the IdP gave nothing usable.
        const detail = err instanceof IdpUnavailableError ? err.detail : `${this.label} unusable: ${(err as Error).message}`;
        throw new IdpUnavailableError(detail, this.retryAfterSeconds());
      },
    );
    this.inflight = attempt.finally(() => {
      this.inflight = null;
    });
    // Background refreshes have no waiter; their failure is already logged above.
    this.inflight.catch(() => undefined);
    return this.inflight;
  }

  /**
   * A fetch in flight, or a new one when the last started at least `minIntervalMs` ago; null when
   * asking again now would be too soon.
   */
  refreshIfDue(minIntervalMs: number, timeoutMs: number): Promise<T> | null {
    if (this.inflight) return this.inflight;
    if (this.clock() - this.lastAttemptAt < minIntervalMs) return null;
    return this.refresh(timeoutMs);
  }

  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((this.retryAt - this.clock()) / 1000));
  }
}
