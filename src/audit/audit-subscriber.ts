import { EntitySubscriberInterface, EventSubscriber, InsertEvent, UpdateEvent } from 'typeorm';
import { recordChange } from './audit-scope';

/**
 * Sees every entity TypeORM inserts or updates through `save` (the Admin API's repositories and the
 * application transactions alike), so no write path can forget to audit. Deletes by criteria carry no
 * entity in TypeORM's events: the repositories report those themselves (auditDeleted).
 */
@EventSubscriber()
export class AuditSubscriber implements EntitySubscriberInterface {
  afterInsert(event: InsertEvent<object>): void {
    recordChange('create', event.metadata.tableName, null, event.entity);
  }

  afterUpdate(event: UpdateEvent<object>): void {
    recordChange('update', event.metadata.tableName, (event.databaseEntity as object | undefined) ?? null, (event.entity as object | undefined) ?? null);
  }
}
