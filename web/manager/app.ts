import { allPages, api, ApiError, describeError, statusWord } from '../shared/api.js';
import { field, form, formValues, h, showFormErrors, showPage, uniqueId } from '../shared/dom.js';

/**
 * The admin approvals page (SPEC §6.2): developers and access requests, approved, rejected and
 * revoked through the Admin API. With an admin token, the page first trades it for a session cookie.
 */

interface Developer { id: string; email: string; status: number; meta: { full_name?: string } | null }
interface Service { id: string; name: string | null }
interface Application { id: string; name: string; custom_id: string; developer: { id: string } }
interface Instance { id: string; status: number; suspended: boolean; application: { id: string }; service: { id: string } }

const APP_NAME = 'Portico manager';
const DEVELOPER_STATUS = ['Approved', 'Pending', 'Rejected', 'Revoked', 'Invited', 'Unverified'];
const filters = { status: 'all', service: 'all' };
/** With an admin token configured, a working page means a session cookie, which Log out ends. */
const tokenRequired = document.querySelector<HTMLMetaElement>('meta[name="portico-token-required"]')?.content === 'yes';

function announce(message: string): void {
  document.getElementById('announce')!.textContent = message;
}

function drawHeader(loggedIn: boolean): void {
  document.querySelector('header.top')?.remove();
  const logout = tokenRequired && loggedIn ? h('button', { type: 'button', class: 'link', onclick: logOut }, 'Log out') : null;
  const header = h('header', { class: 'top' }, h('a', { href: '/manager', class: 'brand' }, 'Portico manager'), h('nav', { 'aria-label': 'Main' }, h('a', { href: '/docs' }, 'Admin API docs'), logout));
  document.getElementById('app')!.prepend(header);
  if (!document.getElementById('announce')) document.body.append(h('div', { id: 'announce', class: 'visually-hidden', role: 'status', 'aria-live': 'polite' }));
}

function tokenPage(): void {
  drawHeader(false);
  const loginForm = form('Admin log-in', 'Log in', [field('Admin token', 'token', { type: 'password', required: true, autocomplete: 'current-password' })], async (el) => {
    try {
      await api('POST', '/manager/session', { token: formValues(el).token ?? '' });
      await load();
    } catch (err) {
      showFormErrors(el, err instanceof ApiError && err.status === 401 ? 'That is not the admin token.' : describeError(err), err instanceof ApiError && err.status === 401 ? { token: 'Wrong token.' } : {});
    }
  });
  showPage('Log in', APP_NAME, h('p', {}, 'This Portico asks for its admin token (PORTICO_ADMIN_TOKEN).'), loginForm);
}

async function logOut(): Promise<void> {
  await api('DELETE', '/manager/session').catch(() => undefined);
  tokenPage();
}

/** One decision, then the page redrawn with focus on the section it was made in (the button itself is gone). */
async function decide(path: string, status: number, done: string, sectionHeading: string): Promise<void> {
  try {
    await api('PATCH', path, { status });
    await load(true);
    document.getElementById(sectionHeading)?.focus();
    announce(done);
  } catch (err) {
    announce(describeError(err));
    alertBox(describeError(err));
  }
}

function alertBox(message: string): void {
  const box = document.getElementById('page-error');
  if (box) {
    box.textContent = message;
    box.hidden = false;
  }
}

const button = (label: string, onclick: () => void, kind = '') => h('button', { type: 'button', class: kind, onclick }, label);

function developerName(d: Developer): string {
  return d.meta?.full_name ? `${d.meta.full_name} <${d.email}>` : d.email;
}

function table(caption: string, headings: string[], rows: HTMLElement[], empty: string): HTMLElement {
  if (!rows.length) return h('p', {}, empty);
  return h('div', { class: 'table-wrap' }, h('table', {}, h('caption', { class: 'visually-hidden' }, caption), h('thead', {}, h('tr', {}, ...headings.map((t) => h('th', { scope: 'col' }, t)))), h('tbody', {}, ...rows)));
}

function developerRows(developers: Developer[], pendingOnly: boolean): HTMLElement[] {
  return developers
    .filter((d) => !pendingOnly || d.status === 1)
    .map((d) => {
      const path = `/developers/${encodeURIComponent(d.id)}`;
      const actions = pendingOnly
        ? [button('Approve', () => void decide(path, 0, `Approved ${d.email}.`, 'pending-h')), button('Reject', () => void decide(path, 2, `Rejected ${d.email}.`, 'pending-h'), 'danger')]
        : d.status === 0
          ? [button('Revoke', () => void decide(path, 3, `Revoked ${d.email}.`, 'developers-h'), 'danger')]
          : [button('Approve', () => void decide(path, 0, `Approved ${d.email}.`, 'developers-h'))];
      return h('tr', {}, h('th', { scope: 'row' }, developerName(d)), pendingOnly ? null : h('td', {}, DEVELOPER_STATUS[d.status] ?? String(d.status)), h('td', { class: 'actions' }, ...actions));
    });
}

function selectFilter(label: string, key: keyof typeof filters, options: [string, string][], onchange: () => void): HTMLElement {
  const id = uniqueId(key);
  const select = h('select', { id, onchange: (e: Event) => ((filters[key] = (e.target as HTMLSelectElement).value), onchange()) }, ...options.map(([value, text]) => h('option', { value, selected: filters[key] === value }, text)));
  return h('div', { class: 'field inline' }, h('label', { for: id }, label), select);
}

async function load(keepFocus = false): Promise<void> {
  let developers: Developer[];
  try {
    developers = await allPages<Developer>('/developers?size=1000');
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return tokenPage();
    throw err;
  }
  const [services, applications] = await Promise.all([allPages<Service>('/services?size=1000'), allPages<Application>('/applications?size=1000')]);
  const instances = (await Promise.all(services.map((s) => allPages<Instance>(`/services/${encodeURIComponent(s.id)}/application_instances?size=1000`)))).flat();
  const appById = new Map(applications.map((a) => [a.id, a]));
  const devById = new Map(developers.map((d) => [d.id, d]));
  const serviceById = new Map(services.map((s) => [s.id, s]));
  const requestedServices = services.filter((s) => instances.some((i) => i.service.id === s.id));

  const requestsRegion = h('div', {});
  const drawRequests = () => {
    const shown = instances.filter(
      (i) => (filters.service === 'all' || i.service.id === filters.service) && (filters.status === 'all' || (filters.status === 'suspended' ? i.suspended : !i.suspended && String(i.status) === filters.status)),
    );
    const rows = shown.map((i) => {
      const app = appById.get(i.application.id);
      const dev = app && devById.get(app.developer.id);
      const service = serviceById.get(i.service.id);
      const what = `${app?.name ?? 'application'} on ${service?.name ?? 'service'}`;
      const path = `/applications/${encodeURIComponent(i.application.id)}/application_instances/${encodeURIComponent(i.id)}`;
      const actions = [
        i.status !== 0 ? button('Approve', () => void decide(path, 0, `Approved ${what}.`, 'requests-h')) : null,
        i.status === 1 ? button('Reject', () => void decide(path, 2, `Rejected ${what}.`, 'requests-h'), 'danger') : null,
        i.status === 0 ? button('Revoke', () => void decide(path, 3, `Revoked ${what}.`, 'requests-h'), 'danger') : null,
      ];
      return h(
        'tr',
        {},
        h('th', { scope: 'row' }, app?.name ?? i.application.id),
        h('td', {}, h('code', {}, app?.custom_id ?? '')),
        h('td', {}, dev?.email ?? ''),
        h('td', {}, service?.name ?? i.service.id),
        h('td', {}, h('strong', { class: `status status-${statusWord(i.status, i.suspended).toLowerCase()}` }, statusWord(i.status, i.suspended))),
        h('td', { class: 'actions' }, ...actions),
      );
    });
    requestsRegion.replaceChildren(table('Access requests', ['Application', 'Reference ID', 'Developer', 'Service', 'Status', 'Actions'], rows, 'No access request matches.'));
  };
  drawRequests();

  const statusOptions: [string, string][] = [['all', 'All'], ['1', 'Pending'], ['0', 'Approved'], ['2', 'Rejected'], ['3', 'Revoked'], ['suspended', 'Suspended']];
  const serviceOptions: [string, string][] = [['all', 'All services'], ...requestedServices.map((s): [string, string] => [s.id, s.name ?? s.id])];
  drawHeader(true);
  const sections = [
    h('p', { id: 'page-error', class: 'form-error', role: 'alert', hidden: true }),
    h('section', { 'aria-labelledby': 'pending-h' }, h('h2', { id: 'pending-h', tabindex: '-1' }, 'Pending developers'), table('Pending developers', ['Developer', 'Actions'], developerRows(developers, true), 'No developer is waiting for approval.')),
    h(
      'section',
      { 'aria-labelledby': 'requests-h' },
      h('h2', { id: 'requests-h', tabindex: '-1' }, 'Access requests'),
      h('div', { class: 'filters' }, selectFilter('Status', 'status', statusOptions, drawRequests), selectFilter('Service', 'service', serviceOptions, drawRequests)),
      requestsRegion,
    ),
    h('section', { 'aria-labelledby': 'developers-h' }, h('h2', { id: 'developers-h', tabindex: '-1' }, 'All developers'), table('All developers', ['Developer', 'Status', 'Actions'], developerRows(developers, false), 'No developer has signed up yet.')),
  ];
  if (keepFocus) {
    // After an action, redraw in place: moving focus to the heading would lose the keyboard user's place.
    const main = document.getElementById('main')!;
    const heading = main.querySelector('h1')!;
    main.replaceChildren(heading, ...sections);
  } else {
    showPage('Approvals', APP_NAME, ...sections);
  }
}

load().catch((err) => showPage('Something went wrong', APP_NAME, h('p', { role: 'alert' }, describeError(err))));
