import { WindowLimiter } from '../common/window-limiter';

export interface GrantFailureLimitsOptions {
  /** Refused exchanges allowed per grant, client id (or username) and client address in one window. */
  perClient: number;
  /** Refused exchanges allowed per client address in one window, whatever the client ids. */
  perAddress: number;
  windowMs: number;
  maxKeys: number;
  now?: () => number;
}

/** SPEC §5: 5 failures within 60 s; the per-address bound (per grant) is what stops a spray of made-up client ids. */
const DEFAULTS: GrantFailureLimitsOptions = { perClient: 5, perAddress: 50, windowMs: 60_000, maxKeys: 10_000 };

/**
 * Refused credential exchanges (wrong client secret, wrong password) per issuer. Once a client id has
 * failed too often from one address, or one address has failed too often over any client ids, further
 * exchanges from there are refused without asking the IdP until the window ends. Secrets already known
 * good never get here (their cached token answers first), and other addresses are not affected.
 */
export class GrantFailureLimits {
  private readonly perClient: WindowLimiter;
  private readonly perAddress: WindowLimiter;

  constructor(opts: Partial<GrantFailureLimitsOptions> = {}) {
    const o = { ...DEFAULTS, ...opts };
    this.perClient = new WindowLimiter({ limit: o.perClient, windowMs: o.windowMs, maxKeys: o.maxKeys, now: o.now });
    this.perAddress = new WindowLimiter({ limit: o.perAddress, windowMs: o.windowMs, maxKeys: o.maxKeys, now: o.now });
  }

  blocked(grant: string, clientId: string, address: string): boolean {
    return this.perClient.retryAfterMs(key(grant, address, clientId)) > 0 || this.perAddress.retryAfterMs(key(grant, address)) > 0;
  }

  recordFailure(grant: string, clientId: string, address: string): void {
    this.perClient.record(key(grant, address, clientId));
    this.perAddress.record(key(grant, address));
  }
}

/**
 * Per grant: without a Grant-Type header a password user's Basic header is tried as client credentials
 * first and refused, which must not count against the clients sharing that user's address.
 * JSON keeps the parts apart whatever characters a client id holds.
 */
const key = (grant: string, address: string, clientId?: string) => JSON.stringify(clientId === undefined ? [grant, address] : [grant, address, clientId]);
