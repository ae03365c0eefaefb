import type { RotatingHeader } from '../load/rotating-header';
import type { PorticoUnderTest } from '../portico-under-test';

/** What scenarios share: the running processes, plus a place for setup that several of them need. */
export interface BenchEnvironment {
  readonly upstreamUrl: string;
  readonly bareProxy: { readonly url: string; readonly pid: number };
  /** The gateway as configured by default, with metrics and the access log (to a file) on. */
  readonly portico: PorticoUnderTest;
  /**
   * A third gateway configured like the default one, started on first use, for the fresh-token
   * scenario alone: its full verified-token cache and the garbage of thousands of tokens would
   * otherwise weigh on the default gateway's rows.
   */
  freshTokenPortico(): Promise<PorticoUnderTest>;
  /** Runs factory once per run under this key and hands every caller the same promise (e.g. one IdP for all identity scenarios). */
  once<T>(key: string, factory: () => Promise<T>): Promise<T>;
  /** Registers an asynchronous clean-up for something a scenario started; it runs even when the bench fails or is interrupted. */
  onCleanup(cleanup: () => Promise<void>): void;
}

/** Where a scenario's load goes. */
export interface PreparedTarget {
  /** Every request kind is sent to exactly this URL. */
  url: string;
  headers: Readonly<Record<string, string>>;
  /** A header whose value changes on every request under load (the fixed headers hold its first value, for the target check). */
  rotating?: RotatingHeader;
  /** The process whose CPU time is divided by the requests served; null when there is no gateway. */
  gatewayPid: number | null;
}

export interface Skip {
  skip: string;
}

export interface RatioSpec {
  /** Scenario id whose throughput is the denominator. */
  against: string;
  /** The target for this ratio, if it has one. */
  target?: number;
}

export interface Scenario {
  /** Stable id, for --scenarios= and for other scenarios' ratios. */
  id: string;
  label: string;
  ratios: RatioSpec[];
  /** Configures what the scenario needs (services, routes, plugins, an IdP…), or says why it cannot run here. */
  setup(env: BenchEnvironment): Promise<PreparedTarget | Skip>;
}

export function isSkip<T extends object>(value: T | Skip): value is Skip {
  return 'skip' in value;
}
