import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeWithChromium, launchChromium, screenshot } from '../support/browser';
import { Portico } from '../support/portico';
import { DeveloperSession, login, PASSWORD, sessionCookie, uniqueEmail } from './applications.fixtures';

const ADMIN_TOKEN = 'browser-admin-token-0123456789';
const bearer = { authorization: `Bearer ${ADMIN_TOKEN}` };

/** A page on another origin of the same host (another port: the same *site*), serving whatever HTML a test gives it. */
async function attackerSite(): Promise<{ url: string; serve(html: string): void; close(): Promise<void> }> {
  let html = '';
  const server: Server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    serve: (next) => (html = next),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * SPEC §6.2 and §6.3 in a real browser: the admin token wall on /manager and the cookie it sets,
 * cross-origin attempts to change state (forms and fetches, with the victim's cookies), and pages
 * that load nothing from another origin under a CSP without inline scripts.
 */
describeWithChromium('the pages resist a hostile origin and keep the admin token wall', () => {
  let portico: Portico;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let attacker: Awaited<ReturnType<typeof attackerSite>>;
  let dev: DeveloperSession;
  const requested: string[] = [];

  beforeAll(async () => {
    [portico, browser, attacker] = await Promise.all([Portico.start({ env: { PORTICO_ADMIN_TOKEN: ADMIN_TOKEN, PORTICO_PORTAL_PROXY_URL: 'https://api.example.com/gateway/' } }), launchChromium(), attackerSite()]);
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    page.on('request', (r) => requested.push(r.url()));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([portico?.stop(), attacker?.close()]);
  });

  it('/manager asks for the admin token first; /docs stays closed until then', async () => {
    expect((await page.goto(`${portico.adminUrl}/docs`))!.status()).toBe(401);
    await page.goto(`${portico.adminUrl}/manager`);
    await page.getByLabel('Admin token').waitFor();
    await screenshot(page, '09-manager-token');
    await page.getByLabel('Admin token').fill('not-the-token');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').filter({ hasText: 'That is not the admin token.' }).waitFor();
    expect(await context.cookies()).toEqual([]);
  });

  it('the token opens /manager, /docs and /docs-json through an HttpOnly, SameSite=Strict cookie', async () => {
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Approvals', level: 1 }).waitFor();
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'portico_admin_session', httpOnly: true, sameSite: 'Strict' });
    expect(cookie.value).not.toContain(ADMIN_TOKEN);

    expect((await page.goto(`${portico.adminUrl}/docs-json`))!.status()).toBe(200);
    const docs = await page.goto(`${portico.adminUrl}/docs`);
    expect(docs!.status()).toBe(200);
    await page.getByRole('heading', { name: /Portico Admin API/ }).waitFor();
    expect(await page.textContent('body')).not.toContain('Unknown Type');
    // Swagger UI's own markup, only to frame the README's picture of one operation.
    const operation = page.locator('.opblock').filter({ hasText: 'Create a developer' }).first();
    await operation.locator('.opblock-summary-control').click();
    await operation.getByText('Example Value').first().waitFor();
    await screenshot(operation, '10-admin-docs');
    // API clients are unchanged: without the header, no entry.
    expect((await portico.admin('GET', '/docs-json')).status).toBe(401);
    expect((await portico.admin('GET', '/developers', undefined, bearer)).status).toBe(200);
  });

  it('a cross-origin form or fetch cannot change state on the admin listener, even with the cookie', async () => {
    attacker.serve(`<!doctype html><form id="f" method="POST" action="${portico.adminUrl}/services">
      <input name="name" value="evil-form"><input name="url" value="http://127.0.0.1:9"></form>
      <script>
        Promise.allSettled([
          fetch('${portico.adminUrl}/services', { method: 'POST', mode: 'no-cors', credentials: 'include',
            headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=evil-fetch&url=http://127.0.0.1:9' }),
          fetch('${portico.adminUrl}/services', { method: 'POST', credentials: 'include',
            headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'evil-json', url: 'http://127.0.0.1:9' }) }),
        ]).then(() => document.getElementById('f').submit());
      </script>`);
    await page.goto(attacker.url);
    await page.waitForURL(`${portico.adminUrl}/services`);
    expect(await page.textContent('body')).toContain('Cross-origin requests cannot change state');
    const services = await portico.admin('GET', '/services', undefined, bearer);
    expect(services.body.data.map((s: { name: string }) => s.name)).toEqual([]);
  });

  it('a cross-origin form or fetch cannot change state on the portal, even with the session cookie', async () => {
    const email = uniqueEmail('csrf');
    const registered = await portico.portal('POST', '/register', { email, password: PASSWORD });
    expect((await portico.admin('PATCH', `/developers/${registered.body.id}`, { status: 0 }, bearer)).status).toBe(200);
    const loggedIn = await login(portico, email);
    dev = new DeveloperSession(portico, loggedIn.body, sessionCookie(loggedIn));
    const [name, value] = dev.cookie.split('=');
    await context.addCookies([{ name, value, url: portico.portalUrl, httpOnly: true, sameSite: 'Lax' }]);
    attacker.serve(`<!doctype html><form id="f" method="POST" enctype="text/plain" action="${portico.portalUrl}/applications">
      <input name='{"name":"evil-form","custom_id":"evil-form","x":"' value='"}'></form>
      <script>
        Promise.allSettled([
          fetch('${portico.portalUrl}/applications', { method: 'POST', mode: 'no-cors', credentials: 'include',
            headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ name: 'evil-fetch', custom_id: 'evil-fetch' }) }),
          fetch('${portico.portalUrl}/applications', { method: 'POST', credentials: 'include',
            headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'evil-json', custom_id: 'evil-json' }) }),
          fetch('${portico.portalUrl}/auth', { method: 'DELETE', credentials: 'include' }),
        ]).then(() => document.getElementById('f').submit());
      </script>`);
    await page.goto(attacker.url);
    await page.waitForURL(`${portico.portalUrl}/applications`);
    expect(await page.textContent('body')).toContain('Content-Type must be application/json');
    const apps = await dev.request('GET', '/applications');
    expect(apps.status).toBe(200);
    expect(apps.body.data).toEqual([]);
  });

  it('the pages load nothing from another origin, under a CSP without inline scripts', async () => {
    requested.length = 0;
    for (const [url, title] of [
      [`${portico.portalUrl}/apps`, 'Applications'],
      [`${portico.adminUrl}/manager`, 'Approvals'],
    ]) {
      const res = await page.goto(url);
      await page.getByRole('heading', { name: title, level: 1 }).waitFor();
      const csp = res!.headers()['content-security-policy'];
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
    }
    const origins = new Set(requested.map((u) => new URL(u).origin));
    expect([...origins].sort()).toEqual([portico.adminUrl, portico.portalUrl].sort());
  });

  it('tells developers the proxy URL the operator configured (PORTICO_PORTAL_PROXY_URL)', async () => {
    const shell = await portico.portal('GET', '/');
    expect(shell.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(shell.text).toContain('<meta name="portico-proxy-url" content="https://api.example.com/gateway">');
  });

  it('logging out of /manager closes /docs again', async () => {
    await page.goto(`${portico.adminUrl}/manager`);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByLabel('Admin token').waitFor();
    expect((await page.goto(`${portico.adminUrl}/docs`))!.status()).toBe(401);
  });
});
