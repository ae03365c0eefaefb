import { DataAccess } from '../database/data-access.decorator';
import { DataSource, In } from 'typeorm';
import { KongRepository, ListQuery } from '../database/kong-repository';
import { ConsumerAclEntity } from './consumer-acl.entity';
import { Errors } from '../common/http-errors';

@DataAccess()
export class ConsumerAclsRepository extends KongRepository<ConsumerAclEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, ConsumerAclEntity, []);
  }

  listByConsumer(consumerId: string, query: ListQuery): Promise<ConsumerAclEntity[]> {
    return this.page(query, { consumer_id: consumerId });
  }

  async groupsOf(consumerId: string): Promise<string[]> {
    return (await this.allOfConsumer(consumerId)).map((r) => r.group);
  }

  allOfConsumer(consumerId: string): Promise<ConsumerAclEntity[]> {
    return this.repo.find({ where: { consumer_id: consumerId }, order: { group: 'ASC' } });
  }

  /** Several of one consumer's memberships at once (an application's groups follow its instances). */
  async deleteMany(rows: ConsumerAclEntity[]): Promise<void> {
    this.assertBound();
    if (rows.length) await this.repo.delete({ id: In(rows.map((row) => row.id)) });
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
