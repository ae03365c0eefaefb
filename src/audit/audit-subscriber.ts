import { EntitySubscriberInterface, EventSubscriber, InsertEvent, UpdateEvent } from 'typeorm';
import { changeRecorderOf } from '../database/transactions';

/**
 * Sees every entity TypeORM inserts or updates through `save` (the Admin API's repositories and the
 * application transactions alike), and files it under the request whose transaction saved it (its recorder
 * rides on that transaction's query runner). Deletes by criteria carry no entity in TypeORM's events:
 * the repositories report those themselves.
 */
@EventSubscriber()
export class AuditSubscriber implements EntitySubscriberInterface {
  afterInsert(event: InsertEvent<object>): void {
    changeRecorderOf(event.queryRunner)?.record('create', event.metadata.tableName, null, event.entity);
  }

  afterUpdate(event: UpdateEvent<object>): void {
    changeRecorderOf(event.queryRunner)?.record('update', event.metadata.tableName, (event.databaseEntity as object | undefined) ?? null, (event.entity as object | undefined) ?? null);
  }
}
