interface Waiter {
  grant: () => void;
  timer?: NodeJS.Timeout;
}

/**
 * At most `limit` pieces of work at once; the rest wait in arrival order. A caller may bound its wait:
 * it then gets `onTimeout()`'s error instead of a slot, and leaves the queue.
 */
export class Semaphore {
  private active = 0;
  private readonly queue: Waiter[] = [];

  constructor(readonly limit: number) {}

  get running(): number {
    return this.active;
  }

  get waiting(): number {
    return this.queue.length;
  }

  async run<T>(work: () => Promise<T>, wait: { maxWaitMs: number; onTimeout: () => Error } | null = null): Promise<T> {
    await this.acquire(wait);
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  private acquire(wait: { maxWaitMs: number; onTimeout: () => Error } | null): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { grant: resolve };
      if (wait) {
        waiter.timer = setTimeout(() => {
          this.queue.splice(this.queue.indexOf(waiter), 1);
          reject(wait.onTimeout());
        }, wait.maxWaitMs);
      }
      this.queue.push(waiter);
    });
  }

  private release(): void {
    const next = this.queue.shift();
    if (!next) {
      this.active--;
      return;
    }
    // The slot passes straight to the next waiter: `active` stays as it is.
    clearTimeout(next.timer);
    next.grant();
  }
}
