import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { KongRepository, ListQuery } from '../database/kong-repository';
import { RouteEntity } from './route.entity';

@Injectable()
export class RoutesRepository extends KongRepository<RouteEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, RouteEntity, ['name']);
  }

  listByService(serviceId: string, query: ListQuery): Promise<RouteEntity[]> {
    return this.list(query, (qb) => qb.andWhere('e.service_id = :serviceId', { serviceId }));
  }

  countByService(serviceId: string): Promise<number> {
    return this.repo.countBy({ service_id: serviceId });
  }
}
