import { DataAccess } from '../database/data-access.decorator';
import { DataSource, In } from 'typeorm';
import { isUUID } from '../common/uuid';
import { KongRepository, ListQuery } from '../database/kong-repository';
import { ApplicationInstanceEntity } from './application-instance.entity';

@DataAccess()
export class ApplicationInstancesRepository extends KongRepository<ApplicationInstanceEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, ApplicationInstanceEntity, []);
  }

  listByApplication(applicationId: string, query: ListQuery): Promise<ApplicationInstanceEntity[]> {
    return this.page(query, { application_id: applicationId });
  }

  listByService(serviceId: string, query: ListQuery): Promise<ApplicationInstanceEntity[]> {
    return this.page(query, { service_id: serviceId });
  }

  allOfApplications(applicationIds: string[]): Promise<ApplicationInstanceEntity[]> {
    if (applicationIds.length === 0) return Promise.resolve([]);
    return this.repo.find({ where: { application_id: In(applicationIds) }, order: { id: 'ASC' } });
  }

  /** With the application they belong to (deleted by the application's removal, not audited one by one). */
  async deleteOfApplication(applicationId: string): Promise<void> {
    this.assertBound();
    await this.repo.delete({ application_id: applicationId });
  }

  getByPair(applicationId: string, serviceId: string): Promise<ApplicationInstanceEntity | null> {
    return this.repo.findOneBy({ application_id: applicationId, service_id: serviceId });
  }

  /** Under an application, an instance is addressed by its id or by its service's id. */
  getOfApplication(applicationId: string, instanceOrServiceId: string): Promise<ApplicationInstanceEntity | null> {
    if (!isUUID(instanceOrServiceId)) return Promise.resolve(null);
    return this.repo.findOne({
      where: [
        { application_id: applicationId, id: instanceOrServiceId },
        { application_id: applicationId, service_id: instanceOrServiceId },
      ],
    });
  }

  /** Under a service, an instance is addressed by its id or by its application's id. */
  getOfService(serviceId: string, instanceOrApplicationId: string): Promise<ApplicationInstanceEntity | null> {
    if (!isUUID(instanceOrApplicationId)) return Promise.resolve(null);
    return this.repo.findOne({
      where: [
        { service_id: serviceId, id: instanceOrApplicationId },
        { service_id: serviceId, application_id: instanceOrApplicationId },
      ],
    });
  }
}
