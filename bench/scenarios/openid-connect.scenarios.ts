import { KeyObject, randomBytes, sign } from 'node:crypto';
import type { TestIdp } from '../../test/support/idp/test-idp';
import { RotatingHeader } from '../load/rotating-header';
import { APPLICATION_FRESH_TOKENS, APPLICATION_ROUTE, BARE_PROXY, PORTICO_PLAIN } from './scenario-ids';
import type { PorticoUnderTest } from '../portico-under-test';
import type { BenchEnvironment, PreparedTarget, Scenario, Skip } from './scenario';
import { isSkip } from './scenario';

const PLUGIN = 'openid-connect';
const CLIENT_ID = 'portico-bench-client';
/** A second client, registered as a developer's application (an application consumer cannot share the first one's custom_id). */
const APP_CLIENT_ID = 'portico-bench-application';
// Longer than the bench's own time limit, so no token expires while it is measured.
const ACCESS_TOKEN_TTL_S = 4 * 3_600;

interface IdentityFixture {
  idp: TestIdp;
  clientSecret: string;
  basicAuth(clientId: string, secret: string): string;
}

/**
 * One IdP and one consumer for every identity scenario. The consumer's custom_id is the IdP client's
 * id, which the plugin's default consumer_claim (client_id, RFC 9068) maps to it.
 */
function identityFixture(env: BenchEnvironment): Promise<IdentityFixture | Skip> {
  return env.once('openid-connect', async () => {
    const plugins = await env.portico.availablePlugins();
    if (!plugins.includes(PLUGIN)) {
      return { skip: `the ${PLUGIN} plugin is not in this build (Admin API GET / → plugins.available_on_server: [${plugins.join(', ')}])` };
    }
    const { TestIdp, basicAuth } = await import('../../test/support/idp/test-idp');
    const clientSecret = randomBytes(24).toString('hex');
    const idp = await TestIdp.start({
      clients: [
        { client_id: CLIENT_ID, client_secret: clientSecret },
        { client_id: APP_CLIENT_ID, client_secret: clientSecret },
      ],
      accessTokenTtl: ACCESS_TOKEN_TTL_S,
    });
    env.onCleanup(() => idp.stop());
    await env.portico.admin('POST', '/consumers', { username: CLIENT_ID, custom_id: CLIENT_ID });
    return { idp, clientSecret, basicAuth };
  });
}

async function identityScenario(
  env: BenchEnvironment,
  name: string,
  authMethod: 'bearer' | 'client_credentials',
  authorization: (fixture: IdentityFixture) => Promise<string>,
): Promise<PreparedTarget | Skip> {
  const fixture = await identityFixture(env);
  if (isSkip(fixture)) return fixture;
  await env.portico.addService(name, env.upstreamUrl, `/${name}`, {
    name: PLUGIN,
    config: { issuer: fixture.idp.issuer, auth_methods: [authMethod] },
  });
  return { url: `${env.portico.proxyUrl}/${name}/bench`, headers: { authorization: await authorization(fixture) }, gatewayPid: env.portico.pid };
}

/** A JWT access token from the IdP, verified by Portico on every request (or answered from its verified-token cache). */
export const porticoBearerJwtScenario: Scenario = {
  id: 'portico-bearer-jwt',
  label: 'Portico, bearer JWT (openid-connect)',
  ratios: [{ against: PORTICO_PLAIN, target: 0.7 }, { against: BARE_PROXY }],
  setup: (env) =>
    identityScenario(env, 'bench-jwt', 'bearer', async ({ idp, clientSecret }) => {
      const { access_token } = await idp.clientCredentialsToken(CLIENT_ID, clientSecret);
      return `Bearer ${access_token}`;
    }),
};

/** Basic client_id:client_secret, exchanged once at the IdP and then served from Portico's token cache. */
export const porticoClientCredentialsScenario: Scenario = {
  id: 'portico-client-credentials',
  label: 'Portico, client credentials (openid-connect)',
  ratios: [{ against: PORTICO_PLAIN, target: 0.7 }, { against: BARE_PROXY }],
  setup: (env) => identityScenario(env, 'bench-cc', 'client_credentials', async ({ clientSecret, basicAuth }) => basicAuth(CLIENT_ID, clientSecret)),
};

/** Three times what the verified-token cache holds (src/identity/issuer.ts, 10,000), so no token is ever answered from it. */
const FRESH_TOKENS = 30_000;

interface ApplicationRoute {
  target: PreparedTarget;
  /** The application's access token, as the IdP issued it. */
  accessToken: string;
  fixture: IdentityFixture;
}

/**
 * An application route as SPEC §3.2 has it: openid-connect and application-registration on the
 * service, a developer's approved application whose custom_id is the IdP client, a bearer JWT. Set up
 * once per gateway (the default one, the fresh-token scenario's own, and each of the access-log A/B's).
 */
export function applicationRoute(env: BenchEnvironment, portico: PorticoUnderTest): Promise<ApplicationRoute | Skip> {
  return env.once(`application-route:${portico.pid}`, async () => {
    const fixture = await identityFixture(env);
    if (isSkip(fixture)) return fixture;
    const name = 'bench-app';
    await portico.addService(name, env.upstreamUrl, `/${name}`, { name: PLUGIN, config: { issuer: fixture.idp.issuer, auth_methods: ['bearer'] } });
    const service = await portico.admin<{ id: string }>('GET', `/services/${name}`);
    await portico.admin('POST', `/services/${name}/plugins`, { name: 'application-registration', config: { display_name: 'Bench' } });
    const developer = await portico.admin<{ id: string }>('POST', '/developers', { email: 'bench@example.com', password: randomBytes(16).toString('hex'), status: 0 });
    const application = await portico.admin<{ id: string }>('POST', `/developers/${developer.id}/applications`, { name: 'bench', custom_id: APP_CLIENT_ID });
    await portico.admin('POST', `/applications/${application.id}/application_instances`, { service: { id: service.id }, status: 0 });
    const { access_token } = await fixture.idp.clientCredentialsToken(APP_CLIENT_ID, fixture.clientSecret);
    return {
      target: { url: `${portico.proxyUrl}/${name}/bench`, headers: { authorization: `Bearer ${access_token}` }, gatewayPid: portico.pid },
      accessToken: access_token,
      fixture,
    };
  });
}

export const porticoApplicationScenario: Scenario = {
  id: APPLICATION_ROUTE,
  label: 'Portico, application route (openid-connect + application-registration)',
  ratios: [{ against: PORTICO_PLAIN }, { against: BARE_PROXY, target: 0.7 }],
  setup: async (env) => {
    const route = await applicationRoute(env, env.portico);
    return isSkip(route) ? route : route.target;
  },
};

/**
 * The same route with a different valid token on every request: what verifying a token costs when no
 * cache can answer (many clients, or short-lived tokens). The tokens are the IdP's own token re-signed
 * with its key, each with its own jti, so they carry exactly the claims the IdP issues.
 */
export const porticoApplicationFreshTokenScenario: Scenario = {
  id: APPLICATION_FRESH_TOKENS,
  label: 'Portico, application route, a different token on every request',
  ratios: [{ against: APPLICATION_ROUTE }, { against: BARE_PROXY, target: 0.55 }],
  setup: async (env) => {
    const route = await applicationRoute(env, await env.freshTokenPortico());
    if (isSkip(route)) return route;
    const tokens = resign(route.accessToken, await route.fixture.idp.signingKey(), FRESH_TOKENS).map((token) => `Bearer ${token}`);
    return { ...route.target, headers: { authorization: tokens[0] }, rotating: new RotatingHeader('authorization', tokens) };
  },
};

/** `count` copies of a JWT, each with a jti of its own, signed RS256 with `key` (the IdP signs with RS256). */
export function resign(token: string, key: KeyObject, count: number): string[] {
  const [header, payload] = token.split('.');
  if (JSON.parse(Buffer.from(header, 'base64url').toString()).alg !== 'RS256') throw new Error('expected an RS256 token from the IdP');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const body = Buffer.from(JSON.stringify({ ...claims, jti: `${String(claims.jti ?? 'bench')}.${i}` })).toString('base64url');
    const signed = `${header}.${body}`;
    tokens.push(`${signed}.${sign('sha256', Buffer.from(signed), key).toString('base64url')}`);
  }
  return tokens;
}
