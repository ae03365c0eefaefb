import type { TSchema } from '@sinclair/typebox';
import type { Change, ChangeTopic } from '../common/config-changes';
import type { KongEntity } from '../database/kong-entity';
import type { KongRepository, ListQuery } from '../database/kong-repository';

/**
 * What the generic Admin API CRUD needs to know about one entity kind. Each resource file states only
 * what differs: its schema, how request fields map to columns, and how a row is shown.
 */
export interface AdminResource<E extends KongEntity> {
  /** Kong's entity name, used in messages ("services"). */
  readonly name: string;
  /** The unique field a PUT by name sets (services and routes: `name`; consumers: `username`). */
  readonly nameField?: string;
  readonly repository: KongRepository<E>;
  readonly createSchema: TSchema;
  readonly updateSchema: TSchema;
  /** What a write invalidates. */
  readonly topics: ChangeTopic[];
  /** The changes a write of `row` announces; by default each topic with the row's id. */
  changesOf?(row: E): Change[];
  /** Validated request fields → columns; cross-field rules throw Kong errors. `existing` is set on update. */
  toColumns(input: Record<string, unknown>, existing: E | null, fromForm: boolean): Promise<Partial<E>> | Partial<E>;
  toJson(row: E): Record<string, unknown>;
  /** The top-level list when it is not every row (GET /consumers hides application consumers). */
  list?(query: ListQuery): Promise<E[]>;
  /** Refuses a PUT or an import that would overwrite a row owned elsewhere. */
  assertReplaceable?(row: E): Promise<void> | void;
  /** Refuses deletes that would orphan other rows. */
  beforeDelete?(row: E): Promise<void>;
}
