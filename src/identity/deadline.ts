import { IdpUnavailableError } from './identity-errors';

/**
 * One request's time budget for everything it asks the identity provider (discovery, keys, token,
 * introspection), so a chain of slow answers still ends within the plugin's `timeout`. Fetches shared
 * between requests carry their own timeout; each waiting request races them against its own budget.
 */
export class Deadline {
  private readonly endsAt: number;

  constructor(readonly timeoutMs: number) {
    this.endsAt = Date.now() + timeoutMs;
  }

  remainingMs(): number {
    return Math.max(0, this.endsAt - Date.now());
  }

  race<T>(work: Promise<T>): Promise<T> {
    const remaining = this.remainingMs();
    if (remaining === 0) return Promise.reject(new IdpUnavailableError('timed out'));
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new IdpUnavailableError('timed out')), remaining);
    });
    return Promise.race([work, expired]).finally(() => clearTimeout(timer));
  }
}
