import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { Portico } from '../support/portico';

const DAY = 24 * 60 * 60;

/** The slice of better-sqlite3 used here (the package ships no types, and Portico reaches it through TypeORM). */
type SqliteDatabase = { prepare(sql: string): { run(...params: unknown[]): { changes: number } }; close(): void };
const Database = require('better-sqlite3') as new (path: string) => SqliteDatabase;

/**
 * PORTICO_AUDIT_RETENTION_DAYS (SPEC §9): entries older than the retention are deleted (at start-up
 * and hourly). Rows are aged in the database between two runs of one node, so no clock is faked and
 * nothing waits.
 */
describe('audit retention', () => {
  let dir: string;
  let portico: Portico | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'portico-audit-retention-'));
  });
  afterAll(async () => {
    await portico?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('deletes the requests and objects older than the retention at start-up, and keeps the younger ones', async () => {
    const env = { PORTICO_DATABASE_URL: `sqlite:${join(dir, 'portico.sqlite')}`, PORTICO_AUDIT_RETENTION_DAYS: '30' };
    portico = await Portico.start({ env });
    const requestIdOf: Record<string, string> = {};
    for (const name of ['old', 'recent', 'new']) {
      const created = await portico.admin('POST', '/services', { name, url: 'http://127.0.0.1:9' });
      expect(created.status).toBe(201);
      const audited = await portico.admin('GET', `/audit/requests?entity=services&entity_id=${created.body.id}`);
      expect(audited.body.data).toHaveLength(1);
      requestIdOf[name] = audited.body.data[0].id;
    }
    const databaseUrl = portico.databaseUrl;
    await portico.stop();
    portico = undefined;

    await age(databaseUrl, requestIdOf.old, 31 * DAY);
    await age(databaseUrl, requestIdOf.recent, 29 * DAY);

    portico = await Portico.start({ env: { ...env, PORTICO_DATABASE_URL: databaseUrl } });
    const requests = (await portico.admin('GET', '/audit/requests?entity=services')).body.data.map((r: { id: string }) => r.id);
    expect(requests).not.toContain(requestIdOf.old);
    expect(requests).toEqual(expect.arrayContaining([requestIdOf.recent, requestIdOf.new]));
    const objects = (await portico.admin('GET', '/audit/objects?entity=services')).body.data.map((o: { request_id: string }) => o.request_id);
    expect(objects).not.toContain(requestIdOf.old);
    expect(objects).toEqual(expect.arrayContaining([requestIdOf.recent, requestIdOf.new]));
  });
});

/** Moves one audited request and its objects `seconds` into the past, on SQLite or PostgreSQL. */
async function age(databaseUrl: string, requestId: string, seconds: number): Promise<void> {
  if (databaseUrl.startsWith('sqlite:')) {
    const db = new Database(databaseUrl.slice('sqlite:'.length));
    try {
      expect(db.prepare('UPDATE audit_requests SET created_at = created_at - ? WHERE id = ?').run(seconds, requestId).changes).toBe(1);
      expect(db.prepare('UPDATE audit_objects SET created_at = created_at - ? WHERE request_id = ?').run(seconds, requestId).changes).toBe(1);
    } finally {
      db.close();
    }
    return;
  }
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    expect((await client.query('UPDATE audit_requests SET created_at = created_at - $1 WHERE id = $2', [seconds, requestId])).rowCount).toBe(1);
    expect((await client.query('UPDATE audit_objects SET created_at = created_at - $1 WHERE request_id = $2', [seconds, requestId])).rowCount).toBe(1);
  } finally {
    await client.end();
  }
}
