import { Injectable } from '@nestjs/common';
import { Type } from '@sinclair/typebox';
import { entitySchema, ForeignKey, forUpdate, Tags } from '../common/kong-schema';
import { ConsumerAclEntity } from '../consumers/consumer-acl.entity';
import { ConsumerAclsRepository } from '../consumers/consumer-acls.repository';
import { kongCompatProperties } from '../common/kong-compat';
import { AdminResource } from './admin-resource';

export const AclSchema = entitySchema(
  {
    group: Type.String({ minLength: 1, maxLength: 255, description: 'ACL group name the consumer belongs to.' }),
    consumer: ForeignKey('consumer'),
    tags: Tags,
    ...kongCompatProperties('acls'),
  },
  ['group'],
);

@Injectable()
export class AclsResource implements AdminResource<ConsumerAclEntity> {
  readonly name = 'acls';
  readonly nameField = 'group';
  readonly createSchema = AclSchema;
  readonly updateSchema = forUpdate(AclSchema);
  readonly topics = ['acls' as const];
  /** ACLs are cached per consumer: the change names the consumer. */
  changesOf = (row: ConsumerAclEntity) => [{ topic: 'acls' as const, id: row.consumer_id }];

  constructor(readonly repository: ConsumerAclsRepository) {}

  toColumns(input: Record<string, unknown>): Partial<ConsumerAclEntity> {
    const { consumer, ...columns } = input as Partial<ConsumerAclEntity> & { consumer?: { id: string } };
    return consumer ? { ...columns, consumer_id: consumer.id } : columns;
  }

  toJson(row: ConsumerAclEntity) {
    const { id, group, tags, created_at } = row;
    return { id, group, consumer: { id: row.consumer_id }, tags, created_at };
  }
}
