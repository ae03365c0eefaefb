import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { WalkedRoute } from './portal-route-guards.walker';

const WALKER = join(__dirname, 'portal-route-guards.walker.ts');
const PAGE_ASSETS = ['GET /assets/:dir/:file', 'GET /assets/:file'];
/** The pages (§6) are public shells: the data they show comes from the guarded API routes. */
const PORTAL_PAGES = ['GET /', 'GET /apps', 'GET /apps/:id', 'GET /apps/:id/edit', 'GET /catalog', 'GET /login', 'GET /signup'];
const PUBLIC_PORTAL_ROUTES = ['DELETE /auth', 'GET /auth', 'POST /register', ...PORTAL_PAGES, ...PAGE_ASSETS].sort();
const PUBLIC_ADMIN_ROUTES = ['DELETE /manager/session', 'GET /manager', 'POST /manager/session', ...PAGE_ASSETS].sort();

/**
 * Deny by default, checked mechanically: every route of every controller on the admin and portal
 * listeners, called without credentials, must refuse — unless it is one of the few routes marked
 * @Public(). A new controller or route that forgets the guard fails here.
 */
describe('every admin and portal route is guarded', () => {
  let routes: WalkedRoute[];

  beforeAll(async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['-r', 'ts-node/register/transpile-only', WALKER], {
      cwd: join(__dirname, '..', '..'),
      env: { PATH: process.env.PATH ?? '', TS_NODE_TRANSPILE_ONLY: 'true' },
      maxBuffer: 16 * 1024 * 1024,
    });
    const line = stdout.split('\n').find((l) => l.startsWith('walker: '));
    routes = JSON.parse(line!.slice('walker: '.length));
  }, 60_000);

  const label = (r: WalkedRoute) => `${r.method} ${r.path}`;

  it('walks the routes of every controller, feature modules included', () => {
    const portal = routes.filter((r) => r.listener === 'portal').map(label);
    const admin = routes.filter((r) => r.listener === 'admin').map(label);
    expect(portal).toEqual(expect.arrayContaining(['GET /developer', 'POST /applications', 'GET /application_services', ...PUBLIC_PORTAL_ROUTES]));
    expect(admin).toEqual(
      expect.arrayContaining(['GET /services', 'POST /consumers/:consumer/acls', 'PATCH /developers/:developer', 'PATCH /services/:service/application_instances/:instance']),
    );
    expect(admin.length).toBeGreaterThan(40);
  });

  it('the admin API refuses every route without the admin token, except the /manager page and its log-in', () => {
    const admin = routes.filter((r) => r.listener === 'admin');
    expect(admin.filter((r) => r.public).map(label).sort()).toEqual(PUBLIC_ADMIN_ROUTES);
    const open = admin.filter((r) => !r.public && r.status !== 401).map((r) => `${label(r)} → ${r.status} ${r.body}`);
    expect(open).toEqual([]);
  });

  it('the portal refuses every route without a session, except the public ones', () => {
    const portal = routes.filter((r) => r.listener === 'portal');
    expect(portal.filter((r) => r.public).map(label).sort()).toEqual(PUBLIC_PORTAL_ROUTES);
    const open = portal.filter((r) => !r.public && (r.status !== 401 || r.body !== '{"message":"Unauthorized"}')).map((r) => `${label(r)} → ${r.status} ${r.body}`);
    expect(open).toEqual([]);
  });
});
