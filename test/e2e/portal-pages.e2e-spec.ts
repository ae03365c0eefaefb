import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeWithChromium, launchChromium, screenshot, scrollsSideways } from '../support/browser';
import { EchoUpstream } from '../support/echo-upstream';
import { basicAuth, TestIdp } from '../support/idp/test-idp';
import { Portico } from '../support/portico';
import { approvedDeveloper, CANNOT_CONSUME, registeredService, uniqueEmail } from './applications.fixtures';

const PASSWORD = 'a long enough password';
const HOSTILE = '<img src=x onerror="window.__pwned=1">';

/**
 * SPEC §6.1 and §6.2 in a real browser: a developer signs up, is approved in /manager, creates an
 * application whose Reference ID is their client at a real IdP, requests access, is approved and
 * revoked in /manager — and every decision shows at the proxy on the next call. Elements are found
 * the way people and screen readers find them: by label, role and accessible name.
 */
describeWithChromium('the developer portal and /manager in a browser', () => {
  let idp: TestIdp;
  let upstream: EchoUpstream;
  let portico: Portico;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let manager: Page;
  let orders: { id: string; path: string };
  const email = uniqueEmail('ada');
  const callOrders = () => portico.proxy('GET', `${orders.path}/list`, undefined, { authorization: basicAuth('portal-app', 'portal-app-secret') });

  /** The page's own heading: the app has drawn the page the URL names. */
  const heading = (name: string, p: Page = page) => p.getByRole('heading', { name, level: 1, exact: true }).waitFor();
  const goto = async (path: string, title: string) => {
    await page.goto(portico.portalUrl + path);
    await heading(title);
  };
  const button = (name: string, p: Page = page) => p.getByRole('button', { name, exact: true });
  /** The first non-empty alert, once the API has answered and the page has drawn it. */
  const alertText = async (p: Page = page) => {
    const alert = p.getByRole('alert').filter({ hasText: /\S/ }).first();
    await alert.waitFor();
    return (await alert.textContent())!.trim();
  };
  const fieldError = async (name: string) => {
    const slot = page.locator(`[data-error-for="${name}"]`).filter({ hasText: /\S/ });
    await slot.waitFor();
    return slot.textContent();
  };
  const managerRow = (text: string) => manager.getByRole('row').filter({ hasText: text });

  beforeAll(async () => {
    [idp, upstream, portico, browser] = await Promise.all([
      TestIdp.start({ clients: [{ client_id: 'portal-app', client_secret: 'portal-app-secret' }, { client_id: 'gateway', client_secret: 'gateway-secret' }] }),
      EchoUpstream.start(),
      Portico.start(),
      launchChromium(),
    ]);
    orders = await registeredService(portico, upstream, 'orders', { display_name: 'Orders API', description: 'Place and track orders.', show_issuer: true });
    await registeredService(portico, upstream, 'billing', { display_name: 'Billing API' });
    for (const name of ['orders', 'billing']) {
      const plugin = await portico.admin('POST', `/services/${name}/plugins`, { name: 'openid-connect', config: { issuer: idp.issuer, client_id: ['gateway'], client_secret: ['gateway-secret'] } });
      expect(plugin.status).toBe(201);
    }
    context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    page = await context.newPage();
    manager = await context.newPage();
    context.setDefaultTimeout(10_000);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([portico?.stop(), idp?.stop(), upstream?.stop()]);
  });

  it('sign up: a weak password is explained in words, then the developer is told to wait for approval', async () => {
    await goto('/', 'Log in');
    await page.waitForURL('**/login');
    await page.getByRole('link', { name: 'Sign up' }).first().click();
    await heading('Sign up');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('short');
    await page.getByLabel('Full name').fill('Ada Lovelace');
    await button('Sign up').click();
    expect(await fieldError('password')).toMatch(/too short.*at least 8 characters/);
    expect(await alertText()).not.toContain('{');

    await page.getByLabel('Password').fill(PASSWORD);
    await screenshot(page, '01-sign-up');
    await button('Sign up').click();
    await page.getByText('waiting for approval').waitFor();
    expect((await portico.admin('GET', `/developers/${encodeURIComponent(email)}`)).body).toMatchObject({ status: 1, meta: { full_name: 'Ada Lovelace' } });

    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await button('Log in').click();
    expect(await alertText()).toMatch(/waiting for approval/);
  });

  it('the administrator approves the developer in /manager', async () => {
    await manager.goto(`${portico.adminUrl}/manager`);
    await manager.getByRole('heading', { name: 'Pending developers' }).waitFor();
    await screenshot(manager, '02-manager-pending-developer');
    await managerRow(email).first().getByRole('button', { name: 'Approve' }).click();
    await manager.getByText('No developer is waiting for approval.').waitFor();
    // The clicked button is gone: focus lands on its section, not on the top of the page.
    await manager.waitForFunction("document.activeElement && document.activeElement.id === 'pending-h'");
    expect((await portico.admin('GET', `/developers/${encodeURIComponent(email)}`)).body.status).toBe(0);
  });

  let appUrl: string;

  it('logs in with the keyboard alone, creates an application and lands on its own page', async () => {
    await goto('/login', 'Log in');
    await page.getByLabel('Email').focus();
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/apps');
    await heading('Applications');

    await page.getByLabel('Name').fill('Order tracker');
    await page.getByLabel('Reference ID').fill('portal-app');
    await page.getByLabel('Description').fill('Tracks our orders');
    await page.getByLabel('Redirect URI').fill('https://tracker.example.com/callback');
    await screenshot(page, '03-create-application');
    await button('Create application').click();
    await page.waitForURL(/\/apps\/[0-9a-f-]{36}$/);
    appUrl = page.url();
    await page.getByRole('heading', { name: 'Order tracker', level: 1 }).waitFor();
    expect(await page.locator('dd').first().textContent()).toBe('portal-app');
  });

  it('shows the catalog with the issuer only where the service shows it', async () => {
    await page.getByRole('link', { name: 'Catalog' }).click();
    await heading('Catalog');
    const ordersCard = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Orders API' }) });
    const billingCard = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Billing API' }) });
    await ordersCard.waitFor();
    expect(await ordersCard.textContent()).toContain(idp.issuer);
    expect(await ordersCard.textContent()).toContain('Place and track orders.');
    expect(await ordersCard.textContent()).toContain('client_credentials');
    expect(await billingCard.textContent()).not.toContain('Issuer');
    await screenshot(page, '04-catalog');
  });

  it('requests access; /manager approves and revokes it, and the proxy follows on the next call', async () => {
    await page.goto(appUrl);
    await heading('Order tracker');
    const ordersCard = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Orders API' }) });
    await button('Request access', page).first().waitFor();
    expect(await ordersCard.textContent()).toContain(`curl -u 'portal-app:YOUR_CLIENT_SECRET' '${portico.proxyUrl}/orders'`);
    // A pending request can be withdrawn, and requested again.
    await ordersCard.getByRole('button', { name: 'Request access' }).click();
    await ordersCard.getByRole('button', { name: 'Withdraw request' }).click();
    await ordersCard.getByRole('button', { name: 'Request access' }).click();
    await ordersCard.getByText('Pending', { exact: true }).waitFor();
    await screenshot(page, '05-access-pending');
    expect(await callOrders()).toMatchObject({ status: 403, body: CANNOT_CONSUME });

    await manager.reload();
    await manager.getByLabel('Status').selectOption({ label: 'Pending' });
    await manager.getByLabel('Service').selectOption({ label: 'orders' });
    const request = managerRow('Order tracker');
    expect(await request.textContent()).toContain('portal-app');
    expect(await request.textContent()).toContain(email);
    await screenshot(manager, '06-manager-access-request');
    await request.getByRole('button', { name: 'Approve' }).click();
    await manager.getByLabel('Status').selectOption({ label: 'Approved' });
    await managerRow('Order tracker').getByText('Approved').waitFor();

    const ok = await callOrders();
    expect(ok.status).toBe(200);
    expect(ok.body.url).toBe('/list');
    await page.reload();
    await page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Orders API' }) }).getByText('Approved', { exact: true }).waitFor();
    await screenshot(page, '07-access-approved');

    await managerRow('Order tracker').getByRole('button', { name: 'Revoke' }).click();
    await manager.getByText('No access request matches.').waitFor();
    expect(await callOrders()).toMatchObject({ status: 403, body: CANNOT_CONSUME });
    await page.reload();
    await page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Orders API' }) }).getByText('Revoked', { exact: true }).waitFor();

    await manager.getByLabel('Status').selectOption({ label: 'Revoked' });
    await managerRow('Order tracker').getByRole('button', { name: 'Approve' }).click();
    await manager.getByText('No access request matches.').waitFor();
    expect((await callOrders()).status).toBe(200);
  });

  it('a Reference ID already taken is explained beside the form, never as raw JSON', async () => {
    await goto('/apps', 'Applications');
    await page.getByLabel('Name').fill('Second tracker');
    await page.getByLabel('Reference ID').fill('portal-app');
    await button('Create application').click();
    expect(await alertText()).toBe('The Reference ID “portal-app” is already used by another application.');
    expect(await fieldError('custom_id')).toBe('This Reference ID is taken.');
    expect(await page.getByLabel('Reference ID').getAttribute('aria-invalid')).toBe('true');
  });

  it('edits an application with Save, and deletes one after a confirmation', async () => {
    await page.goto(appUrl);
    await heading('Order tracker');
    await page.getByRole('link', { name: 'Edit' }).click();
    await heading('Edit Order tracker');
    await page.getByLabel('Description').fill('Tracks every order');
    await button('Save').click();
    await page.waitForURL(appUrl);
    await page.getByText('Tracks every order').waitFor();

    await goto('/apps', 'Applications');
    await page.getByLabel('Name').fill('Short-lived');
    await page.getByLabel('Reference ID').fill('short-lived-client');
    await button('Create application').click();
    await page.getByRole('heading', { name: 'Short-lived', level: 1 }).waitFor();
    await button('Delete').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await dialog.isVisible()).toBe(false);
    await button('Delete').click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL('**/apps');
    await page.getByRole('link', { name: 'Order tracker' }).waitFor();
    expect(await page.getByRole('link', { name: 'Short-lived' }).count()).toBe(0);
  });

  it('renders a hostile name as text, in the portal and in /manager', async () => {
    await goto('/apps', 'Applications');
    await page.getByLabel('Name').fill(HOSTILE);
    await page.getByLabel('Reference ID').fill('hostile-client');
    await page.getByLabel('Description').fill('<script>window.__pwned=2</script>');
    await button('Create application').click();
    await page.getByRole('heading', { name: HOSTILE, level: 1 }).waitFor();
    const app = await portico.admin('GET', '/applications/hostile-client');
    await portico.admin('POST', `/applications/${app.body.id}/application_instances`, { service: { id: orders.id } });
    await goto('/apps', 'Applications');
    await page.getByRole('link', { name: HOSTILE }).waitFor();
    await manager.reload();
    await manager.getByLabel('Status').selectOption({ label: 'All' });
    await managerRow(HOSTILE).waitFor();
    for (const p of [page, manager]) {
      expect(await p.locator('main img, main script').count()).toBe(0);
      expect(await p.evaluate('typeof window.__pwned')).toBe('undefined');
    }
  });

  it("never shows another developer's application", async () => {
    const other = await approvedDeveloper(portico);
    const theirs = await other.createApplication({ name: 'Somebody else', custom_id: 'somebody-else' });
    await goto('/apps', 'Applications');
    await page.getByRole('link', { name: 'Order tracker' }).waitFor();
    expect(await page.getByText('Somebody else').count()).toBe(0);
    await goto(`/apps/${theirs.id}`, 'Not found');
    await page.getByRole('heading', { name: 'Not found' }).waitFor();
    expect(await page.getByText('somebody-else').count()).toBe(0);
    await goto(`/apps/${theirs.id}/edit`, 'Not found');
    await page.getByRole('heading', { name: 'Not found' }).waitFor();
  });

  it('fits a 375 px wide screen without sideways scrolling', async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 800 }, storageState: await context.storageState() });
    const small = await phone.newPage();
    try {
      for (const url of [`${portico.portalUrl}/apps`, appUrl, `${portico.portalUrl}/catalog`, `${portico.adminUrl}/manager`]) {
        await small.goto(url);
        await small.getByRole('heading', { level: 1 }).and(small.locator(':not(:has-text("Loading"))')).waitFor();
        await small.waitForLoadState('networkidle');
        expect({ url, sideways: await scrollsSideways(small) }).toEqual({ url, sideways: false });
        if (url === appUrl) await screenshot(small, '08-phone-application');
      }
    } finally {
      await phone.close();
    }
  });

  it('logs out', async () => {
    await goto('/apps', 'Applications');
    await button('Log out').click();
    await page.waitForURL('**/login');
    expect((await page.request.get(`${portico.portalUrl}/developer`)).status()).toBe(401);
  });
});
