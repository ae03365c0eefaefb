import type { Scenario } from './scenario';
import { BARE_PROXY, DIRECT } from './scenario-ids';

export { BARE_PROXY, DIRECT };

/** The upstream alone: what the load generator and upstream can do on their shared core. */
export const directScenario: Scenario = {
  id: DIRECT,
  label: 'Direct to upstream',
  ratios: [],
  setup: async (env) => ({ url: `${env.upstreamUrl}/bench`, headers: {}, gatewayPid: null }),
};

/** node:http + http.request over a keep-alive agent: the ceiling for any Node gateway on one core. */
export const bareProxyScenario: Scenario = {
  id: BARE_PROXY,
  label: 'Bare Node proxy',
  ratios: [{ against: DIRECT }],
  setup: async (env) => ({ url: `${env.bareProxy.url}/bench`, headers: {}, gatewayPid: env.bareProxy.pid }),
};
