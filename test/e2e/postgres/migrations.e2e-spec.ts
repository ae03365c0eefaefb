import { runCli } from '../../support/cli';
import { Portico } from '../../support/portico';
import { createDatabase, superuserQuery } from '../../support/postgres';

const databaseOf = (url: string) => new URL(url).pathname.slice(1);
/** Every migration this Portico knows, in order. */
const KNOWN = ['GatewayCore1764140000000', 'Applications1764160000000', 'Audit1764180000000'];
const lines = (prefix: string) => KNOWN.map((name) => `${prefix}${name}\n`).join('');

/** SPEC §7: nodes racing to migrate an empty database; a schema newer than the code. */
describe('migrations on PostgreSQL with several nodes', () => {
  it('runs `portico migrations status|up` on PostgreSQL', async () => {
    const url = await createDatabase();
    expect((await runCli(['migrations', 'status'], { PORTICO_DATABASE_URL: url })).stdout).toBe(
      lines('pending  '),
    );
    expect((await runCli(['migrations', 'up'], { PORTICO_DATABASE_URL: url })).stdout).toBe(lines('applied '));
    expect((await runCli(['migrations', 'up'], { PORTICO_DATABASE_URL: url })).stdout).toBe('database is up to date\n');
  });

  it('migrates an empty database exactly once when three nodes start at the same moment', async () => {
    const url = await createDatabase();
    const results = await Promise.allSettled([0, 1, 2].map(() => Portico.start({ env: { PORTICO_DATABASE_URL: url } })));
    const nodes = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    try {
      expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'started'))).toEqual(['started', 'started', 'started']);
      const applied = await superuserQuery<{ name: string }>(databaseOf(url), 'SELECT name FROM migrations ORDER BY id');
      expect(applied.map((m) => m.name)).toEqual(KNOWN);
      // All three work on the one schema.
      expect((await nodes[0].admin('POST', '/services', { name: 'raced', host: 'example.com' })).status).toBe(201);
      for (const node of nodes) expect((await node.admin('GET', '/services/raced')).status).toBe(200);
    } finally {
      await Promise.all(nodes.map((n) => n.stop()));
    }
  }, 60_000);

  it('refuses to start against a schema a newer Portico migrated, saying so', async () => {
    const url = await createDatabase();
    const first = await Portico.start({ env: { PORTICO_DATABASE_URL: url } });
    await first.stop();
    await superuserQuery(databaseOf(url), `INSERT INTO migrations ("timestamp", name) VALUES (1999999999999, 'FromTheFuture1999999999999')`);
    await expect(Portico.start({ env: { PORTICO_DATABASE_URL: url } })).rejects.toThrow(
      'the database schema is newer than this Portico knows (migration FromTheFuture1999999999999 was applied by a newer version); upgrade Portico, or point it at another database',
    );
    // Not even without auto-migration: the schema is wrong either way.
    await expect(Portico.start({ env: { PORTICO_DATABASE_URL: url, PORTICO_AUTO_MIGRATE: 'false' } })).rejects.toThrow('the database schema is newer');

    // The operator's commands say the same, and fail, so a rollout script stops.
    const status = await runCli(['migrations', 'status'], { PORTICO_DATABASE_URL: url });
    expect(status.code).toBe(1);
    expect(status.stdout).toBe(
      `${lines('executed ')}unknown  FromTheFuture1999999999999 (applied by a newer Portico)\n`,
    );
    const up = await runCli(['migrations', 'up'], { PORTICO_DATABASE_URL: url });
    expect(up.code).toBe(1);
    expect(up.stderr).toContain('the database schema is newer than this Portico knows');
  });
});
