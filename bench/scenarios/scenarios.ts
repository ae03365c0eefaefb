import { bareProxyScenario, directScenario } from './baseline.scenarios';
import { porticoApplicationFreshTokenScenario, porticoApplicationScenario, porticoBearerJwtScenario, porticoClientCredentialsScenario } from './openid-connect.scenarios';
import { porticoPlainScenario } from './portico-plain.scenario';
import type { Scenario } from './scenario';

/**
 * Everything `npm run bench` measures, in report order. A new route shape is one more entry: its own
 * setup (services, plugins, credentials) and the request headers it needs.
 */
export const SCENARIOS: readonly Scenario[] = [
  directScenario,
  bareProxyScenario,
  porticoPlainScenario,
  porticoBearerJwtScenario,
  porticoClientCredentialsScenario,
  porticoApplicationScenario,
  porticoApplicationFreshTokenScenario,
];
