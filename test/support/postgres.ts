import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
// Plain JavaScript shared with jest.config.js, which runs before any TypeScript transform.
const { postgresBinDir, MISSING_POSTGRES_HINT } = require('./postgres-detect.js') as { postgresBinDir(): string | null; MISSING_POSTGRES_HINT: string };

/**
 * A throwaway PostgreSQL cluster for one test run: `initdb` in a temporary directory (as the
 * `postgres` user, since initdb refuses root), one loopback port, started with pg_ctl, stopped and
 * deleted at the end. It never touches a system cluster: its socket, data and log live in its own
 * directory.
 */

const SUPERUSER = 'postgres';
/** Password authentication on purpose: the tests prove this password never reaches a log. */
export const TEST_PG_PASSWORD = 'pg-test-secret-7c1d';

export interface ClusterHandle {
  dir: string;
  port: number;
  bin: string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Runs a PostgreSQL binary as the `postgres` user when we are root, as ourselves otherwise. */
function asPostgres(bin: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const [command, argv] = asRoot ? ['runuser', ['-u', SUPERUSER, '--', bin, ...args]] : [bin, args];
  execFileSync(command, argv, { stdio: 'pipe', cwd: '/' });
}

export async function startCluster(): Promise<ClusterHandle> {
  const bin = postgresBinDir();
  if (!bin) throw new Error(`PostgreSQL is not installed (${MISSING_POSTGRES_HINT})`);
  const dir = mkdtempSync(join(tmpdir(), 'portico-pg-'));
  const data = join(dir, 'data');
  const pwfile = join(dir, 'pwfile');
  writeFileSync(pwfile, TEST_PG_PASSWORD);
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', SUPERUSER]).toString());
    const gid = Number(execFileSync('id', ['-g', SUPERUSER]).toString());
    chownSync(dir, uid, gid);
    chownSync(pwfile, uid, gid);
  }
  chmodSync(dir, 0o700);
  asPostgres(join(bin, 'initdb'), ['-D', data, '-U', SUPERUSER, '--pwfile', pwfile, '--auth-host=scram-sha-256', '--auth-local=trust', '-E', 'UTF8', '--no-sync', '--locale=C']);
  const cluster = { dir, port: await freePort(), bin };
  restartCluster(cluster);
  return cluster;
}

export function stopCluster(cluster: ClusterHandle, mode: 'fast' | 'immediate' = 'fast'): void {
  try {
    asPostgres(join(cluster.bin, 'pg_ctl'), ['-D', join(cluster.dir, 'data'), '-m', mode, '-w', 'stop']);
  } catch {
    // already stopped
  }
}

/** Starts the cluster (again, after a stop: the outage tests), always on its own port. */
export function restartCluster(cluster: ClusterHandle): void {
  // Throwaway data: durability off for speed; room for every Portico process a run keeps open.
  const options = [
    `-p ${cluster.port}`,
    `-k ${cluster.dir}`,
    "-c listen_addresses='127.0.0.1'",
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=400',
    '-c shared_buffers=32MB',
  ].join(' ');
  asPostgres(join(cluster.bin, 'pg_ctl'), ['-D', join(cluster.dir, 'data'), '-o', options, '-l', join(cluster.dir, 'postgres.log'), '-w', '-t', '60', 'start']);
}

export function deleteCluster(cluster: ClusterHandle): void {
  stopCluster(cluster);
  rmSync(cluster.dir, { recursive: true, force: true });
}

export function clusterUrl(port: number, database: string): string {
  return `postgres://${SUPERUSER}:${TEST_PG_PASSWORD}@127.0.0.1:${port}/${database}`;
}

/** Set by the jest global setup of the `postgres` project: the run's one cluster. */
export const CLUSTER_ENV = 'PORTICO_TEST_PG_CLUSTER';

export function runCluster(): ClusterHandle | null {
  const raw = process.env[CLUSTER_ENV];
  return raw ? (JSON.parse(raw) as ClusterHandle) : null;
}

let counter = 0;

/** A fresh, empty database on the run's cluster; its URL. `name` reuses one (created if missing). */
export async function createDatabase(name?: string): Promise<string> {
  const cluster = runCluster();
  if (!cluster) throw new Error('no PostgreSQL cluster in this run (only the postgres jest project has one)');
  return createDatabaseOn(cluster, name);
}

/** Same, on a cluster of the test's own (the outage tests stop theirs). */
export async function createDatabaseOn(cluster: ClusterHandle, name?: string): Promise<string> {
  const database = name ?? `portico_${process.pid}_${Date.now().toString(36)}_${++counter}`;
  const client = new Client({ connectionString: clusterUrl(cluster.port, 'postgres') });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!exists.rowCount) await client.query(`CREATE DATABASE "${database}" TEMPLATE template0`);
  } finally {
    await client.end();
  }
  return clusterUrl(cluster.port, database);
}

/** Runs SQL as the superuser on one of the run's databases (e.g. pg_terminate_backend in the tests). */
export async function superuserQuery<T = any>(database: string, sql: string, params: unknown[] = [], cluster = runCluster()): Promise<T[]> {
  if (!cluster) throw new Error('no PostgreSQL cluster in this run');
  const client = new Client({ connectionString: clusterUrl(cluster.port, database) });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Which database the e2e tests in this jest project run on. */
export function testDatabaseKind(): 'sqlite' | 'postgres' {
  return process.env.PORTICO_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
}
