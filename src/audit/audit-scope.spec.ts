import { AuditScope } from './audit-scope';

describe('audit scope', () => {
  it('collects each change with its entity id, secrets removed', () => {
    const scope = new AuditScope();
    scope.record('create', 'services', null, { id: 'a', name: 'a', client_secret: 's3cr3t' });
    scope.record('delete', 'applications', { id: 'b', name: 'b' }, null);
    expect(scope.changes).toEqual([
      { entity: 'services', entity_id: 'a', operation: 'create', before: null, after: { id: 'a', name: 'a', client_secret: '[redacted]' } },
      { entity: 'applications', entity_id: 'b', operation: 'delete', before: { id: 'b', name: 'b' }, after: null },
    ]);
  });

  it('records nothing for tables that are not configuration', () => {
    const scope = new AuditScope();
    scope.record('create', 'settings', null, { key: 'session_secret', value: 'x' });
    scope.record('create', 'audit_requests', null, { id: 'r' });
    scope.record('create', 'audit_objects', null, { id: 'o' });
    expect(scope.changes).toEqual([]);
  });
});
