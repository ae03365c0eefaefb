import type { ApplicationInstanceEntity } from './application-instance.entity';
import { Status } from './status';

/** Who is asking: a developer may not undo what an administrator decided; an administrator may. */
export type Actor = 'developer' | 'administrator';

/**
 * An administrator's "no" (rejected, revoked, or suspended by hand). A developer must not be able to
 * erase it by deleting and requesting again — which auto_approve would turn into a fresh approval —
 * nor by moving the application's client id to a new application.
 */
export function heldByAdministrator(instance: ApplicationInstanceEntity): boolean {
  return (
    instance.status === Status.REJECTED || instance.status === Status.REVOKED || (instance.suspended && !instance.suspended_by_developer)
  );
}
