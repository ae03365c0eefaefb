import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { Semaphore } from '../common/semaphore';

export type ChangeOperation = 'create' | 'update' | 'delete';

/**
 * Collects what one unit of work changed (the audit log's scope for one request). It rides on the
 * TypeORM query runner of the transaction the work runs in (`queryRunner.data`), so every entity saved
 * on that runner is attributed to exactly that unit of work, however many run at once.
 * (AsyncLocalStorage would find it implicitly, but on Node 20 it turns on promise hooks for the whole
 * process, which measurably slowed every proxied request.)
 */
export interface ChangeRecorder {
  record(operation: ChangeOperation, table: string, before: object | null | undefined, after: object | null | undefined): void;
}

const RECORDER = 'portico.changeRecorder';

/** The recorder a query runner's writes belong to, if any (none: start-up, migrations, the CLI). */
export function changeRecorderOf(runner: QueryRunner | undefined | null): ChangeRecorder | null {
  return ((runner?.data as Record<string, unknown> | undefined)?.[RECORDER] as ChangeRecorder | undefined) ?? null;
}

/**
 * TypeORM drives better-sqlite3 through one connection shared by the whole process: two transactions
 * open on it at once would silently become one (the second a savepoint of the first), and each would
 * see the other's runner data. So on SQLite transactions take turns — SQLite has one writer anyway.
 * On PostgreSQL every transaction has a pooled connection of its own and they run side by side, so a
 * database that stops answering costs each write its own timeout, not the sum of those before it.
 */
const sqliteTurns = new WeakMap<DataSource, Semaphore>();

function turnsOf(dataSource: DataSource): Semaphore | null {
  if (dataSource.options.type === 'postgres') return null;
  let turns = sqliteTurns.get(dataSource);
  if (!turns) sqliteTurns.set(dataSource, (turns = new Semaphore(1)));
  return turns;
}

/** Runs `work` in a transaction of its own, its writes recorded by `recorder`. */
export function runInTransaction<T>(dataSource: DataSource, recorder: ChangeRecorder | null, work: (em: EntityManager) => Promise<T>): Promise<T> {
  const open = () =>
    dataSource.transaction(async (em) => {
      const runner = em.queryRunner!;
      runner.data = recorder ? { [RECORDER]: recorder } : {};
      try {
        return await work(em);
      } finally {
        // SQLite's runner outlives the transaction: the next one must not inherit this request's scope.
        runner.data = {};
      }
    });
  const turns = turnsOf(dataSource);
  return turns ? turns.run(open) : open();
}

/**
 * Where a write runs: `open` starts a transaction per unit of work; `joining` runs every unit inside a
 * transaction already open (a declarative import writes many tables, all or nothing), whose runner
 * already carries the importing request's recorder.
 */
export class TransactionRunner {
  private constructor(
    private readonly dataSource: DataSource,
    private readonly outer: EntityManager | null,
  ) {}

  static open(dataSource: DataSource): TransactionRunner {
    return new TransactionRunner(dataSource, null);
  }

  static joining(em: EntityManager): TransactionRunner {
    return new TransactionRunner(em.connection, em);
  }

  get joined(): EntityManager | null {
    return this.outer;
  }

  run<T>(recorder: ChangeRecorder | null, work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.outer ? work(this.outer) : runInTransaction(this.dataSource, recorder, work);
  }
}
