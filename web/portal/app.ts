import { api, ApiError, describeError, fieldMessages, statusWord } from '../shared/api.js';
import { field, form, formValues, h, showFormErrors, showPage, type Child } from '../shared/dom.js';

/**
 * The developer portal (SPEC §6.1): a few pages drawn in the browser, each a view of the Portal
 * API. Every action is the API call a script would make, so the page can do nothing the API forbids.
 */

interface Developer { id: string; email: string; status: number; meta: { full_name?: string } | null }
interface Application { id: string; name: string; custom_id: string; description: string | null; redirect_uri: string | null }
interface Instance { id: string; status: number; suspended: boolean }
interface CatalogEntry {
  id: string;
  name: string;
  description: string | null;
  auth_plugin_config: { auth_methods: string[] | null; scopes_required: string[] | null; issuer?: string } | null;
  proxy_paths: string[];
  instance?: Instance | null;
}

const APP_NAME = 'Portico developer portal';
const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
const FIELD_LABELS = { email: 'Email', password: 'Password', name: 'Name', custom_id: 'Reference ID', description: 'Description', redirect_uri: 'Redirect URI' };
let developer: Developer | null = null;

// ---------------------------------------------------------------- navigation

function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  void render();
}

/** In-app links change the page without a reload; anything else (other origins, new tabs) is left to the browser. */
document.addEventListener('click', (event) => {
  const link = (event.target as Element).closest('a');
  if (!link || link.origin !== location.origin || link.target || event.ctrlKey || event.metaKey || event.shiftKey || link.hasAttribute('download')) return;
  if (link.pathname === location.pathname && link.hash) return;
  event.preventDefault();
  navigate(link.pathname + link.search);
});
window.addEventListener('popstate', () => void render());

function drawHeader(): void {
  const nav = developer
    ? [
        h('a', { href: '/catalog' }, 'Catalog'),
        h('a', { href: '/apps' }, 'Applications'),
        h('span', { class: 'who' }, developer.meta?.full_name || developer.email),
        h('button', { type: 'button', class: 'link', onclick: logOut }, 'Log out'),
      ]
    : [h('a', { href: '/login' }, 'Log in'), h('a', { href: '/signup' }, 'Sign up')];
  const header = h('header', { class: 'top' }, h('a', { href: '/', class: 'brand' }, 'Portico'), h('nav', { 'aria-label': 'Main' }, ...nav));
  document.querySelector('header.top')?.remove();
  document.getElementById('app')!.prepend(header);
  for (const link of header.querySelectorAll('nav a')) if ((link as HTMLAnchorElement).pathname === location.pathname) link.setAttribute('aria-current', 'page');
}

async function render(): Promise<void> {
  const path = location.pathname;
  if (developer === null) developer = await api<Developer>('GET', '/developer').catch(() => null);
  drawHeader();
  const appMatch = /^\/apps\/([^/]+)(\/edit)?$/.exec(path);
  try {
    if (!developer) {
      if (path === '/signup') return signUpPage();
      if (path !== '/login') history.replaceState(null, '', '/login');
      return logInPage();
    }
    if (path === '/' || path === '/catalog') return await catalogPage();
    if (path === '/apps') return await applicationsPage();
    if (appMatch) return appMatch[2] ? await editPage(decodeURIComponent(appMatch[1])) : await applicationPage(decodeURIComponent(appMatch[1]));
    if (path === '/login' || path === '/signup') return navigate('/apps', true);
    showPage('Page not found', APP_NAME, h('p', {}, 'There is no such page. ', h('a', { href: '/apps' }, 'Go to your applications.')));
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      developer = null;
      return navigate('/login', true);
    }
    if (err instanceof ApiError && err.status === 404) return showPage('Not found', APP_NAME, h('p', {}, 'This application does not exist, or it is not yours. ', h('a', { href: '/apps' }, 'Back to your applications.')));
    showPage('Something went wrong', APP_NAME, h('p', { role: 'alert' }, describeError(err)));
  }
}

// ---------------------------------------------------------------- accounts

/** What a refused log-in means, in words. */
function loginProblem(err: unknown): string {
  if (!(err instanceof ApiError) || err.status !== 401) return describeError(err);
  const status = /Developer status: (\w+)/.exec(err.body.message ?? '')?.[1];
  if (status === 'PENDING') return 'Your account is waiting for approval by an administrator. You can log in once it is approved.';
  if (status) return `Your account cannot log in (it is ${status.toLowerCase()}). Contact the portal administrator.`;
  return 'Wrong email or password.';
}

function logInPage(notice?: string): void {
  const loginForm = form('Log in', 'Log in', [field('Email', 'email', { type: 'email', required: true, autocomplete: 'username' }), field('Password', 'password', { type: 'password', required: true, autocomplete: 'current-password' })], async (el) => {
    const { email = '', password = '' } = formValues(el);
    try {
      developer = await api<Developer>('GET', '/auth', undefined, { authorization: `Basic ${base64(`${email}:${password}`)}` });
      navigate('/apps');
    } catch (err) {
      showFormErrors(el, loginProblem(err));
    }
  });
  showPage('Log in', APP_NAME, notice ? h('p', { class: 'notice', role: 'status' }, notice) : null, loginForm, h('p', {}, 'New here? ', h('a', { href: '/signup' }, 'Sign up')));
}

function signUpPage(): void {
  const signUpForm = form(
    'Sign up',
    'Sign up',
    [
      field('Email', 'email', { type: 'email', required: true, autocomplete: 'email' }),
      field('Password', 'password', { type: 'password', required: true, autocomplete: 'new-password', hint: 'At least 8 characters.' }),
      field('Full name', 'full_name', { autocomplete: 'name' }),
    ],
    async (el) => {
      const { email = '', password = '', full_name } = formValues(el);
      try {
        const created = await api<Developer>('POST', '/register', { email, password, ...(full_name ? { meta: { full_name } } : {}) });
        if (created.status !== 0) {
          history.pushState(null, '', '/login');
          drawHeader();
          return logInPage('Thanks for signing up. Your account is waiting for approval by an administrator; you can log in once it is approved.');
        }
        developer = await api<Developer>('GET', '/auth', undefined, { authorization: `Basic ${base64(`${email}:${password}`)}` });
        navigate('/apps');
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) return showFormErrors(el, 'An account with this email already exists. Log in instead.', { email: 'This email is already registered.' });
        showFormErrors(el, describeError(err), err instanceof ApiError ? fieldMessages(err, FIELD_LABELS) : {});
      }
    },
  );
  showPage('Sign up', APP_NAME, signUpForm, h('p', {}, 'Already registered? ', h('a', { href: '/login' }, 'Log in')));
}

async function logOut(): Promise<void> {
  await api('DELETE', '/auth').catch(() => undefined);
  developer = null;
  navigate('/login');
}

/** UTF-8 safe base64 for the Basic header (btoa alone fails on non-Latin-1 passwords). */
function base64(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}

// ---------------------------------------------------------------- catalog

function serviceDetails(entry: CatalogEntry): HTMLElement {
  const auth = entry.auth_plugin_config;
  return h(
    'dl',
    { class: 'details' },
    entry.description ? [h('dt', {}, 'Description'), h('dd', {}, entry.description)] : null,
    h('dt', {}, 'Auth methods'),
    h('dd', {}, auth?.auth_methods?.length ? auth.auth_methods.join(', ') : 'None declared'),
    auth?.scopes_required?.length ? [h('dt', {}, 'Scopes required'), h('dd', {}, auth.scopes_required.join(', '))] : null,
    auth?.issuer ? [h('dt', {}, 'Issuer'), h('dd', {}, h('code', {}, auth.issuer))] : null,
  );
}

async function catalogPage(): Promise<void> {
  const { data } = await api<{ data: CatalogEntry[] }>('GET', '/application_services?size=1000');
  showPage(
    'Catalog',
    APP_NAME,
    h('p', {}, 'The services your applications can request access to. Open one of ', h('a', { href: '/apps' }, 'your applications'), ' to request access.'),
    data.length
      ? h('ul', { class: 'cards' }, ...data.sort(byName).map((entry) => h('li', { class: 'card' }, h('h2', {}, entry.name), serviceDetails(entry))))
      : h('p', {}, 'No service is open for registration yet.'),
  );
}

// ---------------------------------------------------------------- applications

function applicationFields(app?: Application): HTMLElement[] {
  return [
    field('Name', 'name', { required: true, value: app?.name }),
    field('Reference ID', 'custom_id', { required: true, value: app?.custom_id, hint: 'The client id of your application at the identity provider.' }),
    field('Description', 'description', { multiline: true, value: app?.description }),
    field('Redirect URI', 'redirect_uri', { type: 'url', value: app?.redirect_uri }),
  ];
}

/** A refused create or save, in words beside the fields. */
function applicationProblem(el: HTMLFormElement, err: unknown): void {
  if (err instanceof ApiError && err.status === 409) {
    const fields = err.body.fields ?? {};
    if ('custom_id' in fields) return showFormErrors(el, `The Reference ID “${String(fields.custom_id)}” is already used by another application.`, { custom_id: 'This Reference ID is taken.' });
    if ('name' in fields) return showFormErrors(el, `You already have an application named “${String(fields.name)}”.`, { name: 'Choose another name.' });
  }
  showFormErrors(el, describeError(err), err instanceof ApiError ? fieldMessages(err, FIELD_LABELS) : {});
}

async function applicationsPage(): Promise<void> {
  const { data } = await api<{ data: Application[] }>('GET', '/applications?size=1000');
  data.sort(byName);
  const createForm = form('New application', 'Create application', applicationFields(), async (el) => {
    const values = formValues(el);
    try {
      const created = await api<Application>('POST', '/applications', values);
      navigate(`/apps/${encodeURIComponent(created.id)}`);
    } catch (err) {
      applicationProblem(el, err);
    }
  });
  showPage(
    'Applications',
    APP_NAME,
    data.length
      ? h('ul', { class: 'list' }, ...data.map((app) => h('li', {}, h('a', { href: `/apps/${encodeURIComponent(app.id)}` }, app.name), h('span', { class: 'muted' }, ` Reference ID ${app.custom_id}`))))
      : h('p', {}, 'You have no application yet.'),
    h('section', { 'aria-labelledby': 'new-app' }, h('h2', { id: 'new-app' }, 'New application'), createForm),
  );
}

async function editPage(id: string): Promise<void> {
  const app = await api<Application>('GET', `/applications/${encodeURIComponent(id)}`);
  const editForm = form('Edit application', 'Save', applicationFields(app), async (el) => {
    const values = formValues(el);
    // Cleared optional fields are sent as null so that clearing them sticks.
    const body = { ...values, description: values.description ?? null, redirect_uri: values.redirect_uri ?? null };
    try {
      await api('PATCH', `/applications/${encodeURIComponent(id)}`, body);
      navigate(`/apps/${encodeURIComponent(id)}`);
    } catch (err) {
      applicationProblem(el, err);
    }
  });
  showPage(`Edit ${app.name}`, APP_NAME, editForm, h('p', {}, h('a', { href: `/apps/${encodeURIComponent(id)}` }, 'Cancel')));
}

function proxyBase(): string {
  const configured = document.querySelector<HTMLMetaElement>('meta[name="portico-proxy-url"]')?.content || `${location.protocol}//${location.hostname}:8000`;
  const url = new URL(configured);
  // A proxy bound to every interface is reached at the host name this page was reached at.
  if (['0.0.0.0', '[::]'].includes(url.hostname)) url.hostname = location.hostname;
  return url.href.replace(/\/+$/, '');
}

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

function callExamples(app: Application, entry: CatalogEntry): HTMLElement | null {
  const methods = entry.auth_plugin_config?.auth_methods ?? [];
  const url = `${proxyBase()}${entry.proxy_paths[0] ?? '/'}`;
  const examples: Child[] = [];
  if (methods.includes('client_credentials')) {
    examples.push(
      h('h4', {}, 'With client credentials'),
      h('p', {}, 'Portico exchanges them at the identity provider for you.'),
      h('pre', {}, h('code', {}, `curl -u ${quote(`${app.custom_id}:YOUR_CLIENT_SECRET`)} ${quote(url)}`)),
    );
  }
  if (methods.includes('bearer')) {
    const issuer = entry.auth_plugin_config?.issuer;
    examples.push(
      h('h4', {}, 'With a bearer token'),
      h('p', {}, issuer ? `Get a token from the issuer's token endpoint (see ${issuer}/.well-known/openid-configuration), then:` : 'Get an access token for your application from the identity provider, then:'),
      issuer ? h('pre', {}, h('code', {}, `curl -u ${quote(`${app.custom_id}:YOUR_CLIENT_SECRET`)} -d grant_type=client_credentials TOKEN_ENDPOINT`)) : null,
      h('pre', {}, h('code', {}, `curl -H "Authorization: Bearer $ACCESS_TOKEN" ${quote(url)}`)),
    );
  }
  return examples.length ? h('div', { class: 'examples' }, h('h3', { class: 'sub' }, 'How to call it'), ...examples) : null;
}

function serviceAccess(app: Application, entry: CatalogEntry): HTMLElement {
  const instance = entry.instance;
  const headingId = `svc-${entry.id}`;
  // Only a pending request is the developer's to withdraw; every other state is an administrator's decision.
  const withdraw =
    instance && instance.status === 1 && !instance.suspended
      ? [' ', h('button', { type: 'button', class: 'secondary', 'aria-describedby': headingId, onclick: (e: Event) => withdrawRequest(app, instance, e.currentTarget as HTMLButtonElement) }, 'Withdraw request')]
      : null;
  const status = instance
    ? h('p', {}, 'Access: ', h('strong', { class: `status status-${statusWord(instance.status, instance.suspended).toLowerCase()}` }, statusWord(instance.status, instance.suspended)), withdraw)
    : h('p', {}, 'Access: not requested. ', h('button', { type: 'button', 'aria-describedby': headingId, onclick: (e: Event) => requestAccess(app, entry, e.currentTarget as HTMLButtonElement) }, 'Request access'));
  return h('li', { class: 'card' }, h('h3', { id: headingId }, entry.name), status, h('p', { class: 'form-error', role: 'alert', hidden: true }), serviceDetails(entry), callExamples(app, entry));
}

async function requestAccess(app: Application, entry: CatalogEntry, button: HTMLButtonElement): Promise<void> {
  await changeAccess(button, () => api('POST', `/applications/${encodeURIComponent(app.id)}/application_instances`, { service: { id: entry.id } }), app.id);
}

/** Runs one access change from a service card, then redraws the page; a refusal is shown in that card. */
async function changeAccess(button: HTMLButtonElement, change: () => Promise<unknown>, appId: string): Promise<void> {
  button.disabled = true;
  try {
    await change();
    await applicationPage(appId);
  } catch (err) {
    button.disabled = false;
    const box = button.closest('li')!.querySelector<HTMLElement>('.form-error')!;
    box.textContent = describeError(err);
    box.hidden = false;
  }
}

async function withdrawRequest(app: Application, instance: Instance, button: HTMLButtonElement): Promise<void> {
  await changeAccess(button, () => api('DELETE', `/applications/${encodeURIComponent(app.id)}/application_instances/${encodeURIComponent(instance.id)}`), app.id);
}

function deleteDialog(app: Application): HTMLDialogElement {
  const dialog = h(
    'dialog',
    { 'aria-labelledby': 'delete-title' },
    h('h2', { id: 'delete-title' }, `Delete ${app.name}?`),
    h('p', {}, 'The application and its access to every service are removed. This cannot be undone.'),
    h('p', { class: 'form-error', role: 'alert', hidden: true }),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'danger', onclick: () => void confirmDelete(app, dialog) }, 'Delete'),
      h('button', { type: 'button', class: 'secondary', autofocus: true, onclick: () => dialog.close() }, 'Cancel'),
    ),
  ) as HTMLDialogElement;
  return dialog;
}

async function confirmDelete(app: Application, dialog: HTMLDialogElement): Promise<void> {
  try {
    await api('DELETE', `/applications/${encodeURIComponent(app.id)}`);
    dialog.close();
    navigate('/apps');
  } catch (err) {
    const box = dialog.querySelector<HTMLElement>('.form-error')!;
    box.textContent = describeError(err);
    box.hidden = false;
  }
}

async function applicationPage(id: string): Promise<void> {
  const path = encodeURIComponent(id);
  const [app, catalog] = await Promise.all([api<Application>('GET', `/applications/${path}`), api<{ data: CatalogEntry[] }>('GET', `/application_services?size=1000&app_id=${path}`)]);
  const dialog = deleteDialog(app);
  showPage(
    app.name,
    APP_NAME,
    h(
      'dl',
      { class: 'details' },
      h('dt', {}, 'Reference ID'),
      h('dd', {}, h('code', {}, app.custom_id)),
      app.description ? [h('dt', {}, 'Description'), h('dd', {}, app.description)] : null,
      app.redirect_uri ? [h('dt', {}, 'Redirect URI'), h('dd', {}, app.redirect_uri)] : null,
    ),
    h('div', { class: 'actions' }, h('a', { href: `/apps/${path}/edit`, class: 'button secondary' }, 'Edit'), h('button', { type: 'button', class: 'danger', onclick: () => dialog.showModal() }, 'Delete')),
    dialog,
    h('h2', {}, 'Services'),
    catalog.data.length ? h('ul', { class: 'cards' }, ...catalog.data.sort(byName).map((entry) => serviceAccess(app, entry))) : h('p', {}, 'No service is open for registration yet.'),
  );
}

void render();
