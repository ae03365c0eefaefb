import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { KongRepository, ListQuery } from '../database/kong-repository';
import { Errors } from '../common/http-errors';
import { PluginEntity } from './plugin.entity';

@Injectable()
export class PluginsRepository extends KongRepository<PluginEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, PluginEntity, []);
  }

  listScoped(scope: { service_id?: string; route_id?: string }, query: ListQuery): Promise<PluginEntity[]> {
    return this.list(query, (qb) => {
      if (scope.service_id) qb.andWhere('e.service_id = :serviceId', { serviceId: scope.service_id });
      if (scope.route_id) qb.andWhere('e.route_id = :routeId', { routeId: scope.route_id });
    });
  }

  listByName(name: string): Promise<PluginEntity[]> {
    return this.repo.findBy({ name });
  }

  protected async assertUnique(values: Partial<PluginEntity>, exceptId: string | null): Promise<void> {
    if (!values.cache_key) return;
    const clash = await this.repo.findOneBy({ cache_key: values.cache_key });
    if (clash && clash.id !== exceptId) {
      throw Errors.uniqueViolation({
        name: values.name ?? clash.name,
        service: values.service_id ? { id: values.service_id } : null,
        route: values.route_id ? { id: values.route_id } : null,
        consumer: null,
      });
    }
  }
}
