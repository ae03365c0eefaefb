import { DataSource } from 'typeorm';
import { AuditScope } from '../../src/audit/audit-scope';
import { ServicesRepository } from '../../src/gateway/services.repository';
import { PORTICO_SCHEMA } from '../../src/database-schema';
import { createDataSource } from '../../src/database/data-source';
import { changeRecorderOf, runInTransaction } from '../../src/database/transactions';

const tick = () => new Promise((resolve) => setImmediate(resolve));
const service = (name: string) => ({ name, host: `${name}.example`, protocol: 'http' as const, port: 80, path: null, retries: 5, connect_timeout: 1, write_timeout: 1, read_timeout: 1, enabled: true });

// Here rather than beside src/database/transactions.ts: it wires the audit and gateway features onto
// the database, and the database folder must not import them.

/** Units of work against a real (in-memory SQLite) database, the audit subscriber included. */
describe('runInTransaction and transaction-bound repositories', () => {
  let db: DataSource;
  let services: ServicesRepository;

  beforeAll(async () => {
    db = createDataSource({ type: 'sqlite', path: ':memory:' }, PORTICO_SCHEMA);
    await db.initialize();
    await db.runMigrations();
    services = new ServicesRepository(db);
  });
  afterAll(() => db?.destroy());

  it('files every write under the unit of work that made it, however they interleave', async () => {
    const a = new AuditScope();
    const b = new AuditScope();
    const write = (scope: AuditScope, names: string[]) =>
      services.write(scope, async (repo) => {
        for (const name of names) {
          await tick();
          const row = await repo.insert(service(name));
          await repo.update(row, { retries: 2 });
        }
        return repo.delete(await repo.getByIdOrKeyOrFail(names[0]));
      });
    await Promise.all([write(a, ['a1', 'a2']), write(b, ['b1'])]);
    const summary = (scope: AuditScope) => scope.changes.map((c) => `${c.operation} ${String((c.after ?? c.before)?.name)}`);
    expect(summary(a)).toEqual(['create a1', 'update a1', 'create a2', 'update a2', 'delete a1']);
    expect(summary(b)).toEqual(['create b1', 'update b1', 'delete b1']);
  });

  it('records nothing for a unit of work without a recorder, and leaves no recorder behind on the runner', async () => {
    const stray = new AuditScope();
    await services.write(stray, (repo) => repo.insert(service('kept')));
    await services.write(null, (repo) => repo.insert(service('unrecorded')));
    expect(stray.changes.map((c) => c.after?.name)).toEqual(['kept']);
    await runInTransaction(db, null, async (em) => expect(changeRecorderOf(em.queryRunner)).toBeNull());
  });

  it('rolls back a failed unit of work, and the next one still runs', async () => {
    await expect(
      services.write(new AuditScope(), async (repo) => {
        await repo.insert(service('doomed'));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await services.getByIdOrKey('doomed')).toBeNull();
    await services.write(null, (repo) => repo.insert(service('after-failure')));
    expect(await services.getByIdOrKey('after-failure')).not.toBeNull();
  });

  it('refuses a write outside a transaction (it would go unaudited)', async () => {
    await expect(services.insert(service('outside'))).rejects.toThrow(/outside a transaction/);
  });

  it('takes turns on SQLite: a second transaction opens only after the first one ends', async () => {
    const log: string[] = [];
    const unit = (id: string) =>
      runInTransaction(db, null, async () => {
        log.push(`start ${id}`);
        await tick();
        log.push(`end ${id}`);
      });
    await Promise.all([unit('a'), unit('b')]);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
  });
});
