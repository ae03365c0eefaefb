interface Entry<V> {
  value: V;
  expiresAt: number;
}

export interface Expiring<V> {
  value: V;
  /** Epoch milliseconds; at or before now means "do not cache". */
  expiresAt: number;
}

/**
 * A bounded map of values that expire (verified tokens, token responses, introspection results).
 * Concurrent loads of one key share a single call, so N identical requests arriving together still
 * cost the identity provider one request. Failed loads are not remembered; when full, the oldest
 * entry goes first.
 */
export class ExpiringCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly loading = new Map<string, Promise<V>>();

  constructor(private readonly maxEntries: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string, now = Date.now()): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V, expiresAt: number): void {
    if (expiresAt <= Date.now()) return;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, expiresAt });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  /** The cached value, or the result of `load` (shared with any load of the same key in flight). */
  getOrLoad(key: string, load: () => Promise<Expiring<V>>): Promise<V> {
    const hit = this.get(key);
    if (hit !== undefined) return Promise.resolve(hit);
    let pending = this.loading.get(key);
    if (!pending) {
      pending = load().then(
        ({ value, expiresAt }) => {
          this.loading.delete(key);
          this.set(key, value, expiresAt);
          return value;
        },
        (err: unknown) => {
          this.loading.delete(key);
          throw err;
        },
      );
      this.loading.set(key, pending);
    }
    return pending;
  }
}
