/**
 * `npm run demo`: a local identity provider, an echo upstream and Portico, seeded with a service that
 * only approved applications may call, then the curl commands to try it. Runs until Ctrl-C.
 */
import { loadConfig } from '../src/config/portico-config';
import { RunningPortico, startPortico } from '../src/listeners';
import { EchoUpstream } from '../test/support/echo-upstream';
import { TestIdp } from '../test/support/idp/test-idp';
import { DEMO, seed, selfCheck, Urls } from './demo-seed';

function commands(urls: Urls): string {
  const route = `${urls.proxy}/${DEMO.service}/hello`;
  const { approved, pending, developer } = DEMO;
  const instance = `${urls.admin}/applications/${approved.client_id}/application_instances/${DEMO.service}`;
  return `
Portico is running:  proxy ${urls.proxy}   admin ${urls.admin}   portal ${urls.portal}
Identity provider:   ${urls.issuer}        (clients ${approved.client_id}, ${pending.client_id})
Portal API docs:     ${urls.portal}/docs   Admin API docs: ${urls.admin}/docs
In a browser:        developer portal ${urls.portal}/ (${developer.email} / ${developer.password})   approvals ${urls.admin}/manager

# 1. Client credentials: the application's IdP credentials as Basic, straight to the route.
#    Portico gets a token from the IdP, maps its client_id to the application, checks the approval → 200 (the echo).
curl -i -u ${approved.client_id}:${approved.secret} ${route}

# 2. Bearer: get a token from the IdP yourself and present it.
TOKEN=$(curl -s -u ${approved.client_id}:${approved.secret} -d grant_type=client_credentials ${urls.issuer}/token | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')
curl -i -H "Authorization: Bearer $TOKEN" ${route}

# 3. A pending application (requested access, not approved yet) → 403 {"message":"You cannot consume this service"}
curl -i -u ${pending.client_id}:${pending.secret} ${route}

# 4. Revoke the demo application's access: the very next request is 403. Approve it again: 200.
curl -s -X PATCH ${instance} -H 'content-type: application/json' -d '{"status":"revoked"}'
curl -i -u ${approved.client_id}:${approved.secret} ${route}
curl -s -X PATCH ${instance} -H 'content-type: application/json' -d '{"status":"approved"}'

# 5. Approve the pending one (status 0) and try 3 again.
curl -s -X PATCH ${urls.admin}/applications/${pending.client_id}/application_instances/${DEMO.service} -H 'content-type: application/json' -d '{"status":0}'

# 6. The developer's side: log in, read the catalog (with the issuer) and the applications.
curl -s -c /tmp/portico-demo.jar -u ${developer.email}:${developer.password} ${urls.portal}/auth
curl -s -b /tmp/portico-demo.jar ${urls.portal}/application_services
curl -s -b /tmp/portico-demo.jar '${urls.portal}/applications?include_instances=true'

Press Ctrl-C to stop.
`;
}

async function main(): Promise<void> {
  const idp = await TestIdp.start({
    clients: [DEMO.approved, DEMO.pending, DEMO.gateway].map(({ client_id, secret }) => ({ client_id, client_secret: secret })),
  });
  const upstream = await EchoUpstream.start();
  let portico: RunningPortico;
  try {
    portico = await startOnFreePorts();
  } catch (err) {
    await Promise.all([idp.stop(), upstream.stop()]);
    throw err;
  }
  const urls: Urls = { proxy: portico.urls.proxy!, admin: portico.urls.admin!, portal: portico.urls.portal!, issuer: idp.issuer, upstream: upstream.url };

  const stop = async () => {
    await portico.close();
    await Promise.all([idp.stop(), upstream.stop()]);
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  await seed(urls);
  const failures = await selfCheck(urls);
  if (failures.length) {
    console.error(`demo self-check failed:\n  ${failures.join('\n  ')}`);
    await portico.close();
    await Promise.all([idp.stop(), upstream.stop()]);
    process.exit(1);
  }
  process.stdout.write(commands(urls));
}

const KONG_PORTS = {
  PORTICO_PROXY_LISTEN: '127.0.0.1:8000',
  PORTICO_ADMIN_LISTEN: '127.0.0.1:8001',
  PORTICO_PORTAL_LISTEN: '127.0.0.1:8004',
  PORTICO_STATUS_LISTEN: '127.0.0.1:8100',
};
const FREE_PORTS = Object.fromEntries(Object.keys(KONG_PORTS).map((name) => [name, '127.0.0.1:0']));

/**
 * Kong's ports when they are free; when one is taken (`npm start` is running, say), every listener
 * takes a free port instead, and the commands printed below use whatever was chosen.
 */
async function startOnFreePorts(): Promise<RunningPortico> {
  const settings = { PORTICO_DATABASE_URL: 'sqlite::memory:', PORTICO_LOG_LEVEL: 'warn', PORTICO_ACCESS_LOG: 'off' };
  try {
    return await startPortico(loadConfig({ ...KONG_PORTS, ...settings, ...process.env }));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    process.stdout.write('demo: a default port is taken; using free ports instead\n');
    return startPortico(loadConfig({ ...FREE_PORTS, ...settings, ...process.env }));
  }
}

main().catch((err) => {
  console.error(`demo: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
