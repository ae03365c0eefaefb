import { DataAccess } from '../database/data-access.decorator';
import { DataSource } from 'typeorm';
import { KongRepository, ListQuery } from '../database/kong-repository';
import { ConsumerEntity } from './consumer.entity';

@DataAccess()
export class ConsumersRepository extends KongRepository<ConsumerEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, ConsumerEntity, ['username', 'custom_id']);
  }

  /** GET /consumers: the consumers administrators manage (an application's own consumer is shown as the application). */
  listProxyConsumers(query: ListQuery): Promise<ConsumerEntity[]> {
    return this.page(query, { type: 'proxy' });
  }

  getByCustomId(customId: string): Promise<ConsumerEntity | null> {
    return this.repo.findOneBy({ custom_id: customId });
  }

  /** An application's consumer goes with the application (its ACLs follow by cascade); the application's deletion is the audited change. */
  async deleteOfApplication(consumerId: string): Promise<void> {
    this.assertBound();
    await this.repo.delete({ id: consumerId });
  }

  getByField(field: 'id' | 'username' | 'custom_id', value: string): Promise<ConsumerEntity | null> {
    if (field === 'id') return this.getById(value);
    return this.repo.findOneBy({ [field]: value });
  }
}
