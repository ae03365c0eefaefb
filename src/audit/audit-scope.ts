import { Observable, Subscription } from 'rxjs';
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

/**
 * The write in progress. Admin and Portal writes run one at a time (SQLite has one writer anyway, and
 * they are rare), so whatever TypeORM saves meanwhile belongs to that one request. AsyncLocalStorage
 * would allow them to overlap, but on Node 20 it turns on promise hooks for the whole process, which
 * measurably slowed every proxied request.
 */
let active: AuditScope | null = null;
let queue: Promise<void> = Promise.resolve();

/** Subscribes to `work` (a write handler) once the writes before it have finished, with its changes recorded into `scope`. */
export function inAuditScope<T>(scope: AuditScope, work: () => Observable<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const previous = queue;
    queue = previous.then(() => turn);
    let running: Subscription | undefined;
    let cancelled = false;
    const done = () => {
      if (active === scope) active = null;
      release();
    };
    void previous.then(() => {
      if (cancelled) return done();
      active = scope;
      try {
        running = work().subscribe({
          next: (value) => subscriber.next(value),
          error: (err) => {
            done();
            subscriber.error(err);
          },
          complete: () => {
            done();
            subscriber.complete();
          },
        });
      } catch (err) {
        done();
        subscriber.error(err);
      }
    });
    return () => {
      cancelled = true;
      if (running && !running.closed) {
        running.unsubscribe();
        done();
      }
    };
  });
}

/** Tables whose rows are not configuration (the audit itself, generated settings such as the session secret). */
const NOT_AUDITED = new Set(['audit_requests', 'audit_objects', 'settings']);

/** Called for every entity written while a request's scope is active; outside one (start-up, migrations) it does nothing. */
export function recordChange(operation: AuditOperation, entity: string, before: object | null | undefined, after: object | null | undefined): void {
  const scope = active;
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
