import { EchoUpstream } from '../../support/echo-upstream';
import { basicAuth, TestIdp } from '../../support/idp/test-idp';
import { JSON_CONTENT_TYPE } from '../../../src/common/http-errors';
import { Portico } from '../../support/portico';
import { Client } from 'pg';
import { ClusterHandle, clusterUrl, createDatabaseOn, deleteCluster, restartCluster, startCluster, stopCluster, superuserQuery, TEST_PG_PASSWORD } from '../../support/postgres';
import { approvedDeveloper, registeredService, uniqueEmail } from '../applications.fixtures';
import { eventually } from '../../support/eventually';

const UNAVAILABLE = { message: 'The database is unavailable' };

/**
 * SPEC §7, the database going away: this file stops and starts a cluster of its own, so the rest of
 * the run's databases are never disturbed. Both nodes check for missed changes only once an hour:
 * what they catch up on after the outage, they catch up on by reconnecting.
 */
describe('database outages', () => {
  let cluster: ClusterHandle;
  let idp: TestIdp;
  let upstream: EchoUpstream;
  let a: Portico;
  let b: Portico;
  let databaseName: string;
  let appPath: string;
  let approvalPath: string;

  const viaApp = (node: Portico) => node.proxy('GET', appPath, undefined, { authorization: basicAuth('outage-app', 'outage-app-secret') });

  beforeAll(async () => {
    cluster = await startCluster();
    const url = await createDatabaseOn(cluster);
    databaseName = new URL(url).pathname.slice(1);
    const env = { PORTICO_DATABASE_URL: url, PORTICO_DB_UPDATE_FREQUENCY: '3600', PORTICO_DATABASE_TIMEOUT: '2' };
    [idp, upstream, a] = await Promise.all([
      TestIdp.start({
        clients: [
          { client_id: 'outage-app', client_secret: 'outage-app-secret' },
          { client_id: 'gateway', client_secret: 'gateway-secret', grant_types: ['client_credentials'] },
        ],
      }),
      EchoUpstream.start(),
      Portico.start({ env }),
    ]);
    b = await Portico.start({ env });

    expect((await a.admin('POST', '/services', { name: 'plain', url: upstream.url })).status).toBe(201);
    expect((await a.admin('POST', '/services/plain/routes', { paths: ['/plain'] })).status).toBe(201);
    const svc = await registeredService(a, upstream, 'guarded');
    appPath = svc.path;
    const oidc = await a.admin('POST', '/services/guarded/plugins', {
      name: 'openid-connect',
      config: { issuer: idp.issuer, client_id: ['gateway'], client_secret: ['gateway-secret'] },
    });
    expect(oidc.status).toBe(201);
    const dev = await approvedDeveloper(a);
    const app = await dev.createApplication({ name: 'outage', custom_id: 'outage-app' });
    await dev.requestAccess(app.id, svc.id);
    approvalPath = `/applications/${app.id}/application_instances/${svc.id}`;
    expect((await a.admin('PATCH', approvalPath, { status: 'approved' })).status).toBe(200);
    // Both nodes decide once while the database is up: that decision is what they know.
    await eventually(async () => (await viaApp(b)).status, 200);
    expect((await viaApp(a)).status).toBe(200);
    await eventually(async () => (await b.proxy('GET', '/plain')).status, 200);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop(), idp?.stop(), upstream?.stop()]);
    if (cluster) deleteCluster(cluster);
  });

  it('answers 503 within 5 s, not a hang, when the database holds a statement past the timeout', async () => {
    // A hung database, as a lock nobody releases: the statement timeout (2 s here) must end the wait.
    const holder = new Client({ connectionString: clusterUrl(cluster.port, databaseName) });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE services IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      const res = await a.admin('POST', '/services', { name: 'while-locked', host: 'example.com' });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(res.status).toBe(503);
      expect(res.body).toEqual(UNAVAILABLE);
      expect((await b.proxy('GET', '/plain')).status).toBe(200);
    } finally {
      await holder.end();
    }
  });

  /**
   * Writes of every kind (Admin CRUD, nested, PUT, DELETE, an approval, a Portal registration) sent at
   * once: each must answer 503 within 5 s of being sent. Were they serialized, the n-th would wait
   * out n timeouts.
   */
  async function expectConcurrentWritesUnavailable(situation: string, label: string): Promise<void> {
    const writes = [
      () => a.admin('POST', '/services', { name: `${label}-1`, host: 'example.com' }),
      () => a.admin('PATCH', '/services/plain', { retries: 4 }),
      () => a.admin('POST', '/services/plain/routes', { paths: [`/${label}-3`] }),
      () => a.admin('PUT', `/services/${label}-4`, { host: 'example.com' }),
      () => a.admin('PATCH', approvalPath, { status: 'revoked' }),
      () => a.portal('POST', '/register', { email: uniqueEmail(label), password: 'correct horse battery' }),
      () => a.admin('DELETE', '/services/plain'),
    ];
    const answers = await Promise.all(
      writes.map(async (write) => {
        const started = Date.now();
        const res = await write();
        return { status: res.status, body: res.body, contentType: res.headers.get('content-type'), ms: Date.now() - started };
      }),
    );
    process.stdout.write(`${writes.length} concurrent writes against ${situation} answered in ${answers.map((x) => x.ms).join(', ')} ms\n`);
    for (const answer of answers) {
      expect(answer).toEqual({ status: 503, body: UNAVAILABLE, contentType: JSON_CONTENT_TYPE, ms: expect.any(Number) });
      expect(answer.ms).toBeLessThan(5000);
    }
  }

  it('answers several writes arriving at once each with 503 within 5 s of being sent, while the database hangs', async () => {
    // Each write waits out its own statement timeout (2 s here), side by side.
    const holder = new Client({ connectionString: clusterUrl(cluster.port, databaseName) });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE services, routes, developers, application_instances IN ACCESS EXCLUSIVE MODE');
      await expectConcurrentWritesUnavailable('a hung database', 'locked');
    } finally {
      await holder.end();
    }
    expect((await a.admin('GET', '/services/plain')).status).toBe(200);
    expect((await a.admin('GET', approvalPath)).body.status).toBe(0);
  });

  describe('with the database stopped', () => {
    beforeAll(() => stopCluster(cluster));
    afterAll(() => restartCluster(cluster));

    it('keeps proxying with the routes, plugins and access decisions it knows', async () => {
      for (const node of [a, b]) {
        expect((await node.proxy('GET', '/plain')).status).toBe(200);
        expect((await viaApp(node)).status).toBe(200);
      }
    });

    it.each([
      ['an Admin write', (node: Portico) => node.admin('POST', '/services', { name: 'during-outage', host: 'example.com' })],
      ['an Admin approval', (node: Portico) => node.admin('PATCH', '/services/plain', { retries: 3 })],
      ['a Portal registration', (node: Portico) => node.portal('POST', '/register', { email: uniqueEmail('outage'), password: 'correct horse battery' })],
    ])('answers %s with 503 "The database is unavailable" within 5 s', async (_label, write) => {
      const started = Date.now();
      const res = await write(a);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(res.status).toBe(503);
      expect(res.body).toEqual(UNAVAILABLE);
      expect(res.headers.get('content-type')).toBe(JSON_CONTENT_TYPE);
    });

    it('answers several writes arriving at once each with 503 within 5 s of being sent', async () => {
      await expectConcurrentWritesUnavailable('a stopped database', 'stopped');
    });

    it('answers /status with 503', async () => {
      const res = await a.admin('GET', '/status');
      expect(res.status).toBe(503);
      expect(res.body.database).toEqual({ reachable: false });
    });
  });

  describe('when the database comes back', () => {
    it('reconnects by itself and hears the other node again, no restart', async () => {
      await eventually(async () => (await a.admin('POST', '/services', { name: 'after-outage', url: upstream.url })).status, 201, 20_000, 200);
      expect((await a.admin('POST', '/services/after-outage/routes', { paths: ['/after-outage'] })).status).toBe(201);
      await eventually(async () => (await b.proxy('GET', '/after-outage')).status, 200);
      expect((await a.admin('GET', '/status')).status).toBe(200);
    });
  });

  describe('with every connection killed', () => {
    it('never answers 500, and recovers without a restart', async () => {
      await superuserQuery(databaseName, 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [databaseName], cluster);
      const first = await a.admin('POST', '/services', { name: 'after-kill', url: upstream.url });
      expect([201, 503]).toContain(first.status);
      await eventually(async () => (await a.admin('GET', '/services/after-kill')).status === 200 || (await a.admin('POST', '/services', { name: 'after-kill', url: upstream.url })).status === 201, true);
      expect((await a.admin('POST', '/services/after-kill/routes', { paths: ['/after-kill'] })).status).toBe(201);
      await eventually(async () => (await b.proxy('GET', '/after-kill')).status, 200);
      expect((await viaApp(b)).status).toBe(200);
    });
  });

  it('never logs the database password, even while failing', () => {
    for (const node of [a, b]) expect(node.logs).not.toContain(TEST_PG_PASSWORD);
  });
});
