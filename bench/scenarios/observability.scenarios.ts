import { BARE_PROXY } from './baseline.scenarios';
import { applicationRoute, APPLICATION_ROUTE } from './openid-connect.scenarios';
import { PORTICO_PLAIN } from './portico-plain.scenario';
import type { Scenario } from './scenario';

/**
 * What observing costs (issue 11): the same routes on a second gateway with the access log off.
 * Metrics and request ids cannot be turned off, so their cost shows only against an older build.
 */
export const porticoPlainQuietScenario: Scenario = {
  id: 'portico-plain-quiet',
  label: 'Portico, plain route, access log off',
  ratios: [{ against: PORTICO_PLAIN }, { against: BARE_PROXY }],
  async setup(env) {
    const quiet = await env.quietPortico();
    await quiet.addService('bench-plain', env.upstreamUrl, '/plain');
    return { url: `${quiet.proxyUrl}/plain/bench`, headers: {}, gatewayPid: quiet.pid };
  },
};

export const porticoApplicationQuietScenario: Scenario = {
  id: 'portico-application-quiet',
  label: 'Portico, application route, access log off',
  ratios: [{ against: APPLICATION_ROUTE }],
  async setup(env) {
    return applicationRoute(env, await env.quietPortico());
  },
};
