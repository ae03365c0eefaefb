import type { Portico } from './portico';

/**
 * Proves the gateway is still up and serving on every listener: the process runs, a proxied request
 * reaches `echoPath` (a route to the echo upstream), the Admin API and the portal answer.
 */
export async function expectAnsweringEverywhere(portico: Portico, echoPath: string): Promise<void> {
  expect(() => process.kill(portico.pid, 0)).not.toThrow();
  const [proxied, admin, portal] = await Promise.all([
    portico.proxy('GET', echoPath),
    portico.admin('GET', '/'),
    portico.portalUrl ? portico.portal('GET', '/docs-json') : Promise.resolve({ status: 200 }),
  ]);
  expect({ proxied: proxied.status, admin: admin.status, portal: portal.status }).toEqual({ proxied: 200, admin: 200, portal: 200 });
}

