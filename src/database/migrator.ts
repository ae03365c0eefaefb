import type { DataSource, QueryRunner } from 'typeorm';

/** Any fixed number: every Portico node on one database takes the same PostgreSQL advisory lock. */
const MIGRATION_LOCK = 0x706f7274; // "port"

export class SchemaTooNewError extends Error {
  constructor(readonly unknown: string[]) {
    super(
      `the database schema is newer than this Portico knows (migration ${unknown.join(', ')} was applied by a newer version); ` +
        'upgrade Portico, or point it at another database',
    );
  }
}

export interface MigrationStatus {
  executed: string[];
  pending: string[];
  /** Applied by a newer Portico: this one must not run against it. */
  unknown: string[];
}

/**
 * Applies pending migrations (or only checks, with `apply: false`), holding a PostgreSQL advisory
 * lock so several nodes starting together on an empty database migrate it exactly once: the others
 * wait, then find nothing left to do. Refuses a schema a newer version wrote.
 */
export async function migrate(dataSource: DataSource, apply: boolean): Promise<string[]> {
  return withMigrationLock(dataSource, async (runner) => {
    const status = await readStatus(dataSource, runner);
    if (status.unknown.length) throw new SchemaTooNewError(status.unknown);
    if (!apply || !status.pending.length) return [];
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  });
}

export async function migrationStatus(dataSource: DataSource): Promise<MigrationStatus> {
  const runner = dataSource.createQueryRunner();
  try {
    return await readStatus(dataSource, runner);
  } finally {
    await runner.release();
  }
}

async function readStatus(dataSource: DataSource, runner: QueryRunner): Promise<MigrationStatus> {
  const known = dataSource.migrations.map((m) => m.name!);
  const executed = (await runner.hasTable('migrations'))
    ? ((await runner.query('SELECT name FROM migrations')) as { name: string }[]).map((r) => r.name)
    : [];
  const done = new Set(executed);
  return {
    executed: known.filter((name) => done.has(name)),
    pending: known.filter((name) => !done.has(name)),
    unknown: executed.filter((name) => !known.includes(name)),
  };
}

/** Polls rather than blocking in pg_advisory_lock, so a node that waits too long can give up and say so. */
async function acquire(runner: QueryRunner, patienceMs = 10 * 60_000): Promise<void> {
  const deadline = Date.now() + patienceMs;
  for (;;) {
    const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [MIGRATION_LOCK])) as { locked: boolean }[];
    if (locked) return;
    if (Date.now() > deadline) throw new Error('gave up waiting for another node to finish migrating the database');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function withMigrationLock<T>(dataSource: DataSource, work: (runner: QueryRunner) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  const postgres = dataSource.options.type === 'postgres';
  try {
    // Session-level lock on a connection of its own: it is held while TypeORM's migrations run on others.
    if (postgres) await acquire(runner);
    try {
      return await work(runner);
    } finally {
      if (postgres) await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}
