/** One load-generator run against one scenario with one request kind. */
export interface Measurement {
  scenario: string;
  kind: string;
  rep: number;
  rps: number;
  p50Us: number;
  p99Us: number;
  /** Gateway CPU (user + system, all threads) per response; null without a gateway. */
  cpuUsPerRequest: number | null;
  non2xx: number;
  errors: number;
  /** CPU used meanwhile by processes other than the bench and its children, in % of one core. */
  otherLoadPct: number;
}

/**
 * Above this much CPU used by other processes (% of one core), a measurement is disturbed: on two cores
 * they compete with the gateway or the load generator. It is repeated, and flagged if it stays disturbed.
 */
export const OTHER_LOAD_LIMIT_PCT = 10;
/** Repeats of a disturbed measurement before it is kept as it is. */
export const DISTURBED_REPEATS = 2;
/** How long to wait for other processes to go quiet before each measurement. */
export const QUIET_WAIT_S = 30;
