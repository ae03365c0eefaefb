import { Injectable } from '@nestjs/common';
import { Type } from '@sinclair/typebox';
import { Errors } from '../common/http-errors';
import { entitySchema, forUpdate, nullable, Tags } from '../common/kong-schema';
import { ConsumerEntity } from '../consumers/consumer.entity';
import { ConsumersRepository } from '../consumers/consumers.repository';
import type { ListQuery } from '../database/kong-repository';
import { kongCompatProperties } from '../common/kong-compat';
import { AdminResource } from './admin-resource';

export const ConsumerSchema = entitySchema(
  {
    username: nullable(Type.String({ minLength: 1, maxLength: 255, description: 'Unique user name.' })),
    custom_id: nullable(Type.String({ minLength: 1, maxLength: 255, description: 'Unique id from another system (e.g. an IdP client id).' })),
    tags: Tags,
    ...kongCompatProperties('consumers'),
  },
  [],
);

@Injectable()
export class ConsumersResource implements AdminResource<ConsumerEntity> {
  readonly name = 'consumers';
  readonly nameField = 'username';
  readonly createSchema = ConsumerSchema;
  readonly updateSchema = forUpdate(ConsumerSchema);
  readonly topics = ['consumers' as const];

  constructor(readonly repository: ConsumersRepository) {}

  toColumns(input: Record<string, unknown>, existing: ConsumerEntity | null): Partial<ConsumerEntity> {
    if (existing) refuseApplicationConsumer(existing);
    const merged = { ...existing, ...input } as Partial<ConsumerEntity>;
    if (!merged.username && !merged.custom_id) {
      const message = "at least one of these fields must be non-empty: 'custom_id', 'username'";
      throw Errors.schemaViolation({ '@entity': [message] } as never, `schema violation (${message})`);
    }
    return input as Partial<ConsumerEntity>;
  }

  assertReplaceable(row: ConsumerEntity): void {
    refuseApplicationConsumer(row);
  }

  async beforeDelete(row: ConsumerEntity): Promise<void> {
    refuseApplicationConsumer(row);
  }

  list(query: ListQuery) {
    return this.repository.listProxyConsumers(query);
  }

  toJson(row: ConsumerEntity) {
    const { id, username, custom_id, type, tags, created_at, updated_at } = row;
    return { id, username, custom_id, type, tags, created_at, updated_at };
  }
}

// Application consumers follow their application; editing or deleting them here would desynchronise the two.
function refuseApplicationConsumer(row: ConsumerEntity): void {
  if (row.type === 'application') throw Errors.badRequest('application consumers are managed through /applications', 'application_consumer');
}
