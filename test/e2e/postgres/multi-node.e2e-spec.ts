import { EchoUpstream } from '../../support/echo-upstream';
import { basicAuth, TestIdp } from '../../support/idp/test-idp';
import { Portico } from '../../support/portico';
import { createDatabase, superuserQuery, TEST_PG_PASSWORD } from '../../support/postgres';
import { approvedDeveloper, CANNOT_CONSUME, registeredService } from '../applications.fixtures';
import { eventually } from '../../support/eventually';
import { runCli } from '../../support/cli';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * SPEC §7: several nodes on one PostgreSQL database. A change made through one node's API reaches
 * every node's proxy through LISTEN/NOTIFY (A and B check for missed changes only once an hour here,
 * so nothing but a notification can explain B seeing a change); C checks every 200 ms and must
 * catch a change nobody announced.
 */
describe('several nodes on one PostgreSQL database', () => {
  let idp: TestIdp;
  let upstream: EchoUpstream;
  let a: Portico;
  let b: Portico;
  let c: Portico;
  let databaseName: string;

  const served = (node: Portico, path: string) => async () => (await node.proxy('GET', path)).status;

  beforeAll(async () => {
    const url = await createDatabase();
    databaseName = new URL(url).pathname.slice(1);
    [idp, upstream, a] = await Promise.all([
      TestIdp.start({
        clients: [
          { client_id: 'multi-app', client_secret: 'multi-app-secret' },
          { client_id: 'gateway', client_secret: 'gateway-secret', grant_types: ['client_credentials'] },
        ],
      }),
      EchoUpstream.start(),
      Portico.start({ env: { PORTICO_DATABASE_URL: url, PORTICO_DB_UPDATE_FREQUENCY: '3600' } }),
    ]);
    [b, c] = await Promise.all([
      Portico.start({ env: { PORTICO_DATABASE_URL: url, PORTICO_DB_UPDATE_FREQUENCY: '3600' } }),
      Portico.start({ env: { PORTICO_DATABASE_URL: url, PORTICO_DB_UPDATE_FREQUENCY: '0.2' } }),
    ]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop(), c?.stop(), idp?.stop(), upstream?.stop()]);
  });

  it('serves at B a route created through A, and stops when A deletes it', async () => {
    expect((await a.admin('POST', '/services', { name: 'made-on-a', url: upstream.url })).status).toBe(201);
    expect((await a.admin('POST', '/services/made-on-a/routes', { name: 'made-on-a', paths: ['/made-on-a'] })).status).toBe(201);
    await eventually(served(b, '/made-on-a'), 200);
    expect((await a.admin('DELETE', '/routes/made-on-a')).status).toBe(204);
    await eventually(served(b, '/made-on-a'), 404);
  });

  it("enforces at B's proxy approval, revocation, developer status and application deletion made through A", async () => {
    const svc = await registeredService(a, upstream, 'multi-svc');
    const oidc = await a.admin('POST', '/services/multi-svc/plugins', {
      name: 'openid-connect',
      config: { issuer: idp.issuer, client_id: ['gateway'], client_secret: ['gateway-secret'] },
    });
    expect(oidc.status).toBe(201);
    const dev = await approvedDeveloper(a);
    const app = await dev.createApplication({ name: 'multi', custom_id: 'multi-app' });
    await dev.requestAccess(app.id, svc.id);
    const viaB = () => b.proxy('GET', svc.path, undefined, { authorization: basicAuth('multi-app', 'multi-app-secret') });

    // B decides "pending" first, so it holds a cached denial the approval must replace.
    await eventually(async () => (await viaB()).status, 403);
    expect((await viaB()).body).toEqual(CANNOT_CONSUME);
    const decide = (status: string) => a.admin('PATCH', `/applications/${app.id}/application_instances/${svc.id}`, { status });
    expect((await decide('approved')).status).toBe(200);
    await eventually(async () => (await viaB()).status, 200);
    expect((await decide('revoked')).status).toBe(200);
    await eventually(async () => (await viaB()).status, 403);

    // A developer suspended through A loses access at B too.
    expect((await decide('approved')).status).toBe(200);
    await eventually(async () => (await viaB()).status, 200);
    expect((await a.admin('PATCH', `/developers/${dev.developer.id}`, { status: 2 })).status).toBe(200);
    await eventually(async () => (await viaB()).status, 403);
    expect((await a.admin('PATCH', `/developers/${dev.developer.id}`, { status: 0 })).status).toBe(200);
    await eventually(async () => (await viaB()).status, 200);

    // An application deleted through A no longer passes at B.
    expect((await a.admin('DELETE', `/applications/${app.id}`)).status).toBe(204);
    await eventually(async () => (await viaB()).status !== 200, true);
  });

  it("enforces at B a plugin added and removed through A", async () => {
    expect((await a.admin('POST', '/services', { name: 'guarded-on-a', url: upstream.url })).status).toBe(201);
    expect((await a.admin('POST', '/services/guarded-on-a/routes', { paths: ['/guarded-on-a'] })).status).toBe(201);
    await eventually(served(b, '/guarded-on-a'), 200);
    const plugin = await a.admin('POST', '/services/guarded-on-a/plugins', { name: 'acl', config: { allow: ['nobody'] } });
    expect(plugin.status).toBe(201);
    await eventually(async () => (await b.proxy('GET', '/guarded-on-a')).status !== 200, true);
    expect((await a.admin('DELETE', `/plugins/${plugin.body.id}`)).status).toBe(204);
    await eventually(served(b, '/guarded-on-a'), 200);
  });

  it("accepts at B a portal session cookie issued by A (the session secret lives in the database)", async () => {
    const dev = await approvedDeveloper(a);
    const atB = await b.portal('GET', '/developer', undefined, { cookie: dev.cookie });
    expect(atB.status).toBe(200);
    expect(atB.body.email).toBe(dev.developer.email);
  });

  it('accepts at B an openid-connect session cookie issued by A', async () => {
    expect((await a.admin('POST', '/services', { name: 'oidc-session', url: upstream.url })).status).toBe(201);
    expect((await a.admin('POST', '/services/oidc-session/routes', { paths: ['/oidc-session'] })).status).toBe(201);
    const plugin = await a.admin('POST', '/services/oidc-session/plugins', { name: 'openid-connect', config: { issuer: idp.issuer, consumer_optional: true } });
    expect(plugin.status).toBe(201);
    const { access_token } = await idp.clientCredentialsToken('multi-app', 'multi-app-secret');
    const first = await a.proxy('GET', '/oidc-session', undefined, { authorization: `Bearer ${access_token}` });
    expect(first.status).toBe(200);
    const cookie = first.headers.getSetCookie().find((c) => c.startsWith('portico_session='))!.split(';')[0];
    await eventually(async () => (await b.proxy('GET', '/oidc-session', undefined, { cookie })).status, 200);
    // Not just any cookie: a tampered one is refused at B.
    expect((await b.proxy('GET', '/oidc-session', undefined, { cookie: `${cookie.slice(0, -2)}xx` })).status).toBe(401);
  });

  it('catches, at the periodic check, a change whose notification never came', async () => {
    expect((await a.admin('POST', '/services', { name: 'quiet', url: upstream.url })).status).toBe(201);
    expect((await a.admin('POST', '/services/quiet/routes', { paths: ['/quiet'] })).status).toBe(201);
    await eventually(served(c, '/quiet'), 200);
    // Written behind every node's back: the counter moves, but no NOTIFY is sent.
    await superuserQuery(databaseName, `UPDATE services SET enabled = false WHERE name = 'quiet'`);
    await superuserQuery(databaseName, `UPDATE settings SET value = (CAST(value AS bigint) + 1)::text WHERE key = 'config_version'`);
    await eventually(served(c, '/quiet'), 404);
  });

  it('reconnects a killed LISTEN connection, re-reads what it may have missed, and hears later changes', async () => {
    expect((await a.admin('POST', '/services', { name: 'after-kill', url: upstream.url })).status).toBe(201);
    expect((await a.admin('POST', '/services/after-kill/routes', { paths: ['/after-kill'] })).status).toBe(201);
    await eventually(served(b, '/after-kill'), 200);
    // A change nobody announces (B's periodic check is an hour away): only B's re-read after it
    // reconnects can bring it.
    await superuserQuery(databaseName, `UPDATE services SET enabled = false WHERE name = 'after-kill'`);
    const killed = await superuserQuery<{ killed: boolean }>(
      databaseName,
      `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE datname = $1 AND application_name = 'portico-listen'`,
      [databaseName],
    );
    expect(killed.length).toBe(3);
    await eventually(served(b, '/after-kill'), 404);
    expect(b.logs).toContain('change notifications restored');
    expect((await a.admin('PATCH', '/services/after-kill', { enabled: true })).status).toBe(200);
    await eventually(served(b, '/after-kill'), 200);
  });

  it('serves at A and B a route imported with `portico config db_import` into their database (SPEC §8)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'portico-import-')), 'kong.yaml');
    writeFileSync(
      file,
      ['_format_version: "3.0"', 'services:', '  - name: imported', `    url: ${upstream.url}`, '    routes:', '      - name: imported', '        paths: [/imported]', ''].join('\n'),
    );
    expect(await served(b, '/imported')()).toBe(404);
    expect(await runCli(['config', 'db_import', file], { PORTICO_DATABASE_URL: a.databaseUrl })).toMatchObject({ code: 0 });
    // A and B check for missed changes only hourly: the import's own notification must reach them.
    await eventually(served(a, '/imported'), 200);
    await eventually(served(b, '/imported'), 200);
  });

  it('never logs the database password', () => {
    for (const node of [a, b, c]) expect(node.logs).not.toContain(TEST_PG_PASSWORD);
  });
});
