import { DataAccess } from '../database/data-access.decorator';
import { DataSource } from 'typeorm';
import { KongRepository } from '../database/kong-repository';
import { ServiceEntity } from './service.entity';

@DataAccess()
export class ServicesRepository extends KongRepository<ServiceEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, ServiceEntity, ['name']);
  }
}
