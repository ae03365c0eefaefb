import { defer, firstValueFrom, Observable } from 'rxjs';
import { AuditScope, inAuditScope, recordChange } from './audit-scope';

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A write handler that saves `id` after a few turns of the event loop (as a database call would). */
const handler = (id: string, log: string[]): Observable<string> =>
  defer(async () => {
    log.push(`start ${id}`);
    await tick();
    recordChange('create', 'services', null, { id, name: id, client_secret: 's3cr3t' });
    await tick();
    log.push(`end ${id}`);
    return id;
  });

describe('audit scope', () => {
  it('runs writes one at a time, each collecting only its own changes, secrets removed', async () => {
    const log: string[] = [];
    const a = new AuditScope();
    const b = new AuditScope();
    await Promise.all([firstValueFrom(inAuditScope(a, () => handler('a', log))), firstValueFrom(inAuditScope(b, () => handler('b', log)))]);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
    expect(a.changes).toEqual([{ entity: 'services', entity_id: 'a', operation: 'create', before: null, after: { id: 'a', name: 'a', client_secret: '[redacted]' } }]);
    expect(b.changes.map((c) => c.entity_id)).toEqual(['b']);
  });

  it('records nothing outside a write, nor for tables that are not configuration', async () => {
    const scope = new AuditScope();
    recordChange('create', 'services', null, { id: 'outside' });
    await firstValueFrom(
      inAuditScope(scope, () =>
        defer(async () => {
          recordChange('create', 'settings', null, { key: 'session_secret', value: 'x' });
          recordChange('create', 'audit_requests', null, { id: 'r' });
          return 1;
        }),
      ),
    );
    expect(scope.changes).toEqual([]);
  });

  it('lets the next write run after one that failed', async () => {
    const failing = inAuditScope(new AuditScope(), () => defer(async () => Promise.reject(new Error('boom'))));
    await expect(firstValueFrom(failing)).rejects.toThrow('boom');
    const next = new AuditScope();
    await firstValueFrom(inAuditScope(next, () => handler('c', [])));
    expect(next.changes).toHaveLength(1);
  });
});
