import type { Scenario } from './scenario';
import { BARE_PROXY, DIRECT, PORTICO_PLAIN } from './scenario-ids';

export { PORTICO_PLAIN };

/** A route with no plugins: matching, the (empty) pipeline stages and forwarding. */
export const porticoPlainScenario: Scenario = {
  id: PORTICO_PLAIN,
  label: 'Portico, plain route',
  ratios: [
    { against: BARE_PROXY, target: 0.75 },
    { against: DIRECT },
  ],
  async setup(env) {
    await env.portico.addService('bench-plain', env.upstreamUrl, '/plain');
    return { url: `${env.portico.proxyUrl}/plain/bench`, headers: {}, gatewayPid: env.portico.pid };
  },
};
