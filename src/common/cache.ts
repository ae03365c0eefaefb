import { LRUCache } from 'lru-cache';

export interface Expiring<V> {
  value: V;
  /** Epoch milliseconds; at or before now means "do not cache". */
  expiresAt: number;
}

export interface CacheOptions {
  /** Names the cache in metrics and logs ("consumers", "verified-tokens"). */
  name: string;
  /** Entries kept at most; the least recently used goes first. */
  max: number;
  /** Lifetime of entries stored without an expiry of their own; none: until invalidated or evicted. */
  ttlMs?: number;
  /** Epoch milliseconds; a seam for tests. */
  clock?: () => number;
}

/** Counts lookups by cache name (e.g. Prometheus counters); one observer per process. */
export type CacheObserver = (cache: string, outcome: 'hit' | 'miss') => void;

let observer: CacheObserver | null = null;

export function observeCaches(next: CacheObserver | null): void {
  observer = next;
}

/** For the one cache that is not a Cache (RefreshingValue: one document, refreshed in the background). */
export function countLookup(cache: string, outcome: 'hit' | 'miss'): void {
  observer?.(cache, outcome);
}

/** Boxed so that `null` (a remembered miss: "no such consumer") is a value like any other. */
interface Box<V> {
  value: V;
}

/**
 * The one cache primitive, on lru-cache: a size bound, per-entry or default lifetime, loads of one key
 * shared by every concurrent caller, misses cached as values, failed loads never remembered (a
 * database or IdP hiccup must not become the answer). Invalidation is by key or by predicate over the
 * values; a load that was in flight when its entry was invalidated does not store its (stale) result.
 */
export class Cache<V> {
  readonly name: string;
  private readonly entries: LRUCache<string, Box<V>>;
  private readonly loading = new Map<string, Promise<V>>();
  /** Bumped by every invalidation: a load started in an older epoch may have read stale rows. */
  private epoch = 0;
  private readonly clock: () => number;

  constructor(options: CacheOptions) {
    this.name = options.name;
    this.clock = options.clock ?? Date.now;
    // The same clock as the expiries callers give (epoch ms), not lru-cache's default performance.now().
    this.entries = new LRUCache<string, Box<V>>({ max: options.max, ttl: options.ttlMs, perf: { now: this.clock }, ttlResolution: 0 });
  }

  get size(): number {
    return this.entries.size;
  }

  /** The cached value, or undefined when there is none (or it expired). */
  get(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Stores `value` until `expiresAt` (epoch ms) or, without one, for the cache's default lifetime. */
  set(key: string, value: V, expiresAt?: number): void {
    if (expiresAt === undefined) {
      this.entries.set(key, { value });
      return;
    }
    // lru-cache calls an entry stale once its ttl has *passed*; an expiry is the first instant it is no good.
    const ttl = expiresAt - this.clock() - 1;
    if (ttl <= 0) return;
    this.entries.set(key, { value }, { ttl });
  }

  delete(key: string): void {
    this.epoch++;
    this.loading.delete(key);
    this.entries.delete(key);
  }

  /** Drops every entry whose value matches, and every load in flight (its result is unknown yet). */
  deleteWhere(matches: (value: V, key: string) => boolean): void {
    this.epoch++;
    this.loading.clear();
    for (const [key, box] of this.entries.entries()) if (matches(box.value, key)) this.entries.delete(key);
  }

  /** Applies a change-feed verdict (see cache-invalidation.ts). */
  invalidate(stale: 'all' | ((value: V, key: string) => boolean)): void {
    if (stale === 'all') this.clear();
    else this.deleteWhere(stale);
  }

  clear(): void {
    this.epoch++;
    this.loading.clear();
    this.entries.clear();
  }

  /** The cached value, or `load`'s (shared with any load of the same key in flight), kept for the default lifetime. */
  load(key: string, load: () => Promise<V>): Promise<V> {
    return this.lookup(key, async () => ({ value: await load(), expiresAt: undefined }));
  }

  /** The same, for values that say how long they stay good (tokens, token responses). */
  getOrLoad(key: string, load: () => Promise<Expiring<V>>): Promise<V> {
    return this.lookup(key, load);
  }

  private lookup(key: string, load: () => Promise<{ value: V; expiresAt: number | undefined }>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit) {
      observer?.(this.name, 'hit');
      return Promise.resolve(hit.value);
    }
    observer?.(this.name, 'miss');
    let pending = this.loading.get(key);
    if (!pending) {
      const epoch = this.epoch;
      pending = load().then(
        ({ value, expiresAt }) => {
          if (this.loading.get(key) === pending) this.loading.delete(key);
          if (this.epoch === epoch) this.set(key, value, expiresAt);
          return value;
        },
        (err: unknown) => {
          if (this.loading.get(key) === pending) this.loading.delete(key);
          throw err;
        },
      );
      this.loading.set(key, pending);
    }
    return pending;
  }
}
