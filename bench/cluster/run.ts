import { AutocannonLoadGenerator } from '../load/autocannon.load';
import type { LoadResult } from '../load/load-generator';
import { EchoUpstream } from '../../test/support/echo-upstream';
import { basicAuth, TestIdp } from '../../test/support/idp/test-idp';
import { Portico } from '../../test/support/portico';
import { ClusterHandle, createDatabaseOn, deleteCluster, startCluster, superuserQuery } from '../../test/support/postgres';
import { seedScale, SCALE } from './seed-scale';

/**
 * `npm run bench:cluster`: SPEC §7 figures. Propagation delay from an Admin write on node A to the
 * first proxied request on node B that sees it; proxy throughput on PostgreSQL and SQLite (the hot
 * path must not touch the database); and a node's start time, memory and throughput at scale.
 * Markdown on stdout, progress on stderr. Options: --changes N (200), --duration S (5).
 */

const progress = (line: string) => process.stderr.write(`bench:cluster: ${line}\n`);

interface Options {
  changes: number;
  durationS: number;
  connections: number;
}

function parseOptions(argv: string[]): Options {
  const value = (flag: string, fallback: number) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  return { changes: value('--changes', 200), durationS: value('--duration', 5), connections: value('--connections', 20) };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function propagation(a: Portico, b: Portico, upstream: EchoUpstream, changes: number): Promise<number[]> {
  expectStatus(await a.admin('POST', '/services', { name: 'propagation', url: upstream.url }), 201);
  const delays: number[] = [];
  for (let i = 0; i < changes; i++) {
    const path = `/propagation-${i}`;
    const started = performance.now();
    expectStatus(await a.admin('POST', '/services/propagation/routes', { paths: [path] }), 201);
    // Tight polling: each probe is a loopback request of well under a millisecond.
    for (;;) {
      if ((await b.proxy('GET', path)).status === 200) break;
      if (performance.now() - started > 10_000) throw new Error(`${path} never reached node B`);
    }
    delays.push(performance.now() - started);
  }
  return delays.sort((x, y) => x - y);
}

function expectStatus(res: { status: number; text: string }, status: number): void {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${res.text}`);
}

/** A plain route and an application route (openid-connect + application-registration, approved). */
async function prepareRoutes(node: Portico, upstream: EchoUpstream, idp: TestIdp): Promise<{ plain: string; application: string }> {
  expectStatus(await node.admin('POST', '/services', { name: 'plain', url: upstream.url }), 201);
  expectStatus(await node.admin('POST', '/services/plain/routes', { paths: ['/plain'] }), 201);
  const service = await node.admin('POST', '/services', { name: 'app', url: upstream.url });
  expectStatus(service, 201);
  expectStatus(await node.admin('POST', '/services/app/routes', { paths: ['/app'] }), 201);
  expectStatus(await node.admin('POST', '/services/app/plugins', { name: 'application-registration', config: { display_name: 'App' } }), 201);
  expectStatus(
    await node.admin('POST', '/services/app/plugins', {
      name: 'openid-connect',
      config: { issuer: idp.issuer, client_id: ['gateway'], client_secret: ['gateway-secret'] },
    }),
    201,
  );
  const developer = await node.admin('POST', '/developers', { email: `bench-${Date.now()}@example.com`, password: 'correct horse battery', status: 0 });
  expectStatus(developer, 201);
  const application = await node.admin('POST', `/developers/${developer.body.id}/applications`, { name: 'bench', custom_id: 'bench-app' });
  expectStatus(application, 201);
  expectStatus(
    await node.admin('POST', `/applications/${application.body.id}/application_instances`, { service: { id: service.body.id }, status: 0 }),
    201,
  );
  return { plain: `${node.proxyUrl}/plain`, application: `${node.proxyUrl}/app` };
}

const APP_AUTH = { authorization: basicAuth('bench-app', 'bench-app-secret') };

async function measure(load: AutocannonLoadGenerator, url: string, headers: Record<string, string>, options: Options): Promise<LoadResult> {
  const check = await fetch(url, { headers });
  if (check.status !== 200) throw new Error(`${url} answered ${check.status}: ${await check.text()}`);
  await load.run({ url, method: 'GET', headers }, { connections: options.connections, durationS: 1 });
  return load.run({ url, method: 'GET', headers }, { connections: options.connections, durationS: options.durationS });
}

const rps = (r: LoadResult) => Math.round(r.requests / r.durationS).toLocaleString('en-US');
const row = (label: string, r: LoadResult) => `| ${label} | ${rps(r)} | ${(r.p50Us / 1000).toFixed(1)} | ${(r.p99Us / 1000).toFixed(1)} | ${r.non2xx + r.errors} |`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

async function main(argv: string[]): Promise<void> {
  const options = parseOptions(argv);
  const out: string[] = [];
  let cluster: ClusterHandle | null = null;
  const nodes: Portico[] = [];
  const load = AutocannonLoadGenerator.create();
  const [upstream, idp] = await Promise.all([
    EchoUpstream.start(),
    TestIdp.start({
      clients: [
        { client_id: 'bench-app', client_secret: 'bench-app-secret' },
        { client_id: 'gateway', client_secret: 'gateway-secret', grant_types: ['client_credentials'] },
      ],
    }),
  ]);
  const start = async (env: Record<string, string>) => {
    const node = await Portico.start({ env: { PORTICO_LOG_LEVEL: 'warn', ...env }, startTimeoutMs: 600_000 });
    nodes.push(node);
    return node;
  };
  try {
    progress('starting a throwaway PostgreSQL cluster');
    cluster = await startCluster();
    const url = await createDatabaseOn(cluster);
    const [a, b] = [await start({ PORTICO_DATABASE_URL: url }), await start({ PORTICO_DATABASE_URL: url })];

    progress(`propagation: ${options.changes} route creations on A, each polled for at B`);
    const delays = await propagation(a, b, upstream, options.changes);
    out.push('### Propagation (Admin write on node A → first proxied 200 on node B)', '');
    out.push(`${options.changes} changes, PostgreSQL LISTEN/NOTIFY: p50 **${percentile(delays, 50).toFixed(1)} ms**, p99 **${percentile(delays, 99).toFixed(1)} ms**, max ${delays[delays.length - 1].toFixed(1)} ms (the write's own duration included).`, '');

    progress('throughput: PostgreSQL node and SQLite node, plain and application routes');
    // Fresh nodes on both sides: B now holds the propagation test's routes.
    const [pg, sqlite] = [await start({ PORTICO_DATABASE_URL: await createDatabaseOn(cluster) }), await start({ PORTICO_DATABASE_URL: 'sqlite::memory:' })];
    const pgRoutes = await prepareRoutes(pg, upstream, idp);
    const sqliteRoutes = await prepareRoutes(sqlite, upstream, idp);
    const results: [string, LoadResult][] = [];
    for (const [label, target, headers] of [
      ['SQLite, plain route', sqliteRoutes.plain, {}],
      ['PostgreSQL, plain route', pgRoutes.plain, {}],
      ['SQLite, application route', sqliteRoutes.application, APP_AUTH],
      ['PostgreSQL, application route', pgRoutes.application, APP_AUTH],
    ] as const) {
      progress(label);
      results.push([label, await measure(load, target, headers, options)]);
    }
    out.push(`### Proxy throughput by database (autocannon, ${options.connections} connections, ${options.durationS} s, GET)`, '');
    out.push('| Node | req/s | p50 ms | p99 ms | errors |', '|---|---:|---:|---:|---:|');
    for (const [label, r] of results) out.push(row(label, r));
    out.push('');

    progress(`scale: seeding ${SCALE.applications} applications, ${SCALE.routes} routes, ${SCALE.instances} instances`);
    const scaleUrl = await createDatabaseOn(cluster);
    const seeder = await start({ PORTICO_DATABASE_URL: scaleUrl, PORTICO_PROXY_LISTEN: 'off', PORTICO_PORTAL_LISTEN: 'off' });
    await seeder.stop();
    const dbName = new URL(scaleUrl).pathname.slice(1);
    const seedStarted = performance.now();
    await seedScale((sql) => superuserQuery(dbName, sql, [], cluster), upstream.url);
    const seedMs = performance.now() - seedStarted;
    const tinyStarted = performance.now();
    const tiny = await start({ PORTICO_DATABASE_URL: await createDatabaseOn(cluster) });
    const tinyStartMs = performance.now() - tinyStarted;
    const bigStarted = performance.now();
    const big = await start({ PORTICO_DATABASE_URL: scaleUrl });
    const bigStartMs = performance.now() - bigStarted;
    const tinyRoutes = await prepareRoutes(tiny, upstream, idp);
    const bigPlain = `${big.proxyUrl}/scale-500`;
    const tinyRun = await measure(load, tinyRoutes.plain, {}, options);
    const bigRun = await measure(load, bigPlain, {}, options);
    out.push(`### Scale (${SCALE.applications.toLocaleString('en-US')} applications, ${SCALE.routes.toLocaleString('en-US')} routes, ${SCALE.instances.toLocaleString('en-US')} instances)`, '');
    out.push(`Seeded by SQL in ${(seedMs / 1000).toFixed(1)} s.`, '');
    out.push('| Configuration | start to listening | RSS after start | plain route req/s | p99 ms |', '|---|---:|---:|---:|---:|');
    out.push(`| tiny (empty database) | ${tinyStartMs.toFixed(0)} ms | ${mib(tiny.rssBytes())} | ${rps(tinyRun)} | ${(tinyRun.p99Us / 1000).toFixed(1)} |`);
    out.push(`| at scale | ${bigStartMs.toFixed(0)} ms | ${mib(big.rssBytes())} | ${rps(bigRun)} | ${(bigRun.p99Us / 1000).toFixed(1)} |`);
    out.push('');
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await Promise.all(nodes.map((n) => n.stop()));
    await Promise.all([upstream.stop(), idp.stop()]);
    load.close();
    if (cluster) deleteCluster(cluster);
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err) => {
    progress(`failed: ${(err as Error).stack ?? err}`);
    process.exit(1);
  },
);
