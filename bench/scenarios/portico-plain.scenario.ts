import { BARE_PROXY, DIRECT } from './baseline.scenarios';
import type { Scenario } from './scenario';

export const PORTICO_PLAIN = 'portico-plain';

/** A route with no plugins: matching, the (empty) pipeline stages and forwarding. */
export const porticoPlainScenario: Scenario = {
  id: PORTICO_PLAIN,
  label: 'Portico, plain route',
  ratios: [
    { against: BARE_PROXY, target: 0.6 },
    { against: DIRECT },
  ],
  async setup(env) {
    await env.portico.addService('bench-plain', env.upstreamUrl, '/plain');
    return { url: `${env.portico.proxyUrl}/plain/bench`, headers: {}, gatewayPid: env.portico.pid };
  },
};
