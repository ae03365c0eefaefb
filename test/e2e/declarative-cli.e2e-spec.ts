import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Portico } from '../support/portico';
import { runCli } from '../support/cli';
import { login, PASSWORD } from './applications.fixtures';

/** SPEC §8: `portico config db_export|db_import|parse` against real SQLite files. */
// Each case starts the CLI (Nest, TypeORM, migrations) a few times; a loaded machine needs the room.
jest.setTimeout(180_000);

describe('portico config (declarative files)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'portico-declarative-'));
  let dbCount = 0;
  const freshDb = () => ({ PORTICO_DATABASE_URL: `sqlite:${join(dir, `db-${++dbCount}.sqlite`)}` });
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const kongDump = join(__dirname, '..', 'fixtures', 'kong-3.4-deck-dump.yaml');
  const portico = `_format_version: "3.0"
services:
- name: orders
  url: http://orders.internal:8080/api
  routes:
  - name: orders-route
    paths: [/orders]
  - paths: [/unnamed]
  plugins:
  - name: application-registration
    config: { display_name: Orders }
consumers:
- username: alice
  acls:
  - group: admins
developers:
- email: Dev@Example.com
  status: approved
  meta: { full_name: Dev One }
applications:
- name: Orders client
  custom_id: 0oa1b2c3d4
  developer: dev@example.com
  instances:
  - service: orders
    status: 0
`;

  it('round trip: export, import into an empty database, export gives the same file', async () => {
    const first = freshDb();
    expect(await runCli(['config', 'db_import', file('portico.yaml', portico)], first)).toMatchObject({ code: 0 });
    const exported = await runCli(['config', 'db_export'], first);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('_format_version: "3.0"');
    expect(exported.stdout).not.toMatch(/password|secret|created_at/);

    const second = freshDb();
    expect(await runCli(['config', 'db_import', file('exported.yaml', exported.stdout)], second)).toMatchObject({ code: 0 });
    const out = join(dir, 'again.yaml');
    expect(await runCli(['config', 'db_export', out], second)).toMatchObject({ code: 0 });
    expect(readFileSync(out, 'utf8')).toBe(exported.stdout);

    // Importing the same file again updates by name and id: nothing is duplicated.
    expect(await runCli(['config', 'db_import', join(dir, 'exported.yaml')], second)).toMatchObject({ code: 0 });
    expect((await runCli(['config', 'db_export'], second)).stdout).toBe(exported.stdout);
    const json = join(dir, 'exported.json');
    expect(await runCli(['config', 'db_export', json], second)).toMatchObject({ code: 0 });
    expect(JSON.parse(readFileSync(json, 'utf8'))).toMatchObject({ _format_version: '3.0', developers: [{ email: 'dev@example.com', status: 0 }] });
  });

  it('an imported developer logs in once an administrator sets a password; a node on that database serves the import', async () => {
    const db = freshDb();
    expect(await runCli(['config', 'db_import', file('dev.yaml', portico)], db)).toMatchObject({ code: 0 });
    const node = await Portico.start({ env: db });
    try {
      expect((await login(node, 'dev@example.com')).status).toBe(401);
      expect((await node.admin('PATCH', '/developers/dev@example.com', { password: PASSWORD })).status).toBe(200);
      expect((await login(node, 'dev@example.com')).status).toBe(200);
      expect((await node.admin('GET', '/applications/0oa1b2c3d4')).body).toMatchObject({ name: 'Orders client' });
      expect((await node.proxy('GET', '/orders')).status).not.toBe(404);
    } finally {
      await node.stop();
    }
  });

  it('all or nothing: one bad entity changes nothing, and every problem is listed with its place', async () => {
    const db = freshDb();
    const bad = file(
      'bad.yaml',
      `_format_version: "3.0"
services:
- name: fine
  host: fine.internal
- name: third
  url: http://third.internal
  tls_verify: false
  routes:
  - name: r1
    paths: [/a, nope]
    path_handling: v1
consumers:
- username: bob
  keyauth_credentials: [{ key: abc }]
- username: carol
  custom_id: same
- username: dave
  custom_id: same
applications:
- name: app
  custom_id: c1
  developer: nobody@example.com
`,
    );
    const res = await runCli(['config', 'db_import', bad], db);
    expect(res.code).toBe(1);
    for (const line of [
      'services[1].tls_verify: Portico always verifies upstream TLS certificates',
      'services[1].routes[0].paths[1]: should start with: /',
      'services[1].routes[0].path_handling: ',
      'consumers[0].keyauth_credentials: not supported by Portico',
      "applications[0].developer: no developer 'nobody@example.com'",
      'consumers[2]: the same entity as consumers[1]',
      'nothing was changed',
    ]) {
      expect(res.stderr).toContain(line);
    }
    expect((await runCli(['config', 'db_export'], db)).stdout.trim()).toBe('_format_version: "3.0"');
  });

  it('parse validates a file without a database and names the problems', async () => {
    const ok = await runCli(['config', 'parse', kongDump], { PORTICO_DATABASE_URL: 'sqlite:/nonexistent/dir/never.sqlite' });
    expect(ok).toMatchObject({ code: 0, stdout: expect.stringContaining('valid') });
    const cases: [string, string][] = ([
      ['_format_version: "1.1"\n', '_format_version: unsupported format version "1.1"'],
      ['services: []\n', '_format_version: required field missing'],
      ['_format_version: "3.0"\nupstreams: [{ name: u }]\n', 'upstreams: Portico has no upstreams'],
      ['_format_version: "3.0"\nservices: [{ name: s, host: h, plugins: [{ name: acl, config: {} }] }]\n', 'services[0].plugins[0].config.allow: at least one of'],
      ['_format_version: "3.0"\nroutes: [{ name: r, paths: [/x], service: missing }]\n', "routes[0].service: no service 'missing'"],
      ['{ not yaml', 'cannot parse the file'],
    ]);
    const results = await Promise.all(cases.map(([text], i) => runCli(['config', 'parse', file(`p${i}.yaml`, text)], {})));
    results.forEach((res, i) => expect({ code: res.code, stderr: res.stderr }).toEqual({ code: 1, stderr: expect.stringContaining(cases[i][1]) }));
  });

  it("imports a file as Kong 3.4's decK dumps it, Kong-only fields included", async () => {
    const db = freshDb();
    const res = await runCli(['config', 'db_import', kongDump], db);
    expect(res).toMatchObject({ code: 0 });
    const exported = (await runCli(['config', 'db_export'], db)).stdout;
    expect(exported).toContain('name: partner-api');
    expect(exported).toContain('group: partners');
    expect(exported).toMatch(/plugins:\n\s+- id: .*\n\s+name: acl\n\s+service: partner-api\n\s+route: partner-route/);
    expect(exported).not.toContain('path_handling');
  });

  it('refuses unusable command lines', async () => {
    expect(await runCli(['config', 'db_import'], {})).toMatchObject({ code: 2, stderr: expect.stringContaining('usage') });
    expect(await runCli(['config', 'nope', 'x'], {})).toMatchObject({ code: 2 });
  });
});
