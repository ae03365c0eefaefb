import { APPLICATION_QUIET, BARE_PROXY, PLAIN_QUIET } from './scenario-ids';
import { applicationRoute } from './openid-connect.scenarios';
import { isSkip, Scenario } from './scenario';

/**
 * What observing costs (issue 11): the same routes on a second gateway with the access log off. The
 * default gateway's rows carry the ratio (log on / log off, target ≥ 0.95: under 5 % of throughput).
 * Metrics and request ids cannot be turned off; their share shows in the CPU profile.
 */
export const porticoPlainQuietScenario: Scenario = {
  id: PLAIN_QUIET,
  label: 'Portico, plain route, access log off',
  ratios: [{ against: BARE_PROXY }],
  async setup(env) {
    const quiet = await env.quietPortico();
    await quiet.addService('bench-plain', env.upstreamUrl, '/plain');
    return { url: `${quiet.proxyUrl}/plain/bench`, headers: {}, gatewayPid: quiet.pid };
  },
};

export const porticoApplicationQuietScenario: Scenario = {
  id: APPLICATION_QUIET,
  label: 'Portico, application route, access log off',
  ratios: [{ against: BARE_PROXY }],
  async setup(env) {
    const route = await applicationRoute(env, await env.quietPortico());
    return isSkip(route) ? route : route.target;
  },
};
