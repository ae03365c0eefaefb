import { DataAccess } from '../database/data-access.decorator';
import { DataSource } from 'typeorm';
import { Errors } from '../common/http-errors';
import { KongRepository, ListQuery } from '../database/kong-repository';
import { ApplicationEntity } from './application.entity';

@DataAccess()
export class ApplicationsRepository extends KongRepository<ApplicationEntity> {
  constructor(dataSource: DataSource) {
    // custom_id (the IdP client id) is unique, so administrators may address an application by it.
    super(dataSource, ApplicationEntity, ['custom_id']);
  }

  listByDeveloper(developerId: string, query: ListQuery): Promise<ApplicationEntity[]> {
    return this.page(query, { developer_id: developerId });
  }

  allOfDeveloper(developerId: string): Promise<ApplicationEntity[]> {
    return this.repo.find({ where: { developer_id: developerId }, order: { id: 'ASC' } });
  }

  /** The developer's own application by id: another developer's is indistinguishable from a missing one. */
  async getOwnOrFail(developerId: string, id: string): Promise<ApplicationEntity> {
    const row = await this.getById(id);
    if (!row || row.developer_id !== developerId) throw Errors.notFound();
    return row;
  }

  getByCustomId(customId: string): Promise<ApplicationEntity | null> {
    return this.repo.findOneBy({ custom_id: customId });
  }

  /** Names are unique per developer. */
  getByName(developerId: string, name: string): Promise<ApplicationEntity | null> {
    return this.repo.findOneBy({ developer_id: developerId, name });
  }

  getByConsumerId(consumerId: string): Promise<ApplicationEntity | null> {
    return this.repo.findOneBy({ consumer_id: consumerId });
  }
}
