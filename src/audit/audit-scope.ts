import { AsyncLocalStorage } from 'node:async_hooks';
import { redactSecrets } from './redact-secrets';

export type AuditOperation = 'create' | 'update' | 'delete';

/** One entity a write changed, with its fields before and after (secrets already removed). */
export interface AuditChange {
  entity: string;
  entity_id: string | null;
  operation: AuditOperation;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** What one Admin or Portal write request changed, gathered while its handler runs. */
export class AuditScope {
  readonly changes: AuditChange[] = [];
}

const storage = new AsyncLocalStorage<AuditScope>();

/** Runs `work` (and everything it awaits) with changes recorded into `scope`. */
export function withAuditScope<T>(scope: AuditScope, work: () => T): T {
  return storage.run(scope, work);
}

/** Tables whose rows are not configuration (the audit itself, generated settings such as the session secret). */
const NOT_AUDITED = new Set(['audit_requests', 'audit_objects', 'settings']);

/** Called for every entity written while a request's scope is active; outside one (start-up, migrations) it does nothing. */
export function recordChange(operation: AuditOperation, entity: string, before: object | null | undefined, after: object | null | undefined): void {
  const scope = storage.getStore();
  if (!scope || NOT_AUDITED.has(entity)) return;
  const id = ((after ?? before) as { id?: unknown } | null)?.id;
  scope.changes.push({
    entity,
    entity_id: typeof id === 'string' ? id : null,
    operation,
    before: before ? redactSecrets(before) : null,
    after: after ? redactSecrets(after) : null,
  });
}
