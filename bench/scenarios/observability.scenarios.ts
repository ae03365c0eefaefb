import { porticoApplicationScenario } from './openid-connect.scenarios';
import { porticoPlainScenario } from './portico-plain.scenario';
import type { PairedComparison } from '../paired-ratios';
import type { Scenario } from './scenario';
import { APPLICATION_LOG_OFF, APPLICATION_LOG_ON, OBSERVING_TARGET, PLAIN_LOG_OFF, PLAIN_LOG_ON } from './scenario-ids';

/** How a gateway of the access-log A/B is started: what differs between the two sides, nothing else. */
export interface ObservingSide {
  name: 'log on' | 'log off';
  /** PORTICO_ACCESS_LOG for this side; `file` is a file in the bench's temporary directory, as on the default gateway. */
  accessLog: 'file' | 'off';
  scenarios: readonly Scenario[];
}

/**
 * A scenario of the A/B: the default scenario's setup, run against a gateway of the A/B instead of the
 * default one. Its ratio is taken within each pair (OBSERVING_COMPARISONS), not of the medians.
 */
const sideOf = (base: Scenario, id: string, label: string): Scenario => ({ id, label, ratios: [], setup: base.setup });

/**
 * What observing costs (issue 11: metrics and the access log under 5 % of throughput), measured as a
 * same-slot A/B: gateways that differ only in PORTICO_ACCESS_LOG, each started fresh and measured alone
 * on the gateway CPU, the two sides alternating. Comparing two long-lived gateways instead charged the
 * log with a difference between processes: the default gateway, which every other scenario also uses,
 * ran ~10 µs per request dearer than a second one with identical settings, and a fresh process lands
 * 10–20 % above its twin about one time in four whatever its settings, so one process per side is not
 * enough. Metrics and request ids cannot be turned off; they are on in both sides.
 */
export const OBSERVING_SIDES: readonly ObservingSide[] = [
  {
    name: 'log on',
    accessLog: 'file',
    scenarios: [
      sideOf(porticoPlainScenario, PLAIN_LOG_ON, 'A/B: Portico, plain route, access log on'),
      sideOf(porticoApplicationScenario, APPLICATION_LOG_ON, 'A/B: Portico, application route, access log on'),
    ],
  },
  {
    name: 'log off',
    accessLog: 'off',
    scenarios: [
      sideOf(porticoPlainScenario, PLAIN_LOG_OFF, 'A/B: Portico, plain route, access log off'),
      sideOf(porticoApplicationScenario, APPLICATION_LOG_OFF, 'A/B: Portico, application route, access log off'),
    ],
  },
];

export const OBSERVING_SCENARIOS: readonly Scenario[] = OBSERVING_SIDES.flatMap((side) => side.scenarios);

/** Log on ÷ log off within each pair: the cost of the access log, at most 5 % of throughput. */
export const OBSERVING_COMPARISONS: readonly PairedComparison[] = [
  { label: 'Plain route, access log on ÷ off', numerator: PLAIN_LOG_ON, denominator: PLAIN_LOG_OFF, target: OBSERVING_TARGET },
  { label: 'Application route, access log on ÷ off', numerator: APPLICATION_LOG_ON, denominator: APPLICATION_LOG_OFF, target: OBSERVING_TARGET },
];
