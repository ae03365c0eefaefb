import type { ChangeOperation, ChangeRecorder } from '../database/transactions';
import { redactSecrets } from './redact-secrets';

export type AuditOperation = ChangeOperation;

/** One entity a write changed, with its fields before and after (secrets already removed). */
export interface AuditChange {
  entity: string;
  entity_id: string | null;
  operation: AuditOperation;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/**
 * What one Admin or Portal write request changed, gathered while its handler runs: the request's
 * transactions carry it (see ChangeRecorder), so concurrent writes each collect only their own.
 */
export class AuditScope implements ChangeRecorder {
  readonly changes: AuditChange[] = [];

  /** Called for every entity written in this request's transactions. */
  record(operation: AuditOperation, entity: string, before: object | null | undefined, after: object | null | undefined): void {
    if (NOT_AUDITED.has(entity)) return;
    const id = ((after ?? before) as { id?: unknown } | null)?.id;
    this.changes.push({
      entity,
      entity_id: typeof id === 'string' ? id : null,
      operation,
      before: before ? redactSecrets(before) : null,
      after: after ? redactSecrets(after) : null,
    });
  }
}

/** Tables whose rows are not configuration (the audit itself, generated settings such as the session secret). */
const NOT_AUDITED = new Set(['audit_requests', 'audit_objects', 'settings']);
