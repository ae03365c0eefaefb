import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { KongRepository, ListQuery } from '../database/kong-repository';
import { ConsumerAclEntity } from './consumer-acl.entity';
import { Errors } from '../common/http-errors';

@Injectable()
export class ConsumerAclsRepository extends KongRepository<ConsumerAclEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, ConsumerAclEntity, []);
  }

  listByConsumer(consumerId: string, query: ListQuery): Promise<ConsumerAclEntity[]> {
    return this.list(query, (qb) => qb.andWhere('e.consumer_id = :consumerId', { consumerId }));
  }

  async groupsOf(consumerId: string): Promise<string[]> {
    const rows = await this.repo.find({ where: { consumer_id: consumerId }, order: { group: 'ASC' } });
    return rows.map((r) => r.group);
  }

  getForConsumer(consumerId: string, idOrGroup: string): Promise<ConsumerAclEntity | null> {
    return this.repo.findOne({ where: [{ consumer_id: consumerId, id: idOrGroup }, { consumer_id: consumerId, group: idOrGroup }] });
  }

  protected async assertUnique(values: Partial<ConsumerAclEntity>, exceptId: string | null): Promise<void> {
    if (values.consumer_id === undefined || values.group === undefined) return;
    const clash = await this.repo.findOneBy({ consumer_id: values.consumer_id, group: values.group });
    if (clash && clash.id !== exceptId) {
      throw Errors.uniqueViolation({ consumer: { id: values.consumer_id }, group: values.group });
    }
  }
}
