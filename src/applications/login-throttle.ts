import { WindowLimiter } from '../common/window-limiter';

export interface LoginThrottleOptions {
  /** Failed attempts allowed per email and client address within one window. */
  failures: number;
  windowMs: number;
  /** Email-and-address pairs tracked at once. */
  maxEntries: number;
  now?: () => number;
}

const DEFAULTS: LoginThrottleOptions = { failures: 5, windowMs: 15 * 60_000, maxEntries: 10_000 };

/**
 * Slows password guessing per email **and client address** (SPEC §4.1): a flood of wrong passwords
 * from one address locks out that address only, never the developer logging in from another. Every
 * attempt counts as a failure until the password is known to be right, so parallel guesses are
 * throttled too, and once throttled even the right password waits (else the throttle would only slow
 * the guesses that fail). A success clears the pair's record.
 */
export class LoginThrottle {
  private readonly limiter: WindowLimiter;

  constructor(opts: Partial<LoginThrottleOptions> = {}) {
    const { failures, windowMs, maxEntries, now } = { ...DEFAULTS, ...opts };
    this.limiter = new WindowLimiter({ limit: failures, windowMs, maxKeys: maxEntries, now });
  }

  /** 0 when the attempt may go ahead (it is counted as a failure meanwhile); else milliseconds to wait. */
  admit(email: string, address: string): number {
    return this.limiter.take(keyOf(email, address));
  }

  succeeded(email: string, address: string): void {
    this.limiter.forget(keyOf(email, address));
  }
}

// A newline appears in neither a normalized email nor an address, so two pairs can never share a key.
const keyOf = (email: string, address: string) => `${email}\n${address}`;
